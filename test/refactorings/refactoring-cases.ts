// The shared runner for refactoring tests, which are data: marked code with the exact text the
// refactoring writes, and marked code where it must not be offered. Every case that is offered is
// also asked one minor version below the refactoring's minimum, where it must not be; every output
// must parse with no ERROR or MISSING node, and compile with CPython when the machine's Python is
// as new as the output needs.

import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import type { PythonVersion } from '../../server/src/engine/rule';
import { ALL_REFACTORINGS } from '../../server/src/refactorings';
import { parser } from '../engine-fixture';
import { compileFailures, type Source } from '../python-compile';
import { refactored, refactoringsOn } from '../refactoring-tester';

export interface Rewrite {
  name: string;
  /** The code with the requested range marked (`‸` or `‹…›`). */
  code: string;
  output: string;
  /** The project's target; the newest Python by default. */
  target?: PythonVersion;
  /** The offer's title in the light bulb, when the case checks it. */
  title?: string;
}

export interface Refusal {
  name: string;
  code: string;
  target?: PythonVersion;
}

export interface RefactoringCases {
  rewrites: Rewrite[];
  refusals: Refusal[];
}

function newer(a: PythonVersion, b: PythonVersion): PythonVersion {
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b;
}

/** The ERROR and MISSING nodes of a parse, as `type "text"`: tree-sitter's verdict on code newer than the machine's Python. */
export function syntaxErrors(code: string): string[] {
  const tree = parser.parse(code);
  try {
    const found: string[] = [];
    const visit = (node: Node) => {
      if (node.type === 'ERROR' || node.isMissing) found.push(`${node.type}${node.isMissing ? ' (missing)' : ''} ${JSON.stringify(node.text)}`);
      for (const child of node.children) if (child) visit(child);
    };
    visit(tree.rootNode);
    return found;
  } finally {
    tree.delete();
  }
}

export function testRefactoring(id: string, cases: RefactoringCases): void {
  const refactoring = ALL_REFACTORINGS.find((each) => each.id === id);
  const outputs: Source[] = [];

  describe(`refactoring ${id}`, () => {
    it('is registered, with cases of both kinds', () => {
      expect(refactoring, `${id} is in ALL_REFACTORINGS`).toBeDefined();
      expect(cases.rewrites.length).toBeGreaterThanOrEqual(3);
      expect(cases.refusals.length).toBeGreaterThanOrEqual(3);
    });

    for (const rewrite of cases.rewrites) {
      it(`rewrites: ${rewrite.name}`, () => {
        const target = rewrite.target ?? [3, 14];
        const offers = refactoringsOn(rewrite.code, target).filter((offered) => offered.id === id);
        expect(offers, 'offered once').toHaveLength(1);
        expect(offers[0].output).toBe(rewrite.output);
        if (rewrite.title !== undefined) expect(offers[0].title).toBe(rewrite.title);
        expect(syntaxErrors(rewrite.output)).toEqual([]);
        // Compiled at the oldest Python the output must run on: the target, or the refactoring's minimum if that is newer.
        outputs.push({ name: rewrite.name, code: rewrite.output, target: newer(rewrite.target ?? refactoring!.minPython, refactoring!.minPython) });
      });
    }

    it('is not offered below its minimum Python version', () => {
      const [major, minor] = refactoring!.minPython;
      const below: PythonVersion = [major, minor - 1];
      for (const rewrite of cases.rewrites) expect(refactored(rewrite.code, id, below), rewrite.name).toBeUndefined();
    });

    for (const refusal of cases.refusals) {
      it(`is not offered: ${refusal.name}`, () => {
        expect(refactored(refusal.code, id, refusal.target ?? [3, 14])).toBeUndefined();
      });
    }

    it('writes code that CPython compiles', () => {
      expect(outputs.length, 'the rewrites ran first').toBe(cases.rewrites.length);
      expect(compileFailures(outputs)).toEqual([]);
    });
  });
}
