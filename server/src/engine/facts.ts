// Module facts: what rules may know about the rest of the file. Computed once per analysis
// from the top-level statements only, and handed to every rule. A change to them (an import
// added, a class renamed) invalidates every cached unit result, so they stay small.

import type { Node } from 'web-tree-sitter';
import type { PythonVersion } from './rule';

export interface ImportBinding {
  /** The imported module, with leading dots for relative imports. */
  module: string;
  /** For `from module import name`; absent for `import module`. */
  name?: string;
  /** The name bound in the module's namespace. */
  local: string;
}

export interface ClassFacts {
  name: string;
  /** Positional bases as written, e.g. `Protocol`, `typing.Generic[T]`. */
  bases: string[];
  /** Class keywords as written, e.g. `{ metaclass: 'Meta' }`. */
  keywords: Record<string, string>;
  /** Decorators as written, without the `@`. */
  decorators: string[];
}

export interface ModuleFacts {
  readonly target: PythonVersion;
  readonly imports: readonly ImportBinding[];
  /** Top-level classes by name. */
  readonly classes: ReadonlyMap<string, ClassFacts>;
  /** Top-level assignments: name → node type of the assigned value (`dictionary`, `call`, …). */
  readonly globals: ReadonlyMap<string, string>;
  /** Equal fingerprints mean equal facts. */
  readonly fingerprint: string;
}

/** Collects the facts from the module's top-level statements (and the blocks of top-level `if`/`try`/`with`). */
export function collectModuleFacts(root: Node, source: string, target: PythonVersion): ModuleFacts {
  const imports: ImportBinding[] = [];
  const classes = new Map<string, ClassFacts>();
  const globals = new Map<string, string>();
  const text = (node: Node) => source.slice(node.startIndex, node.endIndex);

  const visit = (statements: readonly (Node | null)[]) => {
    for (const statement of statements) {
      if (!statement) continue;
      switch (statement.type) {
        case 'import_statement':
        case 'import_from_statement':
        case 'future_import_statement':
          imports.push(...importBindings(statement, text));
          break;
        case 'class_definition':
          addClass(statement, []);
          break;
        case 'decorated_definition': {
          const definition = statement.childForFieldName('definition');
          if (definition?.type === 'class_definition') addClass(definition, decoratorTexts(statement, text));
          break;
        }
        case 'expression_statement':
          addGlobal(statement);
          break;
        case 'if_statement':
        case 'try_statement':
        case 'with_statement':
          for (const block of nestedBlocks(statement)) visit(block.namedChildren);
          break;
      }
    }
  };

  const addClass = (node: Node, decorators: string[]) => {
    const name = node.childForFieldName('name');
    if (!name) return;
    const bases: string[] = [];
    const keywords: Record<string, string> = {};
    for (const argument of node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!argument) continue;
      if (argument.type === 'keyword_argument') {
        const key = argument.childForFieldName('name');
        const value = argument.childForFieldName('value');
        if (key && value) keywords[text(key)] = text(value);
      } else if (argument.type !== 'comment') {
        bases.push(text(argument));
      }
    }
    classes.set(text(name), { name: text(name), bases, keywords, decorators });
  };

  const addGlobal = (statement: Node) => {
    const assignment = statement.firstNamedChild;
    if (assignment?.type !== 'assignment') return;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right) globals.set(text(left), right.type);
  };

  visit(root.namedChildren);
  const fingerprint = JSON.stringify([target, imports, [...classes.values()], [...globals]]);
  return { target, imports, classes, globals, fingerprint };
}

/** The blocks of an `if`/`try`/`with` statement whose top-level definitions count as the module's. */
export function nestedBlocks(statement: Node): Node[] {
  const blocks: Node[] = [];
  for (const child of statement.namedChildren) {
    if (!child) continue;
    if (child.type === 'block') blocks.push(child);
    else if (['else_clause', 'elif_clause', 'except_clause', 'finally_clause'].includes(child.type)) {
      for (const inner of child.namedChildren) if (inner?.type === 'block') blocks.push(inner);
    }
  }
  return blocks;
}

function importBindings(statement: Node, text: (node: Node) => string): ImportBinding[] {
  const bindings: ImportBinding[] = [];
  if (statement.type === 'import_statement') {
    for (const name of statement.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const module = text(name.childForFieldName('name')!);
        bindings.push({ module, local: text(name.childForFieldName('alias')!) });
      } else {
        // `import a.b` binds `a`, through which `a.b` is reachable.
        const module = text(name);
        bindings.push({ module, local: module });
      }
    }
    return bindings;
  }
  const moduleNode = statement.childForFieldName('module_name');
  const module = statement.type === 'future_import_statement' ? '__future__' : moduleNode ? text(moduleNode) : '';
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      bindings.push({ module, name: text(name.childForFieldName('name')!), local: text(name.childForFieldName('alias')!) });
    } else {
      bindings.push({ module, name: text(name), local: text(name) });
    }
  }
  return bindings;
}

export function decoratorTexts(decorated: Node, text: (node: Node) => string): string[] {
  const decorators: string[] = [];
  for (const child of decorated.namedChildren) {
    if (child?.type !== 'decorator') continue;
    const expression = child.firstNamedChild;
    if (expression) decorators.push(text(expression));
  }
  return decorators;
}

/**
 * The qualified name a dotted expression stands for, through the module's imports:
 * `ft.wraps` → `functools.wraps` after `import functools as ft`; `wraps` → `functools.wraps`
 * after `from functools import wraps`. Other names come back as written.
 */
export function qualifiedName(facts: ModuleFacts, dotted: string): string {
  const dot = dotted.indexOf('.');
  const head = dot === -1 ? dotted : dotted.slice(0, dot);
  const rest = dot === -1 ? '' : dotted.slice(dot);
  for (const binding of facts.imports) {
    if (binding.local !== head) continue;
    const target = binding.name ? `${binding.module}.${binding.name}` : binding.module;
    return target + rest;
  }
  return dotted;
}

/**
 * Whether `dotted` refers to `qualified` (e.g. `functools.wraps`). A bare final name that no
 * top-level import binds (`wraps`, imported inside a function or a `try`) also counts, so that
 * rules stay quiet rather than guess wrong.
 */
export function refersTo(facts: ModuleFacts, dotted: string, qualified: string): boolean {
  if (qualifiedName(facts, dotted) === qualified) return true;
  const lastDot = qualified.lastIndexOf('.');
  return dotted === qualified.slice(lastDot + 1) && !facts.imports.some((binding) => binding.local === dotted);
}

/** Whether the module binds `name` at top level: by an import, an assignment or a class. */
export function bindsName(facts: ModuleFacts, name: string): boolean {
  return facts.imports.some((binding) => binding.local === name) || facts.globals.has(name) || facts.classes.has(name);
}

/** The local name under which `module` (or `module.name`) is reachable, if it is imported. */
export function localName(facts: ModuleFacts, module: string, name?: string): string | undefined {
  for (const binding of facts.imports) {
    if (name === undefined) {
      if (binding.name === undefined && binding.module === module && binding.local === module) return module;
      if (binding.name === undefined && binding.module === module) return binding.local;
    } else {
      if (binding.module === module && binding.name === name) return binding.local;
    }
  }
  if (name !== undefined) {
    const moduleLocal = localName(facts, module);
    if (moduleLocal) return `${moduleLocal}.${name}`;
  }
  return undefined;
}
