// `pyhints check`: find the files, read each one, fix it (or diff the fixes) when asked, analyse
// what is left and hand the findings to the report. A file that cannot be read, decoded, analysed
// or written is reported on stderr and the run goes on; like Ruff's E902, it makes the exit code 1.

import { ALL_RULES } from '../../server/src/rules';
import type { SourceKind } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { fixApplies } from '../../server/src/engine/fixes';
import type { FixSafety } from '../../server/src/engine/rule';
import type { CheckOptions } from './args';
import type { Palette } from './colors';
import { discoverFiles } from './discover-files';
import { fileErrorMessage } from './file-errors';
import { readSource, type FileStamp } from './read-source';
import type { ReportedFinding, Reporter, RunTotals } from './report';
import { JsonReporter } from './report-json';
import { colorDiff, count, TextReporter } from './report-text';
import { encodeSource, withOriginalLineBreaks, type SourceFormat } from './source-encoding';
import { unifiedDiff } from './unified-diff';
import { NotWrittenError, writeFileAtomic } from './write-atomic';

export interface Output {
  stdout(text: string): void;
  stderr(text: string): void;
  colors: Palette;
}

/** Runs the check and returns the exit code. */
export async function runCheck(grammarDir: string, options: CheckOptions, output: Output): Promise<number> {
  const run = new CheckRun(options, output);
  const engine = await createEngine(grammarDir, ALL_RULES, {
    select: options.select,
    extendSelect: options.extendSelect,
    ignore: options.ignore,
    target: options.target,
    onRuleError: (rule, error) => run.problem(run.currentFile, `internal error in ${rule.code} ${rule.name} (${errorText(error)}); its findings in this file are missing`),
  });
  const { files, problems } = discoverFiles(options.paths);
  for (const { path, message } of problems) run.failure(path, message);
  if (files.length === 0 && problems.length === 0 && !options.quiet) output.stderr(`pyhints: no Python files found under ${options.paths.join(', ')}\n`);
  for (const file of files) run.check(engine, file);
  return run.finish();
}

class CheckRun {
  readonly totals: RunTotals = { checked: 0, failed: 0, unwritten: 0, findings: 0, filesWithFindings: 0, fixable: 0, unsafeFixable: 0, fixesApplied: 0, filesFixed: 0 };
  currentFile = '';
  private readonly reporter: Reporter;
  /**
   * JSON carries each fix's edits, checked to keep the code parsing (a reparse per finding); the
   * text report trusts the rule's fix, which fix-all checks again when it applies it.
   */
  private readonly withEdits: boolean;

  constructor(
    private readonly options: CheckOptions,
    private readonly output: Output,
  ) {
    this.withEdits = options.format === 'json' && !options.statistics;
    const isFixable = (reported: ReportedFinding) => this.isFixable(reported);
    this.reporter =
      options.format === 'json'
        ? new JsonReporter(output.stdout, { statistics: options.statistics, isFixable })
        : new TextReporter(output.stdout, output.colors, { statistics: options.statistics, quiet: options.quiet, isFixable });
  }

  problem(path: string, message: string): void {
    this.output.stderr(`${path}: ${message}\n`);
  }

  failure(path: string, message: string): void {
    this.problem(path, message);
    this.totals.failed++;
  }

  check(engine: Engine, file: string): void {
    const source = readSource(file);
    if (!source.ok) {
      if (source.tooLarge) this.problem(file, source.message);
      else this.failure(file, source.message);
      return;
    }
    this.currentFile = file;
    try {
      const text = this.options.fix || this.options.diff ? this.fixOrDiff(engine, file, source.text, source.format, source.stamp) : source.text;
      this.totals.checked++;
      if (!this.options.diff) this.report(engine, file, text);
    } catch (error) {
      this.failure(file, `internal error (${errorText(error)}); skipped`);
    }
  }

