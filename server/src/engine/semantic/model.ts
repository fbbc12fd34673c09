// The semantic model rules ask instead of reading names off the text: which binding an identifier
// refers to (shadowing, `global`/`nonlocal`, class scopes that methods do not see, builtins), the
// qualified name an expression stands for through the imports, how the module can spell a qualified
// name where a fix writes it, and what a class is (`classes.ts`). How a value is used is asked of
// `value-uses.ts` with a binding from here.

import type { Node } from 'web-tree-sitter';
import type { ModuleFacts } from '../facts';
import type { Binding, Scope } from './binding';
import { BUILTIN_NAMES } from './builtins';
import { classFacts, classKind, type ClassFacts, type ClassKind } from './classes';
import { bodyStatements, isModuleLevel, isWordCharAt } from '../syntax';
import { enclosingScopeNodes, hasTypeParameters, localScope, mayBindName } from './local-scopes';

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_BINDINGS: ReadonlyMap<string, readonly Binding[]> = new Map();

/**
 * Names a class body binds, read by a member that lies in another analysis unit: the analyzer keeps
 * the member's result only while they stay the same.
 */
export type ClassScopeRead = (classNode: Node) => void;

export class SemanticModel {
  /** The module's scope; its bindings live in the facts (`ModuleFacts.bindings`), without nodes. */
  readonly module: Scope = { kind: 'module', bindings: NO_BINDINGS, globals: NO_NAMES, nonlocals: NO_NAMES, typeParameters: new Map() };
  private readonly builtins: Scope = { kind: 'module', bindings: NO_BINDINGS, globals: NO_NAMES, nonlocals: NO_NAMES, typeParameters: new Map() };
  private readonly moduleBindings = new Map<string, Binding | null>();
  /** Classes' facts by node: several rules ask of the same class. */
  private readonly classFactsByNode = new Map<number, ClassFacts>();
  /** Per scope node, whether its text holds `import` (see `mayBeQualified`). */
  private readonly scopeImports = new Map<number, boolean>();
  /** How many times a class body's names were read (see `onClassScopeRead`). */
  private classScopeReads = 0;

  constructor(
    readonly facts: ModuleFacts,
    /** The document's text. */
    private readonly source: string,
    private readonly onClassScopeRead?: ClassScopeRead,
  ) {}

