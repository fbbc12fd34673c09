// The pattern tests' cases as data: code with the hovered place marked `‸`, and the pattern, span
// and detail the hover must recognize there — or nothing at all.

import { expect, it } from 'vitest';
import { PythonDocument } from '../../server/src/engine/document';
import type { PythonVersion } from '../../server/src/engine/rule';
import { PATTERNS } from '../../server/src/patterns';
import { parser } from '../engine-fixture';
import { patternAt } from '../pattern-tester';

export interface Recognition {
  code: string;
  id: string;
  /** The source text of the explained span. */
  span: string;
  /** Text the occurrence's detail contains (a string) or matches (a regex); `null`: it has none. */
  detail?: string | RegExp | null;
  target?: PythonVersion;
}

export function itRecognizes(cases: Readonly<Record<string, Recognition>>): void {
  it.each(Object.entries(cases))('%s', (_name, { code, id, span, detail, target }) => {
    const found = patternAt(code, target);
    expect({ id: found?.id, span: found?.span }).toEqual({ id, span });
    if (detail === null) expect(found?.detail).toBeUndefined();
    else if (typeof detail === 'string') expect(found?.detail).toContain(detail);
    else if (detail) expect(found?.detail).toMatch(detail);
  });
}

/** Code where the marked place is no pattern: an unrelated construct, a shadowed name. */
export function itRecognizesNothing(cases: Readonly<Record<string, string>>): void {
  it.each(Object.entries(cases))('%s', (_name, code) => {
    expect(patternAt(code)?.id).toBeUndefined();
  });
}

/** Every offset of every snippet (half-typed code, with ERROR nodes) is answered without throwing. */
export function itNeverThrows(snippets: readonly string[]): void {
  it('answers every offset of half-typed code without throwing', () => {
    for (const snippet of snippets) {
      const document = new PythonDocument(parser, snippet, 0, 'module');
      try {
        for (let offset = 0; offset <= snippet.length; offset++) expect(() => PATTERNS.at(document, [3, 14], offset)).not.toThrow();
      } finally {
        document.dispose();
      }
    }
  });
}
