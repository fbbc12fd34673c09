import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, codePointCount } from '../../server/src/engine/positions';
import { parser } from '../engine-fixture';

describe('LineIndex', () => {
  it('maps offsets and positions across \\n, \\r\\n and lone \\r', () => {
    const text = 'a = 1\r\nb = 2\rc = 3\nd';
    const lines = new LineIndex(text);
    expect(lines.lineCount).toBe(4);
    expect(lines.positionAt(text.indexOf('b'))).toEqual({ line: 1, character: 0 });
    expect(lines.positionAt(text.indexOf('c'))).toEqual({ line: 2, character: 0 });
    expect(lines.lineText(0)).toBe('a = 1');
    expect(lines.lineText(1)).toBe('b = 2');
    expect(lines.offsetAt({ line: 3, character: 0 })).toBe(text.indexOf('d'));
  });

  it('clamps positions past a line end or past the document', () => {
    const lines = new LineIndex('ab\r\ncd');
    expect(lines.offsetAt({ line: 0, character: 99 })).toBe(2);
    expect(lines.offsetAt({ line: 9, character: 0 })).toBe(6);
    expect(lines.offsetAt({ line: -1, character: 3 })).toBe(0);
  });

  it('counts display columns in characters after emoji, CJK and tabs', () => {
    const text = 'x = "😀中文"\tsum([1])';
    const lines = new LineIndex(text);
    const offset = text.indexOf('sum');
    expect(lines.positionAt(offset)).toEqual({ line: 0, character: 11 });
    expect(lines.displayLocation(offset)).toEqual({ line: 1, column: 11 });
    expect(codePointCount('😀', 0, 2)).toBe(1);
  });

  it('after an edit, indexes lines exactly as a fresh index of the edited text', () => {
    const piece = fc.constantFrom('x = 1', '😀', '中', '\t', ' ', '\n', '\r\n', '\r', '\n\n', 'a\nb');
    const text = fc.array(piece, { maxLength: 12 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, text, fc.nat(), fc.nat(), (original, inserted, a, b) => {
        const start = Math.min(a, b) % (original.length + 1);
        const end = Math.min(original.length, start + (Math.max(a, b) % 4));
        const edited = original.slice(0, start) + inserted + original.slice(end);
        const incremental = new LineIndex(original).afterEdit(edited, start, end, inserted);
        const fresh = new LineIndex(edited);
        expect(incremental.lineCount).toBe(fresh.lineCount);
        for (let offset = 0; offset <= edited.length; offset++) {
          expect(incremental.positionAt(offset)).toEqual(fresh.positionAt(offset));
          expect(incremental.pointAt(offset)).toEqual(fresh.pointAt(offset));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with tree-sitter on every node start, for any mix of line breaks and wide characters', () => {
    const piece = fc.constantFrom('x = 1', 'y = "😀"', '中 = 2', '\t', ' ', '\n', '\r\n', '\r', 'def f():\n    pass', '#💡 note');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const tree = parser.parse(text);
        const lines = new LineIndex(text);
        try {
          const cursor = tree.walk();
          let more = true;
          while (more) {
            expect(lines.pointAt(cursor.startIndex)).toEqual(cursor.startPosition);
            if (cursor.gotoFirstChild()) continue;
            while (!cursor.gotoNextSibling()) {
              if (!cursor.gotoParent()) {
                more = false;
                break;
              }
            }
          }
          cursor.delete();
        } finally {
          tree.delete();
        }
      }),
      { numRuns: 200 },
    );
  });
});