  /**
   * The binding an identifier refers to, where it stands; nothing when no scope binds it (a star
   * import may) or when it names no variable (a keyword argument's name). A parameter's name gives
   * the parameter.
   */
  resolve(identifier: Node): Binding | undefined {
    const parent = identifier.parent;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === identifier.id) return undefined;
    const owner = parameterOwner(identifier, parent);
    if (owner) return localScope(owner).bindings.get(identifier.text)?.find((binding) => binding.kind === 'parameter');
    return this.lookup(identifier.text, identifier);
  }

  /** The binding `name` would refer to if it were written at `at`. */
  lookup(name: string, at: Node): Binding | undefined {
    let innermost = true;
    const scopeNodes = enclosingScopeNodes(at);
    const innermostNode = scopeNodes[0];
    for (const scopeNode of scopeNodes) {
      if (scopeNode.type === 'class_definition') {
        // Past the innermost scope, a class offers only its type parameters.
        if (!innermost && !hasTypeParameters(scopeNode)) continue;
      } else if (!mayBindName(scopeNode, name)) {
        // Most names are not bound in most functions: the text says so without building the scope.
        innermost = false;
        continue;
      }
      const scope = localScope(scopeNode);
      if (scope.kind === 'class') {
        // A class body's names are visible in the body itself, not in the functions inside it.
        if (innermost) {
          const own = this.classBinding(scope, name, at);
          if (own) return own;
        }
        const typeParameter = scope.typeParameters.get(name);
        if (typeParameter) return typeParameter;
        innermost = false;
        continue;
      }
      innermost = false;
      if (scope.globals.has(name)) return this.global(name);
      if (scope.nonlocals.has(name)) continue;
      const bindings = scope.bindings.get(name);
      if (bindings && bindings.length > 0) return inEffect(bindings, at, scopeNode === innermostNode);
      const typeParameter = scope.typeParameters.get(name);
      if (typeParameter) return typeParameter;
    }
    return this.global(name);
  }

  /** The module-level (or builtin) binding of `name`. */
  global(name: string): Binding | undefined {
    let binding = this.moduleBindings.get(name);
    if (binding === undefined) {
      binding = this.moduleBinding(name);
      this.moduleBindings.set(name, binding);
    }
    return binding ?? undefined;
  }

  /** Whether an expression is the builtin `name` (unshadowed), e.g. `isBuiltin(callee, 'sum')`. */
  isBuiltin(expression: Node, name?: string): boolean {
    if (expression.type !== 'identifier' || (name !== undefined && expression.text !== name)) return false;
    return this.resolve(expression)?.kind === 'builtin';
  }

  /**
   * What an expression stands for: `functools.lru_cache` for `lru_cache` after `from functools
   * import lru_cache` or for `ft.lru_cache` after `import functools as ft`; `builtins.sum` for an
   * unshadowed `sum`. Nothing for the module's own names, locals, and expressions other than
   * dotted names. When the module binds the name several ways (a conditional import), the one
   * they agree on, else nothing.
   */
  qualifiedName(expression: Node): string | undefined {
    const names = this.qualifiedNames(expression);
    return names.length === 1 ? names[0] : undefined;
  }

  /** Whether an expression stands for one of `qualified` in every way the module binds it. */
  matches(expression: Node, ...qualified: string[]): boolean {
    const dotted = dottedName(expression);
    if (!dotted || !this.mayStandFor(dotted, qualified)) return false;
    const names = this.namesOfDotted(dotted);
    return names.length > 0 && names.every((name) => qualified.includes(name));
  }

  /** Every qualified name an expression may stand for (several for `try: from a import x / except: from b import x`). */
  qualifiedNames(expression: Node): string[] {
    const dotted = dottedName(expression);
    return dotted ? this.namesOfDotted(dotted) : [];
  }

  /**
   * Whether a dotted name can stand for one of `qualified`, told without resolving it. `x.y.z`
   * stands for a name ending in `.y.z`. A bare `x` is a builtin, or imported: as `x` (`import x`,
   * `from m import x`, a star import) or under another name through an `as` somewhere in the module.
   */
  private mayStandFor({ head, rest }: DottedName, qualified: readonly string[]): boolean {
    if (rest !== '') return qualified.some((name) => name.length > rest.length && name.endsWith(rest));
    const name = head.text;
    if (qualified.some((each) => each === name || each.endsWith(`.${name}`))) return true;
    return this.facts.asNames.has(name);
  }

  private namesOfDotted({ head, rest }: DottedName): string[] {
    if (!this.mayBeQualified(head.text, head)) return [];
    const binding = this.resolve(head);
    return binding ? qualifiedOf(binding).map((qualified) => qualified + rest) : [];
  }

  /**
   * Only an import or a builtin gives a name a qualified one: whether `name`, written at `at`, may
   * have one. It has none when the module's binding of it gives none and no scope around `at` (a
   * function, a class) has `import` in its text, whatever those scopes bind: they are not built.
   */
  private mayBeQualified(name: string, at: Node): boolean {
    const global = this.global(name);
    if (global && qualifiedOf(global).length > 0) return true;
    return enclosingScopeNodes(at).some((scopeNode) => {
      let imports = this.scopeImports.get(scopeNode.id);
      if (imports === undefined) this.scopeImports.set(scopeNode.id, (imports = this.source.slice(scopeNode.startIndex, scopeNode.endIndex).includes('import')));
      return imports;
    });
  }

  /**
   * How code at `at` can refer to `qualified` through the module's existing imports: `wraps` after
   * `from functools import wraps`, `ft.wraps` after `import functools as ft`, `sum` for an
   * unshadowed builtin. Nothing when no import reaches it, or the local name means something else there.
   */
  spell(qualified: string, at: Node): string | undefined {
    if (qualified.startsWith('builtins.')) {
      const name = qualified.slice('builtins.'.length);
      return this.lookup(name, at)?.kind === 'builtin' ? name : undefined;
    }
    const candidates: string[] = [];
    for (const [name, bindings] of this.facts.bindings) {
      for (const binding of bindings) {
        if (binding.qualified === undefined) continue;
        if (binding.qualified === qualified) candidates.unshift(name);
        else if (binding.kind === 'import' && qualified.startsWith(binding.qualified + '.')) candidates.push(name + qualified.slice(binding.qualified.length));
      }
    }
    return candidates.find((spelling) => {
      const head = spelling.split('.', 1)[0];
      const binding = this.lookup(head, at);
      return binding !== undefined && binding.scope === this.module && qualifiedOf(binding).length === 1 && `${qualifiedOf(binding)[0]}${spelling.slice(head.length)}` === qualified;
    });
  }

  /**
   * A cheap guard before resolving: whether code written `text` may refer to one of `qualified`. It
   * holds when the text says the last part of one as a name of its own (`cache` for `functools.cache`,
   * through any module alias; not `type` in `ctypes`), or starts with a module-level alias of one
   * (`from functools import cache as memo`).
   */
  mayReferTo(text: string, ...qualified: string[]): boolean {
    if (qualified.some((name) => mentions(text, name.slice(name.lastIndexOf('.') + 1)))) return true;
    const head = /^\w+/.exec(text)?.[0];
    return head !== undefined && (this.facts.bindings.get(head)?.some((binding) => binding.qualified !== undefined && qualified.includes(binding.qualified)) ?? false);
  }

  /** Every binding of the variable a binding belongs to, in its scope (one for a name bound once). */
  bindingsOf(binding: Binding): readonly Binding[] {
    if (!binding.scope.node) return binding.alternatives ?? [binding];
    return localScope(binding.scope.node).bindings.get(binding.name) ?? [binding];
  }

  /** What a dotted name written at `at` stands for (`dc.dataclass`), as `qualifiedNames` gives it for an expression. */
  qualifiedNamesOf(dotted: string, at: Node): string[] {
    const dot = dotted.indexOf('.');
    const head = dot === -1 ? dotted : dotted.slice(0, dot);
    if (!this.mayBeQualified(head, at)) return [];
    const binding = this.lookup(head, at);
    return binding ? qualifiedOf(binding).map((qualified) => qualified + (dot === -1 ? '' : dotted.slice(dot))) : [];
  }

  /** A class's header and dunders; a module-level class's come from the facts (so a method in its own unit may ask). */
  classFacts(definition: Node): ClassFacts {
    let facts = this.classFactsByNode.get(definition.id);
    if (facts) return facts;
    const name = definition.childForFieldName('name')?.text;
    const known = name !== undefined && isModuleLevel(definition) ? this.facts.classes.get(name) : undefined;
    facts = known ?? classFacts(definition, this.source, this.headerResolver(definition));
    this.classFactsByNode.set(definition.id, facts);
    return facts;
  }

  /** Resolves the names of a class header where it is evaluated, keeping each answer that read no class body's names. */
  private headerResolver(definition: Node): (dotted: string) => string[] {
    const resolved = new Map<string, string[]>();
    return (dotted) => {
      let names = resolved.get(dotted);
      if (names) return names;
      const reads = this.classScopeReads;
      names = this.qualifiedNamesOf(dotted, definition);
      // An answer that read a class body's names is not kept: each unit asking must be seen reading them.
      if (this.classScopeReads === reads) resolved.set(dotted, names);
      return names;
    };
  }

  /**
   * The method `name` defined in the class body (the last definition, as Python keeps it), read at
   * each member's start rather than asking every member for its name.
   */
  methodOf(definition: Node, name: string): Node | undefined {
    const header = new RegExp(`(?:async[ \\t]+)?def[ \\t]+${name}\\b`, 'y');
    let found: Node | undefined;
    for (const statement of bodyStatements(definition)) {
      const method = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (method?.type !== 'function_definition') continue;
      header.lastIndex = method.startIndex;
      if (header.test(this.source)) found = method;
    }
    return found;
  }

  /** What kind of class it is: an enum, a NamedTuple, a dataclass, a model, an exception, a value type … */
  classKind(definition: Node): ClassKind {
    return classKind(this.classFacts(definition), (name) => this.facts.classes.get(name));
  }

  /** Whether the module creates an instance of its class `name` at module level (`apps = Apps()`): one that lives as long as the module. */
  hasModuleInstance(name: string): boolean {
    for (const bindings of this.facts.bindings.values()) if (bindings.some((binding) => binding.callee === name)) return true;
    return false;
  }

  /**
   * Whether the code at `node` is meant to raise: it runs inside `with self.assertRaises(…)` (or
   * `assertRaisesRegex`, `assertWarns…`) or `with pytest.raises(…)` — a test of the very error a
   * rule would report.
   */
  expectsRaise(node: Node): boolean {
    for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
      if (ancestor.type !== 'with_statement') continue;
      const clause = ancestor.namedChildren.find((child) => child?.type === 'with_clause');
      for (const item of clause?.namedChildren ?? []) {
        let value = item?.type === 'with_item' ? item.childForFieldName('value') : null;
        if (value?.type === 'as_pattern') value = value.firstNamedChild;
        const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
        if (callee && this.expectsRaiseBy(callee)) return true;
      }
    }
    return false;
  }

  /** Whether a call of `callee` opens a scope that expects an exception or warning: `self.assertRaises…`, `pytest.raises`. */
  expectsRaiseBy(callee: Node): boolean {
    if (callee.type === 'attribute' && /^assert(Raises|Warns)/.test(callee.childForFieldName('attribute')?.text ?? '')) return true;
    return this.matches(callee, 'pytest.raises', 'pytest.warns');
  }

  /** The module-level classes that list `name` among their bases (`Name` or `Name[T]`). */
  subclassesOf(name: string): ClassFacts[] {
    return [...this.facts.classes.values()].filter((each) => each.name !== name && each.bases.some((base) => base.callee === name));
  }

  /** Whether a new module-level import of `name` would bind a free name: nothing binds it at `at` or in the module, and it is no builtin. */
  isFree(name: string, at: Node): boolean {
    return this.lookup(name, at) === undefined && this.facts.starImports.length === 0 && !this.facts.bindings.has(name);
  }

  /**
   * Every identifier under `root` that refers to the module-level binding of `name`, the binding
   * statements' own names included (`T` of `T = TypeVar("T")`, `TypeVar` of its import). Found
   * through the text, so it costs a resolve per occurrence, not a walk of the tree: ask it on
   * request (a code action), not in an analysis.
   */
  moduleReferences(root: Node, name: string): Node[] {
    const found: Node[] = [];
    const text = root.text;
    const pattern = new RegExp(`(?<![\\w.])${name.replace(/\W/g, '')}(?!\\w)`, 'g');
    for (const match of text.matchAll(pattern)) {
      const start = root.startIndex + match.index;
      const node = root.descendantForIndex(start, start + name.length);
      if (node?.type !== 'identifier' || node.startIndex !== start) continue;
      if (node.parent?.type === 'attribute' && node.parent.childForFieldName('attribute')?.id === node.id) continue;
      if (this.resolve(node)?.scope === this.module) found.push(node);
    }
    return found;
  }

  /** Whether the module binds `name` at top level (by anything: import, def, class, assignment …). */
  bindsGlobally(name: string): boolean {
    return this.facts.bindings.has(name);
  }

  private classBinding(scope: Scope, name: string, at: Node): Binding | undefined {
    const bindings = scope.bindings.get(name);
    if (scope.node && !isWithin(at, scope.node.childForFieldName('body'))) return undefined;
    if (scope.node) {
      this.classScopeReads++;
      this.onClassScopeRead?.(scope.node);
    }
    // The body runs top to bottom: a name not bound yet comes from outside the class.
    const before = bindings?.filter((binding) => (binding.effective ?? 0) <= at.startIndex) ?? [];
    return before.length > 0 ? before[before.length - 1] : undefined;
  }

  private moduleBinding(name: string): Binding | null {
    return moduleBinding(this.facts, name, this.module, this.builtins);
  }
}

