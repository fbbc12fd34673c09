// The analysis worker: a thread that owns a parsed copy of every open document and the engines,
// and analyses documents when the connection thread asks. Analysing a large file takes long
// enough to hold up hovers and code actions; here it never blocks the connection. One analysis
// runs at a time, urgent ones (a request waits) first, and a request for a version that is no
// longer current is skipped: the connection thread asks again for the newer one.

import * as path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { toWire, type FromWorker, type ToWorker, type WorkerEngineOptions } from './analysis-protocol';
import { createEngine, type Engine } from './engine/engine';
import type { RuleMeta } from './engine/rule';
import { OpenDocument } from './open-document';
import { ALL_RULES } from './rules';

// The bundle is dist/analysis-worker.js, beside dist/server.js; the grammars sit next to dist/.
const GRAMMAR_DIR = path.join(__dirname, '..', 'grammars');
/** An analysis slower than this is worth a line in the log. */
const SLOW_ANALYSIS_MS = 1000;
/** Engines kept for distinct settings; settings that keep changing must not pile them up. */
const MAX_ENGINES = 8;

type AnalyseRequest = Extract<ToWorker, { type: 'analyse' }>;

const port = parentPort!;
const documents = new Map<string, OpenDocument>();
const engines = new Map<string, Engine>();
/** The pending request per document (a newer one replaces it), in arrival order. */
const queue = new Map<string, AnalyseRequest>();
/** Rule failures already logged, one line per rule and file. */
const loggedRuleErrors = new Set<string>();
let analysing: string | undefined;
let processScheduled = false;

const post = (message: FromWorker) => port.postMessage(message);

function onRuleError(rule: RuleMeta, error: unknown): void {
  const key = `${rule.code} ${analysing}`;
  if (loggedRuleErrors.has(key)) return;
  loggedRuleErrors.add(key);
  post({ type: 'log', level: 'error', message: `rule ${rule.code} (${rule.name}) failed on ${analysing}: ${errorText(error)}` });
}

const baseEngine = createEngine(GRAMMAR_DIR, ALL_RULES, { onRuleError });

port.on('message', (message: ToWorker) => {
  void baseEngine.then((engine) => handle(engine, message)).catch((error: unknown) => {
    post({ type: 'log', level: 'error', message: `the analysis worker could not handle ${message.type}: ${errorText(error)}` });
    if (message.type === 'analyse') skip(message);
  });
});
void baseEngine.then(
  () => post({ type: 'ready' }),
  (error: unknown) => post({ type: 'log', level: 'error', message: `the analysis worker could not load the grammar: ${errorText(error)}` }),
);

function handle(base: Engine, message: ToWorker): void {
  switch (message.type) {
    case 'open': {
      documents.get(message.uri)?.dispose();
      const { kind } = message;
      documents.set(message.uri, new OpenDocument((text, version) => base.open(text, version, kind), message.text, message.version));
      return;
    }
    case 'change':
      documents.get(message.uri)?.update(message.changes, message.version);
      return;
    case 'close':
      documents.get(message.uri)?.dispose();
      documents.delete(message.uri);
      skip(queue.get(message.uri));
      queue.delete(message.uri);
      return;
    case 'analyse': {
      // A second request for the same analysis (a hover waits for it) only makes it urgent.
      const queued = queue.get(message.uri);
      const same = queued?.version === message.version && queued.engineKey === message.engineKey;
      if (!same) skip(queued);
      // Re-inserted, so that the queue stays in order of the latest request.
      queue.delete(message.uri);
      queue.set(message.uri, same ? { ...message, urgent: message.urgent || queued.urgent } : message);
      scheduleProcessing();
      return;
    }
  }
}

function skip(request: AnalyseRequest | undefined): void {
  if (request) post({ type: 'skipped', uri: request.uri, version: request.version, engineKey: request.engineKey });
}

/** One analysis per turn of the event loop, so that new messages (a newer version) come in between. */
function scheduleProcessing(): void {
  if (processScheduled || queue.size === 0) return;
  processScheduled = true;
  setImmediate(() => {
    processScheduled = false;
    const request = next();
    if (request) {
      queue.delete(request.uri);
      void baseEngine.then((base) => {
        analyse(base, request);
        scheduleProcessing();
      });
    }
  });
}

function next(): AnalyseRequest | undefined {
  for (const request of queue.values()) if (request.urgent) return request;
  return queue.values().next().value;
}

function analyse(base: Engine, request: AnalyseRequest): void {
  const document = documents.get(request.uri);
  const python = document?.python;
  if (!python || python.version !== request.version) {
    skip(request);
    return;
  }
  const engine = engineFor(base, request.engineKey, request.options);
  const started = performance.now();
  analysing = request.uri;
  try {
    const findings = engine.analyze(python).map(toWire);
    const refactorings = engine.refactorings(python).map(toWire);
    const milliseconds = Math.round(performance.now() - started);
    post({ type: 'analysed', uri: request.uri, version: request.version, engineKey: request.engineKey, findings, refactorings, milliseconds });
    if (milliseconds > SLOW_ANALYSIS_MS) post({ type: 'log', level: 'info', message: `analysing ${request.uri} took ${milliseconds} ms` });
  } catch (error) {
    post({ type: 'log', level: 'error', message: `analysing ${request.uri} failed: ${errorText(error)}` });
    skip(request);
  } finally {
    analysing = undefined;
  }
}

function engineFor(base: Engine, key: string, options: WorkerEngineOptions): Engine {
  let engine = engines.get(key);
  if (engine) {
    // The most recently used last, so that the oldest is the first to go.
    engines.delete(key);
  } else {
    engine = base.reconfigure(ALL_RULES, { ...options, onRuleError });
    if (engines.size >= MAX_ENGINES) engines.delete(engines.keys().next().value!);
  }
  engines.set(key, engine);
  return engine;
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
