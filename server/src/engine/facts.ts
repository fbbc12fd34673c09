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
import { lineBreakOf } from './syntax';

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
   * when first asked: the names an import may give another name. Not part of the fingerprint,
   * since it only spares the semantic model resolving names that cannot be imported ones.
   */
  readonly asNames: ReadonlySet<string>;
  /** Equal fingerprints mean equal facts. */
  readonly fingerprint: string;
}

/** What one top-level statement contributes, before names are resolved. */
interface StatementFacts {
  text: string;
  bindings: ModuleBinding[];
  starImports: string[];
  classes: ClassFacts[];
  valueCoroutines: string[];
  fannedOut: string[];
  /** The facts above as a string, made when first asked: the module's fingerprint is made of these, in order. */
  key?: string;
  /** The names after `as` in the statement, made when first asked. */
  asNames?: string[];
}

/** The statements' facts of an analysis, by a short label (their text tells those under one label apart). */
export type StatementFactsCache = Map<string, StatementFacts[]>;

const CATCHES_NOT_IMPLEMENTED = /\bexcept\b[^:\n]*\bNotImplementedError\b/;
/** The name after an `as` (which may continue on the next line after a backslash): everything up to a delimiter. */
const AS_NAME = /\bas(?:\s|\\)+([^\s\\()[\]{},;:#=.'"]+)/g;
/** The dotted name after a decorator's `@`. */
const DECORATOR_NAME = /[ \t]*([A-Za-z_][\w.]*)/y;

export function collectModuleFacts(root: Node, source: string, target: PythonVersion, previous?: StatementFactsCache): { facts: ModuleFacts; cache: StatementFactsCache } {
  const cache: StatementFactsCache = new Map();
  const bindings = new Map<string, ModuleBinding[]>();
  const starImports: string[] = [];
  const raw: ClassFacts[] = [];
  const entries: StatementFacts[] = [];
  const valueCoroutines = new Set<string>();
  const fannedOut = new Set<string>();
  for (const statement of root.namedChildren) {
    if (!statement || statement.type === 'comment') continue;
    const text = source.slice(statement.startIndex, statement.endIndex);
    const label = text.length <= 96 ? text : `${text.length}:${text.slice(0, 48)}${text.slice(-48)}`;
    const same = (cached: StatementFacts) => cached.text === text;
    let entry = cache.get(label)?.find(same) ?? previous?.get(label)?.find(same);
    if (!entry) entry = statementFacts(statement, text, source);
    const labelled = cache.get(label);
    if (!labelled) cache.set(label, [entry]);
    else if (!labelled.includes(entry)) labelled.push(entry);
    for (const binding of entry.bindings) {
      const list = bindings.get(binding.name);
      if (list) list.push(binding);
      else bindings.set(binding.name, [binding]);
    }
    starImports.push(...entry.starImports);
    raw.push(...entry.classes);
    for (const name of entry.valueCoroutines) valueCoroutines.add(name);
    for (const name of entry.fannedOut) fannedOut.add(name);
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
  const catchesNotImplementedError = source.includes('NotImplementedError') && CATCHES_NOT_IMPLEMENTED.test(source);
  const decoratorNames = decoratorNamesOf(source);
  // The statements' own facts determine the rest (qualified names are resolved from them). Made only
  // when compared: a document analysed once (the CLI) never needs it.
  let fingerprint: string | undefined;
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
    get fingerprint() {
      // Fixes write the document's line break (`lineBreakOf`): a first CRLF in an LF file changes every unit's fixes.
      fingerprint ??= `${target.join('.')}|${JSON.stringify(lineBreakOf(source))}|${[...decoratorNames].join(' ')}|${catchesNotImplementedError}|${entries.map(keyOf).join('\n')}`;
      return fingerprint;
    },
  };
  return { facts, cache };
}

function statementFacts(statement: Node, text: string, source: string): StatementFacts {
  const facts: StatementFacts = { text, bindings: [], starImports: [], classes: [], valueCoroutines: valueCoroutinesOf(statement, text), fannedOut: [] };
  for (const callee of fannedOutCallees(statement, text)) {
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
  entry.key ??= JSON.stringify([entry.bindings, entry.starImports, entry.classes, entry.valueCoroutines, entry.fannedOut]);
  return entry.key;
}

/**
 * The last part of every decorator's name, read from the text (`@` first on its line), since
 * decorators sit in every unit of the module and walking them all would cost a tree walk.
 */
function decoratorNamesOf(source: string): Set<string> {
  const names = new Set<string>();
  for (let at = source.indexOf('@'); at !== -1; at = source.indexOf('@', at + 1)) {
    let lineStart = at;
    while (lineStart > 0 && (source[lineStart - 1] === ' ' || source[lineStart - 1] === '\t')) lineStart--;
    if (lineStart > 0 && source[lineStart - 1] !== '\n' && source[lineStart - 1] !== '\r') continue;
    DECORATOR_NAME.lastIndex = at + 1;
    const dotted = DECORATOR_NAME.exec(source)?.[1];
    if (dotted) names.add(dotted.slice(dotted.lastIndexOf('.') + 1));
  }
  return names;
}
