// The language server: LSP wiring only. It keeps one incrementally parsed document per open
// Python file (and per open notebook, its Python cells joined), analyses it with the settings of
// its project and editor a moment after the last change, pushes the findings as diagnostics (on
// each cell, for a notebook) and answers hovers, code actions and snippet completions from them.
// Everything it computes comes from the engine and the small modules next to this file.
//
// Run by the VS Code client over node IPC, or by any editor as `node dist/server.js --stdio`.

import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type Range,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { AnalysisClient } from './analysis-client';
import { analysisDelay } from './analysis-delay';
import {
  CODE_ACTION_KINDS,
  findingActions,
  fixAllAction,
  FIX_ALL_KIND,
  isWanted,
  refactoringActions,
  rewriteActions,
  type ActionTarget,
} from './code-actions';
import { atLeast, type Finding } from './engine/analyzer';
import type { PythonDocument } from './engine/document';
import { createEngine, DEFAULT_TARGET, type Engine } from './engine/engine';
import type { RuleMeta, TextEdit } from './engine/rule';
import { ruleDocsUrl } from './engine/rule-docs';
import { selectRules } from './engine/selection';
import { findingsHover } from './hover';
import { findingOf, toDiagnostic } from './lsp-convert';
import { MAX_ANALYSED_LENGTH, OpenDocument } from './open-document';
import { ALL_RULES } from './rules';
import { ALL_REFACTORINGS } from './refactorings';
import { PATTERNS } from './patterns';
import type { PatternMeta } from './engine/pattern';
import { PATTERNS_PAGE, PATTERNS_URL } from './engine/pattern-docs';
import { refactoringsAt, type Refactoring } from './engine/refactoring';
import { AnalysisScheduler } from './scheduler';
import { changeBetween, NotebookState } from './notebook-state';
import { ProjectConfigs, type DocumentSettings } from './project-configs';
import { STATUS_NOTIFICATION, type DocumentStatus } from './status';
import { DEFAULT_SETTINGS, parseSettings, type Settings } from './settings';
import { loadSnippets, snippetCompletions, snippetsFor, typedPrefixLength, type Snippet } from './snippet-completions';
import { snippetContextAt, type SnippetContext } from './snippet-context';
import { connectToEditor } from './transport';

// The bundle is dist/server.js (the worker dist/analysis-worker.js beside it); the wasm grammars,
// the snippets and package.json sit next to dist/.
const GRAMMAR_DIR = path.join(__dirname, '..', 'grammars');
const SNIPPETS_FILE = path.join(__dirname, '..', 'snippets', 'python.json');
const WORKER_FILE = path.join(__dirname, 'analysis-worker.js');
/** The rule pages ship with the server (docs/rules beside dist/): links point at them, not at a web page that may not match this version. */
const DOCS_DIR = path.join(__dirname, '..', 'docs', 'rules');
/** How long a hover or code action waits for the analysis of the current version. */
const REQUEST_WAIT_MS = 2000;
/** How long the client may take to answer workspace/configuration before the settings fall back. */
const SETTINGS_TIMEOUT_MS = 3000;
/** An analysis that runs longer is taken for a hang, and the worker is restarted. */
const ANALYSIS_HANG_MS = 60_000;
const SETTINGS_SECTION = 'pyhints';
/** The files whose change can change a document's settings. */
const CONFIG_FILES = ['pyproject.toml', 'pyhints.toml', 'ruff.toml', '.ruff.toml'];
/** Every rule by its code, for hovers over a code in a `noqa` comment. */
const RULES_BY_CODE = new Map(ALL_RULES.map((rule) => [rule.meta.code, rule.meta] as const));

interface Analysis {
  version: number;
  engineKey: string;
  findings: Finding[];
  /** Code actions without a diagnostic (refactoring rules that are not selected). */
  refactorings: readonly Finding[];
  /** How long it took: what the next analysis is expected to take. */
  milliseconds: number;
}

