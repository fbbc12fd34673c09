// Checking files on worker threads. Each worker runs the CLI bundle with its own parser and
// engines and the same settings, takes the next file when it is done with one, and sends back what
// the file gave — its stdout and stderr text, its report entries and its counts — in order. The
// main thread passes those on in the order of the files, with those it checked itself (the ones
// the cache answers), so the output is the one a single thread writes, whatever order the workers
// finish in.

import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LineIndex } from '../../server/src/engine/positions';
import type { CheckOptions } from './args';
import { COLORS, NO_COLORS } from './colors';
import { emptyTotals, type RunSink } from './file-checker';
import type { FileFindings, ReportedFinding, RunTotals } from './report';

/** What a worker is started with. */
export interface WorkerSetup {
  options: CheckOptions;
  grammarDir: string;
  colors: boolean;
  /** The cache's folder, or none with `--no-cache`. */
  cacheDir?: string;
  build: string;
}

/** A report entry as it crosses threads: the rule by its code, the lines by their text. */
export interface WireReported {
  path: string;
  cell?: number;
  text: string;
  findings: (Omit<ReportedFinding, 'finding'> & { finding: Omit<ReportedFinding['finding'], 'rule'> & { code: string } })[];
}

export type FileEvent = { type: 'stdout'; data: string | Uint8Array } | { type: 'stderr'; text: string } | { type: 'file'; result: WireReported };

/** What checking one file gave, as it crosses threads. */
export interface FileOutcome {
  events: FileEvent[];
  totals: RunTotals;
}

export type WorkerMessage = { type: 'ready' } | ({ type: 'done'; index: number } & FileOutcome);

export interface ParallelRun extends WorkerSetup {
  files: readonly string[];
  /** Files already checked on this thread (answered by the cache), by their index. */
  checked: ReadonlyMap<number, FileOutcome>;
  threads: number;
  entryFile: string;
  rules: ReadonlyMap<string, ReportedFinding['finding']['rule']>;
}

/** A sink that keeps what a file gives, to be passed on in the order of the files. */
export function capturingSink(): { sink: RunSink; take(): FileOutcome } {
  let outcome: FileOutcome = { events: [], totals: emptyTotals() };
  const sink: RunSink = {
    stdout: (data) => outcome.events.push({ type: 'stdout', data }),
    stderr: (text) => outcome.events.push({ type: 'stderr', text }),
    file: (result) => outcome.events.push({ type: 'file', result: toWire(result) }),
    get totals() {
      return outcome.totals;
    },
  };
  const take = () => {
    const taken = outcome;
    outcome = { events: [], totals: emptyTotals() };
    return taken;
  };
  return { sink, take };
}

export async function checkInParallel(run: ParallelRun, sink: RunSink): Promise<void> {
  const { files, checked, threads, entryFile, rules, ...setup } = run;
  const results = new Map<number, FileOutcome>(checked);
  // The largest files go first, so that no thread is left with a long one at the end.
  const order = files
    .flatMap((file, index) => (checked.has(index) ? [] : [{ index, size: sizeOf(file) }]))
    .sort((a, b) => b.size - a.size || a.index - b.index)
    .map(({ index }) => index);
  let next = 0;
  let flushed = 0;
  const flush = () => {
    for (let done = results.get(flushed); done; done = results.get(flushed)) {
      results.delete(flushed++);
      replay(done, sink, rules);
    }
  };
  if (order.length === 0) return flush();
  const workers = Array.from({ length: Math.min(threads, order.length) }, () => new Worker(entryFile, { workerData: setup satisfies WorkerSetup }));
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let finished = false;
          const give = () => {
            if (next >= order.length) {
              finished = true;
              void worker.terminate().then(() => resolve());
              return;
            }
            const index = order[next++];
            worker.postMessage({ index, file: files[index] });
          };
          worker.on('message', (message: WorkerMessage) => {
            if (message.type === 'done') {
              results.set(message.index, message);
              flush();
            }
            give();
          });
          worker.on('error', reject);
          // A worker that stops before it is told to would leave its file unanswered.
          worker.on('exit', (code) => {
            if (!finished) reject(new Error(`a worker thread stopped with code ${code} before the files were checked`));
          });
        }),
    ),
  ).finally(() => Promise.all(workers.map((worker) => worker.terminate())));
  flush();
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function replay(done: FileOutcome, sink: RunSink, rules: ParallelRun['rules']): void {
  for (const event of done.events) {
    if (event.type === 'stdout') sink.stdout(event.data);
    else if (event.type === 'stderr') sink.stderr(event.text);
    else sink.file(fromWire(event.result, rules));
  }
  for (const [key, value] of Object.entries(done.totals) as [keyof RunTotals, number][]) sink.totals[key] += value;
}

function fromWire(result: WireReported, rules: ParallelRun['rules']) {
  const findings = result.findings.map(({ finding: { code, ...finding }, ...reported }) => ({ ...reported, finding: { ...finding, rule: rules.get(code)! } }));
  return { path: result.path, cell: result.cell, lines: new LineIndex(result.text), findings };
}

function toWire({ path, cell, lines, findings }: FileFindings): WireReported {
  return {
    path,
    cell,
    // Reports read the lines only around findings: a file without any need not cross threads.
    text: findings.length > 0 ? lines.text : '',
    findings: findings.map(({ finding: { rule, ...finding }, ...reported }) => ({ ...reported, finding: { ...finding, code: rule.code } })),
  };
}

/** A worker's palette, as the main thread chose it. */
export function paletteOf(colors: boolean) {
  return colors ? COLORS : NO_COLORS;
}
