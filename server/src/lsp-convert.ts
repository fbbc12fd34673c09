// Engine results in LSP shapes: findings become diagnostics, offset edits become range edits.
// Offsets turn into positions only through the document's LineIndex.

import {
  DiagnosticSeverity,
  DiagnosticTag,
  type Diagnostic,
  type TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { Finding } from './engine/analyzer';
import type { LineIndex } from './engine/positions';
import type { RuleMeta, Severity, TextEdit } from './engine/rule';
import { ruleDocsUrl } from './engine/rule-docs';

export const DIAGNOSTIC_SOURCE = 'pyhints';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAGS = { unnecessary: DiagnosticTag.Unnecessary, deprecated: DiagnosticTag.Deprecated } as const;

/**
 * What a diagnostic carries back to the server in code action requests: the finding it came from,
 * as its index among the findings of that document version.
 */
export interface FindingData {
  version: number;
  index: number;
}

/** `severity`: the rule's, unless the configuration gives it another; `docsUrl`: where the rule's page is. */
export function toDiagnostic(finding: Finding, data: FindingData, lines: LineIndex, severity: Severity = finding.rule.severity, docsUrl: (meta: RuleMeta) => string = ruleDocsUrl): Diagnostic {
  const diagnostic: Diagnostic = {
    range: lines.rangeOf(finding.start, finding.end),
    severity: SEVERITIES[severity],
    code: finding.rule.code,
    codeDescription: { href: docsUrl(finding.rule) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    data,
  };
  const tags = lspTags(finding.rule);
  if (tags.length > 0) diagnostic.tags = tags;
  return diagnostic;
}

function lspTags(meta: RuleMeta): DiagnosticTag[] {
  return (meta.tags ?? []).map((tag) => TAGS[tag]);
}

/**
 * The finding a diagnostic from a code action request stands for, if the diagnostic is one of
 * ours, belongs to `version` and still matches the finding at its index (same code and range).
 */
export function findingOf(diagnostic: Diagnostic, version: number, findings: readonly Finding[], lines: Pick<LineIndex, 'offsetAt'>): Finding | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const data = diagnostic.data as Partial<FindingData> | undefined;
  if (data?.version !== version || typeof data.index !== 'number') return undefined;
  const finding = findings[data.index];
  if (!finding || finding.rule.code !== diagnostic.code) return undefined;
  const { start, end } = diagnostic.range;
  return lines.offsetAt(start) === finding.start && lines.offsetAt(end) === finding.end ? finding : undefined;
}

export function toLspEdits(edits: readonly TextEdit[], lines: LineIndex): LspTextEdit[] {
  return edits.map((edit) => ({ range: lines.rangeOf(edit.start, edit.end), newText: edit.text }));
}