interface Tracked {
  uri: string;
  document: OpenDocument;
  /** The document's settings (the editor's and its project's); dropped when either changes. */
  settings?: Promise<DocumentSettings>;
  /** The settings last read from the client, used while it does not answer. */
  lastSettings?: Settings;
  /** The findings of the last analysis; current while version and engine key match. */
  analysis?: Analysis;
  /** When the last change came (`performance.now()`), to tell fast typing. */
  lastChangeAt?: number;
  /** Whether the size cap was logged since the document last went over it. */
  reportedTooLarge: boolean;
}

let shutdownReceived = false;
const { connection, onDroppedMessage } = connectToEditor(() => shutdownReceived);
const documents = new Map<string, Tracked>();
/** Problems already logged since the configuration last changed: one line each, not one per file. */
const loggedProblems = new Set<string>();
const scheduler = new AnalysisScheduler(analyseAndPublish, (uri, error) => logError(`analysing ${uri} failed`, error));

/** Parses documents on this thread (completion, fixes); the worker's engines do the analysis. */
let baseEngine: Engine;
let worker: AnalysisClient;
let snippets: readonly Snippet[] = [];
let pullsConfiguration = false;
let registersConfigurationChange = false;
let registersFileWatchers = false;
let followsWorkspaceFolders = false;
let appliesDocumentChanges = false;
/** Whether a finding's hover starts with its message: not for VS Code, which shows the diagnostic above the hover. */
let hoverShowsMessage = true;
/** The `pyhints` section from the last didChangeConfiguration, for clients that cannot be asked. */
let pushedSettings: unknown;
const projects = new ProjectConfigs(ALL_RULES);
/** The problems of each configuration file, as published on it. */
const configProblems = new Map<string, string>();
const docsUrls = new Map<string, string>();
let patternsPage: string | undefined;
/** Open notebooks by URI, and the notebook each of their cells belongs to. */
const notebooks = new Map<string, NotebookState>();
const cellOwners = new Map<string, string>();
const SERVER_VERSION = readServerVersion();

connection.onInitialize(async (params): Promise<InitializeResult> => {
  const { workspace, textDocument } = params.capabilities;
  pullsConfiguration = workspace?.configuration === true;
  registersConfigurationChange = workspace?.didChangeConfiguration?.dynamicRegistration === true;
  appliesDocumentChanges = workspace?.workspaceEdit?.documentChanges === true;
  registersFileWatchers = workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  followsWorkspaceFolders = workspace?.workspaceFolders === true;
  baseEngine = await createEngine(GRAMMAR_DIR, ALL_RULES);
  worker = new AnalysisClient({
    workerFile: WORKER_FILE,
    rules: ALL_RULES.map((rule) => rule.meta),
    hangTimeoutMs: ANALYSIS_HANG_MS,
    log: (level, message) => connection.console[level === 'warn' ? 'warn' : level](message),
  });
  const defaults = ALL_RULES.filter((rule) => rule.meta.selection === 'default').length;
  projects.setFolders(workspaceFolders(params));
  connection.console.info(
    `pyhints ${SERVER_VERSION} started: ${ALL_RULES.length} rules (${defaults} in the default set); each file follows the nearest pyproject.toml or pyhints.toml`,
  );

  // Clients that cannot expand tab stops would insert the snippets as raw text; a client may also
  // turn them off (`snippets: false`).
  const options = params.initializationOptions as { snippets?: unknown; hoverShowsMessage?: unknown } | undefined;
  hoverShowsMessage = options?.hoverShowsMessage !== false;
  if (options?.snippets !== false && textDocument?.completion?.completionItem?.snippetSupport === true) {
    try {
      snippets = loadSnippets(SNIPPETS_FILE);
    } catch (error) {
      logError('the snippets could not be loaded', error);
    }
  }

  const result: InitializeResult = {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      // The Python cells of Jupyter notebooks, as one document per notebook.
      notebookDocumentSync: { notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
      completionProvider: snippets.length > 0 ? {} : undefined,
    },
    serverInfo: { name: 'pyhints' },
  };
  // Multi-root: each folder reads its own configuration files.
  if (followsWorkspaceFolders) result.capabilities.workspace = { workspaceFolders: { supported: true, changeNotifications: true } };
  return result;
});

