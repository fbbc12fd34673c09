// What the refactoring tests ask: which refactorings a code-action request on a marked range
// offers, and the code each one writes. The range is `‹…›` (the marks removed before parsing), or a
// lone `‸` for an empty selection (the cursor). `testRefactoring` runs a refactoring's cases, given as data.

import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET } from '../server/src/engine/engine';
import { applyEdits } from '../server/src/engine/fixes';
import { PythonDocument } from '../server/src/engine/document';
import { refactoringsAt, type Refactoring } from '../server/src/engine/refactoring';
import type { PythonVersion } from '../server/src/engine/rule';
import { ALL_REFACTORINGS } from '../server/src/refactorings';
import { parser, parses } from './engine-fixture';
import { compileFailures, type Source } from './python-compile';

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

export interface OfferedCase {
  name: string;
  /** The source with its marks. */
  code: string;
  target?: PythonVersion;
  /** The title in the light bulb: exact, or a pattern. */
  title?: string | RegExp;
  /** The whole document after the refactoring. */
  output: string;
}

export interface RefusedCase {
  name: string;
  code: string;
  target?: PythonVersion;
}

/**
 * The tests of one refactoring, as data: where it is offered (with the exact output, which must
 * parse with no error and compile with CPython) and where it is not. Cases run at the engine's
 * default target unless they say otherwise; outputs for a target newer than the machine's Python
 * are checked by the parser only.
 */
export function testRefactoring(id: string, cases: { offered: OfferedCase[]; refused: RefusedCase[] }): void {
  const outputs: Source[] = [];
  describe(`refactoring ${id}`, () => {
    it('is registered, with a kebab-case id', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(ALL_REFACTORINGS.filter((refactoring) => refactoring.id === id)).toHaveLength(1);
    });
    for (const offered of cases.offered) {
      it(`offered: ${offered.name}`, () => {
        const target = offered.target ?? DEFAULT_TARGET;
        const found = refactoringsOn(offered.code, target).filter((each) => each.id === id);
        expect(found, 'offered once').toHaveLength(1);
        const [{ title, output }] = found;
        if (typeof offered.title === 'string') expect(title).toBe(offered.title);
        if (offered.title instanceof RegExp) expect(title).toMatch(offered.title);
        expect(output).toBe(offered.output);
        expect(parses(output), `the output parses with no ERROR or MISSING node:\n${output}`).toBe(true);
        outputs.push({ name: offered.name, code: output, target });
      });
    }
    for (const refused of cases.refused) {
      it(`refused: ${refused.name}`, () => {
        // Refused because of what the case shows, not because the code does not parse.
        expect(parses(unmark(refused.code).source), 'the refused code parses').toBe(true);
        const found = refactoringsOn(refused.code, refused.target ?? DEFAULT_TARGET).filter((each) => each.id === id);
        expect(found.map((each) => each.output)).toEqual([]);
      });
    }
    it('every output compiles with CPython', () => {
      expect(compileFailures(outputs)).toEqual([]);
    });
  });
}
