// Renders a pattern's metadata as markdown: its hover and its section of the patterns reference
// (`docs/patterns.md`) are the same text.

import { atLeast } from './analyzer';
import { OLDEST_TARGET } from './config/python-version';
import { PATTERN_FAMILIES, type PatternFamily, type PatternMatch, type PatternMeta } from './pattern';
import type { PythonVersion } from './rule';
import { pythonBlock } from './rule-docs';

export const PATTERNS_PAGE = 'patterns.md';
export const PATTERNS_URL = 'https://github.com/python-pattern-hints/pyhints/blob/main/docs/patterns.md';

/** `3.10` for `[3, 10]`. */
export function versionText([major, minor]: PythonVersion): string {
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
  const needs = match.minPython ?? pattern.minPython;
  // Said only where it tells something: when some target this tool supports lacks it.
  const version = atLeast(OLDEST_TARGET, needs) && atLeast(target, needs) ? undefined : patternVersionNote({ ...pattern, minPython: needs }, target);
  return [
    `**${pattern.title}** · Python pattern`,
    ...(match.detail ? [match.detail] : []),
    pattern.summary,
    `**Pitfall:** ${pattern.pitfall}`,
    ...(version ? [`*${version}*`] : []),
    `[Patterns reference](${docsUrl(pattern)})`,
  ].join('\n\n');
}

/** A pattern's section of the reference: its anchor (the id the hovers link to), title, version, explanation and example. */
export function patternSectionMarkdown(meta: PatternMeta): string {
  const version = patternVersionNote(meta);
  return [
    `<a id="${meta.id}"></a>\n\n### ${meta.title}`,
    ...(version ? [`*${version}*`] : []),
    meta.summary,
    `**Pitfall:** ${meta.pitfall}`,
    pythonBlock(meta.example),
  ].join('\n\n');
}

/** The patterns reference: the patterns grouped by family, in the order of `PATTERN_FAMILIES`. */
export function patternsPageMarkdown(patterns: readonly PatternMeta[]): string {
  const families = (Object.entries(PATTERN_FAMILIES) as [PatternFamily, string][])
    .map(([family, heading]) => ({ heading, members: patterns.filter((meta) => meta.family === family) }))
    .filter(({ members }) => members.length > 0);
  const contents = families.map(({ heading, members }) => `- **${heading}:** ${members.map((meta) => `[${meta.title}](#${meta.id})`).join(' · ')}`);
  const sections = families.map(({ heading, members }) => [`## ${heading}`, ...members.map(patternSectionMarkdown)].join('\n\n'));
  return [
    '# Patterns',
    'The constructs Python Pattern Hints recognizes in correct code and explains on hover: what each is for, its common pitfall and the Python it needs. Generated from the same metadata as the hovers by `npm run docs`.',
    contents.join('\n'),
    ...sections,
  ].join('\n\n') + '\n';
}
