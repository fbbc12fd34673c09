// The pattern hover on a large file: what a `textDocument/hover` spends recognizing the construct
// under the cursor (`PATTERNS.at`), after each of the keystroke row's edits. Hovers land on names,
// where the semantic model may be asked (keywords and punctuation need none).

import type { PythonDocument } from '../server/src/engine/document';
import type { PythonVersion } from '../server/src/engine/rule';
import { PATTERNS } from '../server/src/patterns';
import { keystrokes, type Keystroke } from './corpus.mjs';

export interface PatternHoverTimes {
  /** The first hover of a freshly opened document, on the explained name: the model built from nothing. */
  firstAfterOpenMs: number;
  /** After each edit, the hover on the explained name: the model rebuilt (reusing the facts of the statements the edit left alone). */
  explainedAfterEditMs: number[];
  /** After each edit, a hover on a name anywhere in the code (seeded). */
  anyNameAfterEditMs: number[];
  /** That hover asked again, as an editor does while the pointer rests. */
  againMs: number[];
}

const TARGET: PythonVersion = [3, 11];

/** Offsets inside names of the document's code, seeded, `count` of them. */
function namePlaces(document: PythonDocument, count: number): number[] {
  const root = document.tree.rootNode;
  return keystrokes(document.text, count * 8, 20261201)
    .map((stroke) => stroke.offset)
    .filter((offset) => root.descendantForIndex(offset)?.type === 'identifier')
    .slice(0, count);
}

/**
 * Hovers over `text` between `count` keystrokes. `explained` is a name in it that a pattern
 * explains (`_pydecimal.py` has `contextvars.ContextVar`): its hover always needs the model.
 */
export function patternHovers(open: (text: string) => PythonDocument, text: string, explained: string, count: number): PatternHoverTimes {
  const time = (work: () => unknown) => {
    const started = performance.now();
    const found = work();
    return { ms: performance.now() - started, found };
  };
  const explainedAt = text.indexOf(explained) + explained.length - 1;
  if (explainedAt < explained.length - 1) throw new Error(`no ${explained} in the hovered file`);
  // A warm-up on a copy, so that the first hover below times the work and not the JIT.
  const warm = open(text);
  for (const place of namePlaces(warm, 50)) PATTERNS.at(warm, TARGET, place);
  warm.dispose();

  const document = open(text);
  const places = namePlaces(document, count);
  const first = time(() => PATTERNS.at(document, TARGET, explainedAt));
  if (!first.found) throw new Error(`no pattern recognized at ${explained}`);
  const times: PatternHoverTimes = { firstAfterOpenMs: first.ms, explainedAfterEditMs: [], anyNameAfterEditMs: [], againMs: [] };
  const apply = (stroke: Keystroke) => {
    document.update([{ range: document.lines.rangeOf(stroke.offset, stroke.offset + stroke.deletes), text: stroke.text }]);
    // The reparse is the keystroke's (the keystroke row times it), not the hover's.
    void document.tree;
  };
  // The strokes come in pairs, a letter typed then deleted: between pairs the text is the original.
  const strokes = keystrokes(text, places.length * 2);
  places.forEach((place, index) => {
    const typed = strokes[2 * index];
    apply(typed);
    const shifted = typed.offset <= explainedAt ? explainedAt + typed.text.length : explainedAt;
    times.explainedAfterEditMs.push(time(() => PATTERNS.at(document, TARGET, shifted)).ms);
    apply(strokes[2 * index + 1]);
    times.anyNameAfterEditMs.push(time(() => PATTERNS.at(document, TARGET, place)).ms);
    times.againMs.push(time(() => PATTERNS.at(document, TARGET, place)).ms);
  });
  document.dispose();
  return times;
}
