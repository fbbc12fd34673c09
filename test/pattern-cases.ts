// The pattern tests as data, run by one runner: code with `‸` in front of the hovered character
// and what must be recognized there (the pattern, the span it explains, its detail), code where a
// pattern must not be recognized, and half-typed code that no hover anywhere in it may throw on.

import { describe, expect, it } from 'vitest';
import type { PythonVersion } from '../server/src/engine/rule';
import { parser } from './engine-fixture';
import { MARK, patternAt } from './pattern-tester';

export interface RecognizedCase {
  name: string;
  code: string;
  id: string;
  /** The source text of the span the hover explains. */
  span: string;
  /** The whole detail; `null` for none. Leave out to check `detailHas` only. */
  detail?: string | null;
  /** Texts the detail must contain. */
  detailHas?: readonly string[];
  /** Texts the detail must not contain. */
  detailLacks?: readonly string[];
  target?: PythonVersion;
}

export interface UnrecognizedCase {
  name: string;
  code: string;
  /** The pattern that must not be recognized there; without it, none may be. */
  not?: string;
  target?: PythonVersion;
}

export interface PatternCases {
  recognized: readonly RecognizedCase[];
  unrecognized: readonly UnrecognizedCase[];
  /** Code with syntax errors (no marker): a hover at every offset must not throw. */
  halfTyped: readonly string[];
}

export function describePatterns(family: string, { recognized, unrecognized, halfTyped }: PatternCases): void {
  describe(`${family} patterns`, () => {
    it.each(recognized.map((each) => [each.name, each] as const))('recognizes %s', (_name, each) => {
      const found = patternAt(each.code, each.target);
      expect(found && { id: found.id, span: found.span }).toEqual({ id: each.id, span: each.span });
      if (each.detail !== undefined) expect(found!.detail ?? null).toBe(each.detail);
      for (const text of each.detailHas ?? []) expect(found!.detail).toContain(text);
      for (const text of each.detailLacks ?? []) expect(found!.detail ?? '').not.toContain(text);
    });

    it.each(unrecognized.map((each) => [each.name, each] as const))('does not recognize %s', (_name, each) => {
      const found = patternAt(each.code, each.target);
      if (each.not) expect(found?.id).not.toBe(each.not);
      else expect(found).toBeUndefined();
    });

    it('never throws on half-typed code', () => {
      for (const code of halfTyped) {
        const tree = parser.parse(code);
        expect(tree.rootNode.hasError, `${JSON.stringify(code)} parses without an error`).toBe(true);
        tree.delete();
        for (let offset = 0; offset <= code.length; offset++) {
          expect(() => patternAt(code.slice(0, offset) + MARK + code.slice(offset)), `at ${offset} of ${JSON.stringify(code)}`).not.toThrow();
        }
      }
    });
  });
}
