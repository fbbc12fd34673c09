// Substring search led by the text's rarest character. V8's `indexOf` looks for the first
// character and compares from there, so a text that starts with a letter code is full of (`async`,
// `finally`, `noqa`) stops it every few characters; looking for a rare one (`y`, `q`) instead is
// 10 to 30 times faster on real code, and the texts the analysis asks for are mostly absent, so
// they are searched to the end of the document.

/** Printable ASCII and blanks, most frequent first in Python's standard library; others count as rarest. */
const BY_FREQUENCY = ' etsrnaio\nldcf_up\'m.h,)(0Tg"E:x=bALI-y#NRwSvCkO\\>D1P2MFHUG][B*35W48j69z/qV+%7KXY<}{;`|Z!Q@?J&^$~\t';

/**
 * A text split before its rarest character: the whole text is verified where `tail` is found,
 * `head.length` before. The tail is kept short: V8 searches a longer one with a table it builds on
 * every call, which costs more than the search on the short texts of most statements.
 */
interface Anchored {
  head: string;
  tail: string;
}

const TAIL = 4;

const ANCHORED = new Map<string, Anchored>();

function anchored(text: string): Anchored {
  let split = ANCHORED.get(text);
  if (!split) {
    let at = 0;
    let rarity = -1;
    for (let i = 0; i < text.length; i++) {
      const rank = BY_FREQUENCY.indexOf(text[i]);
      const each = rank < 0 ? BY_FREQUENCY.length : rank;
      if (each > rarity) [at, rarity] = [i, each];
    }
    ANCHORED.set(text, (split = { head: text.slice(0, at), tail: text.slice(at, at + TAIL) }));
  }
  return split;
}

/** The first offset at or after `from` where `source` holds `text`, or -1: `source.indexOf(text, from)`. */
export function indexOfText(source: string, text: string, from = 0): number {
  const { head, tail } = anchored(text);
  if (head === '' && tail === text) return source.indexOf(text, from);
  for (let at = source.indexOf(tail, Math.max(0, from) + head.length); at !== -1; at = source.indexOf(tail, at + 1)) {
    if (source.startsWith(text, at - head.length)) return at - head.length;
  }
  return -1;
}

export function holdsText(source: string, text: string): boolean {
  return indexOfText(source, text) >= 0;
}

/** The first offset where `source` holds `text` in any case (ASCII letters), or -1. */
export function indexOfTextIgnoringCase(source: string, text: string): number {
  const lower = text.toLowerCase();
  if (lower === '') return 0;
  const { head } = anchored(lower);
  const anchor = lower[head.length];
  const upper = anchor.toUpperCase();
  const found = (at: number) => at >= head.length && source.slice(at - head.length, at - head.length + lower.length).toLowerCase() === lower;
  let [small, capital] = [source.indexOf(anchor, head.length), upper === anchor ? -1 : source.indexOf(upper, head.length)];
  while (small !== -1 || capital !== -1) {
    if (capital === -1 || (small !== -1 && small < capital)) {
      if (found(small)) return small - head.length;
      small = source.indexOf(anchor, small + 1);
    } else {
      if (found(capital)) return capital - head.length;
      capital = source.indexOf(upper, capital + 1);
    }
  }
  return -1;
}
