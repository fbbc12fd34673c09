// The hover over a finding, and over a rule's code in a `noqa` comment: the rule's explanation,
// from the same metadata as its docs page.

import { MarkupKind, type Hover, type Range } from 'vscode-languageserver';
import type { Finding } from './engine/analyzer';
import type { LineIndex } from './engine/positions';
import type { RuleMeta } from './engine/rule';
import { hoverMarkdown } from './engine/rule-docs';
import { noqaCodeAt } from './engine/suppressions';

/**
 * The explanation of every finding under `offset` (several are separated by a rule), then of the
 * rule whose code is written there in a `noqa` comment; null when there is neither.
 */
export function findingsHover(
  findings: readonly Finding[],
  offset: number,
  lines: LineIndex,
  rules: ReadonlyMap<string, RuleMeta>,
  docsUrl: (meta: RuleMeta) => string,
  rangeOf: (start: number, end: number) => Range | undefined = (start, end) => lines.rangeOf(start, end),
): Hover | null {
  const hovered = findings.filter((finding) => offset === finding.start || (finding.start < offset && offset < finding.end));
  const code = noqaCodeAt(lines, offset);
  const named = code && rules.get(code.code);
  const parts = hovered.map((finding) => hoverMarkdown(finding.rule, finding.message, docsUrl));
  if (named && !hovered.some((finding) => finding.rule === named)) parts.push(hoverMarkdown(named, named.message, docsUrl));
  if (parts.length === 0) return null;
  const [start, end] = named && code ? [code.start, code.end] : [hovered[0].start, hovered[0].end];
  const contents = { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') };
  const range = rangeOf(start, end);
  return range ? { contents, range } : { contents };
}
