// An open notebook as the LSP notebook sync describes it: its cells in order, each Python code
// cell's text and version. The analysis sees the code cells joined into one text (engine/notebook),
// so that an import in one cell counts in the next; findings, hovers and edits map back to cells.

import type { DidOpenNotebookDocumentParams, NotebookDocumentChangeEvent, Range, TextDocumentContentChangeEvent, TextDocumentItem } from 'vscode-languageserver';
import { joinCells, type NotebookText } from './engine/notebook';
import { LineIndex } from './engine/positions';

const CODE_CELL = 2;

interface Cell {
  uri: string;
  /** A code cell in Python; markdown and other languages are left out of the analysis. */
  python: boolean;
  /** The cell's text, indexed by line; kept across edits. */
  lines: LineIndex;
  version: number;
}

/** Where a cell stands in the joined text. */
export interface PlacedCell {
  uri: string;
  version: number;
  start: number;
  lines: LineIndex;
}

export class NotebookState {
  private cells: Cell[] = [];
  private documents = new Map<string, TextDocumentItem>();
  private joinedText: NotebookText | undefined;
  private placedCells: PlacedCell[] = [];

  constructor(
    readonly uri: string,
    public version: number,
  ) {}

  static opened({ notebookDocument, cellTextDocuments }: DidOpenNotebookDocumentParams): NotebookState {
    const state = new NotebookState(notebookDocument.uri, notebookDocument.version);
    for (const document of cellTextDocuments) state.documents.set(document.uri, document);
    state.cells = notebookDocument.cells.map((cell) => state.cellOf(cell.document, cell.kind));
    return state;
  }

  /** Applies a change; returns whether the analysed text may have changed. */
  change(version: number, change: NotebookDocumentChangeEvent): boolean {
    this.version = version;
    const cells = change.cells;
    if (!cells) return false;
    for (const opened of cells.structure?.didOpen ?? []) this.documents.set(opened.uri, opened);
    const structure = cells.structure?.array;
    if (structure) this.cells.splice(structure.start, structure.deleteCount, ...(structure.cells ?? []).map((cell) => this.cellOf(cell.document, cell.kind)));
    for (const closed of cells.structure?.didClose ?? []) this.documents.delete(closed.uri);
    for (const { document, changes } of cells.textContent ?? []) {
      const cell = this.cells.find((each) => each.uri === document.uri);
      if (!cell) continue;
      cell.lines = applyChanges(cell.lines, changes);
      cell.version = document.version;
    }
    this.joinedText = undefined;
    return true;
  }

  /** The Python cells joined for the analysis. */
  get joined(): NotebookText {
    if (!this.joinedText) {
      const python = this.cells.filter((cell) => cell.python);
      this.joinedText = joinCells(python.map((cell, index) => ({ cell: index, source: cell.lines.text })));
      this.placedCells = python.map((cell, index) => ({ uri: cell.uri, version: cell.version, start: this.joinedText!.cells[index].start, lines: cell.lines }));
    }
    return this.joinedText;
  }

  /** The Python cells with where they start in the joined text. */
  get placed(): readonly PlacedCell[] {
    void this.joined;
    return this.placedCells;
  }

  /** Every cell's document, Python or not (to clear their diagnostics). */
  get cellUris(): string[] {
    return this.cells.map((cell) => cell.uri);
  }

  placedCell(uri: string): PlacedCell | undefined {
    return this.placed.find((cell) => cell.uri === uri);
  }

  /** The cell a span of the joined text lies in; none when it spans cells. */
  cellHolding(start: number, end: number): PlacedCell | undefined {
    const cells = this.placed;
    let index = cells.length - 1;
    while (index >= 0 && cells[index].start > start) index--;
    const cell = cells[index];
    return cell && end - cell.start <= cell.lines.text.length ? cell : undefined;
  }

  /** The cell a span of the joined text lies in, with the span's range in it. */
  rangeInCell(start: number, end: number): { cell: PlacedCell; range: Range } | undefined {
    const cell = this.cellHolding(start, end);
    return cell && { cell, range: cell.lines.rangeOf(start - cell.start, end - cell.start) };
  }

  private cellOf(uri: string, kind: number): Cell {
    const document = this.documents.get(uri);
    const existing = this.cells.find((cell) => cell.uri === uri);
    return {
      uri,
      python: kind === CODE_CELL && (document?.languageId ?? 'python') === 'python',
      lines: existing?.lines ?? new LineIndex(document?.text ?? ''),
      version: existing?.version ?? document?.version ?? 0,
    };
  }
}

function applyChanges(lines: LineIndex, changes: readonly TextDocumentContentChangeEvent[]): LineIndex {
  for (const change of changes) {
    if (!('range' in change)) {
      lines = new LineIndex(change.text);
      continue;
    }
    const start = lines.offsetAt(change.range.start);
    const end = Math.max(start, lines.offsetAt(change.range.end));
    lines = lines.afterEdit(lines.text.slice(0, start) + change.text + lines.text.slice(end), start, end, change.text);
  }
  return lines;
}

/**
 * The one edit that turns `before` into `after` (between their common start and end): what the
 * joined cells send on, so that the tree reparses only around the edited cell.
 */
export function changeBetween(before: LineIndex, after: string): { range: Range; text: string } {
  const old = before.text;
  let start = 0;
  while (start < old.length && start < after.length && old.charCodeAt(start) === after.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < old.length - start && suffix < after.length - start && old.charCodeAt(old.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { range: before.rangeOf(start, old.length - suffix), text: after.slice(start, after.length - suffix) };
}
