// The hover over a finding — its message, why it matters, and its fix as a before/after of the
// user's own code —, over a rule's code in a `noqa` comment, the rule's whole explanation, and over
// a recognized pattern (`@dataclass`, `match`…), what it is for. Each comes from the same metadata
// as its docs page.

import { MarkupKind, type Hover, type Range } from 'vscode-languageserver';
import type { Finding } from './engine/analyzer';
import { applyEdits } from './engine/fixes';
import type { LineIndex } from './engine/positions';
import type { PythonVersion, RuleMeta, TextEdit } from './engine/rule';
import type { PatternMatch, PatternMeta } from './engine/pattern';
import { patternHoverMarkdown } from './engine/pattern-docs';
import { findingHoverMarkdown, hoverMarkdown, type FixPreview } from './engine/rule-docs';
import { noqaCodeAt } from './engine/suppressions';

/** A preview longer than this is no preview: the hover shows the rule's own example instead. */
const MAX_HUNKS = 3;
const MAX_HUNK_LINES = 10;

export interface HoverContext {
  lines: LineIndex;
  rules: ReadonlyMap<string, RuleMeta>;
  docsUrl: (meta: RuleMeta) => string;
  /** The edits of a finding's fix, when it has one that keeps the code parsing. */
  fixEditsOf: (finding: Finding) => readonly TextEdit[] | undefined;
  /** The editor range of a span of the document (a notebook's only within the hovered cell). */
  rangeOf?: (start: number, end: number) => Range | undefined;
  /** Whether the hover says the finding's message (false where the editor shows it above the hover). */
  showsMessage?: boolean;
  /** The pattern recognized under the cursor, explained after the findings. */
  pattern?: { match: PatternMatch; target: PythonVersion; docsUrl: (meta: PatternMeta) => string };
}

/**
 * The explanation of every finding under `offset` (several are separated by a rule), then of the
 * rule whose code is written there in a `noqa` comment, else of the pattern there; null when there
 * is none.
 */
export function findingsHover(findings: readonly Finding[], offset: number, context: HoverContext): Hover | null {
  const { lines, rules, docsUrl } = context;
  const hovered = findings.filter((finding) => offset === finding.start || (finding.start < offset && offset < finding.end));
  const code = noqaCodeAt(lines, offset);
  const named = code && rules.get(code.code);
  const parts = hovered.map((finding) => findingHoverMarkdown(finding.rule, context.showsMessage === false ? undefined : finding.message, docsUrl, previewOf(finding, context)));
  if (named && !hovered.some((finding) => finding.rule === named)) parts.push(hoverMarkdown(named, named.message, docsUrl));
  const pattern = named ? undefined : context.pattern;
  if (pattern) parts.push(patternHoverMarkdown(pattern.match, pattern.target, pattern.docsUrl));
  if (parts.length === 0) return null;
  const [start, end] = named && code ? [code.start, code.end] : hovered.length > 0 ? [hovered[0].start, hovered[0].end] : [pattern!.match.start, pattern!.match.end];
  const contents = { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') };
  const range = (context.rangeOf ?? ((from, to) => lines.rangeOf(from, to)))(start, end);
  return range ? { contents, range } : { contents };
}

/**
 * The lines a fix changes, before and after, in hunks of neighbouring edits (an import added at
 * the top is a hunk of its own). None when there is no fix, or when it is too long to show.
 */
export function previewOf(finding: Finding, { lines, fixEditsOf }: Pick<HoverContext, 'lines' | 'fixEditsOf'>): FixPreview | undefined {
  const edits = finding.fix ? fixEditsOf(finding) : undefined;
  if (!finding.fix || !edits || edits.length === 0) return undefined;
  const lastLine = (edit: TextEdit) => lines.lineAt(edit.end > edit.start ? edit.end - 1 : edit.end);
  const groups: TextEdit[][] = [];
  for (const edit of [...edits].sort((a, b) => a.start - b.start)) {
    const group = groups.at(-1);
    if (group && lines.lineAt(edit.start) <= lastLine(group.at(-1)!) + 1) group.push(edit);
    else groups.push([edit]);
  }
  if (groups.length > MAX_HUNKS) return undefined;
  const hunks = groups.map((group) => {
    const start = lines.lineStart(lines.lineAt(group[0].start));
    const end = Math.max(lines.lineEnd(lastLine(group.at(-1)!)), ...group.map((edit) => edit.end));
    const before = lines.text.slice(start, end);
    return { before, after: applyEdits(before, group.map((edit) => ({ ...edit, start: edit.start - start, end: edit.end - start }))) };
  });
  const tooLong = (text: string) => text.split('\n').length > MAX_HUNK_LINES;
  if (hunks.some((hunk) => tooLong(hunk.before) || tooLong(hunk.after))) return undefined;
  return { title: finding.fix.title, hunks: hunks.filter((hunk) => hunk.before !== hunk.after) };
}

