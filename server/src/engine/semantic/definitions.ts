// The `def` or `class` statement a name refers to: a decorator applied in its own module, a
// descriptor class instantiated in a class body. The module's bindings are kept without nodes
// (equal facts must mean equal answers), so a module-level name's statement is looked up in the
// module again, once per tree: requests such as hovers ask this, not the analysis of a keystroke.

import type { Node, Tree } from 'web-tree-sitter';
import type { BoundName } from './binding';
import type { SemanticModel } from './model';
import { enclosingFunction } from '../syntax';
import { statementBindings } from './module-bindings';

const moduleDefinitions = new WeakMap<Tree, ReadonlyMap<string, readonly BoundName[]>>();

/**
 * The function or class definition an identifier refers to where it stands; nothing when it
 * refers to something else (an import, a variable) or when its name is bound another way too.
 */
export function definitionOf(semantic: SemanticModel, identifier: Node): Node | undefined {
  if (identifier.type !== 'identifier') return undefined;
  const binding = semantic.resolve(identifier);
  if (!binding || (binding.kind !== 'function' && binding.kind !== 'class')) return undefined;
  if (semantic.bindingsOf(binding).some((each) => each.kind !== binding.kind)) return undefined;
  if (binding.node) return binding.node.parent ?? undefined;
  const bound = definitionsOf(identifier.tree).get(identifier.text) ?? [];
  // Module and class code runs top to bottom: the last definition before the use. A function body
  // runs later, when the module has run: the last definition.
  const inEffect = enclosingFunction(identifier) ? bound : bound.filter((each) => each.effective <= identifier.startIndex);
  return inEffect.at(-1)?.node.parent ?? undefined;
}

function definitionsOf(tree: Tree): ReadonlyMap<string, readonly BoundName[]> {
  let definitions = moduleDefinitions.get(tree);
  if (!definitions) {
    const found = new Map<string, BoundName[]>();
    statementBindings(tree.rootNode.namedChildren, (bound) => {
      if (bound.kind === 'function' || bound.kind === 'class') found.set(bound.name, [...(found.get(bound.name) ?? []), bound]);
    });
    moduleDefinitions.set(tree, (definitions = found));
  }
  return definitions;
}
