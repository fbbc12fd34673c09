// A notebook's Python cells as one text for the analysis: the code cells in order, each ending
// with a line break, so that an import in the first cell counts in the second, as when the cells
// run one after another. IPython's own syntax is masked without moving any offset: a line magic
// or shell escape (`%time`, `!pip install`) becomes a comment, and a cell magic (`%%bash`) makes
// its whole cell comments. Findings and fixes map back to cells by offset.

import { applyEdits } from './fixes';
import type { TextEdit } from './rule';

export interface CellText {
  /** The cell's position among all cells of the notebook (markdown ones too), 0-based. */
  cell: number;
  source: string;
}

export interface CellRange {
  cell: number;
  /** The cell's source in the joined text: [start, end), without the line break added after it. */
  start: number;
  end: number;
}

export interface NotebookText {
  text: string;
  cells: CellRange[];
  /** The cells as they are, IPython syntax unmasked. */
  sources: readonly CellText[];
  /** Ranges of IPython syntax that were masked: no fix may touch them. */
  masked: { start: number; end: number }[];
}

const MAGIC_LINE = /^([ \t]*)([%!])/;

export function joinCells(cells: readonly CellText[]): NotebookText {
  let text = '';
  const ranges: CellRange[] = [];
  const masked: { start: number; end: number }[] = [];
  for (const { cell, source } of cells) {
    const start = text.length;
    const wholeCell = /^[ \t]*%%/.test(source);
    let offset = start;
    for (const line of source.split(/(?<=\r\n|\r|\n)/)) {
      const magic = wholeCell ? /^()([^\r\n])/.exec(line) : MAGIC_LINE.exec(line);
      if (magic) {
        const at = magic[1].length;
        const end = line.replace(/(\r\n|\r|\n)$/, '').length;
        text += `${line.slice(0, at)}#${line.slice(at + 1)}`;
        masked.push({ start: offset + at, end: offset + end });
      } else {
        text += line;
      }
      offset += line.length;
    }
    ranges.push({ cell, start, end: text.length });
    if (!/(\r\n|\r|\n)$/.test(source)) text += '\n';
  }
  return { text, cells: ranges, sources: cells, masked };
}

/** The cell holding an offset of the joined text (the last one at its very end). */
export function cellAt(notebook: NotebookText, offset: number): CellRange | undefined {
  return notebook.cells.find((range) => offset >= range.start && offset <= range.end) ?? notebook.cells.at(-1);
}

/** Whether edits stay each within one cell and off the masked IPython syntax. */
export function editsFitCells(notebook: NotebookText, edits: readonly { start: number; end: number }[]): boolean {
  return edits.every((edit) => {
    const cell = notebook.cells.find((range) => edit.start >= range.start && edit.end <= range.end);
    return cell !== undefined && !notebook.masked.some((mask) => edit.start < mask.end && edit.end > mask.start);
  });
}

/** The cells' sources after edits of the joined text that each stay within a cell (`editsFitCells`). */
export function editedCells(notebook: NotebookText, edits: readonly TextEdit[]): CellText[] {
  return notebook.cells.map((range, index) => {
    const inside = edits.filter((edit) => edit.start >= range.start && edit.end <= range.end);
    const relative = inside.map((edit) => ({ ...edit, start: edit.start - range.start, end: edit.end - range.start }));
    return { cell: range.cell, source: applyEdits(notebook.sources[index].source, relative) };
  });
}
