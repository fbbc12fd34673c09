// `--format github`: GitHub Actions workflow commands, one per finding, which the runner shows as
// annotations on the pull request's diff. Columns count Unicode characters, like the text report.

import { workflowCommand } from './workflow-command';
import type { FileFindings, Reporter } from './report';
import type { Severity } from '../../server/src/engine/rule';

const COMMANDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

export class GithubReporter implements Reporter {
  constructor(private readonly write: (text: string) => void) {}

  file({ path, lines, findings }: FileFindings): void {
    for (const { finding, severity } of findings) {
      const start = lines.displayLocation(finding.start);
      const end = lines.displayLocation(finding.end);
      const properties = { title: `pyhints (${finding.rule.code})`, file: path, line: start.line, col: start.column, endLine: end.line, endColumn: end.column };
      this.write(workflowCommand(COMMANDS[severity], properties, `${path}:${start.line}:${start.column}: ${finding.rule.code} ${finding.message}`));
    }
  }

  finish(): void {}
}
