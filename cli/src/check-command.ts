// `pyhints check`: find the files, read each one, fix it (or diff the fixes) when asked, analyse
// what is left and hand the findings to the report, each file with the settings its configuration
// and the command line give it. Code read from stdin is checked as the file `--stdin-filename`
// names; fixed, it is printed rather than written. A file that cannot be read, decoded, analysed or written is
// reported on stderr and the run goes on; like Ruff's E902, it makes the exit code 1. A problem in
// a configuration file is a warning: the rest of it applies.

import { ALL_RULES } from '../../server/src/rules';
import type { SourceKind } from '../../server/src/engine/document';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import { fixApplies } from '../../server/src/engine/fixes';
import * as path from 'node:path';
import type { CheckOptions } from './args';
import type { Palette } from './colors';
import { discoverFiles } from './discover-files';
import { fileErrorMessage } from './file-errors';
import { ProjectSettings, type FileSettings } from './project-settings';
import { readSource, type FileStamp } from './read-source';
import type { ReportedFinding, Reporter, RunTotals } from './report';
import { GithubReporter } from './report-github';
import { JsonReporter } from './report-json';
import { JunitReporter } from './report-junit';
import { SarifReporter } from './report-sarif';
import { colorDiff, count, TextReporter } from './report-text';
import { settingsReport } from './show-settings';
import { decodeSource, encodeSource, withOriginalLineBreaks, type SourceFormat } from './source-encoding';
import { unifiedDiff } from './unified-diff';
import { readNotebook, writeCells } from './notebook-file';
import { cellAt, editedCells, editsFitCells, joinCells, type CellText, type NotebookText } from '../../server/src/engine/notebook';
import { LineIndex } from '../../server/src/engine/positions';
import type { PythonDocument } from '../../server/src/engine/document';
import { NotWrittenError, writeFileAtomic } from './write-atomic';

export interface Output {
  /** Bytes are code printed back (stdin with `--fix`), in the encoding it came in. */
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  colors: Palette;
}

/** What the run reads besides files, and reports about itself. */
export interface Environment {
  cwd: string;
  version: string;
  readStdin(): Uint8Array;
}

/** Runs the check and returns the exit code. */
export async function runCheck(grammarDir: string, options: CheckOptions, output: Output, environment: Environment): Promise<number> {
  const settings = new ProjectSettings(options, ALL_RULES, (problem) => output.stderr(`warning: ${problem.message}\n`));
  if (options.showSettings) {
    output.stdout(settingsReport(settings, options.paths[0] ?? '.', options.format === 'json'));
    return 0;
  }
  const run = new CheckRun(options, output, environment);
  const base = await createEngine(grammarDir, ALL_RULES);
  const engines = new Map<string, Engine>();
  const engineFor = (file: FileSettings) => {
    let engine = engines.get(file.engineKey);
    if (!engine) {
      engine = base.reconfigure(ALL_RULES, {
        ...file.engine,
        onRuleError: (rule, error) => run.problem(run.currentFile, `internal error in ${rule.code} ${rule.name} (${errorText(error)}); its findings in this file are missing`),
      });
      engines.set(file.engineKey, engine);
    }
    return engine;
  };
  if (options.stdin) {
    const name = options.stdinFilename ?? '-';
    // Code without a name is configured as a file of the current folder.
    const fileSettings = settings.forFile(options.stdinFilename ?? path.join(environment.cwd, 'stdin.py'));
    run.checkStdin(engineFor(fileSettings), fileSettings, name, environment.readStdin());
    return run.finish();
  }
  const { files, problems } = discoverFiles(options.paths, settings.exclusion(), options.forceExclude);
  for (const { path, message } of problems) run.failure(path, message);
  if (files.length === 0 && problems.length === 0 && !options.quiet) output.stderr(`pyhints: no Python files found under ${options.paths.join(', ')}\n`);
  for (const file of files) {
    const fileSettings = settings.forFile(file);
    run.check(engineFor(fileSettings), fileSettings, file);
  }
  return run.finish();
}

class CheckRun {
  readonly totals: RunTotals = { checked: 0, failed: 0, unwritten: 0, findings: 0, filesWithFindings: 0, fixable: 0, unsafeFixable: 0, fixesApplied: 0, filesFixed: 0 };
  currentFile = '';
  private readonly reporter: Reporter;
  /**
   * JSON and SARIF carry each fix's edits, checked to keep the code parsing (a reparse per
   * finding); the other reports trust the rule's fix, which fix-all checks again when it applies it.
   */
  private readonly withEdits: boolean;
  /** Code from stdin that `--fix` fixes is printed on stdout: the report goes to stderr. */
  private readonly printsCode: boolean;