/** The module's names as the facts give them. */
export type ModuleNames = Pick<ModuleFacts, 'bindings' | 'starImports'>;

/** What a dotted name stands for at module level (where a module-level class header is evaluated). */
export function qualifiedInModule(names: ModuleNames, dotted: string): string[] {
  const dot = dotted.indexOf('.');
  const head = dot === -1 ? dotted : dotted.slice(0, dot);
  const binding = moduleBinding(names, head, MODULE_SCOPE, BUILTIN_SCOPE);
  return binding ? qualifiedOf(binding).map((qualified) => qualified + (dot === -1 ? '' : dotted.slice(dot))) : [];
}

const MODULE_SCOPE: Scope = { kind: 'module', bindings: NO_BINDINGS, globals: NO_NAMES, nonlocals: NO_NAMES, typeParameters: new Map() };
const BUILTIN_SCOPE: Scope = { kind: 'module', bindings: NO_BINDINGS, globals: NO_NAMES, nonlocals: NO_NAMES, typeParameters: new Map() };

function moduleBinding(names: ModuleNames, name: string, module: Scope, builtins: Scope): Binding | null {
  const all = names.bindings.get(name);
  if (!all || all.length === 0) {
    const builtin: Binding | null = BUILTIN_NAMES.has(name) ? { name, kind: 'builtin', scope: builtins, qualified: `builtins.${name}` } : null;
    if (names.starImports.length === 0) return builtin;
    // `from m import *` may bind any name, a builtin's too: each star import is one way it may be bound.
    const alternatives: Binding[] = names.starImports.map((star) => ({ name, kind: 'from-import', scope: module, qualified: star.endsWith('.') ? star + name : `${star}.${name}` }));
    if (builtin) alternatives.push(builtin);
    return alternatives.length === 1 ? alternatives[0] : { ...alternatives[0], alternatives };
  }
  // A fallback in `except ImportError:` stands in for the import; the import says what the name is.
  const effective = all.some((binding) => !binding.fallback) ? all.filter((binding) => !binding.fallback) : all;
  const bindings = effective.map((binding): Binding => ({ name: binding.name, kind: binding.kind, scope: module, qualified: binding.qualified, valueType: binding.valueType, fallback: binding.fallback }));
  const last = bindings[bindings.length - 1];
  return bindings.length === 1 ? last : { ...last, alternatives: bindings };
}

