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
  text: string;
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
      cell.text = applyChanges(cell.text, changes);
      cell.version = document.version;
    }
    this.joinedText = undefined;
    return true;
  }

  /** The Python cells joined for the analysis. */
  get joined(): NotebookText {
    if (!this.joinedText) {
      const python = this.cells.filter((cell) => cell.python);
      this.joinedText = joinCells(python.map((cell, index) => ({ cell: index, source: cell.text })));
      this.placedCells = python.map((cell, index) => ({ uri: cell.uri, version: cell.version, start: this.joinedText!.cells[index].start, lines: new LineIndex(cell.text) }));
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

  /** The cell a range of the joined text lies in, with the range in it; none when it spans cells. */
  rangeInCell(start: number, end: number): { cell: PlacedCell; range: Range } | undefined {
    const cell = [...this.placed].reverse().find((each) => start >= each.start);
    if (!cell || end - cell.start > cell.lines.text.length) return undefined;
    return { cell, range: cell.lines.rangeOf(start - cell.start, end - cell.start) };
  }

  private cellOf(uri: string, kind: number): Cell {
    const document = this.documents.get(uri);
    const existing = this.cells.find((cell) => cell.uri === uri);
    return {
      uri,
      python: kind === CODE_CELL && (document?.languageId ?? 'python') === 'python',
      text: existing?.text ?? document?.text ?? '',
      version: existing?.version ?? document?.version ?? 0,
    };
  }
}

function applyChanges(text: string, changes: readonly TextDocumentContentChangeEvent[]): string {
  for (const change of changes) {
    if (!('range' in change)) {
      text = change.text;
      continue;
    }
    const lines = new LineIndex(text);
    text = text.slice(0, lines.offsetAt(change.range.start)) + change.text + text.slice(lines.offsetAt(change.range.end));
  }
  return text;
}
