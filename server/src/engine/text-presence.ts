// Whether a document's text holds a given text anywhere: what the analysis asks of every rule's
// `sourceIncludes` guard, of module names and of `noqa`. Searching the whole document for each on
// every keystroke is a measurable share of the keystroke, so the answers of the last analysis are
// carried across a single edit: an occurrence the edit did not touch is still there (moved), and a
// text that was absent can only have appeared around the edit.

import type { OffsetEdit } from './document';
import { indexOfText, indexOfTextIgnoringCase } from './text-search';

export class TextPresence {
  /** An offset where each text asked for occurs, or -1; ignore-case texts by their lowercase. */
  private readonly found = { exact: new Map<string, number>(), ignoringCase: new Map<string, number>() };

  /** What the presence before `edits` found; only its answers are kept, not the older texts they came from. */
  private readonly before: TextPresence['found'] | undefined;

  /** `previous` is the presence of the text before `edits`; without edits the text is the same. */
  constructor(
    private readonly source: string,
    previous?: TextPresence,
    private readonly edits?: readonly OffsetEdit[] | 'replaced',
  ) {
    this.before = previous?.found;
  }

  /** Whether the source holds `text` (in any case with `ignoreCase`). */
  has(text: string, ignoreCase = false): boolean {
    const searched = ignoreCase ? text.toLowerCase() : text;
    const found = ignoreCase ? this.found.ignoringCase : this.found.exact;
    let at = found.get(searched);
    if (at === undefined) found.set(searched, (at = this.locate(searched, ignoreCase)));
    return at >= 0;
  }

  private locate(text: string, ignoreCase: boolean): number {
    const before = ignoreCase ? this.before?.ignoringCase.get(text) : this.before?.exact.get(text);
    const edits = this.edits;
    if (before === undefined || edits === 'replaced' || edits === undefined || edits.length > 1) return find(this.source, text, ignoreCase, 0, this.source.length);
    const edit = edits[0];
    if (edit === undefined) return before;
    if (before >= 0) {
      if (before + text.length <= edit.start) return before;
      if (before >= edit.oldEnd) return before + edit.newEnd - edit.oldEnd;
      return find(this.source, text, ignoreCase, 0, this.source.length);
    }
    // A new occurrence overlaps the inserted text, or spans the place of a deletion.
    return find(this.source, text, ignoreCase, Math.max(0, edit.start - text.length + 1), Math.min(this.source.length, edit.newEnd + text.length - 1));
  }
}

/** An offset of `text` within `source[from, to)`, or -1. */
function find(source: string, text: string, ignoreCase: boolean, from: number, to: number): number {
  const range = from === 0 && to === source.length ? source : source.slice(from, to);
  const at = ignoreCase ? indexOfTextIgnoringCase(range, text) : indexOfText(range, text);
  return at < 0 ? -1 : from + at;
}
