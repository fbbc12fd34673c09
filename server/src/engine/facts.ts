// Module facts: what rules may know about the rest of the file. Computed once per analysis from
// the top-level statements (and the blocks of top-level compound statements), and handed to every
// rule through the semantic model. A change to them (an import added, a class renamed, a dunder
// added to a class) invalidates every cached unit result, so they hold names, not positions.
// Each top-level statement's share is kept with its text, so a keystroke recomputes only its own.
// Two facts look into function bodies (what coroutines return, which calls run concurrently; see
// `semantic/coroutines.ts`).

import type { Node } from 'web-tree-sitter';
import type { PythonVersion } from './rule';
import { rawClassFacts, withQualifiedNames, type ClassFacts } from './semantic/classes';
import { statementBindings, type ModuleBinding } from './semantic/module-bindings';
import { qualifiedInModule } from './semantic/model';
import { fannedOutCallees, fanOutName, valueCoroutinesOf } from './semantic/coroutines';
import { PieceCache, type Edits } from './piece-cache';
import { lineBreakOf, moduleStatements } from './syntax';
import { TextPresence } from './text-presence';
import { holdsText } from './text-search';

export interface ModuleFacts {
  readonly target: PythonVersion;
  /** The module scope's bindings by name, in document order. */
  readonly bindings: ReadonlyMap<string, readonly ModuleBinding[]>;
  /** Modules of `from m import *`, which may bind any name. */
  readonly starImports: readonly string[];
  /** Module-level classes by name (the last definition of a name). */
  readonly classes: ReadonlyMap<string, ClassFacts>;
  /** The last part of every decorator's name in the module (`route` for `@app.route(…)`): what the module uses as decorators. */
  readonly decoratorNames: ReadonlySet<string>;
  /** Whether an `except` clause names `NotImplementedError`: methods raising it are then optional hooks somebody catches. */
  readonly catchesNotImplementedError: boolean;
  /**
   * Top-level coroutine functions (`fetch`) and coroutine methods of top-level classes (`Client.fetch`)
   * that return a computed value: a `return` of something other than a constant (`None`, `True`, `0` …).
   */
  readonly valueCoroutines: ReadonlySet<string>;
  /**
   * Functions (`fetch`) and methods (`Client.fetch`, called as `self.fetch`) whose calls the module
   * runs concurrently over a collection (see `fannedOutCallees`).
   */
  readonly fannedOut: ReadonlySet<string>;
  /**
   * Every name an `as` binds in the module's statements (`import a as b`, `with x as y` …), made
   * when first asked: the names an import may give another name. Not compared by `sameAs`,
   * since it only spares the semantic model resolving names that cannot be imported ones.
   */
  readonly asNames: ReadonlySet<string>;
  /** Whether another analysis's facts are these: the same statements' facts, under the same target and line break. */
  sameAs(other: ModuleFacts): boolean;
}

/** What one top-level statement contributes, before names are resolved. */
interface StatementFacts {
  text: string;
  bindings: ModuleBinding[];
  starImports: string[];
  classes: ClassFacts[];
  valueCoroutines: string[];
  fannedOut: string[];
  /** The last part of the name of each decorator written first on its line (`route` for `@app.route(…)`). */
  decoratorNames: string[];
  catchesNotImplementedError: boolean;
  /** The facts above as a string, made when first asked: what tells two statements' facts apart. */
  key?: string;
  /** The names after `as` in the statement, made when first asked. */
  asNames?: string[];
}

/** The statements' facts of an analysis, for the next one. */
export type StatementFactsCache = PieceCache<StatementFacts>;

/** An earlier analysis's statement facts, and the edits since. */
export interface EarlierFacts {
  statements: StatementFactsCache;
  edits: Edits;
}

/** What `sameAs` compares: the facts of each top-level statement, in order, and the line break. */
const statementsOf = new WeakMap<ModuleFacts, { entries: readonly StatementFacts[]; lineBreak: string }>();

