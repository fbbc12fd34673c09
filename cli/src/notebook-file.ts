// Jupyter notebooks on disk: the code cells of an `.ipynb` file, and the file written back with
// only the edited cells' `source` changed — the JSON layout, metadata and outputs stay as they are,
// byte for byte. The JSON is read with positions (jsonc-parser), so that each `source` value is
// replaced where it stands.

import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { CellText } from '../../server/src/engine/notebook';
import { lineStartOf } from '../../server/src/engine/syntax';

export interface NotebookFile {
  /** The file's text (UTF-8, as nbformat writes it). */
  json: string;
  cells: CellText[];
  /** The `source` value of each code cell, by cell index. */
  sourceNodes: Map<number, JsonNode>;
}

export type NotebookRead = { ok: true; notebook: NotebookFile } | { ok: false; skip: boolean; message: string };

export function readNotebook(json: string): NotebookRead {
  const errors: ParseError[] = [];
  const root = parseTree(json, errors, { allowTrailingComma: false, disallowComments: true });
  if (!root || errors.length > 0) return { ok: false, skip: false, message: `not a valid notebook: the JSON does not parse (at byte ${errors[0]?.offset ?? 0})` };
  const language = findNodeAtLocation(root, ['metadata', 'kernelspec', 'language'])?.value ?? findNodeAtLocation(root, ['metadata', 'language_info', 'name'])?.value;
  if (typeof language === 'string' && language.toLowerCase() !== 'python') return { ok: false, skip: true, message: `a ${language} notebook, not Python; skipped` };
  const cellList = findNodeAtLocation(root, ['cells']);
  if (cellList?.type !== 'array') return { ok: false, skip: false, message: 'not a valid notebook: it has no list of cells' };
  const cells: CellText[] = [];
  const sourceNodes = new Map<number, JsonNode>();
  (cellList.children ?? []).forEach((cell, index) => {
    if (findNodeAtLocation(cell, ['cell_type'])?.value !== 'code') return;
    const source = findNodeAtLocation(cell, ['source']);
    const value = source?.type === 'array' ? (source.children ?? []).map((line) => line.value).join('') : source?.value;
    if (!source || typeof value !== 'string') return;
    cells.push({ cell: index, source: value });
    sourceNodes.set(index, source);
  });
  return { ok: true, notebook: { json, cells, sourceNodes } };
}

/** The notebook's JSON with the given cells' sources replaced, in the style of the original values. */
export function writeCells(notebook: NotebookFile, edited: readonly CellText[]): string {
  const replacements = edited
    .filter((cell) => notebook.cells.find((original) => original.cell === cell.cell)?.source !== cell.source)
    .map((cell) => ({ node: notebook.sourceNodes.get(cell.cell)!, source: cell.source }))
    .sort((a, b) => b.node.offset - a.node.offset);
  let json = notebook.json;
  for (const { node, source } of replacements) {
    json = json.slice(0, node.offset) + sourceValue(notebook.json, node, source) + json.slice(node.offset + node.length);
  }
  return json;
}

/**
 * A source as nbformat writes it: a list of lines (each with its line break), one per line at the
 * indentation the original list had, or a plain string if it was one.
 */
function sourceValue(json: string, original: JsonNode, source: string): string {
  if (original.type === 'string') return JSON.stringify(source);
  const lines = source.split(/(?<=\r\n|\r|\n)/).filter((line) => line !== '');
  const items = lines.map((line) => JSON.stringify(line));
  const text = json.slice(original.offset, original.offset + original.length);
  const lineBreak = /\r\n/.test(json) ? '\r\n' : '\n';
  if (!/[\r\n]/.test(text) || items.length === 0) return `[${items.join(', ')}]`;
  const first = original.children?.[0];
  const itemIndent = first ? indentationBefore(json, first.offset) : `${indentationBefore(json, original.offset + original.length - 1)} `;
  const closeIndent = indentationBefore(json, original.offset + original.length - 1);
  return `[${lineBreak}${items.map((item) => itemIndent + item).join(`,${lineBreak}`)}${lineBreak}${closeIndent}]`;
}

/** The blanks between the start of the line and `offset`. */
function indentationBefore(json: string, offset: number): string {
  return /^[ \t]*/.exec(json.slice(lineStartOf(json, offset), offset))![0];
}
