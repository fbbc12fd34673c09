// The one place where offsets, line/character positions and tree-sitter points are converted.
//
// Units: every offset in the engine is a UTF-16 code-unit index into the document string,
// which is what JavaScript strings, web-tree-sitter (`startIndex`, `column`) and LSP (by default)
// all use. Only the CLI shows something else: 1-based columns counted in Unicode characters.

import type { Point } from 'web-tree-sitter';

/** A zero-based line and a zero-based column in UTF-16 code units (the LSP shape). */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Line starts of a text. LSP line breaks are `\n`, `\r\n` and a lone `\r`. */
export class LineIndex {
  private readonly starts: number[];
  /** Whether a lone `\r` breaks a line: such a text is indexed afresh after each edit (see `afterEdit`). */
  private readonly hasLoneCR: boolean;

  constructor(
    readonly text: string,
    /** Precomputed line starts (see `afterEdit`); the text must then have no `\r`-only break. */
    starts?: number[],
  ) {
    if (starts) {
      this.starts = starts;
      this.hasLoneCR = false;
      return;
    }
    // Native searches rather than a loop over char codes: this runs on every keystroke.
    starts = [0];
    let loneCR = false;
    if (text.indexOf('\r') === -1) {
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (const lineBreak of text.matchAll(/\r\n|\r|\n/g)) {
        if (lineBreak[0] === '\r') loneCR = true;
        starts.push(lineBreak.index + lineBreak[0].length);
      }
    }
    this.starts = starts;
    this.hasLoneCR = loneCR;
  }

  /**
   * The index of `text`, which is this index's text with `[start, oldEnd)` replaced by
   * `inserted`: the line starts before the edit are kept, those after it shifted, and only the
   * inserted text is searched. An edit that touches a `\r` is indexed afresh (a `\r\n` may
   * have been split or joined).
   */
  afterEdit(text: string, start: number, oldEnd: number, inserted: string): LineIndex {
    const touchesCR =
      this.hasLoneCR || inserted.includes('\r') || this.text.charCodeAt(start - 1) === 13 || this.text.charCodeAt(oldEnd) === 13 || this.text.slice(start, oldEnd).includes('\r');
    if (touchesCR) return new LineIndex(text);
    const before = this.starts;
    const delta = inserted.length - (oldEnd - start);
    // Line starts right after a `\n` inside the replaced stretch go; the rest stay or shift.
    const kept = this.lineAt(start) + 1;
    const resumed = this.lineAt(oldEnd) + 1;
    const starts = before.slice(0, kept);
    for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) starts.push(start + i + 1);
    for (let line = resumed; line < before.length; line++) starts.push(before[line] + delta);
    return new LineIndex(text, starts);
  }

  /** Whether a lone `\r` breaks a line somewhere (old Mac line endings). */
  get hasLoneCarriageReturn(): boolean {
    return this.hasLoneCR;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > 0 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  /** The line that contains an offset. */
  lineAt(offset: number): number {
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineAt(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  /** Offset of an LSP position; a character past the line's end is clamped to the end, as LSP asks. */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /**
   * The tree-sitter point of an offset: the parser reads lone `\r` as `\n` (see `parser.ts`), so
   * its rows are the document's lines; columns are UTF-16 units.
   */
  pointAt(offset: number): Point {
    const { line, character } = this.positionAt(offset);
    return { row: line, column: character };
  }

  /**
   * The CLI's location of an offset: 1-based line and 1-based column counted in Unicode
   * characters (code points), so an emoji before a finding counts as one column, not two.
   */
  displayLocation(offset: number): { line: number; column: number } {
    const { line, character } = this.positionAt(offset);
    const start = this.starts[line];
    return { line: line + 1, column: codePointCount(this.text, start, start + character) + 1 };
  }
}

/** Number of Unicode code points in `text[start, end)`; a lone surrogate counts as one. */
export function codePointCount(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 0xd800 && ch <= 0xdbff && i + 1 < end) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** Characters a terminal draws two columns wide: emoji and the East Asian wide and fullwidth ranges. */
const WIDE = /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
/** Combining marks and format characters (joiners, variation selectors) take no column of their own. */
const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

/**
 * Terminal columns that the first `end` UTF-16 units of a line take, for the CLI's code frames:
 * a tab advances to the next multiple of 4, wide characters take two, combining marks none.
 */
export function terminalColumns(line: string, end: number): number {
  let columns = 0;
  for (const char of line.slice(0, end)) {
    if (char === '\t') columns += 4 - (columns % 4);
    else if (!ZERO_WIDTH.test(char)) columns += WIDE.test(char) ? 2 : 1;
  }
  return columns;
}
