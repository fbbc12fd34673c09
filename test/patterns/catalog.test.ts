// What every pattern of the catalog owes its hover and its section of the reference: a stable id,
// an explanation short enough to read without scrolling, and an example that compiles and that
// the pattern itself recognizes.

import { describe, expect, it } from 'vitest';
import { PythonDocument } from '../../server/src/engine/document';
import { PATTERN_FAMILIES } from '../../server/src/engine/pattern';
import { ALL_PATTERNS, PATTERNS } from '../../server/src/patterns';
import { parser } from '../engine-fixture';
import { compileFailures } from '../python-compile';

/** The ids of the patterns recognized anywhere in `code`. */
function recognizedIn(code: string): Set<string> {
  const document = new PythonDocument(parser, code, 0, 'module');
  try {
    const ids = new Set<string>();
    for (let offset = 0; offset <= code.length; offset++) {
      const match = PATTERNS.at(document, [3, 14], offset);
      if (match) ids.add(match.pattern.id);
    }
    return ids;
  } finally {
    document.dispose();
  }
}

describe('the pattern catalog', () => {
  it('gives every pattern a unique kebab-case id in a known family', () => {
    const ids = ALL_PATTERNS.map((pattern) => pattern.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { meta } of ALL_PATTERNS) {
      expect(meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Object.keys(PATTERN_FAMILIES)).toContain(meta.family);
    }
  });

  it('keeps each explanation short: a summary of at most three sentences, a pitfall of at most two', () => {
    // A sentence ends with `.`, `!` or `?` before a space or the end, outside code spans.
    const sentences = (text: string) => text.replace(/`[^`]*`/g, 'code').split(/[.!?](?=\s|$)/).filter((part) => part.trim().length > 0).length;
    for (const { meta } of ALL_PATTERNS) {
      expect({ id: meta.id, sentences: sentences(meta.summary) <= 3, length: meta.summary.length <= 480 }).toEqual({ id: meta.id, sentences: true, length: true });
      expect({ id: meta.id, sentences: sentences(meta.pitfall) <= 2 }).toEqual({ id: meta.id, sentences: true });
    }
  });

  it('has examples that compile on the Python each pattern needs', () => {
    const sources = ALL_PATTERNS.map(({ meta }) => ({ name: meta.id, code: meta.example, target: meta.minPython }));
    expect(compileFailures(sources)).toEqual([]);
  });

  it('recognizes each pattern in its own example', () => {
    for (const { meta } of ALL_PATTERNS) expect({ id: meta.id, recognized: recognizedIn(meta.example).has(meta.id) }).toEqual({ id: meta.id, recognized: true });
  });

  it('answers every place of every half-typed example without throwing', () => {
    for (const { meta } of ALL_PATTERNS) {
      for (let cut = 1; cut < meta.example.length; cut += 11) expect(() => recognizedIn(meta.example.slice(0, cut))).not.toThrow();
    }
  });
});
