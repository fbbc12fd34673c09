// The server against a misbehaving client: hundreds of random edits over large documents, among
// them out-of-range, reversed and full-document changes, changes to documents that are not open
// or already closed, garbage and slow configuration answers, messages that are not JSON, and
// requests at random positions in between. The process must survive it all, say what it dropped,
// and end with the diagnostics the CLI reports for the final texts.

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import { LineIndex } from '../../server/src/engine/positions';
import { LspSession } from './lsp-session';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = `${ROOT}dist/server.js`;
const CLI = `${ROOT}dist/cli.js`;
const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
/** Large modules with findings of several rules. */
const MODULES = ['argparse.py', 'dataclasses.py', 'functools.py'];
const SETTINGS = { select: ['ALL'], targetVersion: '3.11' };
let session: LspSession | undefined;
const folders: string[] = [];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--only=server,cli'], { cwd: ROOT, stdio: 'pipe' });
});

afterAll(() => {
  session?.kill();
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

/** What a client may send in place of the settings. */
const GARBAGE_SETTINGS: unknown[] = [[42], ['select'], [{ select: 5, targetVersion: [] }], [null], 'not a list', [{ enable: 'maybe' }], []];
/** Balanced, so that the documents keep most of their findings to compare; deletions break them enough. */
const FRAGMENTS = ['()', ':', '""""""', '\t', '\n', '\r\n', '\r', '😀', '日本', 'def f(x=[]):\n    x.append(1)\n', 'sum([y for y in z])', '@lru_cache(maxsize=None)\n', ''];

interface Mirror {
  uri: string;
  text: string;
  version: number;
  open: boolean;
}

/** The document after a change, with the server's reading of odd ranges: clamped, and reversed as empty. */
function applyChange(text: string, change: TextDocumentContentChangeEvent): string {
  if (!('range' in change)) return change.text;
  const lines = new LineIndex(text);
  const start = lines.offsetAt(change.range.start);
  const end = Math.max(start, lines.offsetAt(change.range.end));
  return text.slice(0, start) + change.text + text.slice(end);
}

describe('a misbehaving client', () => {
  it('survives hundreds of bad edits, requests and messages, and ends with the CLI\'s diagnostics', async () => {
    session = await LspSession.start(SERVER, { configuration: true, settings: SETTINGS });
    const client = session;
    const random = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { numRuns: 4000, seed: 20261201 });
    let cursor = 0;
    const pick = (n: number) => random[cursor++ % random.length] % n;
    const position = (text: string): Position => {
      const lines = new LineIndex(text);
      // One in ten lands far outside the document.
      if (pick(10) === 0) return { line: lines.lineCount + pick(1000), character: pick(500) };
      const line = pick(lines.lineCount);
      return { line, character: pick(lines.lineText(line).length + 3) };
    };

    const mirrors: Mirror[] = MODULES.map((module, index) => ({
      uri: `file:///abuse/${index}-${module}`,
      text: fs.readFileSync(path.join(STDLIB, module), 'utf8'),
      version: 1,
      open: true,
    }));
    for (const mirror of mirrors) await client.open(mirror.uri, mirror.text, mirror.version);

    let garbageMessages = 0;
    const requests: Promise<unknown>[] = [];
    for (let step = 0; step < 300; step++) {
      const mirror = mirrors[pick(mirrors.length)];
      const roll = pick(100);
      if (roll < 60) {
        const start = position(mirror.text);
        // Some ranges end before they start.
        const end = pick(8) === 0 ? { line: Math.max(0, start.line - 1), character: 0 } : { line: start.line + pick(3), character: pick(40) };
        const change: TextDocumentContentChangeEvent = { range: { start, end }, text: FRAGMENTS[pick(FRAGMENTS.length)] };
        if (mirror.open) {
          mirror.text = applyChange(mirror.text, change);
          mirror.version++;
        }
        await client.change(mirror.uri, mirror.open ? mirror.version : mirror.version + 1, [change]);
      } else if (roll < 64) {
        await client.change(`file:///abuse/never-opened-${pick(3)}.py`, 7, [{ text: 'x = 1\n' }]);
      } else if (roll < 67) {
        if (mirror.open) await client.close(mirror.uri);
        else await client.open(mirror.uri, mirror.text, ++mirror.version);
        mirror.open = !mirror.open;
      } else if (roll < 70) {
        const garbage = `{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": ${'{'.repeat(++garbageMessages)}`;
        client.sendRaw(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
      } else if (roll < 76) {
        const answer = GARBAGE_SETTINGS[pick(GARBAGE_SETTINGS.length)];
        const delay = pick(4) === 0 ? 400 : 0;
        client.configurationReply = () => new Promise((resolve) => setTimeout(() => resolve(answer), delay));
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      } else if (roll < 78) {
        client.configurationReply = undefined;
        await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      } else {
        const at = position(mirror.text);
        const method = ['textDocument/hover', 'textDocument/codeAction', 'textDocument/completion'][pick(3)];
        const params =
          method === 'textDocument/codeAction'
            ? { textDocument: { uri: mirror.uri }, range: { start: at, end: at }, context: { diagnostics: [], only: pick(2) ? ['source'] : undefined } }
            : { textDocument: { uri: mirror.uri }, position: at };
        requests.push(client.request(method, params));
      }
      if (pick(20) === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Every request got an answer, none an error.
    await Promise.all(requests);

    // Settle: good settings again, every document open, one last change each.
    client.configurationReply = undefined;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const finals: Promise<Diagnostic[]>[] = [];
    for (const mirror of mirrors) {
      if (!mirror.open) {
        await client.open(mirror.uri, mirror.text, ++mirror.version);
        mirror.open = true;
      }
      mirror.text += '\n';
      finals.push(client.nextDiagnostics(mirror.uri, ++mirror.version));
      await client.change(mirror.uri, mirror.version, [{ text: mirror.text }]);
    }
    const published = await Promise.all(finals);
    expect(client.child.exitCode).toBeNull();

    // The CLI on the same texts, with the same settings.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'pyhints-abuse-'));
    folders.push(folder);
    mirrors.forEach((mirror, index) => fs.writeFileSync(path.join(folder, `${index}.py`), mirror.text));
    const cli = spawnSync(process.execPath, [CLI, 'check', '--format', 'json', '--select', 'ALL', '--target-version', '3.11', '--exit-zero', '.'], { cwd: folder, encoding: 'utf8' });
    const reported = JSON.parse(cli.stdout) as { path: string; code: string; message: string; start: { line: number; column: number }; end: { line: number; column: number } }[];
    mirrors.forEach((mirror, index) => {
      const lines = new LineIndex(mirror.text);
      const at = (where: Position) => lines.displayLocation(lines.offsetAt(where));
      const fromServer = published[index].map((diagnostic) => ({ code: diagnostic.code, message: diagnostic.message, start: at(diagnostic.range.start), end: at(diagnostic.range.end) }));
      const fromCli = reported.filter((finding) => finding.path === `${index}.py`).map(({ code, message, start, end }) => ({ code, message, start, end }));
      expect(fromServer).toEqual(fromCli);
    });
    expect(published.some((diagnostics) => diagnostics.length > 0)).toBe(true);

    // Each dropped message and each change to a document that is not open said so in the log.
    expect(garbageMessages).toBeGreaterThan(0);
    expect(client.logs.filter((line) => line.startsWith('a message from the editor was dropped'))).toHaveLength(garbageMessages);
    expect(client.logs).toContainEqual(expect.stringMatching(/^a change to file:\/\/\/abuse\/never-opened-\d\.py, which is not open, was ignored$/));
    expect(await client.shutdown()).toBe(0);
  }, 120_000);
});
