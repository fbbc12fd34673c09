// `pyhints check`: find the files, check each one with the settings its configuration and the
// command line give it (file-checker.ts), and report. Files are checked on worker threads when
// there are enough of them (`--threads`, all cores by default), except those whose findings the
// cache holds, which the main thread answers before starting any; what each file gives is reported
// in the order of the files, so the output is the same as with one thread. A file that cannot be
// read, decoded, analysed or written is reported on stderr and the run goes on; like Ruff's E902,
// it makes the exit code 1. A problem in a configuration file is a warning: the rest applies.

import * as path from 'node:path';
import { ALL_RULES } from '../../server/src/rules';
import { createEngine, type Engine } from '../../server/src/engine/engine';
import type { FileSettings } from '../../server/src/engine/config/file-settings';
import type { CheckOptions } from './args';
import { COLORS, type Palette } from './colors';
import { discoverFiles } from './discover-files';
import { emptyTotals, errorText, FileChecker, type RunSink } from './file-checker';
import { capturingSink, checkInParallel, type FileOutcome } from './parallel-check';
import { ProjectSettings } from './project-settings';
import type { Reporter, RunTotals } from './report';
import { GithubReporter } from './report-github';
import { JsonReporter } from './report-json';
import { JunitReporter } from './report-junit';
import { SarifReporter } from './report-sarif';
import { count, TextReporter } from './report-text';
import { ResultCache } from './result-cache';
import { settingsReport } from './show-settings';

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
  /** The version and build the cache entries belong to. */
  build: string;
  readStdin(): Uint8Array;
  /** How many threads to check on, unless `--threads` says. */
  parallelism: number;
  /** The CLI bundle, which worker threads run too. */
  entryFile: string;
}

/** Fewer files than this per thread are checked on the main thread: starting a worker costs a parser. */
const FILES_PER_WORKER = 8;
/** This many files in a row that the cache cannot answer end the main thread's look at the cache. */
const COLD_RUN_MISSES = 2 * FILES_PER_WORKER;

export const RULES_BY_CODE = new Map(ALL_RULES.map((rule) => [rule.meta.code, rule.meta] as const));

/** Runs the check and returns the exit code. */
export async function runCheck(grammarDir: string, options: CheckOptions, output: Output, environment: Environment): Promise<number> {
  const settings = new ProjectSettings(options, ALL_RULES, (problem) => output.stderr(`warning: ${problem.message}\n`));
  if (options.showSettings) {
    output.stdout(settingsReport(settings, options.paths[0] ?? '.', options.format === 'json'));
    return 0;
  }
  const run = new CheckRun(options, output, environment);
  const cache = cacheOf(options, settings, environment);
  if (options.stdin) {
    const name = options.stdinFilename ?? '-';
    // Code without a name is configured as a file of the current folder.
    const fileSettings = settings.forFile(options.stdinFilename ?? path.join(environment.cwd, 'stdin.py'));
    const engines = new Engines(grammarDir, (message) => run.sink.stderr(`${name}: ${message}\n`));
    new FileChecker(options, run.sink, output.colors, RULES_BY_CODE, undefined).checkStdin(await engines.for(fileSettings), fileSettings, name, environment.readStdin());
    return run.finish();
  }
  const { files, problems } = discoverFiles(options.paths, settings.exclusion(), options.forceExclude);
  for (const { path: file, message } of problems) {
    run.sink.stderr(`${file}: ${message}\n`);
    run.sink.totals.failed++;
  }
  if (files.length === 0 && problems.length === 0 && !options.quiet) output.stderr(`pyhints: no Python files found under ${options.paths.join(', ')}\n`);
  // Resolved here too, so that each configuration's warnings are printed once, before the findings.
  const fileSettings = files.map((file) => settings.forFile(file));
  const threadsFor = (count: number) => Math.min(options.threads ?? environment.parallelism, Math.floor(count / FILES_PER_WORKER));
  if (threadsFor(files.length) > 1) {
    const capture = capturingSink();
    const checker = new FileChecker(options, capture.sink, output.colors, RULES_BY_CODE, cache);
    const engines = new Engines(grammarDir, (message) => capture.sink.stderr(`${checker.currentFile}: ${message}\n`));
    const checked = new Map<number, FileOutcome>();
    const checkHere = async (index: number) => {
      checker.check(await engines.for(fileSettings[index]), fileSettings[index], files[index]);
      checked.set(index, capture.take());
    };
    // What the cache answers is checked here: a warm run starts no worker for it. A run of misses
    // looks like a cold run, whose files the workers had better start on (they read the cache too).
    let misses = 0;
    for (const [index, file] of files.entries()) {
      if (misses === COLD_RUN_MISSES) break;
      if (checker.answeredByCache(fileSettings[index], file)) {
        await checkHere(index);
        misses = 0;
      } else {
        misses++;
      }
    }
    const rest = files.flatMap((_, index) => (checked.has(index) ? [] : [index]));
    const threads = threadsFor(rest.length);
    if (threads <= 1) for (const index of rest) await checkHere(index);
    await checkInParallel({ files, checked, threads, options, grammarDir, entryFile: environment.entryFile, colors: output.colors === COLORS, cacheDir: cache?.root, build: environment.build, rules: RULES_BY_CODE }, run.sink);
  } else {
    const checker = new FileChecker(options, run.sink, output.colors, RULES_BY_CODE, cache);
    const engines = new Engines(grammarDir, (message) => run.sink.stderr(`${checker.currentFile}: ${message}\n`));
    for (const [index, file] of files.entries()) checker.check(await engines.for(fileSettings[index]), fileSettings[index], file);
  }
  return run.finish();
}

/** The cache of analysis results, unless `--no-cache` (or the code comes from stdin). */
function cacheOf(options: CheckOptions, settings: ProjectSettings, environment: Environment): ResultCache | undefined {
  if (!options.cache || options.stdin) return undefined;
  const root = options.cacheDir === undefined ? settings.cacheDirOf(environment.cwd) : path.resolve(environment.cwd, options.cacheDir);
  return new ResultCache(root, environment.build);
}

/** One engine per distinct set of engine options, over one parser. */
export class Engines {
  private base: Promise<Engine> | undefined;
  private readonly byKey = new Map<string, Engine>();

  constructor(
    private readonly grammarDir: string,
    private readonly onProblem: (message: string) => void,
  ) {}

  async for(settings: FileSettings): Promise<Engine> {
    let engine = this.byKey.get(settings.engineKey);
    if (!engine) {
      const base = await (this.base ??= createEngine(this.grammarDir, ALL_RULES));
      engine = base.reconfigure(ALL_RULES, {
        ...settings.engine,
        onRuleError: (rule, error) => this.onProblem(`internal error in ${rule.code} ${rule.name} (${errorText(error)}); its findings in this file are missing`),
      });
      this.byKey.set(settings.engineKey, engine);
    }
    return engine;
  }
}

/** The report and totals of the run, on the main thread. */
class CheckRun {
  readonly sink: RunSink;
  private readonly reporter: Reporter;

  constructor(
    private readonly options: CheckOptions,
    private readonly output: Output,
    environment: Environment,
  ) {
    // Code from stdin that `--fix` fixes is printed on stdout: the report goes to stderr.
    const write = options.stdin && options.fix ? output.stderr : output.stdout;
    this.reporter = reporterFor(options, write, output, environment);
    const totals: RunTotals = emptyTotals();
    this.sink = { stdout: output.stdout, stderr: output.stderr, file: (result) => this.reporter.file(result), totals };
  }

  finish(): number {
    const { options } = this;
    const { totals } = this.sink;
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
