// The pattern tests as data, run by one runner: code with `‸` in front of the hovered character
// and what must be recognized there (the pattern, the span it explains, its detail), code where a
// pattern must not be recognized, and half-typed code that no hover anywhere in it may throw on —
// as one family's lists (`describePatterns`), or as cases keyed by name inside a `describe`.

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
    it.each(recognized.map((each) => [each.name, each] as const))('recognizes %s', (_name, each) => expectRecognized(each));
    it.each(unrecognized.map((each) => [each.name, each] as const))('does not recognize %s', (_name, each) => expectUnrecognized(each));
    it('never throws on half-typed code', () => {
      for (const code of halfTyped) {
        const tree = parser.parse(code);
        expect(tree.rootNode.hasError, `${JSON.stringify(code)} parses without an error`).toBe(true);
        tree.delete();
        expectNoThrow(code);
      }
    });
  });
}

/** The same cases keyed by name, for a family's own `describe`: a detail string is a text it contains, a regex one it matches. */
export interface Recognition {
  code: string;
  id: string;
  span: string;
  /** Text the occurrence's detail contains (a string) or matches (a regex); `null`: it has none. */
  detail?: string | RegExp | null;
  target?: PythonVersion;
}

export function itRecognizes(cases: Readonly<Record<string, Recognition>>): void {
  it.each(Object.entries(cases))('%s', (name, { detail, ...each }) =>
    expectRecognized({ name, ...each, ...(detail === null ? { detail: null } : typeof detail === 'string' ? { detailHas: [detail] } : { detailMatches: detail }) }),
  );
}

/** Code where the marked place is no pattern: an unrelated construct, a shadowed name. */
export function itRecognizesNothing(cases: Readonly<Record<string, string>>): void {
  it.each(Object.entries(cases))('%s', (name, code) => expectUnrecognized({ name, code }));
}

/** Every offset of every snippet (half-typed code, with ERROR nodes) is answered without throwing. */
export function itNeverThrows(snippets: readonly string[]): void {
  it('answers every offset of half-typed code without throwing', () => {
    for (const code of snippets) expectNoThrow(code);
  });
}

function expectRecognized(each: RecognizedCase & { detailMatches?: RegExp }): void {
  const found = patternAt(each.code, each.target);
  expect(found && { id: found.id, span: found.span }).toEqual({ id: each.id, span: each.span });
  if (each.detail !== undefined) expect(found!.detail ?? null).toBe(each.detail);
  for (const text of each.detailHas ?? []) expect(found!.detail).toContain(text);
  for (const text of each.detailLacks ?? []) expect(found!.detail ?? '').not.toContain(text);
  if (each.detailMatches) expect(found!.detail).toMatch(each.detailMatches);
}

function expectUnrecognized(each: UnrecognizedCase): void {
  const found = patternAt(each.code, each.target);
  if (each.not) expect(found?.id).not.toBe(each.not);
  else expect(found).toBeUndefined();
}

function expectNoThrow(code: string): void {
  for (let offset = 0; offset <= code.length; offset++) {
    expect(() => patternAt(code.slice(0, offset) + MARK + code.slice(offset)), `at ${offset} of ${JSON.stringify(code)}`).not.toThrow();
  }
}
