// The text report, modelled on Ruff's: `path:line:column: CODE message`, a code frame with the
// finding underlined, whether `--fix` can fix it, and a summary. Columns count characters; the
// underline is placed by terminal columns so that it sits under emoji, CJK text and tabs.

import { terminalColumns, type LineIndex } from '../../server/src/engine/positions';
import type { Palette } from './colors';
import { placeLabel, RuleCounts, type FileFindings, type ReportedFinding, type Reporter, type RunTotals } from './report';

export interface TextReportOptions {
  statistics: boolean;
  quiet: boolean;
}

export class TextReporter implements Reporter {
  private readonly counts = new RuleCounts();

  constructor(
    private readonly write: (text: string) => void,
    private readonly colors: Palette,
    private readonly options: TextReportOptions,
  ) {}

  file(result: FileFindings): void {
    const { lines, findings } = result;
    if (this.options.statistics) {
      for (const reported of findings) this.counts.add(reported.finding.rule, reported.fixable);
      return;
    }
    if (findings.length > 0) this.write(findings.map((reported) => this.findingBlock(placeLabel(result), lines, reported)).join(''));
  }

  finish(totals: RunTotals): void {
    const output: string[] = [];
    if (this.options.statistics) output.push(...this.statisticsTable());
    if (!this.options.quiet) {
      if (totals.fixesApplied > 0) output.push(`Fixed ${count(totals.fixesApplied, 'finding')} in ${count(totals.filesFixed, 'file')}.`);
      output.push(summaryLine(totals));
    }
    if (output.length > 0) this.write(output.join('\n') + '\n');
  }

  private findingBlock(path: string, lines: LineIndex, reported: ReportedFinding): string {
    const { finding } = reported;
    const { line, column } = lines.displayLocation(finding.start);
    const c = this.colors;
    const header = `${c.bold(path)}:${line}:${column}: ${c.bold(c.red(finding.rule.code))} ${finding.message}`;
    const frame = codeFrame(lines, finding.start, finding.end, c);
    const gutter = ' '.repeat(String(line).length + 1);
    const advice = fixAdvice(reported);
    return [header, ...frame, ...(advice ? [`${gutter} ${c.cyan('= ' + advice)}`] : []), ''].join('\n') + '\n';
  }

  private statisticsTable(): string[] {
    const rows = this.counts.sorted();
    const width = Math.max(0, ...rows.map(({ count }) => String(count).length));
    return rows.map(({ rule, count, fixable }) => `${String(count).padStart(width)}  ${this.colors.red(rule.code)}  ${fixable > 0 ? '[*]' : '   '} ${rule.name}`);
  }
}

function fixAdvice({ finding }: ReportedFinding): string | undefined {
  switch (finding.fix?.safety) {
    case 'safe':
      return '[*] fixable with --fix';
    case 'unsafe':
      return '[*] fixable with --fix --unsafe-fixes';
    case 'suggestion':
      return `help: ${finding.fix.title} (offered as a refactoring in the editor)`;
    default:
      return undefined;
  }
}

/**
 * The finding's first line under a line-number gutter, and a caret under each terminal column of
 * the finding on that line. Tabs are expanded to the columns they take; control characters are
 * shown as U+FFFD so that a file cannot send escape sequences to the terminal.
 */
export function codeFrame(lines: LineIndex, start: number, end: number, colors: Palette): string[] {
  const { line } = lines.positionAt(start);
  const text = lines.lineText(line);
  const lineStart = lines.lineStart(line);
  const from = start - lineStart;
  const to = Math.min(end, lines.lineEnd(line)) - lineStart;
  const shown = text
    .replace(/\t/g, (_tab, index: number) => ' '.repeat(terminalColumns(text, index + 1) - terminalColumns(text, index)))
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '\ufffd');
  const indent = terminalColumns(text, from);
  const width = Math.max(1, terminalColumns(text, to) - indent);
  const number = String(line + 1);
  const gutter = ' '.repeat(number.length + 2);
  return [
    colors.blue(`${gutter}|`),
    `${colors.blue(` ${number} |`)} ${shown}`,
    `${colors.blue(`${gutter}|`)} ${' '.repeat(indent)}${colors.red('^'.repeat(width))}`,
  ];
}

export function summaryLine(totals: RunTotals): string {
  let summary: string;
  if (totals.findings > 0) {
    const fixes = [
      ...(totals.fixable > 0 ? [`${totals.fixable} fixable with --fix`] : []),
      ...(totals.unsafeFixable > 0 ? [`${totals.unsafeFixable} more with --unsafe-fixes`] : []),
    ];
    summary = `Found ${count(totals.findings, 'finding')} in ${count(totals.filesWithFindings, 'file')}${fixes.length > 0 ? ` (${fixes.join(', ')})` : ''}.`;
  } else {
    summary = totals.failed > 0 ? `No findings in ${count(totals.checked, 'file')}.` : `All checks passed (${count(totals.checked, 'file')}).`;
  }
  if (totals.failed > 0) summary += ` ${count(totals.failed, 'file')} could not be checked.`;
  if (totals.unwritten > 0) summary += ` ${count(totals.unwritten, 'file')} could not be fixed.`;
  return summary;
}

/** A unified diff with removed lines red, added lines green and hunk headers cyan. */
export function colorDiff(diff: string, colors: Palette): string {
  return diff.replace(/^.*$/gm, (line) => {
    if (line.startsWith('---') || line.startsWith('+++')) return colors.bold(line);
    if (line.startsWith('@@')) return colors.cyan(line);
    if (line.startsWith('-')) return colors.red(line);
    if (line.startsWith('+')) return colors.green(line);
    return line;
  });
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
