// `--format github`: GitHub Actions workflow commands, one per finding, which the runner shows as
// annotations on the pull request's diff. Columns count Unicode characters, like the text report.

import { workflowCommand } from './workflow-command';
import { placeLabel, type FileFindings, type Reporter } from './report';
import type { Severity } from '../../server/src/engine/rule';

const COMMANDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export class GithubReporter implements Reporter {
  constructor(private readonly write: (text: string) => void) {}

  file(result: FileFindings): void {
    const { path, lines, findings } = result;
    for (const { finding, severity } of findings) {
      const start = lines.displayLocation(finding.start);
      const end = lines.displayLocation(finding.end);
      // In a notebook the lines are the cell's: the annotation names the cell.
      const where: Record<string, number> = result.cell === undefined ? { line: start.line, col: start.column, endLine: end.line, endColumn: end.column } : {};
      const properties = { title: `pyhints (${finding.rule.code})`, file: path, ...where };
      this.write(workflowCommand(COMMANDS[severity], properties, `${placeLabel(result)}:${start.line}:${start.column}: ${finding.rule.code} ${finding.message}`));
    }
  }

  finish(): void {}
}
