// Results for pieces of a document's text (analysis units, top-level statements), kept from one
// analysis for the next. The next finds a piece's result where the piece was before the edits, a
// number: keyed by text, each piece's text would be hashed, a pass over the whole document on
// every keystroke. The result is taken only if the text (and whatever else the caller compares)
// is the same. When the edits are unknown (the whole text was replaced, as clients that send whole
// documents do on every keystroke), offsets say nothing, and results are found by text instead.

import type { OffsetEdit } from './document';

/** The edits from one text to the next, in order; `replaced` when they are not known. */
export type Edits = readonly OffsetEdit[] | 'replaced';

export class PieceCache<T extends { readonly text: string }> {
  /** By start offset times two, plus one for the second kind of piece that may start there (a class shell). */
  private readonly byStart = new Map<number, T>();
  /** By `textLabel`, made when first asked. */
  private byText: Map<string, T[]> | undefined;

  /** Keeps the result of a piece that starts at `start`; `second` tells a second kind of piece at one offset. */
  set(start: number, second: boolean, entry: T): void {
    this.byStart.set(start * 2 + (second ? 1 : 0), entry);
  }

  /**
   * The kept result that `accepts` for a piece of `text` that starts at `start` after `edits`: the
   * one that started where the edits moved it from, or one of the same text when the edits are
   * not known. None for a piece an edit touched at its start.
   */
  find(start: number, second: boolean, text: string, edits: Edits, accepts: (entry: T) => boolean): T | undefined {
    if (edits === 'replaced') return this.textIndex().get(textLabel(text, second))?.find(accepts);
    const before = startBefore(start, edits);
    const entry = before === undefined ? undefined : this.byStart.get(before * 2 + (second ? 1 : 0));
    return entry !== undefined && accepts(entry) ? entry : undefined;
  }

  private textIndex(): Map<string, T[]> {
    if (!this.byText) {
      this.byText = new Map();
      for (const [key, entry] of this.byStart) {
        const label = textLabel(entry.text, key % 2 === 1);
        const labelled = this.byText.get(label);
        if (labelled) labelled.push(entry);
        else this.byText.set(label, [entry]);
      }
    }
    return this.byText;
  }
}

/** Where an offset of the edited text was before `edits`; undefined inside text an edit wrote. */
export function startBefore(offset: number, edits: readonly OffsetEdit[]): number | undefined {
  for (let i = edits.length - 1; i >= 0; i--) {
    const { start, oldEnd, newEnd } = edits[i];
    if (offset >= newEnd) offset += oldEnd - newEnd;
    else if (offset >= start) return undefined;
  }
  return offset;
}

/** A short label for a text: the text itself, or its length and ends; the text tells apart those under one label. */
function textLabel(text: string, second: boolean): string {
  const ends = text.length <= 96 ? text : `${text.length}:${text.slice(0, 48)}${text.slice(-48)}`;
  return second ? `+${ends}` : ends;
}
