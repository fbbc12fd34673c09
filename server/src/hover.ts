// The hover over a finding: the rule's explanation, from the same metadata as its docs page.

import { MarkupKind, type Hover } from 'vscode-languageserver';
import type { Finding } from './engine/analyzer';
import type { LineIndex } from './engine/positions';
import { hoverMarkdown } from './engine/rule-docs';

/** The explanation of every finding under `offset` (several are separated by a rule), or null. */
export function findingsHover(findings: readonly Finding[], offset: number, lines: LineIndex): Hover | null {
  const hovered = findings.filter((finding) => offset === finding.start || (finding.start < offset && offset < finding.end));
  if (hovered.length === 0) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: hovered.map((finding) => hoverMarkdown(finding.rule, finding.message)).join('\n\n---\n\n') },
    range: lines.rangeOf(hovered[0].start, hovered[0].end),
  };
}
