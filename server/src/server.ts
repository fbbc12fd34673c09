// The language server: LSP wiring only. It keeps one incrementally parsed document per open
// Python file, analyses it a moment after the last change, pushes the findings as diagnostics and
// answers hovers, code actions and snippet completions from them. Everything it computes comes
// from the engine and the small modules next to this file.
//
// Run by the VS Code client over node IPC, or by any editor as `node dist/server.js --stdio`.

import * as path from 'node:path';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CodeAction,
  type InitializeResult,
} from 'vscode-languageserver/node';
import {
  CODE_ACTION_KINDS,
  findingActions,
  fixAllAction,
  FIX_ALL_KIND,
  isWanted,
  refactoringActions,
  type ActionTarget,
} from './code-actions';
import type { Finding } from './engine/analyzer';
import type { PythonDocument } from './engine/document';
import { createEngine, type Engine } from './engine/engine';
import type { RuleMeta } from './engine/rule';
import { findingsHover } from './hover';
import { findingOf, toDiagnostic } from './lsp-convert';
import { MAX_ANALYSED_LENGTH, OpenDocument } from './open-document';
import { ALL_RULES } from './rules';
import { AnalysisScheduler } from './scheduler';
import { engineKey, engineOptions, parseSettings, type Settings } from './settings';
import { loadSnippets, snippetCompletions, typedPrefixLength, type Snippet } from './snippet-completions';
import { literalAt } from './string-or-comment';

// The bundle is dist/server.js; the wasm grammars and the snippets sit next to dist/.
const GRAMMAR_DIR = path.join(__dirname, '..', 'grammars');
const SNIPPETS_FILE = path.join(__dirname, '..', 'snippets', 'python.json');
/** Analysis waits this long after the last change, so typing is not interrupted by it. */
const ANALYSIS_DELAY_MS = 150;
const SETTINGS_SECTION = 'pyhints';

interface Analysis {
  version: number;
  engine: Engine;
  findings: Finding[];
  /** Code actions without a diagnostic (refactoring rules that are not selected). */
  refactorings: readonly Finding[];
}

interface Tracked {
  uri: string;
  document: OpenDocument;
  /** The document's `pyhints` settings; dropped when the configuration changes. */
  settings?: Promise<Settings>;
  /** The findings of the last analysis; current while version and engine match. */
  analysis?: Analysis;
  /** Whether the size cap was logged since the document last went over it. */
  reportedTooLarge: boolean;
}

const connection = createConnection(ProposedFeatures.all);
const documents = new Map<string, Tracked>();
/** One engine per distinct set of engine settings (target version, select, ignore). */
const engines = new Map<string, Engine>();
/** Settings problems already logged since the configuration last changed: one line each, not one per file. */
const loggedProblems = new Set<string>();
const scheduler = new AnalysisScheduler(analyseAndPublish, (uri, error) => logError(`analysing ${uri} failed`, error));

