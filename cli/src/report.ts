// What a report receives from a check run: each file's findings as they are found, then totals.

import type { Finding } from '../../server/src/engine/analyzer';
import type { LineIndex } from '../../server/src/engine/positions';
import type { RuleMeta, Severity, TextEdit } from '../../server/src/engine/rule';

export interface ReportedFinding {
  finding: Finding;
  /** For JSON: the edits of its fix, including imports; absent when it has none or the result would not parse. */
  fixEdits?: TextEdit[];
  /** Whether `--fix` applies its fix with the current flags and the file's configuration. */
  fixable: boolean;
  /** The rule's severity, or the one the configuration gives it. */
  severity: Severity;
}

export interface FileFindings {
  /** As the user named it (joined to the folder they named). */
  path: string;
  /** For a notebook, the 1-based cell the findings are in; `lines` and offsets are then the cell's. */
  cell?: number;
  lines: LineIndex;
  findings: readonly ReportedFinding[];
}

export interface RunTotals {
  /** Files read and analysed. */
  checked: number;
  /** Files that could not be read, decoded or analysed. */
  failed: number;
  /** Files whose fixes could not be written. */
  unwritten: number;
  findings: number;
  filesWithFindings: number;
  /** Findings `--fix` would fix with the current flags. */
  fixable: number;
  /** Findings whose fix is unsafe and `--unsafe-fixes` was not given. */
  unsafeFixable: number;
  fixesApplied: number;
  filesFixed: number;
}

/** `path`, or `path:cell N` for a notebook's cell: where the text and GitHub reports say a finding is. */
export function placeLabel({ path, cell }: Pick<FileFindings, 'path' | 'cell'>): string {
  return cell === undefined ? path : `${path}:cell ${cell}`;
}

export interface Reporter {
  file(result: FileFindings): void;
  finish(totals: RunTotals): void;
}

/** Finding counts per rule, most frequent first, for `--statistics`. */
export class RuleCounts {
  private readonly counts = new Map<string, { rule: RuleMeta; count: number; fixable: number }>();

  add(rule: RuleMeta, fixable: boolean): void {
    const entry = this.counts.get(rule.code) ?? { rule, count: 0, fixable: 0 };
    entry.count++;
    if (fixable) entry.fixable++;
    this.counts.set(rule.code, entry);
  }

  sorted(): { rule: RuleMeta; count: number; fixable: number }[] {
    return [...this.counts.values()].sort((a, b) => b.count - a.count || a.rule.code.localeCompare(b.rule.code));
  }
}