const CATCHES_NOT_IMPLEMENTED = /\bexcept\b[^:\n]*\bNotImplementedError\b/;
/** The name after an `as` (which may continue on the next line after a backslash): everything up to a delimiter. */
const AS_NAME = /\bas(?:\s|\\)+([^\s\\()[\]{},;:#=.'"]+)/g;
/** The dotted name after a decorator's `@`. */
const DECORATOR_NAME = /[ \t]*([A-Za-z_][\w.]*)/y;

/**
 * What is known of the whole document's text, from the caller (the analysis carries it across
 * edits): its line break (`lineBreakOf`), which fixes write, so that a first CRLF in an LF file
 * changes every unit's fixes; and whether it holds a text anywhere, which spares looking for it in
 * each statement.
 */
export interface DocumentText {
  lineBreak: string;
  holds(text: string): boolean;
}

/** The document's text as one search answers it, each text searched once (statements ask the same ones). */
function wholeDocument(source: string): DocumentText {
  const presence = new TextPresence(source);
  const holds = (text: string) => presence.has(text);
  return { lineBreak: lineBreakOf(source, holds), holds };
}

export function collectModuleFacts(
  root: Node,
  source: string,
  target: PythonVersion,
  earlier?: EarlierFacts,
  document: DocumentText = wholeDocument(source),
): { facts: ModuleFacts; cache: StatementFactsCache } {
  const lineBreak = document.lineBreak;
  const cache: StatementFactsCache = new PieceCache();
  const bindings = new Map<string, ModuleBinding[]>();
  const starImports: string[] = [];
  const raw: ClassFacts[] = [];
  const entries: StatementFacts[] = [];
  const valueCoroutines = new Set<string>();
  const fannedOut = new Set<string>();
  const decoratorNames = new Set<string>();
  let catchesNotImplementedError = false;
  for (const statement of moduleStatements(root, source)) {
    const start = statement.startIndex;
    const text = source.slice(start, statement.endIndex);
    const entry = earlier?.statements.find(start, false, text, earlier.edits, (cached) => cached.text === text) ?? statementFacts(statement, text, source, document.holds);
    cache.set(start, false, entry);
    for (const binding of entry.bindings) {
      const list = bindings.get(binding.name);
      if (list) list.push(binding);
      else bindings.set(binding.name, [binding]);
    }
    starImports.push(...entry.starImports);
    raw.push(...entry.classes);
    for (const name of entry.valueCoroutines) valueCoroutines.add(name);
    for (const name of entry.fannedOut) fannedOut.add(name);
    for (const name of entry.decoratorNames) decoratorNames.add(name);
    catchesNotImplementedError ||= entry.catchesNotImplementedError;
    entries.push(entry);
  }
  const names = { bindings, starImports };
  const classes = new Map<string, ClassFacts>();
  const resolved = new Map<string, string[]>();
  const resolve = (dotted: string) => {
    let qualified = resolved.get(dotted);
    if (!qualified) resolved.set(dotted, (qualified = qualifiedInModule(names, dotted)));
    return qualified;
  };
  for (const each of raw) if (each.name !== '') classes.set(each.name, withQualifiedNames(each, resolve));
  let asNames: Set<string> | undefined;
  const facts: ModuleFacts = {
    target,
    bindings,
    starImports,
    classes,
    decoratorNames,
    catchesNotImplementedError,
    valueCoroutines,
    fannedOut,
    get asNames() {
      asNames ??= new Set(entries.flatMap((entry) => (entry.asNames ??= Array.from(entry.text.matchAll(AS_NAME), (match) => match[1]))));
      return asNames;
    },
    // The statements' own facts determine the rest (qualified names are resolved from them).
    sameAs(other) {
      const theirs = statementsOf.get(other);
      if (!theirs || other.target.join('.') !== target.join('.') || theirs.lineBreak !== lineBreak || theirs.entries.length !== entries.length) return false;
      return entries.every((entry, index) => entry === theirs.entries[index] || keyOf(entry) === keyOf(theirs.entries[index]));
    },
  };
  statementsOf.set(facts, { entries, lineBreak });
  return { facts, cache };
}

/** A statement's facts; `documentHolds` rules out what the whole document lacks before the statement is searched. */
function statementFacts(statement: Node, text: string, source: string, documentHolds: (text: string) => boolean): StatementFacts {
  const facts: StatementFacts = {
    text,
    bindings: [],
    starImports: [],
    classes: [],
    valueCoroutines: documentHolds('async') ? valueCoroutinesOf(statement, text) : [],
    fannedOut: [],
    decoratorNames: decoratorNamesOf(source, text, statement.startIndex),
    catchesNotImplementedError: documentHolds('NotImplementedError') && holdsText(text, 'NotImplementedError') && CATCHES_NOT_IMPLEMENTED.test(text),
  };
  for (const callee of fannedOutCallees(statement, text, documentHolds)) {
    const name = fanOutName(callee);
    if (name !== undefined && !facts.fannedOut.includes(name)) facts.fannedOut.push(name);
  }
  const classNodes: Node[] = [];
  statementBindings(
    [statement],
    (bound, fallback) => {
      const binding: ModuleBinding = { name: bound.name, kind: bound.kind };
      if (bound.qualified !== undefined) binding.qualified = bound.qualified;
      // Each read of a node's type is a call into wasm: each is read once.
      const valueType = bound.value?.type;
      if (valueType !== undefined) binding.valueType = valueType;
      const callee = valueType === 'call' ? bound.value!.childForFieldName('function') : null;
      const calleeType = callee?.type;
      if (callee && (calleeType === 'identifier' || calleeType === 'attribute')) binding.callee = source.slice(callee.startIndex, callee.endIndex).replace(/\s+/g, '');
      if (fallback) binding.fallback = true;
      facts.bindings.push(binding);
    },
    { starImports: facts.starImports, classes: classNodes },
  );
  facts.classes = classNodes.map((node) => rawClassFacts(node, source));
  return facts;
}

function keyOf(entry: StatementFacts): string {
  entry.key ??= JSON.stringify([entry.bindings, entry.starImports, entry.classes, entry.valueCoroutines, entry.fannedOut, entry.decoratorNames, entry.catchesNotImplementedError]);
  return entry.key;
}

/**
 * The last part of every decorator's name in a statement's `text` (at `start` in `source`), read
 * from the text (`@` first on its line), since decorators sit in every unit of the module and
 * walking them all would cost a tree walk.
 */
function decoratorNamesOf(source: string, text: string, start: number): string[] {
  const names: string[] = [];
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let lineStart = start + at;
    while (lineStart > 0 && (source[lineStart - 1] === ' ' || source[lineStart - 1] === '\t')) lineStart--;
    if (lineStart > 0 && source[lineStart - 1] !== '\n' && source[lineStart - 1] !== '\r') continue;
    DECORATOR_NAME.lastIndex = start + at + 1;
    const dotted = DECORATOR_NAME.exec(source)?.[1];
    const name = dotted?.slice(dotted.lastIndexOf('.') + 1);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}
