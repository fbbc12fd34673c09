import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OffsetEdit } from '../../server/src/engine/document';
import { PieceCache, startBefore } from '../../server/src/engine/piece-cache';

/** Applies edits to a text of distinct marks, each edit writing marks no text had: where each mark went tells the truth. */
function applied(length: number, edits: readonly { at: number; deletes: number; inserts: number }[]) {
  let marks: (number | undefined)[] = Array.from({ length }, (_, index) => index);
  const offsetEdits: OffsetEdit[] = [];
  for (const { at, deletes, inserts } of edits) {
    const start = at % (marks.length + 1);
    const oldEnd = Math.min(marks.length, start + deletes);
    marks = [...marks.slice(0, start), ...Array.from({ length: inserts }, () => undefined), ...marks.slice(oldEnd)];
    offsetEdits.push({ start, oldEnd, newEnd: start + inserts });
  }
  return { marks, offsetEdits };
}

describe('PieceCache', () => {
  it('maps an offset back through any edits to where its text was, and an offset an edit wrote to none', () => {
    const edit = fc.record({ at: fc.nat({ max: 60 }), deletes: fc.nat({ max: 8 }), inserts: fc.nat({ max: 8 }) });
    fc.assert(
      fc.property(fc.nat({ max: 40 }), fc.array(edit, { maxLength: 6 }), (length, edits) => {
        const { marks, offsetEdits } = applied(length, edits);
        marks.forEach((mark, offset) => expect(startBefore(offset, offsetEdits)).toBe(mark));
      }),
    );
  });

  it('finds a piece where it was before the edits, or by its text when the edits are not known', () => {
    const cache = new PieceCache<{ text: string }>();
    const [shell, member, other] = [{ text: 'class C:\n    x = 1' }, { text: 'x = 1' }, { text: 'y = 2' }];
    cache.set(0, true, shell);
    cache.set(13, false, member);
    cache.set(20, false, other);
    const edits = [{ start: 0, oldEnd: 0, newEnd: 4 }];
    const same = (text: string) => (entry: { text: string }) => entry.text === text;
    expect(cache.find(17, false, 'x = 1', edits, same('x = 1'))).toBe(member);
    expect(cache.find(4, true, shell.text, edits, same(shell.text))).toBe(shell);
    // A piece of the same text elsewhere is a moved one: found only when the edits are not known.
    expect(cache.find(24, false, 'x = 1', edits, same('x = 1'))).toBeUndefined();
    expect(cache.find(0, false, 'x = 1', edits, same('x = 1'))).toBeUndefined();
    expect(cache.find(90, false, 'y = 2', 'replaced', same('y = 2'))).toBe(other);
    // The second kind of piece at an offset is another piece, by offset and by text.
    expect(cache.find(4, false, shell.text, edits, same(shell.text))).toBeUndefined();
    expect(cache.find(0, false, shell.text, 'replaced', same(shell.text))).toBeUndefined();
    expect(cache.find(0, true, shell.text, 'replaced', same(shell.text))).toBe(shell);
  });
});
