// A minimal LSP client for the server tests: the built server as a child process over stdio (or
// node IPC), plain JSON-RPC, and the bookkeeping a test needs (published diagnostics, log lines, the
// settings the server pulls).

import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  Registration,
  RegistrationParams,
  TextDocumentContentChangeEvent,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver';
import { LineIndex } from '../../server/src/engine/positions';

export interface SessionOptions {
  /** How the server is spoken to: stdio as most editors do, or node IPC as the VS Code client does. */
  transport?: 'stdio' | 'ipc';
  /** Whether the client answers workspace/configuration (VS Code and Neovim do). */
  configuration: boolean;
  initializationOptions?: unknown;
  /** Whether the client takes `documentChanges` in workspace edits (default: yes). */
  documentChanges?: boolean;
  /** The `pyhints` section the client answers with. */
  settings?: Record<string, unknown>;
  /** How long `waitFor` waits before it gives up (default 10 s). */
  waitMs?: number;
  /** The workspace folders, as paths (default: none, no root). */
  workspaceFolders?: string[];
  /** Whether the client lets the server register file watchers (VS Code does). */
  watchFiles?: boolean;
}

const WAIT_MS = 10_000;

export class LspSession {
  readonly connection: MessageConnection;
  readonly child: ChildProcess;
  /** Every publishDiagnostics, in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: string[] = [];
  /** Every workspace/configuration request the server made. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** Every capability the server registered dynamically. */
  readonly registrations: Registration[] = [];
  /** Every `pyhints/status` notification, in arrival order. */
  readonly statuses: { uri: string; rules: number; target: string; configFile: string | null; enabled: boolean }[] = [];
  settings: Record<string, unknown>;
  /** Replaces the answer to workspace/configuration: a slow, garbage or missing answer. */
  configurationReply: ((params: ConfigurationParams) => unknown) | undefined;
  initializeResult!: InitializeResult;
  private readonly waiters: { check: () => boolean }[] = [];
  private stderr = '';
  private readonly waitMs: number;

  constructor(serverPath: string, options: SessionOptions) {
    this.settings = options.settings ?? {};
    this.waitMs = options.waitMs ?? WAIT_MS;
    if (options.transport === 'ipc') {
      const child = fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      this.connection = createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
      this.child = child;
    } else {
      const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: 'pipe' });
      this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      this.child = child;
    }
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.notify();
    });
    this.connection.onNotification('pyhints/status', (params: LspSession['statuses'][number]) => {
      this.statuses.push(params);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (params: { message: string }) => {
      this.logs.push(params.message);
      this.notify();
    });
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) => {
      this.configurationRequests.push(params);
      this.notify();
      if (this.configurationReply) return this.configurationReply(params);
      return params.items.map((item) => (item.section === 'pyhints' ? this.settings : null));
    });
    this.connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
      this.registrations.push(...params.registrations);
      this.notify();
      return null;
    });
    this.connection.listen();
  }

  static async start(serverPath: string, options: SessionOptions): Promise<LspSession> {
    const session = new LspSession(serverPath, options);
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: options.configuration,
        didChangeConfiguration: { dynamicRegistration: options.configuration },
        didChangeWatchedFiles: { dynamicRegistration: options.watchFiles ?? false },
        workspaceFolders: options.workspaceFolders !== undefined,
        workspaceEdit: { documentChanges: options.documentChanges ?? true },
      },
      textDocument: {
        completion: { completionItem: { snippetSupport: true } },
        publishDiagnostics: { versionSupport: true },
      },
    };
    session.initializeResult = await session.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.workspaceFolders?.[0] ? pathToFileURL(options.workspaceFolders[0]).href : null,
      workspaceFolders: options.workspaceFolders?.map((folder) => ({ uri: pathToFileURL(folder).href, name: path.basename(folder) })) ?? null,
      capabilities,
      initializationOptions: options.initializationOptions,
    });
    await session.connection.sendNotification('initialized', {});
    return session;
  }

  open(uri: string, text: string, version = 1, languageId = 'python'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  save(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Writes bytes to the server's stdin as they are: a malformed message. Stdio only. */
  sendRaw(bytes: string): void {
    this.child.stdin!.write(bytes);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /**
   * The next diagnostics published for `uri` (after the ones already received), optionally for
   * a given document version.
   */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    const seen = this.published.length;
    return this.waitFor(`diagnostics for ${uri}${version === undefined ? '' : ` v${version}`}`, () => {
      const match = this.published.slice(seen).find((params) => params.uri === uri && (version === undefined || params.version === version));
      return match?.diagnostics;
    });
  }

  /** Waits until `probe` returns something other than undefined. */
  waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => {
          const value = probe();
          if (value === undefined) return false;
          clearTimeout(timer);
          resolve(value);
          return true;
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}; server stderr: ${this.stderr || '(empty)'}; log: ${this.logs.join(' | ')}`));
      }, this.waitMs);
      if (!waiter.check()) this.waiters.push(waiter);
    });
  }

  /** Shuts the server down the polite way and returns its exit code. */
  async shutdown(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) this.waiters.splice(this.waiters.indexOf(waiter), 1);
    }
  }
}

/** Applies LSP edits (all for one document, non-overlapping) to a text. */
export function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), text: edit.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of offsets) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The edits of a workspace edit for one document, checked against the version it was made for. */
export function editsFor(edit: WorkspaceEdit | undefined, uri: string, version: number): TextEdit[] {
  const changes = edit?.documentChanges ?? [];
  const forDocument = changes.filter((change) => 'textDocument' in change && change.textDocument.uri === uri);
  if (forDocument.length !== 1 || !('edits' in forDocument[0])) throw new Error(`expected one TextDocumentEdit for ${uri}: ${JSON.stringify(edit)}`);
  const documentEdit = forDocument[0];
  if (documentEdit.textDocument.version !== version) throw new Error(`edit for version ${documentEdit.textDocument.version}, expected ${version}`);
  return documentEdit.edits.filter((entry): entry is TextEdit => 'range' in entry && 'newText' in entry);
}