connection.onInitialized(() => {
  if (registersConfigurationChange) {
    connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch((error: unknown) => {
      logError('could not register for configuration changes', error);
    });
  }
  if (registersFileWatchers) {
    const watchers = CONFIG_FILES.map((name) => ({ globPattern: `**/${name}` }));
    connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) => {
      logError('could not watch the configuration files', error);
    });
  }
  if (followsWorkspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(async () => {
      projects.setFolders(((await connection.workspace.getWorkspaceFolders()) ?? []).map((folder) => fileURLToPath(folder.uri)));
      settingsChanged();
    });
  }
});

// A configuration file was saved, created or deleted: every document's settings are read again.
connection.onDidChangeWatchedFiles(({ changes }) => {
  if (!changes.some((change) => CONFIG_FILES.includes(path.posix.basename(change.uri)))) return;
  projects.forget();
  settingsChanged();
});

connection.onDidOpenTextDocument(({ textDocument }) => {
  if (textDocument.languageId !== 'python') return;
  const { uri, text, version } = textDocument;
  documents.get(uri)?.document.dispose();
  const kind = uri.endsWith('.pyi') ? 'stub' : 'module';
  const document = new OpenDocument((content, at) => baseEngine.open(content, at, kind), text, version);
  documents.set(uri, { uri, document, reportedTooLarge: false });
  worker.open(uri, text, version, kind);
  // Parsed now, as the file opens: later requests then only reparse what the edits changed.
  void document.python?.tree;
  scheduler.schedule(uri, 0);
});

connection.onDidChangeTextDocument(({ textDocument, contentChanges }) => {
  const tracked = documents.get(textDocument.uri);
  if (!tracked) {
    logOnce(`a change to ${textDocument.uri}, which is not open, was ignored`);
    return;
  }
  tracked.document.update(contentChanges, textDocument.version);
  worker.change(tracked.uri, contentChanges, textDocument.version, tracked.document.lines.text);
  const now = performance.now();
  const sinceLastChange = tracked.lastChangeAt === undefined ? undefined : now - tracked.lastChangeAt;
  tracked.lastChangeAt = now;
  if (tracked.lastSettings?.run !== 'onSave') scheduler.schedule(textDocument.uri, analysisDelay(tracked.analysis?.milliseconds, sinceLastChange));
});

connection.onDidSaveTextDocument(({ textDocument }) => {
  const tracked = documents.get(textDocument.uri);
  if (tracked?.lastSettings?.run === 'onSave') scheduler.schedule(tracked.uri, 0);
});

// Notebooks: the Python cells, joined, are one analysed document under the notebook's URI; the
// findings are published on the cells.
connection.notebooks.synchronization.onDidOpenNotebookDocument((params) => {
  const state = NotebookState.opened(params);
  const { uri } = state;
  closeTracked(uri);
  notebooks.set(uri, state);
  for (const cell of state.cellUris) cellOwners.set(cell, uri);
  const text = state.joined.text;
  const document = new OpenDocument((content, at) => baseEngine.open(content, at, 'notebook'), text, state.version);
  documents.set(uri, { uri, document, reportedTooLarge: false });
  worker.open(uri, text, state.version, 'notebook');
  scheduler.schedule(uri, 0);
});

connection.notebooks.synchronization.onDidChangeNotebookDocument(({ notebookDocument, change }) => {
  const state = notebooks.get(notebookDocument.uri);
  const tracked = documents.get(notebookDocument.uri);
  if (!state || !tracked) return;
  const before = state.cellUris;
  state.change(notebookDocument.version, change);
  for (const cell of state.cellUris) cellOwners.set(cell, state.uri);
  // A cell removed: its findings go with it.
  for (const gone of before.filter((cell) => !state.cellUris.includes(cell))) {
    cellOwners.delete(gone);
    void connection.sendDiagnostics({ uri: gone, diagnostics: [] });
  }
  const text = state.joined.text;
  // One ranged change, not the whole text: both trees reparse around the edit only.
  const changes = [changeBetween(tracked.document.lines, text)];
  tracked.document.update(changes, state.version);
  worker.change(tracked.uri, changes, state.version, text);
  scheduler.schedule(tracked.uri, analysisDelay(tracked.analysis?.milliseconds, undefined));
});