  finish(): number {
    const { options, totals } = this;
    if (options.diff) {
      if (!options.quiet) {
        const checked = `${count(totals.checked, 'file')} checked`;
        this.output.stderr(
          totals.fixesApplied > 0 ? `Would fix ${count(totals.fixesApplied, 'finding')} in ${count(totals.filesFixed, 'file')} (${checked}).\n` : `Nothing to fix (${checked}).\n`,
        );
      }
    } else {
      this.reporter.finish(totals);
      // The text report says it on stdout; JSON keeps stdout for the array.
      if (options.format === 'json' && totals.fixesApplied > 0 && !options.quiet) {
        this.output.stderr(`Fixed ${count(totals.fixesApplied, 'finding')} in ${count(totals.filesFixed, 'file')}.\n`);
      }
    }
    if (options.exitZero) return 0;
    const found = options.diff ? totals.fixesApplied > 0 : totals.findings > 0;
    return found || totals.failed > 0 || totals.unwritten > 0 ? 1 : 0;
  }

  /** Applies the fixes (or prints their diff) and returns the text to report on. */
  private fixOrDiff(engine: Engine, file: string, text: string, format: SourceFormat, stamp: FileStamp): string {
    const result = engine.fixAll(text, this.options.unsafeFixes, sourceKind(file));
    // Fixes insert `\n`; a CRLF file gets CRLF there too.
    const fixed = withOriginalLineBreaks(result.text, format);
    if (fixed === text) return text;
    if (this.options.diff) {
      this.output.stdout(colorDiff(unifiedDiff(text, fixed, file), this.output.colors));
    } else if (!this.write(file, fixed, format, stamp)) {
      return text;
    }
    this.totals.fixesApplied += result.applied;
    this.totals.filesFixed++;
    return fixed;
  }

  private write(file: string, text: string, format: SourceFormat, stamp: FileStamp): boolean {
    const bytes = encodeSource(text, format);
    let problem: string | undefined;
    if (!bytes) {
      problem = `the fixed text has characters that ${format.encoding} cannot encode; not written`;
    } else {
      try {
        writeFileAtomic(file, bytes, stamp);
      } catch (error) {
        problem = error instanceof NotWrittenError ? error.message : `cannot write the fixes: ${fileErrorMessage(error)}`;
      }
    }
    if (problem === undefined) return true;
    this.problem(file, problem);
    this.totals.unwritten++;
    return false;
  }

  private report(engine: Engine, file: string, text: string): void {
    const document = engine.open(text, 0, sourceKind(file));
    try {
      const sorted = engine.analyze(document).sort((a, b) => a.start - b.start || a.rule.code.localeCompare(b.rule.code));
      const edits = this.withEdits ? engine.fixEditsOfEach(document, sorted) : [];
      const findings = sorted.map((finding, index): ReportedFinding => ({ finding, fixEdits: edits[index] }));
      const { totals } = this;
      totals.findings += findings.length;
      if (findings.length > 0) totals.filesWithFindings++;
      for (const reported of findings) {
        if (this.isFixable(reported)) totals.fixable++;
        else if (this.fixSafety(reported) === 'unsafe') totals.unsafeFixable++;
      }
      this.reporter.file({ path: file, lines: document.lines, findings });
    } finally {
      document.dispose();
    }
  }

  /** The safety of the finding's fix, when it has one the report can offer. */
  private fixSafety({ finding, fixEdits }: ReportedFinding): FixSafety | undefined {
    return finding.fix && (!this.withEdits || fixEdits) ? finding.fix.safety : undefined;
  }

  /** Whether `--fix` applies the finding's fix with the current flags. */
  private isFixable(reported: ReportedFinding): boolean {
    const safety = this.fixSafety(reported);
    return safety !== undefined && fixApplies(safety, this.options.unsafeFixes);
  }
}

function sourceKind(file: string): SourceKind {
  return file.endsWith('.pyi') ? 'stub' : 'module';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
