// The connection to the editor, over stdio (`--stdio`, most editors) or node IPC (`--node-ipc`,
// the VS Code client). The message reader is ours so that a message it cannot read (not JSON, a
// broken header) is logged instead of vanishing; other transports go through the library's
// command-line handling.

import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
  type Connection,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

export interface Transport {
  connection: Connection;
  /** Calls `listener` with each message the reader dropped. */
  onDroppedMessage(listener: (error: Error) => void): void;
}

export function connectToEditor(shutdownReceived: () => boolean): Transport {
  const args = process.argv.slice(2);
  let reader: MessageReader;
  let writer: MessageWriter;
  const exit = () => process.exit(shutdownReceived() ? 0 : 1);
  if (args.includes('--node-ipc')) {
    reader = new IPCMessageReader(process);
    writer = new IPCMessageWriter(process);
    process.on('disconnect', exit);
  } else if (args.includes('--stdio')) {
    reader = new StreamMessageReader(process.stdin);
    writer = new StreamMessageWriter(process.stdout);
    // What the library does for the streams it is handed: the editor went away.
    process.stdin.on('end', exit);
    process.stdin.on('close', exit);
  } else {
    return { connection: createConnection(ProposedFeatures.all), onDroppedMessage: () => {} };
  }
  return {
    connection: createConnection(ProposedFeatures.all, reader, writer),
    onDroppedMessage: (listener) => reader.onError(listener),
  };
}
