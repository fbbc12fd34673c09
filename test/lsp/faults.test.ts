// The server under faults a real session meets sooner or later: a client that does not answer
// workspace/configuration, messages that are not JSON, a huge line, a large document that takes
// long to analyse while the user asks for hovers. Each case once froze or silenced the server.

import { beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, Diagnostic, Hover } from 'vscode-languageserver';
import { LspSession } from './lsp-session';
import { serverSessions } from './server-sessions';

const startSession = serverSessions();

/** PH107, in the default set. */
const SHARED = 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n';
const codes = (diagnostics: readonly Diagnostic[]) => diagnostics.map((diagnostic) => diagnostic.code);

let counter = 0;
const newUri = (name: string) => `file:///workspace/${name}-${++counter}.py`;

describe('a client that stops answering workspace/configuration', () => {
  it('still gets diagnostics, and the document is analysed again once the client answers', async () => {
    const session = await startSession({ configuration: true, settings: {} });
    const uri = newUri('unanswered');
    session.configurationReply = () => new Promise(() => {});
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, SHARED);
    // With the defaults, after the settings wait gives up.
    expect(codes(await published)).toEqual(['PH107']);
    expect(session.logs).toContainEqual(expect.stringMatching(/^the pyhints settings could not be read \(no answer within \d+ s\); using the defaults/));

    // The client answers again: the next change asks again and the new settings apply.
    session.configurationReply = undefined;
    session.settings = { ignore: ['PH107'] };
    published = session.nextDiagnostics(uri, 2);
    await session.change(uri, 2, [{ text: SHARED + '\n' }]);
    expect(await published).toEqual([]);

    // Closed and reopened, the document is analysed as a new one would be.
    session.settings = {};
    session.configurationReply = () => new Promise(() => {});
    await session.close(uri);
    session.configurationReply = undefined;
    published = session.nextDiagnostics(uri, 3);
    await session.open(uri, SHARED, 3);
    expect(codes(await published)).toEqual(['PH107']);
  }, 20_000);

  it('reopened while its settings are still awaited, a document is analysed at once', async () => {
    const session = await startSession({ configuration: true, settings: {} });
    const uri = newUri('reopened');
    session.configurationReply = () => new Promise(() => {});
    const asked = session.configurationRequests.length;
    await session.open(uri, SHARED);
    // Its analysis is under way, waiting for the settings, when the document closes.
    await session.waitFor('the settings request', () => (session.configurationRequests.length > asked ? true : undefined));
    await session.close(uri);
    session.configurationReply = undefined;
    const published = session.nextDiagnostics(uri, 2);
    await session.open(uri, SHARED, 2);
    expect(codes(await published)).toEqual(['PH107']);
  });
});

describe('messages the server cannot read', () => {
  it('logs each dropped message and goes on answering', async () => {
    const session = await startSession({ configuration: true, settings: {} });
    const garbage = '{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {';
    session.sendRaw(`Content-Length: ${Buffer.byteLength(garbage)}\r\n\r\n${garbage}`);
    const uri = newUri('after-garbage');
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, SHARED);
    expect(codes(await published)).toEqual(['PH107']);
    expect(session.logs).toContainEqual(expect.stringMatching(/^a message from the editor was dropped: /));
  });

  it('says at start which version runs, with how many rules', async () => {
    const session = await startSession({ configuration: true, settings: {} });
    const started = await session.waitFor('the start line', () => session.logs.find((line) => line.startsWith('pyhints ')));
    expect(started).toMatch(/^pyhints \d+\.\d+\.\d+ started: \d+ rules \(\d+ in the default set\); each file follows the nearest pyproject\.toml/);
  });
});

describe('completion', () => {
  let session: LspSession;

  beforeAll(async () => {
    session = await startSession({ configuration: true, settings: {} });
  });

  const complete = (uri: string, line: number, character: number) =>
    session.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });

  it('answers at once at the end of a line of two million word characters', async () => {
    // The old prefix regex retried from every character of the run: hours for this line.
    const uri = newUri('long-line');
    const text = `${'a'.repeat(2_000_000)}\nx = ${'a'.repeat(2_000_000)}`;
    await session.open(uri, text);
    const items = await complete(uri, 0, 2_000_000);
    expect(items?.length).toBeGreaterThan(0);
    // The typed word is the whole line.
    expect((items![0].textEdit as { range: { start: { character: number } } }).range.start.character).toBe(0);
    // After `x = `, where no statement starts, nothing.
    expect(await complete(uri, 1, text.length)).toBeNull();
  });

  it('offers nothing in a document over the size cap, where strings and comments cannot be told apart', async () => {
    const uri = newUri('over-cap');
    const text = `s = """\n${'ph-\n'.repeat(1_100_000)}"""\n`;
    await session.open(uri, text);
    expect(await complete(uri, 1, 3)).toBeNull();
  });
});

describe('requests while a large document is analysed', () => {
  it('answers a hover on another document before the large analysis ends', async () => {
    const session = await startSession({ configuration: true, settings: { select: ['ALL'] } });
    const small = newUri('small');
    let published = session.nextDiagnostics(small, 1);
    await session.open(small, SHARED);
    await published;

    // Several seconds of analysis: thousands of functions, each with findings.
    const large = newUri('large');
    const body = Array.from({ length: 2000 }, (_, i) => `def f${i}(x, seen=[]):\n    seen.append(x)\n    return any([y for y in seen])\n`).join('\n');
    published = session.nextDiagnostics(large, 1);
    await session.open(large, body);
    // The analysis starts on the next turn of the server's event loop; give it that turn.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const order: string[] = [];
    const hover = session.request<Hover | null>('textDocument/hover', { textDocument: { uri: small }, position: { line: 0, character: 18 } }).then((answer) => {
      order.push('hover');
      return answer;
    });
    void published.then(() => order.push('large diagnostics'));
    expect(await hover).not.toBeNull();
    await published;
    expect(order).toEqual(['hover', 'large diagnostics']);
  }, 60_000);
});
