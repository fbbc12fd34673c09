// A small test registry for the extension host: the suite files register tests with `test()`,
// index.ts runs them in order. Mocha would do the same, but the extension host needs only this.

import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

export interface TestResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

const registered: { name: string; body: () => Promise<void>; suite: string }[] = [];

/** A test of the main suite, or of another (`restricted`: run in an untrusted folder), which PYHINTS_E2E_SUITE picks. */
export function test(name: string, body: () => Promise<void>, suite = 'main'): void {
  registered.push({ name, body, suite });
}

/** One line per test on the console; code-server forwards it to the browser, VS Code desktop to stdout. */
export function log(line: string): void {
  console.log(`[pyhints-e2e] ${line}`);
}

export async function runRegisteredTests(): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const suite = process.env.PYHINTS_E2E_SUITE ?? 'main';
  for (const { name, body } of registered.filter((each) => each.suite === suite)) {
    const started = Date.now();
    try {
      await body();
      results.push({ name, ok: true, ms: Date.now() - started });
      log(`ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ name, ok: false, ms: Date.now() - started, error: message });
      log(`FAIL ${name} (${Date.now() - started} ms)\n${message}`);
    }
  }
  // The runner reads the results from this file (its path comes from the runner's environment).
  const resultsFile = process.env.PYHINTS_E2E_RESULTS;
  if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  return results;
}

// ---- helpers the tests share ----

export const EXTENSION_ID = 'pyhints.python-pattern-hints';
const DEFAULT_TIMEOUT_MS = 20_000;

/** Polls `probe` until it returns something other than `undefined`. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function workspaceUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the sample workspace open as a folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/**
 * Opens a workspace file in an editor with the content it has on disk, whatever earlier tests
 * changed in the open document.
 */
export async function openPristine(name: string): Promise<vscode.TextEditor> {
  const uri = workspaceUri(name);
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);
  const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  if (document.getText() !== onDisk) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, fullRange(document), onDisk);
    assert.ok(await vscode.workspace.applyEdit(edit), `could not restore ${name}`);
  }
  return editor;
}

export function fullRange(document: vscode.TextDocument): vscode.Range {
  return new vscode.Range(0, 0, document.lineCount, 0);
}

export function pyhintsDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'pyhints');
}

/** Waits until the document's pyhints diagnostics satisfy `accept` (diagnostics arrive asynchronously). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  what: string,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  return waitFor(what, () => {
    last = pyhintsDiagnostics(uri);
    return accept(last) ? last : undefined;
  }, timeoutMs).catch((error: Error) => {
    throw new Error(`${error.message}; the last diagnostics were ${JSON.stringify(sortByPosition(last).map(summarize))}`);
  });
}

/** `PH502`, whether VS Code holds the code as a string or as `{ value, target }` (a code with a link). */
export function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** A diagnostic as plain data, for deepEqual against the expected list. */
export function summarize(diagnostic: vscode.Diagnostic): { code: string; range: string; severity: string } {
  const { start, end } = diagnostic.range;
  return {
    code: codeOf(diagnostic),
    range: `${start.line}:${start.character}-${end.line}:${end.character}`,
    severity: vscode.DiagnosticSeverity[diagnostic.severity],
  };
}

export function sortByPosition(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return [...diagnostics].sort((a, b) => a.range.start.compareTo(b.range.start));
}

/** Sets a `pyhints.*` setting in the workspace folder; `undefined` removes it. */
export async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('pyhints').update(key, value, vscode.ConfigurationTarget.Workspace);
}

/** Asks for code actions the way the light bulb does, with edits resolved. */
export async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, range, kind, 100,
  );
  // A bare Command has a string `command`; a CodeAction's `command`, when it has one, is an object.
  return actions.filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
}

/** Applies a code action as the editor does: its edit, then its command. */
export async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit || action.command, `"${action.title}" has neither an edit nor a command`);
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), `"${action.title}" could not be applied`);
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}