/** A dotted name's first identifier, and the attributes after it (`.y.z`, or empty). */
interface DottedName {
  head: Node;
  rest: string;
}

function dottedName(expression: Node): DottedName | undefined {
  let rest = '';
  let head = expression;
  let type = head.type;
  while (type === 'attribute') {
    const attribute = head.childForFieldName('attribute');
    const object = head.childForFieldName('object');
    if (!attribute || !object) return undefined;
    rest = `.${attribute.text}${rest}`;
    head = object;
    type = head.type;
  }
  return type === 'identifier' ? { head, rest } : undefined;
}

/** The qualified names a binding gives: its import's, the builtin's, or none for the module's own and local names. */
/** Whether `word` stands in `text` as a whole name, not inside a longer one. */
function mentions(text: string, word: string): boolean {
  // Only ASCII letters, digits and `_` are taken for a longer name: a guard may say yes too often, never too rarely.
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    if (!isWordCharAt(text, at - 1) && !isWordCharAt(text, at + word.length)) return true;
  }
  return false;
}

function qualifiedOf(binding: Binding): string[] {
  const bindings = binding.alternatives ?? [binding];
  const names = new Set<string>();
  for (const each of bindings) {
    if ((each.kind !== 'import' && each.kind !== 'from-import' && each.kind !== 'builtin') || each.qualified === undefined) return [];
    names.add(each.qualified);
  }
  return [...names];
}

