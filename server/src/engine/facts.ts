// Module facts: what rules may know about the rest of the file. Computed once per analysis from
// the top-level statements (and the blocks of top-level compound statements), and handed to every
// rule through the semantic model. A change to them (an import added, a class renamed, a dunder
// added to a class) invalidates every cached unit result, so they hold names, not positions.

import type { Node } from 'web-tree-sitter';
import type { PythonVersion } from './rule';
import { classFacts, type ClassFacts } from './semantic/classes';
import { collectModuleBindings, type ModuleBinding } from './semantic/module-bindings';
import { qualifiedInModule } from './semantic/model';

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
  /** Equal fingerprints mean equal facts. */
  readonly fingerprint: string;
}

const CATCHES_NOT_IMPLEMENTED = /\bexcept\b[^:\n]*\bNotImplementedError\b/;
/** A decorator line: `@name`, `@a.b(…)`; read from the text, since decorators sit in every unit of the module. */
const DECORATOR_LINE = /^[ \t]*@[ \t]*([A-Za-z_][\w.]*)/gm;

export function collectModuleFacts(root: Node, source: string, target: PythonVersion): ModuleFacts {
  const { bindings, starImports, classes: classNodes } = collectModuleBindings(root);
  const names = { bindings, starImports };
  const classes = new Map<string, ClassFacts>();
  for (const node of classNodes) {
    const facts = classFacts(node, (dotted) => qualifiedInModule(names, dotted));
    if (facts.name !== '') classes.set(facts.name, facts);
  }
  const catchesNotImplementedError = source.includes('NotImplementedError') && CATCHES_NOT_IMPLEMENTED.test(source);
  const decoratorNames = new Set<string>();
  if (source.includes('@')) for (const match of source.matchAll(DECORATOR_LINE)) decoratorNames.add(match[1].slice(match[1].lastIndexOf('.') + 1));
  const fingerprint = JSON.stringify([target, [...bindings], starImports, [...classes.values()], [...decoratorNames], catchesNotImplementedError]);
  return { target, bindings, starImports, classes, decoratorNames, catchesNotImplementedError, fingerprint };
}