  constructor(
    private readonly options: CheckOptions,
    private readonly output: Output,
    environment: Environment,
  ) {
    this.withEdits = (options.format === 'json' || options.format === 'sarif') && !options.statistics;
    this.printsCode = options.stdin && options.fix;
    const write = this.printsCode ? output.stderr : output.stdout;
    this.reporter = reporterFor(options, write, output, environment);
  }

  problem(path: string, message: string): void {
    this.output.stderr(`${path}: ${message}\n`);
  }

  failure(path: string, message: string): void {
    this.problem(path, message);
    this.totals.failed++;
  }

  check(engine: Engine, settings: FileSettings, file: string): void {
    const source = readSource(file);
    if (!source.ok) {
      if (source.tooLarge) this.problem(file, source.message);
      else this.failure(file, source.message);
      return;
    }
    if (file.endsWith('.ipynb')) this.checkNotebook(engine, settings, file, source);
    else this.checkText(engine, settings, file, source, { stamp: source.stamp });
  }

  /** A notebook's code cells, analysed as one text, fixed and reported cell by cell. */
  private checkNotebook(engine: Engine, settings: FileSettings, file: string, source: { text: string; format: SourceFormat; stamp: FileStamp }): void {
    const read = readNotebook(source.text);
    if (!read.ok) {
      if (!read.skip) this.failure(file, read.message);
      return;
    }
    this.currentFile = file;
    try {
      let cells = joinCells(read.notebook.cells);
      if (this.options.fix || this.options.diff) {
        const fixed = fixNotebook(engine, settings, cells);
        if (fixed.applied > 0) {
          const json = writeCells(read.notebook, fixed.cells);
          if (this.options.diff) this.output.stdout(colorDiff(unifiedDiff(source.text, json, file), this.output.colors));
          if (this.options.diff || this.write(file, json, source.format, source.stamp)) {
            this.totals.fixesApplied += fixed.applied;
            this.totals.filesFixed++;
            cells = joinCells(fixed.cells);
          }
        }
      }
      this.totals.checked++;
      if (!this.options.diff) this.reportNotebook(engine, settings, file, cells);
    } catch (error) {
      this.failure(file, `internal error (${errorText(error)}); skipped`);
    }
  }

  private reportNotebook(engine: Engine, settings: FileSettings, file: string, cells: NotebookText): void {
    const document = engine.open(cells.text, 0, 'notebook');
    try {
      const findings = this.reported(engine, settings, document);
      this.totals.findings += findings.length;
      if (findings.length > 0) this.totals.filesWithFindings++;
      else this.reporter.file({ path: file, lines: document.lines, findings: [] });
      cells.cells.forEach((range, index) => {
        const inCell = findings.filter((reported) => cellAt(cells, reported.finding.start) === range);
        if (inCell.length === 0) return;
        const shift = (offset: number) => offset - range.start;
        const moved = inCell.map((reported) => ({
          ...reported,
          finding: { ...reported.finding, start: shift(reported.finding.start), end: shift(reported.finding.end) },
          fixEdits: reported.fixEdits?.map((edit) => ({ ...edit, start: shift(edit.start), end: shift(edit.end) })),
        }));
        this.reporter.file({ path: file, cell: range.cell + 1, lines: new LineIndex(cells.sources[index].source), findings: moved });
      });
    } finally {
      document.dispose();
    }
  }

  checkStdin(engine: Engine, settings: FileSettings, name: string, bytes: Uint8Array): void {
    const decoded = decodeSource(bytes);
    if (decoded.ok) return this.checkText(engine, settings, name, decoded, { bytes });
    this.failure(name, decoded.reason);
    // Printed back as it came: a caller that replaces the code with the output loses nothing.
    if (this.printsCode) this.output.stdout(bytes);
  }

