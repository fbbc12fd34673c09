import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OffsetEdit } from '../../server/src/engine/document';
import { TextPresence } from '../../server/src/engine/text-presence';

const TEXTS = ['async', 'asyncio', 'noqa', 'with', '\r\n'];

/** A random single edit: replace a span by a snippet that may make or break a text. */
const edit = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 6 }),
  text: fc.constantFrom('', 'a', 'sync', 'async', 'io', 'NoQA', 'no', 'qa', 'w', 'ith', '\r', '\n', ' '),
});

describe('TextPresence', () => {
  it('answers as a search of the whole text does, carried across any single edits', () => {
    fc.assert(
      fc.property(fc.constantFrom('', 'import asyncio\n', 'x = 1  # noqa\r\nwith a:\n    pass\n', 'asyn c wit h no qa'), fc.array(edit, { minLength: 1, maxLength: 10 }), (start, edits) => {
        let text = start;
        let presence = new TextPresence(text);
        for (const { at, length, text: inserted } of edits) {
          // Every text is asked each time, as the analysis asks its guards.
          for (const each of TEXTS) presence.has(each);
          presence.has('NOQA', true);
          const from = at % (text.length + 1);
          const to = Math.min(text.length, from + length);
          text = text.slice(0, from) + inserted + text.slice(to);
          const change: OffsetEdit = { start: from, oldEnd: to, newEnd: from + inserted.length };
          presence = new TextPresence(text, presence, [change]);
          for (const each of TEXTS) expect(presence.has(each), `${JSON.stringify(each)} in ${JSON.stringify(text)}`).toBe(text.includes(each));
          expect(presence.has('NOQA', true)).toBe(/noqa/i.test(text));
        }
      }),
    );
  });

  it('searches again after several edits or a replacement, and keeps its answers when nothing changed', () => {
    const before = new TextPresence('with a: pass');
    expect(before.has('with')).toBe(true);
    const text = 'wit a: pass';
    const edits: OffsetEdit[] = [
      { start: 3, oldEnd: 4, newEnd: 3 },
      { start: 0, oldEnd: 0, newEnd: 0 },
    ];
    expect(new TextPresence(text, before, edits).has('with')).toBe(false);
    expect(new TextPresence(text, before, 'replaced').has('with')).toBe(false);
    expect(new TextPresence('with a: pass', before, []).has('with')).toBe(true);
  });
});
