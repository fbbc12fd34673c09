// The refactorings as a real server offers them: the built dist/server.js over stdio, asked for
// the code actions of a cursor with no diagnostic, answers `refactor.rewrite` actions whose edits
// write the refactored code, gated on the target version the client's settings give.

import { describe, expect, it } from 'vitest';
import type { CodeAction } from 'vscode-languageserver';
import { applyLspEdits, editsFor } from './lsp-session';
import { serverSessions } from './server-sessions';

const startSession = serverSessions();

const SOURCE = ['from dataclasses import dataclass', '', '', '@dataclass', 'class Point:', '    x: float', '    y: float', ''].join('\n');
const CHAIN = ['def label(x):', '    if x == 1:', '        return "one"', '    elif x in (2, 3):', '        return "few"', ''].join('\n');

describe('refactorings over LSP', () => {
  it('offers them as refactor.rewrite actions whose edits write the refactored code', async () => {
    const session = await startSession({ configuration: true, settings: {} });
    const uri = 'file:///workspace/point.py';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, SOURCE);
    expect(await published).toEqual([]);
    const actionsAt = (line: number, character: number, only?: string[]) =>
      session.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character }, end: { line, character } },
        context: { diagnostics: [], only },
      });
    const actions = await actionsAt(4, 8);
    expect(actions.map((action) => [action.title, action.kind])).toEqual([
      ['Add slots=True to @dataclass', 'refactor.rewrite'],
      ['Add frozen=True to @dataclass', 'refactor.rewrite'],
      ['Add kw_only=True to @dataclass', 'refactor.rewrite'],
    ]);
    const slots = actions[0];
    expect(applyLspEdits(SOURCE, editsFor(slots.edit, uri, 1))).toBe(SOURCE.replace('@dataclass\n', '@dataclass(slots=True)\n'));
    expect(await actionsAt(5, 6)).toEqual([]);
    expect(await actionsAt(4, 8, ['quickfix'])).toEqual([]);
    expect(await session.shutdown()).toBe(0);
  });

  it('follows the target version of the settings', async () => {
    const session = await startSession({ configuration: true, settings: { targetVersion: '3.9' } });
    const uri = 'file:///workspace/chain.py';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, CHAIN);
    await published;
    const at = { textDocument: { uri }, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 5 } }, context: { diagnostics: [] } };
    expect(await session.request<CodeAction[]>('textDocument/codeAction', at)).toEqual([]);
    const republished = session.nextDiagnostics(uri);
    session.settings = { targetVersion: '3.10' };
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await republished;
    const [match] = await session.request<CodeAction[]>('textDocument/codeAction', at);
    expect(match).toMatchObject({ title: 'Convert if/elif chain to match x', kind: 'refactor.rewrite' });
    expect(applyLspEdits(CHAIN, editsFor(match.edit, uri, 1))).toBe(
      ['def label(x):', '    match x:', '        case 1:', '            return "one"', '        case 2 | 3:', '            return "few"', ''].join('\n'),
    );
    expect(await session.shutdown()).toBe(0);
  });
});
