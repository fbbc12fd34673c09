// The VS Code side of Python Pattern Hints: it starts the bundled language server and gets out of
// the way. Analysis, settings (pulled by the server through workspace/configuration, merged there
// with each project's configuration files), hovers and fixes all live in the server; this file
// owns the server process, the status item and the commands.

import * as path from 'node:path';
import { commands, window, workspace, type ExtensionContext, type LogOutputChannel } from 'vscode';
import { registerCommands } from './commands';
import { StatusItem } from './status-item';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';

// The id is also the settings section: the client reads `pyhints.trace.server` by it.
const CLIENT_ID = 'pyhints';
const DISPLAY_NAME = 'Python Pattern Hints';
const DEBUG_PORT = 6009;

/** For `deactivate`, which VS Code calls without the context. */
let client: LanguageClient | undefined;
// Start, stop and restart run one after another, so toggling the setting quickly cannot
// start the server twice or stop it halfway through starting.
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: ExtensionContext): Promise<void> {
  // One channel for the client's log and the message trace, kept across restarts.
  const output = window.createOutputChannel(DISPLAY_NAME, { log: true });
  const languageClient = createClient(context, output);
  client = languageClient;
  const status = new StatusItem(languageClient);
  context.subscriptions.push(
    output,
    status,
    ...registerCommands(context, output),
    commands.registerCommand('pyhints.restartServer', () => serially(output, () => restart(languageClient, output))),
    workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('pyhints.enable')) void serially(output, () => followEnableSetting(languageClient, output));
    }),
  );
  return serially(output, () => followEnableSetting(languageClient, output));
}

export function deactivate(): Promise<void> | undefined {
  return client?.dispose();
}

function createClient(context: ExtensionContext, output: LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] },
    },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'python' },
      { scheme: 'untitled', language: 'python' },
      // The Python cells of Jupyter notebooks, which the server gets through the notebook sync.
      { notebook: { notebookType: 'jupyter-notebook' }, language: 'python' },
    ],
    // VS Code shows a diagnostic's message at the top of the hover: the server would repeat it.
    // The snippets come from the server, which offers each where it fits.
    initializationOptions: { hoverShowsMessage: false },
    outputChannel: output,
  };
  return new LanguageClient(CLIENT_ID, DISPLAY_NAME, serverOptions, clientOptions);
}

// The server checks `pyhints.enable` per document too; here the window-wide value decides whether
// the server runs at all.
function isEnabled(): boolean {
  return workspace.getConfiguration('pyhints').get<boolean>('enable', true);
}

async function followEnableSetting(languageClient: LanguageClient, output: LogOutputChannel): Promise<void> {
  if (isEnabled() && !languageClient.isRunning()) {
    await languageClient.start();
  } else if (!isEnabled() && languageClient.needsStop()) {
    output.info('pyhints.enable is off: stopping the server');
    await languageClient.stop();
  }
}

async function restart(languageClient: LanguageClient, output: LogOutputChannel): Promise<void> {
  if (!isEnabled()) {
    void window.showInformationMessage(`${DISPLAY_NAME} is turned off (pyhints.enable); the server stays stopped.`);
    return;
  }
  output.info('restarting the server');
  if (languageClient.needsStop()) await languageClient.restart();
  else await languageClient.start();
}

function serially(output: LogOutputChannel, step: () => Promise<void>): Promise<void> {
  // A failure must not break the chain for later steps; the client has already shown it to the
  // user, so it is only logged here.
  lifecycle = lifecycle.then(step).catch((error: unknown) => {
    output.error(`the server could not be started or stopped: ${String(error)}`);
  });
  return lifecycle;
}
