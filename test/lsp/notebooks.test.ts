// Jupyter notebooks through the LSP notebook sync: the Python cells analysed together (an import in
// one cell counts in the next), findings published on each cell with the cell's positions, hovers,
// fixes and snippet completions in cell coordinates, fix-all per cell.

import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CompletionItem, Diagnostic, Hover } from 'vscode-languageserver';
import { applyLspEdits, editsFor, type LspSession } from './lsp-session';
import { LineIndex } from '../../server/src/engine/positions';
import { changeBetween } from '../../server/src/notebook-state';
import { serverSessions } from './server-sessions';

const startSession = serverSessions();
const NOTEBOOK = 'file:///work/analysis.ipynb';
const cell = (n: number) => `vscode-notebook-cell:/work/analysis.ipynb#W${n}sZmlsZQ%3D%3D`;
const CELLS = [
  { kind: 2, text: '%matplotlib inline\nimport asyncio\nfrom functools import lru_cache\n' },
  { kind: 1, text: '# Notes\nsum([x for x in y])\n', language: 'markdown' },
  { kind: 2, text: 'total = sum([r for r in readings])\nawait asyncio.sleep(0)\n' },
  { kind: 2, text: 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n' },
];

describe('notebooks', () => {
  let session: LspSession;

  beforeAll(async () => {
    session = await startSession({ configuration: true, settings: { select: ['PH502', 'PH107', 'PH411'] } });
  });

  async function openNotebook(): Promise<Diagnostic[][]> {
    const published = CELLS.map((_, index) => session.nextDiagnostics(cell(index)));
    await session.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: NOTEBOOK, notebookType: 'jupyter-notebook', version: 1, cells: CELLS.map((each, index) => ({ kind: each.kind, document: cell(index) })) },
      cellTextDocuments: CELLS.map((each, index) => ({ uri: cell(index), languageId: each.language ?? 'python', version: 1, text: each.text })),
    });
    return Promise.all(published);
  }

  it('publishes the findings of the Python cells on each cell, in its positions; markdown and top-level await stay quiet', async () => {
    const [first, markdown, third, fourth] = await openNotebook();
    expect(session.initializeResult.capabilities.notebookDocumentSync).toBeDefined();
    expect(first).toEqual([]);
    expect(markdown).toEqual([]);
    expect(third.map((diagnostic) => [diagnostic.code, diagnostic.range])).toEqual([['PH502', { start: { line: 0, character: 12 }, end: { line: 0, character: 33 } }]]);
    expect(fourth.map((diagnostic) => [diagnostic.code, diagnostic.range.start])).toEqual([['PH107', { line: 0, character: 18 }]]);
  });

  it('answers hovers and quick fixes in the cell, with edits of the cell at its version', async () => {
    const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri: cell(2) }, position: { line: 0, character: 20 } });
    expect(hover.range).toEqual({ start: { line: 0, character: 12 }, end: { line: 0, character: 33 } });
    const [diagnostic] = (await session.waitFor('the cell diagnostics', () => [...session.published].reverse().find((params) => params.uri === cell(2))))!.diagnostics;
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: cell(2) }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ['quickfix'] } });
    const fix = actions.find((action) => action.title === 'Use a generator expression');
    expect(applyLspEdits(CELLS[2].text, editsFor(fix?.edit, cell(2), 1))).toBe('total = sum(r for r in readings)\nawait asyncio.sleep(0)\n');
    const noqa = actions.find((action) => action.title === 'Disable PH502 for this line');
    expect(applyLspEdits(CELLS[2].text, editsFor(noqa?.edit, cell(2), 1))).toBe('total = sum([r for r in readings])  # noqa: PH502\nawait asyncio.sleep(0)\n');
  });

  it('offers snippets in a cell, in its positions, and none in a masked magic', async () => {
    const complete = (uri: string, line: number, character: number) =>
      session.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
    // After the last line of a function body, at module level again: each cell starts afresh.
    const items = (await complete(cell(3), 3, 0)) ?? [];
    const decorator = items.find((item) => item.label === 'dec');
    expect(decorator?.textEdit).toMatchObject({ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } } });
    expect(items.map((item) => item.label)).not.toContain('prop');
    expect(await complete(cell(0), 0, 5)).toBeNull();
  });

  it('fixes all of one cell with source.fixAll, and nothing of the others', async () => {
    const [fixAll] = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: cell(2) },
      range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    expect(fixAll.edit?.documentChanges).toHaveLength(1);
    expect(applyLspEdits(CELLS[2].text, editsFor(fixAll.edit, cell(2), 1))).toBe('total = sum(r for r in readings)\nawait asyncio.sleep(0)\n');
  });

  it('follows edits of a cell and the removal of a cell', async () => {
    let published = session.nextDiagnostics(cell(2));
    await session.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cell(2), version: 2 }, changes: [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 13 } }, text: '(' }, { range: { start: { line: 0, character: 32 }, end: { line: 0, character: 33 } }, text: ')' }] }] } },
    });
    expect(await published).toEqual([]);
    // The last diagnostics of the removed cell are none (the analysis of version 2 may still publish some before).
    await session.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: NOTEBOOK, version: 3 },
      change: { cells: { structure: { array: { start: 3, deleteCount: 1 }, didClose: [{ uri: cell(3) }] } } },
    });
    const lastOf = (uri: string) => [...session.published].reverse().find((params) => params.uri === uri)?.diagnostics;
    await session.waitFor('the removed cell cleared', () => (lastOf(cell(3))?.length === 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lastOf(cell(3))).toEqual([]);
    published = session.nextDiagnostics(cell(0));
    await session.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: NOTEBOOK }, cellTextDocuments: CELLS.slice(0, 3).map((_, index) => ({ uri: cell(index) })) });
    expect(await published).toEqual([]);
  });
});

describe('the edit a notebook change sends on', () => {
  it('is the one range between the common start and end, in UTF-16 positions', () => {
    const before = new LineIndex('a = "😀"\r\nb = 1\n');
    const change = changeBetween(before, 'a = "😀"\r\nb = 22\n');
    expect(change).toEqual({ range: { start: { line: 1, character: 4 }, end: { line: 1, character: 5 } }, text: '22' });
    expect(changeBetween(before, before.text)).toEqual({ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: '' });
  });
});
