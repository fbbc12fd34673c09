// Every pattern of the registry, whoever wrote it: its metadata is complete and short enough for a
// hover, its example compiles with CPython, parses cleanly and is itself recognized, and its hover
// and its section of the reference come from the same text.

import { describe, expect, it } from 'vitest';
import { PythonDocument } from '../../server/src/engine/document';
import { PATTERN_FAMILIES } from '../../server/src/engine/pattern';
import { patternHoverMarkdown, patternsPageMarkdown, patternVersionNote } from '../../server/src/engine/pattern-docs';
import { ALL_PATTERNS, PATTERNS } from '../../server/src/patterns';
import { parser } from '../engine-fixture';
import { compileFailures } from '../python-compile';

const metas = ALL_PATTERNS.map((pattern) => pattern.meta);

/** The offsets of the example where the registry recognizes the pattern itself. */
function selfRecognized(id: string, example: string): number | undefined {
  const document = new PythonDocument(parser, example, 0, 'module');
  try {
    for (let offset = 0; offset < example.length; offset++) {
      if (PATTERNS.at(document, [3, 14], offset)?.pattern.id === id) return offset;
    }
    return undefined;
  } finally {
    document.dispose();
  }
}

describe('the pattern catalog', () => {
  it('has one kebab-case id per pattern, in a known family', () => {
    const ids = metas.map((meta) => meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const meta of metas) {
      expect(meta.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Object.keys(PATTERN_FAMILIES)).toContain(meta.family);
      expect(meta.title.trim()).not.toBe('');
    }
  });

  it.each(metas.map((meta) => [meta.id, meta] as const))('%s reads in a hover without scrolling', (_id, meta) => {
    const sentences = meta.summary.split(/(?<=[.!?])\s+(?=[A-Z`])/);
    expect(sentences.length).toBeLessThanOrEqual(3);
    expect(meta.summary.length).toBeLessThanOrEqual(420);
    expect(meta.pitfall.length).toBeLessThanOrEqual(220);
  });

  it('has examples that CPython compiles (for the Python each needs) and tree-sitter parses without an error', () => {
    expect(compileFailures(metas.map((meta) => ({ name: meta.id, code: meta.example, target: meta.minPython })))).toEqual([]);
    for (const meta of metas) {
      const tree = parser.parse(meta.example);
      expect(tree.rootNode.hasError, meta.id).toBe(false);
      tree.delete();
    }
  });

  it.each(metas.map((meta) => [meta.id, meta] as const))('recognizes %s in its own example', (id, meta) => {
    expect(selfRecognized(id, meta.example)).toBeDefined();
  });

  it('answers a hover anywhere in an example cut short, without throwing', () => {
    for (const meta of metas) {
      for (let cut = 1; cut < 6; cut++) {
        const source = meta.example.slice(0, Math.round((meta.example.length * cut) / 6));
        const document = new PythonDocument(parser, source, 0, 'module');
        try {
          for (let offset = 0; offset <= source.length; offset++) PATTERNS.at(document, [3, 8], offset);
        } finally {
          document.dispose();
        }
      }
    }
  });
});

describe('the pattern hover and reference', () => {
  const cachedProperty = metas.find((meta) => meta.id === 'cached-property')!;
  const match = { pattern: cachedProperty, start: 0, end: 1, detail: 'The detail of this occurrence.' };

  it('says which Python a pattern needs, and that it does not run on a lower target', () => {
    expect(patternVersionNote(cachedProperty, [3, 8])).toBe('Needs Python 3.8+.');
    expect(patternVersionNote(cachedProperty, [3, 7])).toBe('⚠ Needs Python 3.8+: the project targets 3.7, where this does not run.');
    // Every supported target (3.8 and newer) runs it: the hover does not say so.
    expect(patternHoverMarkdown(match, [3, 8], (meta) => `patterns.md#${meta.id}`)).not.toContain('Needs Python');
    const hover = patternHoverMarkdown(match, [3, 7], (meta) => `patterns.md#${meta.id}`);
    expect(hover.split('\n\n')).toEqual([
      '**`functools.cached_property`** · Python pattern',
      'The detail of this occurrence.',
      cachedProperty.summary,
      `**Pitfall:** ${cachedProperty.pitfall}`,
      '*⚠ Needs Python 3.8+: the project targets 3.7, where this does not run.*',
      '[Patterns reference](patterns.md#cached-property)',
    ]);
  });

  it('gives every pattern a section whose anchor is its id, grouped by family in their order', () => {
    const page = patternsPageMarkdown(metas);
    let previous = -1;
    for (const [family, heading] of Object.entries(PATTERN_FAMILIES)) {
      const at = page.indexOf(`\n## ${heading}\n`);
      if (!metas.some((meta) => meta.family === family)) {
        expect(at).toBe(-1);
        continue;
      }
      expect(at).toBeGreaterThan(previous);
      previous = at;
    }
    for (const meta of metas) {
      const section = page.indexOf(`<a id="${meta.id}"></a>\n\n### ${meta.title}\n`);
      expect(section, meta.id).toBeGreaterThan(-1);
      expect(page.indexOf(meta.summary, section)).toBeGreaterThan(section);
      expect(page.indexOf('```python\n' + meta.example.trimEnd() + '\n```', section)).toBeGreaterThan(section);
    }
  });
});