let baseEngine: Engine;
let snippets: readonly Snippet[] = [];
let pullsConfiguration = false;
let registersConfigurationChange = false;
let appliesDocumentChanges = false;
/** The `pyhints` section from the last didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: unknown;

connection.onInitialize(async (params): Promise<InitializeResult> => {
  const { workspace, textDocument } = params.capabilities;
  pullsConfiguration = workspace?.configuration === true;
  registersConfigurationChange = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  appliesDocumentChanges = workspace?.workspaceEdit?.documentChanges === true;
  baseEngine = await createEngine(GRAMMAR_DIR, ALL_RULES, { onRuleError });

  // VS Code offers the snippets itself (contributes.snippets) and says so; clients that cannot
  // expand tab stops would insert them as raw text.
  const options = params.initializationOptions as { snippets?: unknown } | undefined;
  if (options?.snippets !== false && textDocument?.completion?.completionItem?.snippetSupport === true) {
    try {
      snippets = loadSnippets(SNIPPETS_FILE);
    } catch (error) {
      logError('the snippets could not be loaded', error);
    }
  }

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      completionProvider: snippets.length > 0 ? {} : undefined,
    },
    serverInfo: { name: 'pyhints' },
  };
});

connection.onInitialized(() => {
  if (registersConfigurationChange) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((error: unknown) => {
      logError('could not register for configuration changes', error);
    });
  }
});

connection.onDidOpenTextDocument(({ textDocument }) => {
  if (textDocument.languageId !== 'python') return;
  const { uri, text, version } = textDocument;
  documents.get(uri)?.document.dispose();
  const kind = uri.endsWith('.pyi') ? 'stub' : 'module';
  const document = new OpenDocument((content, at) => baseEngine.open(content, at, kind), text, version);
  documents.set(uri, { uri, document, reportedTooLarge: false });
  scheduler.schedule(uri, 0);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const tracked = documents.get(textDocument.uri);
  if (!tracked) return;
  tracked.document.update(contentChanges, textDocument.version);
  scheduler.schedule(textDocument.uri, ANALYSIS_DELAY_MS);
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  const tracked = documents.get(textDocument.uri);
  if (!tracked) return;
  scheduler.cancel(tracked.uri);
  tracked.document.dispose();
  documents.delete(tracked.uri);
  void connection.sendDiagnostics({ uri: tracked.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((change) => {
  if (!pullsConfiguration) pushedSettings = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
  engines.clear();
  loggedProblems.clear();
  for (const tracked of documents.values()) {
    tracked.settings = undefined;
    scheduler.schedule(tracked.uri, 0);
  }
});

connection.onHover(async ({ textDocument, position }) => {
  const current = await analysedDocument(textDocument.uri);
  if (!current) return null;
  const { python, analysis } = current;
  return findingsHover(analysis.findings, python.lines.offsetAt(position), python.lines);
});

connection.onCodeAction(async ({ textDocument, range, context }) => {
  const current = await analysedDocument(textDocument.uri);
  if (!current) return [];
  const { python, analysis } = current;
  const target: ActionTarget = { uri: textDocument.uri, document: python, engine: analysis.engine, documentChanges: appliesDocumentChanges };
  const actions: CodeAction[] = [];
  for (const diagnostic of context.diagnostics) {
    const finding = findingOf(diagnostic, python.version, analysis.findings, python.lines);
    if (finding) actions.push(...findingActions(target, finding, diagnostic).filter((action) => isWanted(action.kind!, context.only)));
  }
  if (isWanted(CodeActionKind.RefactorRewrite, context.only)) {
    actions.push(...refactoringActions(target, analysis.refactorings, python.lines.offsetAt(range.start), python.lines.offsetAt(range.end)));
  }
  // Only on request (on save, or from the Source Action menu): it reparses the whole file.
  if (context.only?.length && isWanted(FIX_ALL_KIND, context.only)) {
    const fixAll = fixAllAction(target, analysis.findings);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
});

connection.onCompletion(({ textDocument, position }) => {
  const tracked = documents.get(textDocument.uri);
  if (!tracked || snippets.length === 0) return null;
  const { lines, python } = tracked.document;
  const offset = lines.offsetAt(position);
  if (python && literalAt(python.tree, offset)) return null;
  const cursor = lines.positionAt(offset);
  const typed = typedPrefixLength(lines.text.slice(lines.lineStart(cursor.line), offset));
  return snippetCompletions(snippets, { start: lines.positionAt(offset - typed), end: cursor });
});

connection.onShutdown(() => {
  scheduler.dispose();
  for (const tracked of documents.values()) tracked.document.dispose();
  documents.clear();
});

connection.listen();

/** Analyses a document and publishes its diagnostics (none while it is disabled or too large). */
async function analyseAndPublish(uri: string): Promise<void> {
  const tracked = documents.get(uri);
  if (!tracked) return;
  const version = tracked.document.version;
  const settings = await settingsOf(tracked);
  // Closed, or changed while the settings came (the change scheduled a newer run).
  if (documents.get(uri) !== tracked || tracked.document.version !== version) return;
  const python = tracked.document.python;
  if (!python && !tracked.reportedTooLarge) {
    connection.console.info(`${uri} is not analysed: it is longer than ${MAX_ANALYSED_LENGTH} characters`);
  }
  tracked.reportedTooLarge = !python;
  const diagnostics = python ? analysisOf(tracked, python, settings).findings.map((finding, index) => toDiagnostic(finding, { version, index }, python.lines)) : [];
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

/** The parsed document at `uri` with the findings of its current version, unless it is closed or too large. */
async function analysedDocument(uri: string): Promise<{ python: PythonDocument; analysis: Analysis } | undefined> {
  const tracked = documents.get(uri);
  if (!tracked) return undefined;
  const settings = await settingsOf(tracked);
  const python = tracked.document.python;
  if (documents.get(uri) !== tracked || !python) return undefined;
  return { python, analysis: analysisOf(tracked, python, settings) };
}

/** The findings of the document's current version, from the last analysis when it still applies. */
function analysisOf(tracked: Tracked, python: PythonDocument, settings: Settings): Analysis {
  const engine = engineFor(settings);
  if (!settings.enable) return { version: python.version, engine, findings: [], refactorings: [] };
  const cached = tracked.analysis;
  if (cached && cached.version === python.version && cached.engine === engine) return cached;
  let findings: Finding[] = [];
  let refactorings: readonly Finding[] = [];
  try {
    findings = engine.analyze(python);
    refactorings = engine.refactorings(python);
  } catch (error) {
    logError(`analysing ${tracked.uri} failed`, error);
  }
  tracked.analysis = { version: python.version, engine, findings, refactorings };
  return tracked.analysis;
}

function engineFor(settings: Settings): Engine {
  const key = engineKey(settings);
  let engine = engines.get(key);
  if (!engine) {
    engine = baseEngine.reconfigure(ALL_RULES, { ...engineOptions(settings), onRuleError });
    engines.set(key, engine);
  }
  return engine;
}

function settingsOf(tracked: Tracked): Promise<Settings> {
  tracked.settings ??= fetchSettings(tracked.uri);
  return tracked.settings;
}

/** The document's settings, asked from the client when it can be asked; never rejects. */
async function fetchSettings(uri: string): Promise<Settings> {
  let raw = pushedSettings;
  if (pullsConfiguration) {
    try {
      raw = await connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
    } catch (error) {
      logError('the pyhints settings could not be read; using the defaults', error);
      raw = undefined;
    }
  }
  const { settings, problems } = parseSettings(raw, ALL_RULES);
  for (const problem of problems) {
    if (loggedProblems.has(problem)) continue;
    loggedProblems.add(problem);
    connection.console.warn(problem);
  }
  return settings;
}

function onRuleError(rule: RuleMeta, error: unknown): void {
  logError(`rule ${rule.code} (${rule.name}) failed`, error);
}

function logError(what: string, error: unknown): void {
  connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}
