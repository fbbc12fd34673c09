import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PythonDocument } from '../../server/src/engine/document';
import { LineIndex } from '../../server/src/engine/positions';
import { parser } from '../engine-fixture';

const SOURCE = [
  'import functools',
  '',
  'class Stats:',
  '    """Totals. 😀"""',
  '    def total(self, values):',
  '        return sum([v for v in values])',
  '',
  'def 中(x=[]):\r\n    return x',
  // Tokens longer than an incremental parse's reads, emoji across the reads' ends.
  `TEXT = "${'x😀'.repeat(90)}"  # ${'c'.repeat(200)}`,
  '',
].join('\n');

/** A random edit: replace a random span by a random snippet. */
const edit = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 8 }),
  text: fc.constantFrom('', 'x', '😀', '\n', '\r\n', '    ', '(', ')', 'def g(): pass\n', 'sum([a for a in b])', '"', ':'),
});

describe('PythonDocument', () => {
  it('keeps the same tree as a fresh parse through any sequence of incremental edits', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const document = new PythonDocument(parser, SOURCE);
        let expected = SOURCE;
        for (const { at, length, text } of edits) {
          const start = at % (expected.length + 1);
          const end = Math.min(expected.length, start + length);
          const range = document.lines.rangeOf(start, end);
          document.update([{ range, text }]);
          // A random offset may split a \r\n; positions cannot, so the expected text goes through them too.
          const before = new LineIndex(expected);
          const startOffset = before.offsetAt(range.start);
          const endOffset = before.offsetAt(range.end);
          expected = expected.slice(0, startOffset) + text + expected.slice(Math.max(startOffset, endOffset));
          expect(document.text).toBe(expected);
          const fresh = parser.parse(expected);
          // Error recovery depends on the edit history; a text that parses has exactly one tree.
          if (!fresh.rootNode.hasError) expect(document.tree.rootNode.toString()).toBe(fresh.rootNode.toString());
          expect(document.tree.rootNode.endIndex).toBe(fresh.rootNode.endIndex);
          fresh.delete();
        }
        document.dispose();
      }),
      { numRuns: 150 },
    );
  });

  it('applies several changes of one notification in order, and full replacements', () => {
    const document = new PythonDocument(parser, 'a = 1\nb = 2\n', 1);
    document.update(
      [
        { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, text: '10' },
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'c' },
      ],
      2,
    );
    expect(document.text).toBe('a = 10\nc = 2\n');
    expect(document.version).toBe(2);
    document.update([{ text: 'x = 3\n' }]);
    expect(document.text).toBe('x = 3\n');
    expect(document.tree.rootNode.text).toBe('x = 3\n');
    expect(document.version).toBe(3);
    document.dispose();
  });
});
