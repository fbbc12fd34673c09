// What the refactoring tests ask: which refactorings a code-action request on a marked range
// offers, and the code each one writes. The range is `‹…›` (the marks removed before parsing), or a
// lone `‸` for an empty selection (the cursor).

import { applyEdits } from '../server/src/engine/fixes';
import { PythonDocument } from '../server/src/engine/document';
import { refactoringsAt, type Refactoring } from '../server/src/engine/refactoring';
import type { PythonVersion } from '../server/src/engine/rule';
import { ALL_REFACTORINGS } from '../server/src/refactorings';
import { parser } from './engine-fixture';

export interface Offered {
  id: string;
  title: string;
  /** The whole document after the refactoring. */
  output: string;
}

/** The source without its marks, and the selected range. */
export function unmark(marked: string): { source: string; start: number; end: number } {
  const cursor = marked.indexOf('‸');
  if (cursor !== -1) return { source: marked.slice(0, cursor) + marked.slice(cursor + 1), start: cursor, end: cursor };
  const start = marked.indexOf('‹');
  const end = marked.indexOf('›');
  if (start === -1 || end < start) throw new Error('mark the range with ‹…› or the cursor with ‸');
  return { source: marked.slice(0, start) + marked.slice(start + 1, end) + marked.slice(end + 1), start, end: end - 1 };
}

/** Every refactoring offered on the marked range at `target`. */
export function refactoringsOn(marked: string, target: PythonVersion = [3, 14], refactorings: readonly Refactoring[] = ALL_REFACTORINGS): Offered[] {
  const { source, start, end } = unmark(marked);
  const document = new PythonDocument(parser, source, 0, 'module');
  try {
    return refactoringsAt(parser, document, refactorings, target, start, end).map(({ id, title, edits }) => ({ id, title, output: applyEdits(source, edits) }));
  } finally {
    document.dispose();
  }
}

/** The output of the refactoring `id` on the marked range, or undefined when it is not offered. */
export function refactored(marked: string, id: string, target: PythonVersion = [3, 14]): string | undefined {
  return refactoringsOn(marked, target).find((offered) => offered.id === id)?.output;
}
