// What a name can be bound to, and the identifiers a binding construct binds. Shared by the
// module's bindings (collected statement by statement for the module facts) and by the scopes of
// functions, lambdas, classes and comprehensions (collected when a rule first asks).

import type { Node } from 'web-tree-sitter';

export type BindingKind =
  /** `import a.b` (binds `a`) or `import a.b as c` (binds `c` to `a.b`). */
  | 'import'
  /** `from m import n` or `from m import n as k`. */
  | 'from-import'
  | 'function'
  | 'class'
  /** `x = …`, `x: T = …`, `a, *b = …`. */
  | 'assignment'
  /** `x: T` without a value: it makes `x` local without giving it a value. */
  | 'annotation'
  | 'augmented-assignment'
  | 'walrus'
  | 'for'
  | 'with'
  | 'except'
  | 'match'
  | 'parameter'
  /** PEP 695: `def f[T]()`, `class C[T]`, `type A[T] = …`. */
  | 'type-parameter'
  | 'type-alias'
  | 'deletion'
  | 'builtin';

export type ScopeKind = 'module' | 'class' | 'function' | 'lambda' | 'comprehension';

export interface Binding {
  readonly name: string;
  readonly kind: BindingKind;
  readonly scope: Scope;
  /** The identifier that binds the name; absent for builtins and for the module's bindings (whose nodes lie outside a rule's unit). */
  readonly node?: Node;
  /** For imports, what the name stands for: `functools.lru_cache`, `os.path` (after `import os.path as p`), `os` (after `import os.path`). */
  readonly qualified?: string;
  /** The one expression assigned to the name alone (`x = []`); a parameter's default. */
  readonly value?: Node;
  /** The node type of that expression (`list`, `call`, …); known for the module's bindings too. */
  readonly valueType?: string;
  /** A parameter's or annotated assignment's annotation. */
  readonly annotation?: Node;
  /** Bound in an `except` handler of a `try` whose body imports the same name: the import's stand-in. */
  readonly fallback?: boolean;
  /** The offset from which the binding holds (after the assignment's value, after the `def` statement); 0 for parameters. */
  readonly effective?: number;
  /** For a module name bound several ways (`if …: from a import x` / `else: from b import x`), each of them. */
  readonly alternatives?: readonly Binding[];
}

export interface Scope {
  readonly kind: ScopeKind;
  /** The function, lambda, class or comprehension; absent for the module. */
  readonly node?: Node;
  readonly parent?: Scope;
  /** Bindings by name, in document order. */
  readonly bindings: ReadonlyMap<string, readonly Binding[]>;
  /** Names declared `global` / `nonlocal` in this scope. */
  readonly globals: ReadonlySet<string>;
  readonly nonlocals: ReadonlySet<string>;
  /** PEP 695 type parameters, visible in the scope and every scope nested in it (methods of a generic class too). */
  readonly typeParameters: ReadonlyMap<string, Binding>;
}

/** A name bound by a construct, before it is attached to a scope. */
export interface BoundName {
  name: string;
  kind: BindingKind;
  node: Node;
  /** See `Binding.effective`. */
  effective: number;
  qualified?: string;
  value?: Node;
  annotation?: Node;
}

/** The identifiers a target binds: `x`, `a, *b`, `(c, [d, e])`; attributes and subscripts bind nothing. */
export function targetIdentifiers(target: Node | null): Node[] {
  if (!target) return [];
  switch (target.type) {
    case 'identifier':
      return [target];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'tuple':
    case 'list':
    case 'expression_list':
    case 'list_splat_pattern':
    case 'list_splat':
    case 'parenthesized_expression':
    case 'as_pattern_target':
      return target.namedChildren.flatMap((child) => (child && child.type !== 'comment' ? targetIdentifiers(child) : []));
    default:
      return [];
  }
}

/** The names an `assignment` binds; `a = b = 1` is two nested assignments, each asked on its own. */
export function assignmentNames(assignment: Node): BoundName[] {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  const annotation = assignment.childForFieldName('type') ?? undefined;
  if (!left) return [];
  if (left.type === 'identifier') {
    // In `a = b = []` the value of `a` is the inner assignment's value.
    let value = right ?? undefined;
    while (value?.type === 'assignment') value = value.childForFieldName('right') ?? undefined;
    return [{ name: left.text, kind: right ? 'assignment' : 'annotation', node: left, value, annotation, effective: assignment.endIndex }];
  }
  return targetIdentifiers(left).map((node) => ({ name: node.text, kind: 'assignment' as const, node, effective: assignment.endIndex }));
}

