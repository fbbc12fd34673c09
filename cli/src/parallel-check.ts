// Checking files on worker threads. Each worker runs the CLI bundle with its own parser and
// engines and the same settings, takes the next file when it is done with one, and sends back what
// the file gave — its stdout and stderr text, its report entries and its counts — in order. The
// main thread passes those on in the order of the files, so the output is the one a single thread
// writes, whatever order the workers finish in.

import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LineIndex } from '../../server/src/engine/positions';
import type { CheckOptions } from './args';
import { COLORS, NO_COLORS } from './colors';
import type { RunSink } from './file-checker';
import type { ReportedFinding, RunTotals } from './report';

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

export type WorkerMessage = { type: 'ready' } | { type: 'done'; index: number; events: FileEvent[]; totals: RunTotals };

export interface ParallelRun extends WorkerSetup {
  files: readonly string[];
  threads: number;
  entryFile: string;
  rules: ReadonlyMap<string, ReportedFinding['finding']['rule']>;
}

export async function checkInParallel(run: ParallelRun, sink: RunSink): Promise<void> {
  const { files, threads, entryFile, rules, ...setup } = run;
  const results = new Map<number, Extract<WorkerMessage, { type: 'done' }>>();
  // The largest files go first, so that no thread is left with a long one at the end.
  const order = files.map((file, index) => ({ index, size: sizeOf(file) })).sort((a, b) => b.size - a.size || a.index - b.index).map(({ index }) => index);
  let next = 0;
  let flushed = 0;
  const flush = () => {
    for (let done = results.get(flushed); done; done = results.get(flushed)) {
      results.delete(flushed++);
      replay(done, sink, rules);
    }
  };
  const workers = Array.from({ length: threads }, () => new Worker(entryFile, { workerData: setup satisfies WorkerSetup }));
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

function replay(done: Extract<WorkerMessage, { type: 'done' }>, sink: RunSink, rules: ParallelRun['rules']): void {
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

/** A worker's palette, as the main thread chose it. */
export function paletteOf(colors: boolean) {
  return colors ? COLORS : NO_COLORS;
}
