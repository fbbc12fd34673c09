import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineStartOf } from '../../server/src/engine/syntax';

describe('line starts', () => {
  it('are just after the nearest line break before the offset (inside a `\\r\\n`, after its `\\r`)', () => {
    const source = 'a\r\nbb\rc😀\n\td';
    expect([0, 1, 2, 3, 5, 6, 7, 9, 10, 11, 12].map((offset) => lineStartOf(source, offset))).toEqual([0, 0, 2, 3, 3, 6, 6, 6, 10, 10, 10]);
  });

  it('agree with splitting the text before the offset into lines', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', ' ', '\t', '\n', '\r', '界'), maxLength: 30 }), fc.nat(30), (source, at) => {
        const offset = Math.min(at, source.length);
        const lastLine = source.slice(0, offset).split(/\r\n|\n|\r/).at(-1) ?? '';
        expect(lineStartOf(source, offset)).toBe(offset - lastLine.length);
      }),
    );
  });
});
