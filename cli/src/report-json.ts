// `--format json`: one JSON array on stdout, of findings or, with `--statistics`, of counts per rule.
// Lines and columns are 1-based, columns in Unicode characters, like the text report.

import type { LineIndex } from '../../server/src/engine/positions';
import { RuleCounts, type FileFindings, type ReportedFinding, type Reporter } from './report';

interface JsonLocation {
  line: number;
  column: number;
}

export interface JsonFinding {
  path: string;
  /** In a notebook, the 1-based cell; lines are then the cell's. */
  cell?: number;
  code: string;
  name: string;
  message: string;
  severity: string;
  start: JsonLocation;
  end: JsonLocation;
  fix: null | { safety: string; title: string; edits: { start: JsonLocation; end: JsonLocation; text: string }[] };
}

export function jsonFinding(path: string, lines: LineIndex, { finding, fixEdits, severity }: ReportedFinding, cell?: number): JsonFinding {
  return {
    path,
    ...(cell === undefined ? {} : { cell }),
    code: finding.rule.code,
    name: finding.rule.name,
    message: finding.message,
    severity,
    start: lines.displayLocation(finding.start),
    end: lines.displayLocation(finding.end),
    fix:
      finding.fix && fixEdits
        ? {
            safety: finding.fix.safety,
            title: finding.fix.title,
            edits: fixEdits.map((edit) => ({ start: lines.displayLocation(edit.start), end: lines.displayLocation(edit.end), text: edit.text })),
          }
        : null,
  };
}

export class JsonReporter implements Reporter {
  private readonly findings: JsonFinding[] = [];
  private readonly counts = new RuleCounts();

  constructor(
    private readonly write: (text: string) => void,
    private readonly options: { statistics: boolean },
  ) {}

  file({ path, cell, lines, findings }: FileFindings): void {
    for (const reported of findings) {
      if (this.options.statistics) this.counts.add(reported.finding.rule, reported.fixable);
      else this.findings.push(jsonFinding(path, lines, reported, cell));
    }
  }

  finish(): void {
    const output = this.options.statistics
      ? this.counts.sorted().map(({ rule, count, fixable }) => ({ code: rule.code, name: rule.name, count, fixable }))
      : this.findings;
    this.write(JSON.stringify(output, null, 2) + '\n');
  }
}