/**
 * Of a scope's bindings of one name, the one in effect at `at`. In the scope itself: the last that
 * holds before it, else the first (a loop may come back to it). From a nested function, which runs
 * later: the last.
 */
function inEffect(bindings: readonly Binding[], at: Node, sameScope: boolean): Binding {
  if (!sameScope) return bindings[bindings.length - 1];
  let chosen = bindings[0];
  for (const binding of bindings) {
    if ((binding.effective ?? 0) <= at.startIndex) chosen = binding;
  }
  return chosen;
}

const PARAMETER_WRAPPERS = new Set(['typed_parameter', 'list_splat_pattern', 'dictionary_splat_pattern']);

/** The function or lambda whose parameter list names this identifier as a parameter (not in a default or annotation). */
function parameterOwner(identifier: Node, parent: Node | null): Node | undefined {
  let node = identifier;
  // Each read of a node's type or parent is a call into wasm.
  let type = parent?.type;
  while (parent && PARAMETER_WRAPPERS.has(type!)) {
    // In `x: int` only the first child names the parameter.
    if (type === 'typed_parameter' && parent.firstNamedChild?.id !== node.id) return undefined;
    node = parent;
    parent = parent.parent;
    type = parent?.type;
  }
  if (parent && (type === 'default_parameter' || type === 'typed_default_parameter')) {
    if (parent.childForFieldName('name')?.id !== node.id) return undefined;
    node = parent;
    parent = parent.parent;
    type = parent?.type;
  }
  if (type !== 'parameters' && type !== 'lambda_parameters') return undefined;
  const owner = parent!.parent;
  const ownerType = owner?.type;
  return ownerType === 'function_definition' || ownerType === 'lambda' ? owner! : undefined;
}

function isWithin(node: Node, container: Node | null): boolean {
  return container !== null && node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
