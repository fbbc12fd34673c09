// What the pattern tests ask: which pattern a hover at a marked place recognizes, over which span,
// with which detail. The marker is `‸` (removed before parsing) in front of the hovered character.

import { PythonDocument } from '../server/src/engine/document';
import type { PatternMatch } from '../server/src/engine/pattern';
import type { PythonVersion } from '../server/src/engine/rule';
import { PATTERNS } from '../server/src/patterns';
import { parser } from './engine-fixture';

export const MARK = '‸';

export interface Recognized {
  id: string;
  /** The source text of the explained span. */
  span: string;
  detail?: string;
  match: PatternMatch;
}

/** The pattern at the marker of `marked` (exactly one `‸`), or undefined when none is recognized there. */
export function patternAt(marked: string, target: PythonVersion = [3, 14]): Recognized | undefined {
  const offset = marked.indexOf(MARK);
  if (offset === -1 || marked.indexOf(MARK, offset + 1) !== -1) throw new Error('mark the hovered place with exactly one ‸');
  const source = marked.slice(0, offset) + marked.slice(offset + MARK.length);
  const document = new PythonDocument(parser, source, 0, 'module');
  try {
    const match = PATTERNS.at(document, target, offset);
    return match && { id: match.pattern.id, span: source.slice(match.start, match.end), detail: match.detail, match };
  } finally {
    document.dispose();
  }
}
