// Renders a pattern's metadata as markdown: its hover and its section of the patterns reference
// (`docs/patterns.md`) are the same text.

import { atLeast } from './analyzer';
import type { PatternMatch, PatternMeta } from './pattern';
import type { PythonVersion } from './rule';

export const PATTERNS_PAGE = 'patterns.md';
export const PATTERNS_URL = 'https://github.com/python-pattern-hints/pyhints/blob/main/docs/patterns.md';

function versionText([major, minor]: PythonVersion): string {
  return `${major}.${minor}`;
}

/** Which Python it needs, and whether the project's target has it. */
export function patternVersionNote(meta: PatternMeta, target?: PythonVersion): string | undefined {
  if (meta.minPython[1] === 0 && meta.minPython[0] === 3) return undefined;
  const needs = versionText(meta.minPython);
  if (target && !atLeast(target, meta.minPython)) return `⚠ Needs Python ${needs}+: the project targets ${versionText(target)}, where this does not run.`;
  return `Needs Python ${needs}+.`;
}

/**
 * The hover over a recognized pattern: what this occurrence is, what the pattern is for, its
 * pitfall, the Python it needs, and the link to its section of the reference (`docsUrl`: the
 * server links the copy that ships with it).
 */
export function patternHoverMarkdown(match: PatternMatch, target: PythonVersion, docsUrl: (meta: PatternMeta) => string): string {
  const { pattern } = match;
  const version = patternVersionNote(match.minPython ? { ...pattern, minPython: match.minPython } : pattern, target);
  return [
    `**${pattern.title}** · Python pattern`,
    ...(match.detail ? [match.detail] : []),
    pattern.summary,
    `**Pitfall:** ${pattern.pitfall}`,
    ...(version ? [`*${version}*`] : []),
    `[Patterns reference](${docsUrl(pattern)})`,
  ].join('\n\n');
}
