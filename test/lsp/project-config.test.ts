// The editor side of the project configuration: each document follows the nearest
// `[tool.pyhints]` of its workspace folder, merged with the editor's settings as
// `pyhints.configurationPreference` says; saving a configuration file re-analyses the open
// documents; its problems show on its lines; the status notification says what applies.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { type LspSession } from './lsp-session';
import { serverSessions } from './server-sessions';

const startSession = serverSessions();
const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** A temporary workspace folder holding `files`. */
function folder(files: Record<string, string>): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'pyhints-lsp-config-')));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** PH107 (default set, warning, unsafe fix) and PH502 (opt-in, safe fix). */
const CODE = 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n\ntotal = sum([x for x in "ab"])\n';
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);
const uriOf = (file: string) => pathToFileURL(file).href;

async function openAndWait(session: LspSession, file: string, text = CODE): Promise<Diagnostic[]> {
  const published = session.nextDiagnostics(uriOf(file), 1);
  await session.open(uriOf(file), text);
  return published;
}

async function changeSettings(session: LspSession, settings: Record<string, unknown>, uri: string): Promise<Diagnostic[]> {
  session.settings = settings;
  const published = session.nextDiagnostics(uri, 1);
  await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  return published;
}

describe('project configuration in the editor', () => {
  it('follows the nearest [tool.pyhints] of each workspace folder, and only its own', async () => {
    const configured = folder({ 'pyproject.toml': '[tool.pyhints]\nextend-select = ["PH502"]\nignore = ["PH107"]\n', 'pkg/a.py': CODE });
    const plain = folder({ 'b.py': CODE });
    const session = await startSession({ configuration: true, workspaceFolders: [configured, plain] });
    expect(codes(await openAndWait(session, path.join(configured, 'pkg/a.py')))).toEqual(['PH502']);
    expect(codes(await openAndWait(session, path.join(plain, 'b.py')))).toEqual(['PH107']);
    const status = await session.waitFor('the status of a.py', () => session.statuses.find((each) => each.uri === uriOf(path.join(configured, 'pkg/a.py'))));
    expect(status).toMatchObject({ configFile: path.join(configured, 'pyproject.toml'), target: '3.10', enabled: true });
    expect(session.statuses.find((each) => each.uri === uriOf(path.join(plain, 'b.py')))).toMatchObject({ configFile: null });
  });

  it('re-analyses the open documents when a configuration file changes, with no restart', async () => {
    const root = folder({ 'pyproject.toml': '[project]\nname = "demo"\n', 'a.py': CODE });
    const session = await startSession({ configuration: true, workspaceFolders: [root], watchFiles: true });
    await session.waitFor('the watchers', () => session.registrations.find((registration) => registration.method === 'workspace/didChangeWatchedFiles'));
    const uri = uriOf(path.join(root, 'a.py'));
    expect(codes(await openAndWait(session, path.join(root, 'a.py')))).toEqual(['PH107']);
    fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "demo"\n\n[tool.pyhints]\nignore = ["PH107"]\n');
    const published = session.nextDiagnostics(uri, 1);
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(path.join(root, 'pyproject.toml')), type: 2 }] });
    expect(await published).toEqual([]);
  });

  it("shows a configuration file's problems on their lines and in the log; the rest applies", async () => {
    const root = folder({ 'pyproject.toml': '[tool.pyhints]\nignore = ["PH107"]\nunknown-key = 1\nseverity = { PH502 = "loud" }\n', 'a.py': CODE });
    const session = await startSession({ configuration: true, workspaceFolders: [root] });
    const problems = session.nextDiagnostics(uriOf(path.join(root, 'pyproject.toml')));
    expect(codes(await openAndWait(session, path.join(root, 'a.py')))).toEqual([]);
    const shown = await problems;
    expect(shown.map((diagnostic) => [diagnostic.range.start.line, diagnostic.severity])).toEqual([
      [2, 2],
      [3, 2],
    ]);
    expect(shown[0].message).toMatch(/unknown-key/);
    expect(session.logs.some((line) => line.includes('unknown-key'))).toBe(true);
  });

  it('merges the editor settings as configurationPreference says', async () => {
    const root = folder({ 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n\n[tool.pyhints]\nselect = ["PH502"]\n', 'a.py': CODE });
    const session = await startSession({ configuration: true, workspaceFolders: [root], settings: { select: ['PH107', 'PH104'], targetVersion: '3.12' } });
    const file = path.join(root, 'a.py');
    const uri = uriOf(file);
    const cache = 'import functools\n\n@functools.lru_cache(maxsize=None)\ndef f(x):\n    return x\n';
    // filesystemFirst: the file's selection, and requires-python's 3.8 (no functools.cache, so no PH104).
    expect(codes(await openAndWait(session, file, CODE + cache))).toEqual(['PH502']);
    expect(codes(await changeSettings(session, { select: ['PH107', 'PH104'], targetVersion: '3.12', configurationPreference: 'editorFirst' }, uri))).toEqual(['PH107', 'PH104']);
    expect(codes(await changeSettings(session, { select: ['PH107'], configurationPreference: 'filesystemOnly' }, uri))).toEqual(['PH502']);
  });

  it('takes severities and unsafe fixes from the editor settings', async () => {
    const root = folder({ 'a.py': CODE });
    const session = await startSession({ configuration: true, workspaceFolders: [root], settings: { severity: { PH107: 'error', 'comprehension-in-call': 'hint' }, ignore: [] } });
    const file = path.join(root, 'a.py');
    const uri = uriOf(file);
    const [shared] = await openAndWait(session, file);
    expect(shared).toMatchObject({ code: 'PH107', severity: 1 });
    const fixAll = (diagnostics: Diagnostic[]) => session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } }, context: { diagnostics, only: ['source.fixAll'] } });
    expect(await fixAll([])).toEqual([]);
    const withUnsafe = await changeSettings(session, { unsafeFixes: true }, uri);
    const [action] = await fixAll(withUnsafe);
    expect(action.title).toMatch(/unsafe ones too/);
  });

  it('with run = onSave, analyses on open and save, not while typing', async () => {
    const root = folder({ 'a.py': 'x = 1\n' });
    const session = await startSession({ configuration: true, workspaceFolders: [root], settings: { run: 'onSave' } });
    const file = path.join(root, 'a.py');
    const uri = uriOf(file);
    expect(await openAndWait(session, file, 'x = 1\n')).toEqual([]);
    const before = session.published.length;
    await session.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: CODE }]);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(session.published.slice(before).filter((params) => params.uri === uri)).toEqual([]);
    const published = session.nextDiagnostics(uri, 2);
    await session.save(uri);
    expect(codes(await published)).toEqual(['PH107']);
  });
});
