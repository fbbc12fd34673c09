// `# noqa` comments, as flake8 and Ruff read them: `# noqa` silences every finding on its line,
// `# noqa: PH101, PH502` only those codes. The comment goes on the line where the finding starts.

import type { Finding } from './analyzer';
import type { LineIndex } from './positions';

const NOQA = /#\s*noqa(?::[\s]*(?<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?/i;

export function isSuppressed(finding: Finding, lines: LineIndex): boolean {
  const lineText = lines.lineText(lines.lineAt(finding.start));
  if (!lineText.includes('#')) return false;
  const match = NOQA.exec(lineText);
  if (!match) return false;
  const codes = match.groups?.codes;
  if (!codes) return true;
  return codes.toUpperCase().split(/[\s,]+/).includes(finding.rule.code);
}
