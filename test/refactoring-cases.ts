// The runner for refactoring tests, which are data: marked code with the exact text the refactoring
// writes there, and marked code where it must not be offered. Every output must parse with no ERROR
// or MISSING node, and compile with CPython when the machine's Python is as new as the output needs;
// every rewrite is also asked one minor version below the refactoring's minimum, where it must not
// be offered, when that version is one a project can target.

import { describe, expect, it } from 'vitest';
import { atLeast } from '../server/src/engine/analyzer';
import { OLDEST_TARGET } from '../server/src/engine/config/python-version';
import type { PythonVersion } from '../server/src/engine/rule';
import { ALL_REFACTORINGS } from '../server/src/refactorings';
import { parses } from './engine-fixture';
import { compileFailures, type Source } from './python-compile';
import { refactored, refactoringsOn, unmark } from './refactoring-tester';

export interface Rewrite {
  name: string;
  /** The code with the requested range marked (`‸` or `‹…›`). */
  code: string;
  /** The whole document after the refactoring. */
  output: string;
  /** The project's target; the cases' own default otherwise. */
  target?: PythonVersion;
  /** The offer's title in the light bulb, exact or a pattern, when the case checks it. */
  title?: string | RegExp;
}

export interface Refusal {
  name: string;
  code: string;
  target?: PythonVersion;
}

export interface RefactoringCases {
  /** The target of the cases that name none: the newest Python unless given. */
  target?: PythonVersion;
  rewrites: readonly Rewrite[];
  refusals: readonly Refusal[];
}

const NEWEST: PythonVersion = [3, 14];

function newer(a: PythonVersion, b: PythonVersion): PythonVersion {
  return atLeast(a, b) ? a : b;
}

export function testRefactoring(id: string, cases: RefactoringCases): void {
  const refactoring = ALL_REFACTORINGS.find((each) => each.id === id);
  const targetOf = (each: { target?: PythonVersion }) => each.target ?? cases.target ?? NEWEST;
  const outputs: Source[] = [];
  describe(`refactoring ${id}`, () => {
    it('is registered once, with a kebab-case id and cases of both kinds', () => {
      expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(ALL_REFACTORINGS.filter((each) => each.id === id)).toHaveLength(1);
      expect(cases.rewrites.length).toBeGreaterThanOrEqual(3);
      expect(cases.refusals.length).toBeGreaterThanOrEqual(3);
    });

    for (const rewrite of cases.rewrites) {
      it(`rewrites: ${rewrite.name}`, () => {
        const offers = refactoringsOn(rewrite.code, targetOf(rewrite)).filter((offered) => offered.id === id);
        expect(offers, 'offered once').toHaveLength(1);
        const [{ title, output }] = offers;
        if (typeof rewrite.title === 'string') expect(title).toBe(rewrite.title);
        if (rewrite.title instanceof RegExp) expect(title).toMatch(rewrite.title);
        expect(output).toBe(rewrite.output);
        expect(parses(output), `the output parses with no ERROR or MISSING node:\n${output}`).toBe(true);
        // Compiled at the oldest Python the output must run on: the target, or the refactoring's minimum if that is newer.
        outputs.push({ name: rewrite.name, code: output, target: newer(rewrite.target ?? cases.target ?? refactoring!.minPython, refactoring!.minPython) });
      });
    }

    const [major, minor] = refactoring?.minPython ?? OLDEST_TARGET;
    const below: PythonVersion = [major, minor - 1];
    if (atLeast(below, OLDEST_TARGET)) {
      it(`is not offered below its minimum Python version (${major}.${minor})`, () => {
        for (const rewrite of cases.rewrites) expect(refactored(rewrite.code, id, below), rewrite.name).toBeUndefined();
      });
    }

    for (const refusal of cases.refusals) {
      it(`is not offered: ${refusal.name}`, () => {
        // Refused because of what the case shows, not because the code does not parse.
        expect(parses(unmark(refusal.code).source), 'the refused code parses').toBe(true);
        expect(refactored(refusal.code, id, targetOf(refusal))).toBeUndefined();
      });
    }

    it('writes code that CPython compiles', () => {
      expect(outputs.length, 'the rewrites ran first').toBe(cases.rewrites.length);
      expect(compileFailures(outputs)).toEqual([]);
    });
  });
}
