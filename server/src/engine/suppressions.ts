// Suppressions: `# noqa` as flake8 and Ruff read it (bare: every finding on its line; with codes:
// those codes), and Pylint's `# pylint: disable=…` — at the end of the line, as `disable-next=…` on
// the line above, or on a line of its own, where it holds to the end of its block (or an `enable=`).
// A rule's peers count: a line silenced for Ruff's B006 or Pylint's `dangerous-default-value` is
// silenced for PH107 too — the user already decided about that line.

import type { Finding } from './analyzer';
import type { LineIndex } from './positions';
import type { RuleMeta } from './rule';

const NOQA = /#\s*noqa(?::[\s]*(?<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;
const PYLINT = /#\s*pylint:\s*(?<action>disable-next|disable|enable)\s*=\s*(?<names>[\w-]+(?:\s*,\s*[\w-]+)*)/gi;

export function isSuppressed(finding: Finding, lines: LineIndex): boolean {
  const line = lines.lineAt(finding.start);
  const lineText = lines.lineText(line);
  if (lineText.includes('#') && (silencedByNoqa(lineText, finding.rule) || pylintSays(lineText, finding.rule, 'disable') === true)) return true;
  if (line === 0 || !lines.text.includes('pylint:')) return false;
  const above = lines.lineText(line - 1);
  if (above.includes('disable-next') && pylintSays(above, finding.rule, 'disable-next') === true) return true;
  return disabledForBlock(lines, line, finding.rule);
}

/**
 * Whether a `# pylint: disable=…` on a line of its own above the finding, in the same block or one
 * around it, still holds: no `enable=…` came after it, and the code did not dedent below it.
 */
function disabledForBlock(lines: LineIndex, line: number, rule: RuleMeta): boolean {
  let innermost = indentation(lines.lineText(line));
  for (let above = line - 1; above >= 0; above--) {
    const text = lines.lineText(above);
    const trimmed = text.trimStart();
    if (trimmed === '') continue;
    const indent = text.length - trimmed.length;
    if (!trimmed.startsWith('#')) {
      innermost = Math.min(innermost, indent);
      continue;
    }
    if (indent > innermost || !trimmed.includes('pylint:')) continue;
    const says = pylintSays(trimmed, rule, 'disable') ?? (pylintSays(trimmed, rule, 'enable') === true ? false : undefined);
    if (says !== undefined) return says;
  }
  return false;
}

function indentation(text: string): number {
  return text.length - text.trimStart().length;
}

function silencedByNoqa(lineText: string, rule: RuleMeta): boolean {
  const match = NOQA.exec(lineText);
  if (!match) return false;
  const codes = match.groups?.codes;
  if (!codes) return true;
  const listed = codes.toUpperCase().split(/[\s,]+/);
  return listed.includes(rule.code) || (rule.peers ?? []).some((peer) => peer.tool !== 'pylint' && listed.includes(peer.code));
}

/** `true` when a `# pylint: <action>=…` comment on the line names the rule's Pylint peer (or `all`), else nothing. */
function pylintSays(lineText: string, rule: RuleMeta, action: 'disable' | 'disable-next' | 'enable'): true | undefined {
  if (!lineText.includes('pylint')) return undefined;
  for (const match of lineText.matchAll(PYLINT)) {
    if (match.groups!.action.toLowerCase() !== action) continue;
    const names = match.groups!.names.split(',').map((name) => name.trim().toLowerCase());
    if (names.includes('all')) return true;
    if ((rule.peers ?? []).some((peer) => peer.tool === 'pylint' && (names.includes(peer.name) || names.includes(peer.code.toLowerCase())))) return true;
  }
  return undefined;
}