/** The names an `import`, `from … import` or `from __future__ import` statement binds. */
export function importNames(statement: Node): BoundName[] {
  const names: BoundName[] = [];
  if (statement.type === 'import_statement') {
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const alias = name.childForFieldName('alias');
        const module = name.childForFieldName('name');
        if (alias && module) names.push({ name: alias.text, kind: 'import', node: alias, qualified: dotted(module), effective: statement.endIndex });
      } else {
        // `import a.b` binds `a`, through which `a.b` is reachable.
        const head = name.firstNamedChild;
        if (head) names.push({ name: head.text, kind: 'import', node: head, qualified: head.text, effective: statement.endIndex });
      }
    }
    return names;
  }
  const moduleNode = statement.childForFieldName('module_name');
  const module = statement.type === 'future_import_statement' ? '__future__' : moduleNode ? dotted(moduleNode) : '';
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    const imported = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
    const local = name.type === 'aliased_import' ? name.childForFieldName('alias') : name.lastNamedChild;
    if (!imported || !local) continue;
    // `from . import x` is `.x`, `from .m import x` is `.m.x`.
    const qualified = module.endsWith('.') ? module + dotted(imported) : `${module}.${dotted(imported)}`;
    names.push({ name: local.text, kind: 'from-import', node: local, qualified, effective: statement.endIndex });
  }
  return names;
}

/** The module a `from m import *` reads, or nothing for other statements. */
export function starImportModule(statement: Node): string | undefined {
  if (statement.type !== 'import_from_statement' || !statement.namedChildren.some((child) => child?.type === 'wildcard_import')) return undefined;
  const module = statement.childForFieldName('module_name');
  return module ? dotted(module) : undefined;
}

/** A dotted or relative module name without whitespace: `a.b`, `..pkg`. */
function dotted(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

/** The capture names of a `case` pattern: `x`, `[1, *rest]`, `{"k": v, **kw}`, `Point(x=px) as p`. */
export function patternCaptures(pattern: Node): Node[] {
  const captures: Node[] = [];
  const visit = (node: Node) => {
    switch (node.type) {
      case 'dotted_name':
        // A single name captures; a dotted one (`Color.RED`) is a value pattern.
        if (node.namedChildCount === 1 && node.parent?.type !== 'class_pattern') captures.push(node.firstNamedChild!);
        return;
      case 'splat_pattern': {
        const name = node.firstNamedChild;
        if (name?.type === 'identifier' && name.text !== '_') captures.push(name);
        return;
      }
      case 'as_pattern': {
        const [inner, alias] = [node.firstNamedChild, node.lastNamedChild];
        if (inner) visit(inner);
        if (alias?.type === 'identifier' && alias.id !== inner?.id) captures.push(alias);
        return;
      }
      case 'keyword_pattern': {
        // `x=px`: the keyword names an attribute, the pattern after it may capture.
        const value = node.namedChildren[1];
        if (value) visit(value);
        return;
      }
      case 'class_pattern':
        for (const child of node.namedChildren.slice(1)) if (child) visit(child);
        return;
      default:
        for (const child of node.namedChildren) if (child && child.type !== 'string' && child.type !== 'comment') visit(child);
    }
  };
  visit(pattern);
  return captures.filter((capture) => capture.text !== '_');
}

/** A function's or lambda's parameters as bindings, with their defaults and annotations. */
export function parameterNames(parameters: Node | null): BoundName[] {
  const names: BoundName[] = [];
  for (const parameter of parameters?.namedChildren ?? []) {
    if (!parameter) continue;
    let name: Node | null = null;
    let value: Node | undefined;
    let annotation: Node | undefined;
    switch (parameter.type) {
      case 'identifier':
        name = parameter;
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = parameter.childForFieldName('name');
        value = parameter.childForFieldName('value') ?? undefined;
        annotation = parameter.childForFieldName('type') ?? undefined;
        break;
      case 'typed_parameter': {
        const inner = parameter.firstNamedChild;
        name = inner?.type === 'identifier' ? inner : (inner?.firstNamedChild ?? null);
        annotation = parameter.childForFieldName('type') ?? undefined;
        break;
      }
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = parameter.firstNamedChild;
        break;
      default:
        break;
    }
    if (name?.type === 'identifier') names.push({ name: name.text, kind: 'parameter', node: name, value, annotation, effective: 0 });
  }
  return names;
}

/** PEP 695 type parameters: `[T, T2: int, *Ts, **P]`. */
export function typeParameterNames(typeParameters: Node | null): BoundName[] {
  const names: BoundName[] = [];
  for (const parameter of typeParameters?.namedChildren ?? []) {
    if (!parameter) continue;
    const identifier = parameter.descendantsOfType('identifier')[0];
    if (identifier) names.push({ name: identifier.text, kind: 'type-parameter', node: identifier, effective: 0 });
  }
  return names;
}
