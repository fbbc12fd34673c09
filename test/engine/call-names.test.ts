import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callNames } from '../../server/src/engine/call-names';

const NAMES = ['open', 'get', 'get_event_loop', 'sum', 'x_1'];

/** What the pattern the scan replaces finds. */
function byPattern(text: string): { offset: number; name: string }[] {
  return [...text.matchAll(new RegExp(`\\b(${NAMES.join('|')})\\s*\\(`, 'g'))].map((match) => ({ offset: match.index, name: match[1] }));
}

describe('names written before a parenthesis', () => {
  it('find what `\\b(names)\\s*\\(` finds', () => {
    const unit = fc.constantFrom('open', 'get', 'get_event_loop', 'sum', 'x_1', 'x', '_', '1', 'é', ' ', '\t', '\n', '\u00a0', '\u2028', '(', ')', '.', '#');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 25 }), (parts) => {
        const text = parts.join('');
        expect(callNames(text, new Set(NAMES))).toEqual(byPattern(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('read the whole word before the parenthesis', () => {
    const text = 'reopen(a); obj.open (b)\nget_event_loop\t(); summary(x); é sum(1)';
    expect(callNames(text, new Set(NAMES))).toEqual([
      { offset: 15, name: 'open' },
      { offset: 24, name: 'get_event_loop' },
      { offset: 57, name: 'sum' },
    ]);
  });
});
