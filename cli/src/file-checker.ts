// Checking one file (or the code from stdin): read it, fix it or diff the fixes when asked,
// analyse what is left, and hand what it found to a sink — the report and totals of the run on the
// main thread, or a message back to it from a worker thread. The order of what reaches the sink is
// the order the report shows.

import type { Finding } from '../../server/src/engine/analyzer';
import type { PythonDocument, SourceKind } from '../../server/src/engine/document';
import type { Engine } from '../../server/src/engine/engine';
import type { FileSettings } from '../../server/src/engine/config/file-settings';
import { fixApplies } from '../../server/src/engine/fixes';
import { cellAt, editedCells, editsFitCells, joinCells, type CellRange, type CellText, type NotebookText } from '../../server/src/engine/notebook';
import { LineIndex } from '../../server/src/engine/positions';
import type { RuleMeta, TextEdit } from '../../server/src/engine/rule';
import type { CheckOptions } from './args';
import type { Palette } from './colors';
import { fileErrorMessage } from './file-errors';
import { readNotebook, writeCells } from './notebook-file';
import { readSource, type FileStamp, type SourceRead } from './read-source';
import type { FileFindings, ReportedFinding, RunTotals } from './report';
import { colorDiff } from './report-text';
import { ResultCache, type CachedFinding } from './result-cache';
import { decodeSource, encodeSource, withOriginalLineBreaks, type SourceFormat } from './source-encoding';
import { unifiedDiff } from './unified-diff';
import { NotWrittenError, writeFileAtomic } from './write-atomic';

/** A finding with its checked fix edits (for JSON and SARIF). */
type AnalysedFinding = { finding: Finding; fixEdits?: TextEdit[] };

/** Where a file's outcome goes, in order. */
export interface RunSink {
  stdout(text: string | Uint8Array): void;
  stderr(text: string): void;
  file(result: FileFindings): void;
  totals: RunTotals;
}

export function emptyTotals(): RunTotals {
  return { checked: 0, failed: 0, unwritten: 0, findings: 0, filesWithFindings: 0, fixable: 0, unsafeFixable: 0, fixesApplied: 0, filesFixed: 0 };
}

export class FileChecker {
  currentFile = '';
  /**
   * JSON and SARIF carry each fix's edits, checked to keep the code parsing (a reparse per
   * finding); the other reports trust the rule's fix, which fix-all checks again when it applies it.
   */
  private readonly withEdits: boolean;
  /** Code from stdin that `--fix` fixes is printed on stdout: the report goes to stderr. */
  private readonly printsCode: boolean;
  /** What `answeredByCache` read of the file it answered for, until that file is checked. */
  private answered: { file: string; source: Extract<SourceRead, { ok: true }>; key: string; entries: CachedFinding[] } | undefined;

  constructor(
    private readonly options: CheckOptions,
    private readonly sink: RunSink,
    private readonly colors: Palette,
    private readonly rules: ReadonlyMap<string, RuleMeta>,
    private readonly cache: ResultCache | undefined,
  ) {
    this.withEdits = withFixEdits(options);
    this.printsCode = options.stdin && options.fix;
  }

  private problem(path: string, message: string): void {
    this.sink.stderr(`${path}: ${message}\n`);
  }

  private failure(path: string, message: string): void {
    this.problem(path, message);
    this.sink.totals.failed++;
  }

