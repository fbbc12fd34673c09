// A document the editor has open. While it is under the size cap it is a parsed PythonDocument,
// kept up to date incrementally; a larger one is kept as plain text only, since parsing megabytes
// on every keystroke would stall the server for a file nobody expects hints in.

import type { PythonDocument, TextChange } from './engine/document';
import { LineIndex } from './engine/positions';

/** Documents longer than this (in UTF-16 units, about 4 MB of ASCII) are not analysed. */
export const MAX_ANALYSED_LENGTH = 4 * 1024 * 1024;

export type OpenPython = (text: string, version: number) => PythonDocument;

export class OpenDocument {
  private parsed: PythonDocument | undefined;
  /** The text and its lines while the document is too large to parse. */
  private plain: LineIndex | undefined;
  private currentVersion: number;

  constructor(
    private readonly openPython: OpenPython,
    text: string,
    version: number,
  ) {
    this.currentVersion = version;
    if (text.length > MAX_ANALYSED_LENGTH) this.plain = new LineIndex(text);
    else this.parsed = openPython(text, version);
  }

  /** The parsed document, or undefined while it is over the size cap. */
  get python(): PythonDocument | undefined {
    return this.parsed;
  }

  get version(): number {
    return this.currentVersion;
  }

  get lines(): LineIndex {
    return this.parsed ? this.parsed.lines : this.plain!;
  }

  update(changes: readonly TextChange[], version: number): void {
    this.currentVersion = version;
    const inserted = changes.reduce((length, change) => length + change.text.length, 0);
    if (this.parsed && this.parsed.text.length + inserted <= MAX_ANALYSED_LENGTH) {
      this.parsed.update(changes, version);
      return;
    }
    // The change may cross the cap: find the new text before deciding whether to parse it.
    const lines = changedLines(this.lines, changes);
    this.dispose();
    if (lines.text.length > MAX_ANALYSED_LENGTH) {
      this.plain = lines;
    } else {
      this.plain = undefined;
      this.parsed = this.openPython(lines.text, version);
    }
  }

  dispose(): void {
    this.parsed?.dispose();
    this.parsed = undefined;
  }
}

/** The lines of a text after editor changes, applied in order. */
function changedLines(lines: LineIndex, changes: readonly TextChange[]): LineIndex {
  let current = lines;
  for (const change of changes) {
    if (!change.range) {
      current = new LineIndex(change.text);
      continue;
    }
    const start = current.offsetAt(change.range.start);
    const end = Math.max(start, current.offsetAt(change.range.end));
    current = new LineIndex(current.text.slice(0, start) + change.text + current.text.slice(end));
  }
  return current;
}
