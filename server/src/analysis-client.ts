// The connection thread's side of the analysis worker: it mirrors the open documents into the
// worker, asks for analyses and hands back their findings. Every request is answered, with
// `undefined` when the analysis did not run (the document changed or closed, the worker failed);
// an analysis that never ends gets the worker restarted, so no request waits forever.

import { Worker } from 'node:worker_threads';
import { fromWire, type FromWorker, type ToWorker, type WorkerEngineOptions } from './analysis-protocol';
import type { Finding } from './engine/analyzer';
import type { SourceKind, TextChange } from './engine/document';
import type { RuleMeta } from './engine/rule';

export interface WorkerAnalysis {
  version: number;
  engineKey: string;
  findings: Finding[];
  refactorings: Finding[];
  /** How long the analysis took in the worker. */
  milliseconds: number;
}

export interface AnalysisClientOptions {
  workerFile: string;
  rules: readonly RuleMeta[];
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  /** An analysis running longer than this is taken for a hang: the worker is restarted. */
  hangTimeoutMs: number;
}

interface Waiter {
  version: number;
  engineKey: string;
  resolve: (analysis: WorkerAnalysis | undefined) => void;
}

interface Mirror {
  text: string;
  version: number;
  kind: SourceKind;
}

export class AnalysisClient {
  private worker!: Worker;
  private readonly rules: ReadonlyMap<string, RuleMeta>;
  private readonly waiters = new Map<string, Waiter[]>();
  /** What the worker must be told again after a restart: each open document's current text. */
  private readonly mirrors = new Map<string, Mirror>();
  private hangTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(private readonly options: AnalysisClientOptions) {
    this.rules = new Map(options.rules.map((rule) => [rule.code, rule]));
    this.start();
  }

  open(uri: string, text: string, version: number, kind: SourceKind): void {
    this.mirrors.set(uri, { text, version, kind });
    this.send({ type: 'open', uri, text, version, kind });
  }

  /** `text` is the document's text after the changes, kept for a restart. */
  change(uri: string, changes: TextChange[], version: number, text: string): void {
    const mirror = this.mirrors.get(uri);
    if (!mirror) return;
    mirror.text = text;
    mirror.version = version;
    this.send({ type: 'change', uri, changes, version });
  }

  close(uri: string): void {
    this.mirrors.delete(uri);
    this.send({ type: 'close', uri });
  }

  /** The findings of `version` of `uri`, or undefined when that version is not analysed. */
  analyse(uri: string, version: number, engineKey: string, options: WorkerEngineOptions, urgent: boolean): Promise<WorkerAnalysis | undefined> {
    if (this.disposed || !this.mirrors.has(uri)) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiting = this.waiters.get(uri) ?? [];
      waiting.push({ version, engineKey, resolve });
      this.waiters.set(uri, waiting);
      this.send({ type: 'analyse', uri, version, engineKey, options, urgent });
      this.hangTimer ??= setTimeout(() => this.onHang(), this.options.hangTimeoutMs);
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.hangTimer);
    this.answerAll();
    void this.worker.terminate();
  }

  private start(): void {
    const worker = new Worker(this.options.workerFile);
    this.worker = worker;
    worker.on('message', (message: FromWorker) => this.onMessage(message));
    worker.on('error', (error) => this.options.log('error', `the analysis worker failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => {
      if (this.disposed || this.worker !== worker) return;
      this.options.log('error', `the analysis worker stopped (exit code ${code}); restarting it`);
      this.restart();
    });
    for (const [uri, { text, version, kind }] of this.mirrors) this.send({ type: 'open', uri, text, version, kind });
  }

  private restart(): void {
    clearTimeout(this.hangTimer);
    this.hangTimer = undefined;
    const old = this.worker;
    this.answerAll();
    this.start();
    void old.terminate();
  }

  private onHang(): void {
    this.hangTimer = undefined;
    this.options.log('error', `an analysis took longer than ${this.options.hangTimeoutMs / 1000} s; restarting the analysis worker`);
    this.restart();
  }

  private onMessage(message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'log':
        this.options.log(message.level, message.message);
        return;
      case 'analysed': {
        const toFinding = (wire: (typeof message.findings)[number]) => fromWire(wire, this.rules);
        this.answer(message.uri, message.version, message.engineKey, {
          version: message.version,
          engineKey: message.engineKey,
          findings: message.findings.map(toFinding),
          refactorings: message.refactorings.map(toFinding),
          milliseconds: message.milliseconds,
        });
        return;
      }
      case 'skipped':
        this.answer(message.uri, message.version, message.engineKey, undefined);
        return;
    }
  }

  /**
   * Answers the requests for this analysis of `uri`, and those for an older version (which will
   * never run now); a request for the same version with other settings waits for its own answer.
   */
  private answer(uri: string, version: number, engineKey: string, analysis: WorkerAnalysis | undefined): void {
    const waiting = this.waiters.get(uri) ?? [];
    const answered = (waiter: Waiter) => waiter.version < version || (waiter.version === version && waiter.engineKey === engineKey);
    const remaining = waiting.filter((waiter) => !answered(waiter));
    for (const waiter of waiting) if (answered(waiter)) waiter.resolve(waiter.version === version ? analysis : undefined);
    if (remaining.length > 0) this.waiters.set(uri, remaining);
    else this.waiters.delete(uri);
    this.rearmHangTimer();
  }

  private answerAll(): void {
    for (const waiting of this.waiters.values()) for (const waiter of waiting) waiter.resolve(undefined);
    this.waiters.clear();
  }

  /** The hang timer measures progress: each answer restarts it, and it stops when nothing waits. */
  private rearmHangTimer(): void {
    clearTimeout(this.hangTimer);
    this.hangTimer = this.waiters.size > 0 ? setTimeout(() => this.onHang(), this.options.hangTimeoutMs) : undefined;
  }

  private send(message: ToWorker): void {
    this.worker.postMessage(message);
  }
}