  /** A file's text is fixed in place (checked against its stamp); code from stdin is printed when fixed. */
  private checkText(engine: Engine, settings: FileSettings, file: string, source: { text: string; format: SourceFormat }, origin: { stamp: FileStamp } | { bytes: Uint8Array }): void {
    this.currentFile = file;
    const stdin = 'bytes' in origin ? origin.bytes : undefined;
    let printed = false;
    const print = (bytes: Uint8Array) => {
      if (this.printsCode && !printed) this.output.stdout(bytes);
      printed = true;
    };
    try {
      const text = this.options.fix || this.options.diff ? this.fixOrDiff(engine, settings, file, source.text, source.format, stdin ? undefined : (origin as { stamp: FileStamp }).stamp) : source.text;
      this.totals.checked++;
      if (stdin) print(text === source.text ? stdin : (encodeSource(text, source.format) ?? stdin));
      if (!this.options.diff) this.report(engine, settings, file, text);
    } catch (error) {
      this.failure(file, `internal error (${errorText(error)}); skipped`);
      if (stdin) print(stdin);
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
  private fixOrDiff(engine: Engine, settings: FileSettings, file: string, text: string, format: SourceFormat, stamp: FileStamp | undefined): string {
    const result = engine.fixAll(text, settings.unsafeFixes, sourceKind(file), settings.canFix);
    // Fixes insert `\n`; a CRLF file gets CRLF there too.
    const fixed = withOriginalLineBreaks(result.text, format);
    if (fixed === text) return text;
    if (this.options.diff) {
      this.output.stdout(colorDiff(unifiedDiff(text, fixed, file), this.output.colors));
    } else if (stamp && !this.write(file, fixed, format, stamp)) {
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

  private report(engine: Engine, settings: FileSettings, file: string, text: string): void {
    const document = engine.open(text, 0, sourceKind(file));
    try {
      const findings = this.reported(engine, settings, document);
      this.totals.findings += findings.length;
      if (findings.length > 0) this.totals.filesWithFindings++;
      this.reporter.file({ path: file, lines: document.lines, findings });
    } finally {
      document.dispose();
    }
  }

  /** The document's findings, sorted, with what the report says of their fixes (counted in the totals). */
  private reported(engine: Engine, settings: FileSettings, document: PythonDocument): ReportedFinding[] {
    const sorted = engine.analyze(document).sort((a, b) => a.start - b.start || a.rule.code.localeCompare(b.rule.code));
    const edits = this.withEdits ? engine.fixEditsOfEach(document, sorted) : [];
    return sorted.map((finding, index): ReportedFinding => {
      // JSON offers a fix only with edits that keep the code parsing; the text report trusts the rule's fix, which fix-all checks again.
      const offered = finding.fix !== undefined && (!this.withEdits || edits[index] !== undefined) && settings.canFix(finding.rule);
      const fixable = offered && fixApplies(finding.fix!.safety, settings.unsafeFixes);
      if (fixable) this.totals.fixable++;
      else if (offered && finding.fix!.safety === 'unsafe') this.totals.unsafeFixable++;
      return { finding, fixEdits: edits[index], fixable, severity: settings.severityOf(finding.rule) };
    });
  }
}

function reporterFor(options: CheckOptions, write: (text: string) => void, output: Output, environment: Environment): Reporter {
  switch (options.format) {
    case 'json':
      return new JsonReporter(write, { statistics: options.statistics });
    case 'sarif':
      return new SarifReporter(write, environment);
    case 'github':
      return new GithubReporter(write);
    case 'junit':
      return new JunitReporter(write);
    case 'text':
      return new TextReporter(write, output.colors, { statistics: options.statistics, quiet: options.quiet });
  }
}

/**
 * Fix-all over a notebook's joined cells, round after round as for a file, with only the fixes
 * whose edits stay within one cell and off IPython's syntax.
 */
function fixNotebook(engine: Engine, settings: FileSettings, start: NotebookText, maxRounds = 10): { cells: CellText[]; applied: number } {
  let cells = start;
  let applied = 0;
  let current: CellText[] = start.sources.map((cell) => ({ ...cell }));
  for (let round = 0; round < maxRounds; round++) {
    const document = engine.open(cells.text, 0, 'notebook');
    try {
      const fitting = engine.analyze(document).filter((finding) => {
        if (!finding.fix || !settings.canFix(finding.rule) || !fixApplies(finding.fix.safety, settings.unsafeFixes)) return false;
        const edits = engine.fixEdits(document, finding);
        return edits !== undefined && editsFitCells(cells, edits);
      });
      const { edits, fixCount } = engine.fixAllEdits(document, fitting, settings.unsafeFixes);
      if (edits.length === 0 || !editsFitCells(cells, edits)) break;
      applied += fixCount;
      current = editedCells(cells, edits);
      cells = joinCells(current);
    } finally {
      document.dispose();
    }
  }
  return { cells: current, applied };
}

function sourceKind(file: string): SourceKind {
  return file.endsWith('.pyi') ? 'stub' : 'module';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
