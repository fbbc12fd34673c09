import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfText, indexOfTextIgnoringCase } from '../../server/src/engine/text-search';

/** Texts made of a few characters, common and rare, so that searches find partial and overlapping matches. */
const text = (max: number) => fc.string({ unit: fc.constantFrom('a', 's', 'y', 'n', 'c', 'q', 'Q', 'N', 'O', '😀', '\n'), maxLength: max });

describe('text search led by the rarest character', () => {
  it('finds what indexOf finds, from any offset', () => {
    fc.assert(
      fc.property(text(40), text(5), fc.integer({ min: -3, max: 45 }), (source, searched, from) => {
        expect(indexOfText(source, searched, from)).toBe(source.indexOf(searched, from));
      }),
    );
  });

  it('finds what a case-insensitive pattern finds', () => {
    fc.assert(
      fc.property(text(40), text(5).filter((searched) => searched !== ''), (source, searched) => {
        const escaped = searched.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        expect(indexOfTextIgnoringCase(source, searched)).toBe(source.search(new RegExp(escaped, 'i')));
      }),
    );
  });

  it('finds texts whose first character is common and whose anchor is not', () => {
    const source = 'a = 1  # NoQA: PH101\nasync def f(): pass';
    expect(indexOfText(source, 'async')).toBe(21);
    expect(indexOfText(source, 'asyncio')).toBe(-1);
    expect(indexOfTextIgnoringCase(source, 'noqa')).toBe(9);
  });
});