connection.notebooks.synchronization.onDidCloseNotebookDocument(({ notebookDocument }) => {
  const state = notebooks.get(notebookDocument.uri);
  closeTracked(notebookDocument.uri);
  notebooks.delete(notebookDocument.uri);
  for (const cell of state?.cellUris ?? []) {
    cellOwners.delete(cell);
    void connection.sendDiagnostics({ uri: cell, diagnostics: [] });
  }
});

connection.onDidCloseTextDocument(({ textDocument }) => {
  if (!documents.has(textDocument.uri)) return;
  closeTracked(textDocument.uri);
  void connection.sendDiagnostics({ uri: textDocument.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((change) => {
  if (!pullsConfiguration) pushedSettings = (change.settings as Record<string, unknown> | null | undefined)?.[SETTINGS_SECTION];
  settingsChanged();
});

connection.onHover(async ({ textDocument, position }) => {
  const current = await requestView(textDocument.uri);
  if (!current) return null;
  const { python, analysis, settings, view } = current;
  const offset = view.offsetAt(position);
  const target = settings.file.engine.target ?? DEFAULT_TARGET;
  const match = PATTERNS.at(python, target, offset, (pattern, error) => logError(`the pattern ${pattern.id} failed on ${textDocument.uri}`, error));
  return findingsHover(analysis.findings, offset, {
    lines: python.lines,
    rules: RULES_BY_CODE,
    docsUrl,
    fixEditsOf: (finding) => baseEngine.fixEdits(python, finding),
    rangeOf: view.rangeOf,
    showsMessage: hoverShowsMessage,
    pattern: match && { match, target, docsUrl: patternDocsUrl },
  });
});

connection.onCodeAction(async ({ textDocument, range, context }) => {
  const current = await requestView(textDocument.uri);
  if (!current) return [];
  const { python, analysis, settings, view } = current;
  const target: ActionTarget = { uri: textDocument.uri, document: python, engine: baseEngine, documentChanges: appliesDocumentChanges, cellEdit: view.cellEdit };
  const actions: CodeAction[] = [];
  for (const diagnostic of context.diagnostics) {
    const finding = findingOf(diagnostic, python.version, analysis.findings, view);
    if (finding) actions.push(...findingActions(target, finding, diagnostic).filter((action) => isWanted(action.kind!, context.only)));
  }
  if (isWanted(CodeActionKind.RefactorRewrite, context.only)) {
    const [start, end] = [view.offsetAt(range.start), view.offsetAt(range.end)];
    actions.push(...refactoringActions(target, analysis.refactorings, start, end));
    const pythonTarget = settings.file.engine.target ?? DEFAULT_TARGET;
    const failed = (refactoring: Refactoring, error: unknown) => logError(`the refactoring ${refactoring.id} failed on ${textDocument.uri}`, error);
    actions.push(...rewriteActions(target, refactoringsAt(baseEngine.parser, python, ALL_REFACTORINGS, pythonTarget, start, end, failed), actions));
  }
  // Only on request (on save, or from the Source Action menu): it reparses the whole file.
  if (context.only?.length && isWanted(FIX_ALL_KIND, context.only)) {
    // In a notebook, the fixes of the cell that change nothing outside it.
    const own = view.cellEdit ? analysis.findings.filter((finding) => view.fixStaysInCell(finding)) : analysis.findings;
    const fixAll = fixAllAction(target, own, settings.file);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
});

connection.onCompletion(async ({ textDocument, position }) => {
  if (snippets.length === 0) return null;
  const place = completionPlace(textDocument.uri, position);
  if (!place) return null;
  const settings = await settingsOf(place.tracked);
  if (!settings.editor.enable) return null;
  const target = settings.file.engine.target ?? DEFAULT_TARGET;
  return snippetCompletions(snippetsFor(snippets, place.context, target), place.typed);
});

connection.onShutdown(() => {
  shutdownReceived = true;
  scheduler.dispose();
  worker.dispose();
  for (const tracked of documents.values()) tracked.document.dispose();
  documents.clear();
});

// Each one: a message lost is a change or a request the editor thinks was seen.
onDroppedMessage((error) => connection.console.warn(`a message from the editor was dropped: ${error.message}`));
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
  if (!python) {
    await connection.sendDiagnostics({ uri, version, diagnostics: [] });
    return;
  }
  const current = await analysisOf(tracked, settings, false);
  // Not analysed (a newer version came, which has its own run), or closed meanwhile.
  if (!current || documents.get(uri) !== tracked || tracked.document.python !== python || python.version !== version) return;
  const notebook = notebooks.get(uri);
  if (notebook) return publishOnCells(notebook, current, settings);
  const diagnostics = current.findings.map((finding, index) => toDiagnostic(finding, { version, index }, python.lines, settings.file.severityOf(finding.rule), docsUrl));
  await connection.sendDiagnostics({ uri, version, diagnostics });
}

/** A notebook's findings, each on the cell it is in, with the positions of that cell. */
async function publishOnCells(notebook: NotebookState, analysis: Analysis, settings: DocumentSettings): Promise<void> {
  const byCell = new Map<string, Diagnostic[]>(notebook.cellUris.map((cell) => [cell, []]));
  analysis.findings.forEach((finding, index) => {
    const placed = notebook.rangeInCell(finding.start, finding.end);
    if (!placed) return;
    const inCell = { ...finding, start: finding.start - placed.cell.start, end: finding.end - placed.cell.start };
    byCell.get(placed.cell.uri)?.push(toDiagnostic(inCell, { version: analysis.version, index }, placed.cell.lines, settings.file.severityOf(finding.rule), docsUrl));
  });
  await Promise.all([...byCell].map(([uri, diagnostics]) => connection.sendDiagnostics({ uri, diagnostics })));
}

/** Where a request's positions point: in its document, or for a notebook cell in the cell, whose document is the notebook's. */
interface RequestView {
  offsetAt(position: Position): number;
  rangeOf(start: number, end: number): Range | undefined;
  cellEdit?: (edits: readonly TextEdit[]) => WorkspaceEdit | undefined;
  /** Whether a finding lies in the cell and its fix changes nothing outside it. */
  fixStaysInCell(finding: Finding): boolean;
}

async function requestView(uri: string): Promise<{ python: PythonDocument; analysis: Analysis; settings: DocumentSettings; view: RequestView } | undefined> {
  const owner = cellOwners.get(uri);
  const current = await analysedDocument(owner ?? uri);
  if (!current) return undefined;
  const { python } = current;
  const notebook = owner === undefined ? undefined : notebooks.get(owner);
  if (!notebook) {
    return { ...current, view: { offsetAt: (position) => python.lines.offsetAt(position), rangeOf: (start, end) => python.lines.rangeOf(start, end), fixStaysInCell: () => true } };
  }
  const cell = notebook.placedCell(uri);
  if (!cell) return undefined;
  const inCell = (start: number, end: number) => notebook.cellHolding(start, end) === cell;
  const view: RequestView = {
    offsetAt: (position) => cell.start + cell.lines.offsetAt(position),
    rangeOf: (start, end) => (inCell(start, end) ? cell.lines.rangeOf(start - cell.start, end - cell.start) : undefined),
    cellEdit: (edits) => {
      if (!edits.every((edit) => inCell(edit.start, edit.end))) return undefined;
      const lspEdits = edits.map((edit) => ({ range: cell.lines.rangeOf(edit.start - cell.start, edit.end - cell.start), newText: edit.text }));
      return appliesDocumentChanges ? { documentChanges: [{ textDocument: { uri, version: cell.version }, edits: lspEdits }] } : { changes: { [uri]: lspEdits } };
    },
    fixStaysInCell: (finding) => {
      if (!inCell(finding.start, finding.end)) return false;
      const edits = finding.fix && baseEngine.fixEdits(python, finding);
      return edits !== undefined && edits.every((edit) => inCell(edit.start, edit.end));
    },
  };
  return { ...current, view };
}

/**
 * Where a completion request's position is, when a template fits there: its document (for a
 * notebook cell, the notebook's), the template context, and the range of the prefix typed so far.
 * Decided before the settings are awaited, from the text the position was given for.
 */
function completionPlace(uri: string, position: Position): { tracked: Tracked; context: SnippetContext; typed: Range } | undefined {
  const owner = cellOwners.get(uri);
  const tracked = documents.get(owner ?? uri);
  // Over the size cap there is no tree to tell code from strings and comments.
  const python = tracked?.document.python;
  if (!tracked || !python) return undefined;
  const cell = owner === undefined ? undefined : notebooks.get(owner)?.placedCell(uri);
  if (owner !== undefined && !cell) return undefined;
  const lines = cell ? cell.lines : python.lines;
  const start = cell ? cell.start : 0;
  const cursor = lines.offsetAt(position);
  const typed = typedPrefixLength(lines.text.slice(lines.lineStart(lines.lineAt(cursor)), cursor));
  const context = snippetContextAt(python.tree, python.text, start + cursor - typed, start + cursor, start);
  return context && { tracked, context, typed: lines.rangeOf(cursor - typed, cursor) };
}

function closeTracked(uri: string): void {
  const tracked = documents.get(uri);
  if (!tracked) return;
  scheduler.cancel(tracked.uri);
  tracked.document.dispose();
  documents.delete(tracked.uri);
  worker.close(tracked.uri);
}

/** The parsed document at `uri` with the findings of its current version, unless it is closed, too large or not analysed in time. */
async function analysedDocument(uri: string): Promise<{ python: PythonDocument; analysis: Analysis; settings: DocumentSettings } | undefined> {
  const tracked = documents.get(uri);
  if (!tracked) return undefined;
  const settings = await settingsOf(tracked);
  const python = tracked.document.python;
  if (documents.get(uri) !== tracked || !python) return undefined;
  const version = python.version;
  const analysis = await withTimeout(analysisOf(tracked, settings, true), REQUEST_WAIT_MS, undefined);
  // The document may have changed while the request waited: its findings must match its text.
  if (!analysis || tracked.document.python !== python || python.version !== version) return undefined;
  return { python, analysis, settings };
}

/** The findings of the document's current version: from the last analysis when it still applies, else from the worker. */
async function analysisOf(tracked: Tracked, settings: DocumentSettings, urgent: boolean): Promise<Analysis | undefined> {
  const version = tracked.document.version;
  const key = settings.file.engineKey;
  if (!settings.editor.enable) return { version, engineKey: key, findings: [], refactorings: [], milliseconds: 0 };
  const cached = tracked.analysis;
  if (cached && cached.version === version && cached.engineKey === key) return cached;
  const result = await worker.analyse(tracked.uri, version, key, settings.file.engine, urgent);
  if (!result || documents.get(tracked.uri) !== tracked) return undefined;
  tracked.analysis = result;
  return result;
}

function settingsOf(tracked: Tracked): Promise<DocumentSettings> {
  tracked.settings ??= fetchSettings(tracked).then((editor) => {
    const settings = projects.settingsFor(filePathOf(tracked.uri), editor);
    reportConfigProblems(settings);
    void connection.sendNotification(STATUS_NOTIFICATION, statusOf(tracked.uri, settings));
    return settings;
  });
  return tracked.settings;
}

/** What the editor's status item shows for a document: the server, its rules and configuration. */
function statusOf(uri: string, { editor, file, configFile }: DocumentSettings): DocumentStatus {
  const target = file.engine.target ?? DEFAULT_TARGET;
  const rules = selectRules(ALL_RULES, file.engine).diagnostics.filter((rule) => atLeast(target, rule.meta.minPython));
  return { uri, version: SERVER_VERSION, enabled: editor.enable, rules: rules.length, target: target.join('.'), configFile: configFile ?? null };
}

/** Every document's settings are read again, and the documents analysed again. */
function settingsChanged(): void {
  loggedProblems.clear();
  for (const tracked of documents.values()) {
    tracked.settings = undefined;
    scheduler.schedule(tracked.uri, 0);
  }
}

/**
 * A configuration file's problems, in the log once and as diagnostics on the lines they name, so
 * that the file shows them where they are. Published again only when they change.
 */
function reportConfigProblems({ problems, configFile }: DocumentSettings): void {
  const byFile = new Map<string, Diagnostic[]>();
  if (configFile) byFile.set(configFile, []);
  for (const problem of problems) {
    logOnce(`configuration: ${problem.message}`);
    const range = { start: { line: problem.line, character: 0 }, end: { line: problem.line + 1, character: 0 } };
    const diagnostics = byFile.get(problem.file) ?? [];
    diagnostics.push({ range, severity: DiagnosticSeverity.Warning, source: 'pyhints', message: problem.message });
    byFile.set(problem.file, diagnostics);
  }
  for (const [file, diagnostics] of byFile) {
    const key = JSON.stringify(diagnostics);
    if (configProblems.get(file) === key) continue;
    configProblems.set(file, key);
    void connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics });
  }
}

/**
 * The document's settings, asked from the client when it can be asked. Never rejects and never
 * waits for long: while the client does not answer (or answers badly), the document keeps the
 * settings it had (else the defaults), and the next analysis asks again.
 */
async function fetchSettings(tracked: Tracked): Promise<Settings> {
  let raw = pushedSettings;
  if (pullsConfiguration) {
    const fallback = tracked.lastSettings ?? DEFAULT_SETTINGS;
    const asked = connection.workspace.getConfiguration({ scopeUri: tracked.uri, section: SETTINGS_SECTION }).then(
      (answer: unknown) => ({ answer }),
      (error: unknown) => ({ error }),
    );
    const reply = await withTimeout(asked, SETTINGS_TIMEOUT_MS, { error: new Error(`no answer within ${SETTINGS_TIMEOUT_MS / 1000} s`) });
    if ('error' in reply) {
      logOnce(`the pyhints settings could not be read (${errorText(reply.error)}); using ${tracked.lastSettings ? 'the last ones read' : 'the defaults'} for now`);
      tracked.settings = undefined;
      return fallback;
    }
    raw = reply.answer;
  }
  const { settings, problems } = parseSettings(raw, ALL_RULES);
  for (const problem of problems) logOnce(problem, 'warn');
  tracked.lastSettings = settings;
  return settings;
}

/** The rule's page that ships with the server, else the one in the repository. */
function docsUrl(meta: RuleMeta): string {
  let url = docsUrls.get(meta.code);
  if (url === undefined) {
    const page = path.join(DOCS_DIR, `${meta.code}.md`);
    docsUrls.set(meta.code, (url = existsSync(page) ? pathToFileURL(page).href : ruleDocsUrl(meta)));
  }
  return url;
}

/** The pattern's section of the reference that ships with the server, else of the one in the repository. */
function patternDocsUrl(meta: PatternMeta): string {
  const page = path.join(DOCS_DIR, '..', PATTERNS_PAGE);
  patternsPage ??= existsSync(page) ? pathToFileURL(page).href : PATTERNS_URL;
  return `${patternsPage}#${meta.id}`;
}

/** The path of a `file:` document; none for an unsaved one. */
function filePathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

function workspaceFolders(params: InitializeParams): string[] {
  const uris = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
}

function withTimeout<T, F>(promise: Promise<T>, milliseconds: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => {
    timer = setTimeout(() => resolve(fallback), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function readServerVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version?: string }).version ?? '(unknown version)';
  } catch {
    return '(unknown version)';
  }
}

/** Logs a line once until the configuration changes: a problem that recurs on every keystroke would flood the log. */
function logOnce(message: string, level: 'warn' | 'info' = 'warn'): void {
  if (loggedProblems.has(message)) return;
  loggedProblems.add(message);
  connection.console[level](message);
}

function logError(what: string, error: unknown): void {
  connection.console.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