  check(engine: Engine, settings: FileSettings, file: string): void {
    const source = this.answered?.file === file ? this.answered.source : readSource(file);
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
          if (this.options.diff) this.sink.stdout(colorDiff(unifiedDiff(source.text, json, file), this.colors));
          if (this.options.diff || this.write(file, json, source.format, source.stamp)) {
            this.sink.totals.fixesApplied += fixed.applied;
            this.sink.totals.filesFixed++;
            cells = joinCells(fixed.cells);
          }
        }
      }
      this.sink.totals.checked++;
      if (!this.options.diff) this.reportNotebook(engine, settings, file, cells);
    } catch (error) {
      this.failure(file, `internal error (${errorText(error)}); skipped`);
    }
  }

  private reportNotebook(engine: Engine, settings: FileSettings, file: string, cells: NotebookText): void {
    const document = engine.open(cells.text, 0, 'notebook');
    try {
      const findings = this.reported(engine, settings, document, file);
      this.sink.totals.findings += findings.length;
      if (findings.length > 0) this.sink.totals.filesWithFindings++;
      else this.sink.file({ path: file, lines: document.lines, findings: [] });
      const byCell = new Map<CellRange, ReportedFinding[]>();
      for (const reported of findings) {
        const range = cellAt(cells, reported.finding.start)!;
        const inCell = byCell.get(range);
        if (inCell) inCell.push(reported);
        else byCell.set(range, [reported]);
      }
      cells.cells.forEach((range, index) => {
        const inCell = byCell.get(range);
        if (!inCell) return;
        const shift = (offset: number) => offset - range.start;
        const moved = inCell.map((reported) => ({
          ...reported,
          finding: { ...reported.finding, start: shift(reported.finding.start), end: shift(reported.finding.end) },
          fixEdits: reported.fixEdits?.map((edit) => ({ ...edit, start: shift(edit.start), end: shift(edit.end) })),
        }));
        this.sink.file({ path: file, cell: range.cell + 1, lines: new LineIndex(cells.sources[index].source), findings: moved });
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
    if (this.printsCode) this.sink.stdout(bytes);
  }

  /** A file's text is fixed in place (checked against its stamp); code from stdin is printed when fixed. */
  private checkText(engine: Engine, settings: FileSettings, file: string, source: { text: string; format: SourceFormat }, origin: { stamp: FileStamp } | { bytes: Uint8Array }): void {
    this.currentFile = file;
    const stdin = 'bytes' in origin ? origin.bytes : undefined;
    let printed = false;
    const print = (bytes: Uint8Array) => {
      if (this.printsCode && !printed) this.sink.stdout(bytes);
      printed = true;
    };
    try {
      const text = this.options.fix || this.options.diff ? this.fixOrDiff(engine, settings, file, source.text, source.format, stdin ? undefined : (origin as { stamp: FileStamp }).stamp) : source.text;
      this.sink.totals.checked++;
      if (stdin) print(text === source.text ? stdin : (encodeSource(text, source.format) ?? stdin));
      if (!this.options.diff) this.report(engine, settings, file, text);
    } catch (error) {
      this.failure(file, `internal error (${errorText(error)}); skipped`);
      if (stdin) print(stdin);
    }
  }

  /** Applies the fixes (or prints their diff) and returns the text to report on. */
  private fixOrDiff(engine: Engine, settings: FileSettings, file: string, text: string, format: SourceFormat, stamp: FileStamp | undefined): string {
    const result = engine.fixAll(text, settings.unsafeFixes, sourceKind(file), settings.canFix);
    // Fixes insert `\n`; a CRLF file gets CRLF there too.
    const fixed = withOriginalLineBreaks(result.text, format);
    if (fixed === text) return text;
    if (this.options.diff) {
      this.sink.stdout(colorDiff(unifiedDiff(text, fixed, file), this.colors));
    } else if (stamp && !this.write(file, fixed, format, stamp)) {
      return text;
    }
    this.sink.totals.fixesApplied += result.applied;
    this.sink.totals.filesFixed++;
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
    this.sink.totals.unwritten++;
    return false;
  }

  private report(engine: Engine, settings: FileSettings, file: string, text: string): void {
    const document = engine.open(text, 0, sourceKind(file));
    try {
      const findings = this.reported(engine, settings, document, file);
      this.sink.totals.findings += findings.length;
      if (findings.length > 0) this.sink.totals.filesWithFindings++;
      this.sink.file({ path: file, lines: document.lines, findings });
    } finally {
      document.dispose();
    }
  }

  /** The document's findings, sorted, with what the report says of their fixes (counted in the totals). */
  private reported(engine: Engine, settings: FileSettings, document: PythonDocument, file: string): ReportedFinding[] {
    const analysed = this.analysed(engine, settings, document, file);
    return analysed.map(({ finding, fixEdits }): ReportedFinding => {
      // JSON offers a fix only with edits that keep the code parsing; the text report trusts the rule's fix, which fix-all checks again.
      const offered = finding.fix !== undefined && (!this.withEdits || fixEdits !== undefined) && settings.canFix(finding.rule);
      const fixable = offered && fixApplies(finding.fix!.safety, settings.unsafeFixes);
      if (fixable) this.sink.totals.fixable++;
      else if (offered && finding.fix!.safety === 'unsafe') this.sink.totals.unsafeFixable++;
      return { finding, fixEdits, fixable, severity: settings.severityOf(finding.rule) };
    });
  }

  /**
   * Whether checking the file would take its findings from the cache: a `.py` or `.pyi` file, read
   * as it is now, and not fixed (fixing analyses afresh). Nothing is reported.
   */
  answeredByCache(settings: FileSettings, file: string): boolean {
    this.answered = undefined;
    if (!this.cache || this.options.fix || this.options.diff || file.endsWith('.ipynb')) return false;
    const source = readSource(file);
    if (!source.ok) return false;
    const key = this.cacheKey(settings, sourceKind(file), source.text);
    const entries = this.cache.get(file, key);
    if (!entries || !entries.every((entry) => this.rules.has(entry.code))) return false;
    // Kept for the check that follows: reading, hashing and parsing the entry again would double a warm run.
    this.answered = { file, source, key, entries };
    return true;
  }

  private cacheKey(settings: FileSettings, kind: SourceKind, text: string): string {
    return ResultCache.keyOf([settings.engineKey, this.withEdits, kind], text);
  }

  /** The analysis of a document, from the cache when it holds this text under these settings. */
  private analysed(engine: Engine, settings: FileSettings, document: PythonDocument, file: string): AnalysedFinding[] {
    const answered = this.answered?.file === file && this.answered.source.text === document.text ? this.answered : undefined;
    this.answered = undefined;
    const key = answered?.key ?? (this.cache && this.cacheKey(settings, document.kind, document.text));
    const cached = key === undefined ? undefined : (answered?.entries ?? this.cache!.get(file, key))?.map((entry) => this.fromCache(entry));
    if (cached && cached.every((entry) => entry !== undefined)) return cached as AnalysedFinding[];
    const sorted = engine.analyze(document).sort((a, b) => a.start - b.start || a.rule.code.localeCompare(b.rule.code));
    const edits = this.withEdits ? engine.fixEditsOfEach(document, sorted) : [];
    const analysed = sorted.map((finding, index) => ({ finding, fixEdits: edits[index] }));
    if (key !== undefined) this.cache!.set(file, key, analysed.map(toCache));
    return analysed;
  }

  private fromCache(entry: CachedFinding): AnalysedFinding | undefined {
    const rule = this.rules.get(entry.code);
    if (!rule) return undefined;
    const finding: Finding = { rule, message: entry.message, start: entry.start, end: entry.end };
    if (entry.fix) finding.fix = { ...entry.fix, edits: [], imports: [] };
    return { finding, fixEdits: entry.fixEdits };
  }
}

function toCache({ finding, fixEdits }: AnalysedFinding): CachedFinding {
  const entry: CachedFinding = { code: finding.rule.code, message: finding.message, start: finding.start, end: finding.end };
  if (finding.fix) entry.fix = { title: finding.fix.title, safety: finding.fix.safety };
  if (fixEdits) entry.fixEdits = fixEdits;
  return entry;
}

/** Whether the report shows each fix's edits (JSON and SARIF). */
export function withFixEdits(options: CheckOptions): boolean {
  return (options.format === 'json' || options.format === 'sarif') && !options.statistics;
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

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
