// One open Python document: its text, its line index and its one syntax tree, kept up to date
// by incremental edits (`tree.edit` + reparse with the old tree). The reparse waits until the tree
// is asked for: a burst of keystrokes costs one parse, and a copy nobody reads costs none. Trees
// live in wasm memory, so every replaced tree is deleted, and `dispose` frees the last one.

import { Edit, type Tree } from 'web-tree-sitter';
import type { PythonParser } from './parser';
import { LineIndex, type Range } from './positions';

/** An edit as editors send it: replace `range` (absent: the whole text) by `text`. */
export interface TextChange {
  range?: Range;
  text: string;
}

/** One applied edit in offsets: `[start, oldEnd)` became `[start, newEnd)`. */
export interface OffsetEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * A `.py` module, a `.pyi` stub, or the code cells of a notebook joined into one text. Stubs
 * describe an interface for type checkers and never run, so rules about run-time behaviour leave
 * them alone.
 */
export type SourceKind = 'module' | 'stub' | 'notebook';

export class PythonDocument {
  private currentText: string;
  private currentLines: LineIndex;
  /** The last tree; `current` is false while edits wait for the reparse. None before the first parse or after a replacement. */
  private parsed: { tree: Tree; current: boolean } | undefined;
  /** Opaque storage for the analyzer's per-unit cache of this document. */
  analysisCache: unknown;
  /** The edits since the analyzer last took them, in order; `replaced` after a full replacement. */
  private edits: OffsetEdit[] | 'replaced' = [];

  constructor(
    private readonly parser: PythonParser,
    text: string,
    public version = 0,
    readonly kind: SourceKind = 'module',
  ) {
    this.currentText = text;
    this.currentLines = new LineIndex(text);
  }

  get text(): string {
    return this.currentText;
  }

  get lines(): LineIndex {
    return this.currentLines;
  }

  get tree(): Tree {
    const parsed = this.parsed;
    if (parsed?.current) return parsed.tree;
    const tree = this.parser.parse(this.currentText, parsed?.tree, this.currentLines.hasLoneCarriageReturn);
    parsed?.tree.delete();
    this.parsed = { tree, current: true };
    return tree;
  }

  /** Applies changes in order (each in the coordinates left by the previous one); the tree reparses when next asked for. */
  update(changes: readonly TextChange[], version = this.version + 1): void {
    for (const change of changes) {
      if (!change.range) {
        this.currentText = change.text;
        this.currentLines = new LineIndex(change.text);
        this.edits = 'replaced';
        this.parsed?.tree.delete();
        this.parsed = undefined;
        continue;
      }
      const before = this.currentLines;
      const start = before.offsetAt(change.range.start);
      const oldEnd = Math.max(start, before.offsetAt(change.range.end));
      const newEnd = start + change.text.length;
      this.currentText = this.currentText.slice(0, start) + change.text + this.currentText.slice(oldEnd);
      this.currentLines = before.afterEdit(this.currentText, start, oldEnd, change.text);
      if (this.edits !== 'replaced') this.edits.push({ start, oldEnd, newEnd });
      if (this.parsed) {
        this.parsed.tree.edit(
          new Edit({
            startIndex: start,
            oldEndIndex: oldEnd,
            newEndIndex: newEnd,
            startPosition: before.pointAt(start),
            oldEndPosition: before.pointAt(oldEnd),
            newEndPosition: this.currentLines.pointAt(newEnd),
          }),
        );
        this.parsed.current = false;
      }
    }
    this.version = version;
  }

  /** The edits since the last call, so that earlier results can be moved along with the text. */
  takeEdits(): readonly OffsetEdit[] | 'replaced' {
    const edits = this.edits;
    this.edits = [];
    return edits;
  }

  dispose(): void {
    this.parsed?.tree.delete();
    this.parsed = undefined;
  }
}
