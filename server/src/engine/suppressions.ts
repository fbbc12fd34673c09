// Line suppressions: `# noqa` as flake8 and Ruff read it (bare: every finding on its line; with
// codes: those codes), and Pylint's `# pylint: disable=…` on the line or `disable-next=…` on the
// line above. A rule's peers count: a line silenced for Ruff's B006 or Pylint's
// `dangerous-default-value` is silenced for PH107 too — the user already decided about that line.

import type { Finding } from './analyzer';
import type { LineIndex } from './positions';
import type { RuleMeta } from './rule';

const NOQA = /#\s*noqa(?::[\s]*(?<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;
const PYLINT = /#\s*pylint:\s*disable(?<next>-next)?\s*=\s*(?<names>[\w-]+(?:\s*,\s*[\w-]+)*)/gi;

export function isSuppressed(finding: Finding, lines: LineIndex): boolean {
  const line = lines.lineAt(finding.start);
  const lineText = lines.lineText(line);
  if (lineText.includes('#') && (silencedByNoqa(lineText, finding.rule) || silencedByPylint(lineText, finding.rule, false))) return true;
  if (line === 0) return false;
  const above = lines.lineText(line - 1);
  return above.includes('disable-next') && silencedByPylint(above, finding.rule, true);
}

function silencedByNoqa(lineText: string, rule: RuleMeta): boolean {
  const match = NOQA.exec(lineText);
  if (!match) return false;
  const codes = match.groups?.codes;
  if (!codes) return true;
  const listed = codes.toUpperCase().split(/[\s,]+/);
  return listed.includes(rule.code) || (rule.peers ?? []).some((peer) => peer.tool !== 'pylint' && listed.includes(peer.code));
}

function silencedByPylint(lineText: string, rule: RuleMeta, next: boolean): boolean {
  if (!lineText.includes('pylint')) return false;
  for (const match of lineText.matchAll(PYLINT)) {
    if ((match.groups?.next !== undefined) !== next) continue;
    const names = match.groups!.names.split(',').map((name) => name.trim().toLowerCase());
    if (names.includes('all')) return true;
    if ((rule.peers ?? []).some((peer) => peer.tool === 'pylint' && (names.includes(peer.name) || names.includes(peer.code.toLowerCase())))) return true;
  }
  return false;
}
