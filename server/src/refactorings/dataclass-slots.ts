// `@dataclass` → `@dataclass(slots=True)` (3.10): instances keep their fields in slots instead of
// a `__dict__`, smaller and faster to read, and an attribute that is not a field can no longer be
// set. The decorator does it by building a new class, so it is not offered where that shows:
// - a hand-written `__slots__` (`TypeError`), `functools.cached_property` (it needs the
//   `__dict__`), `__dict__` or `vars()` read off an instance;
// - zero-argument `super()` or `__class__` in its methods before 3.14: they keep the class the
//   decorator replaced, and fail with `TypeError`;
// - a decorator applied before `@dataclass` (below it), a metaclass, or a base's
//   `__init_subclass__`: they saw, or run again for, the class it replaces;
// - a base that is not slotted itself, or not in the file (an imported base may have a `__dict__`):
//   the instances would keep a `__dict__`, and the option would promise what it cannot give;
// - a subclass in the file with several bases: a slotted layout may conflict with another base's;
// - an attribute written on an instance (in a method through `self`, or through a variable the
//   file shows to hold one) that is not a field, a field written on the class (it would replace
//   the slot), or any use of `weakref` in the module (slotted instances have no `__weakref__`).

import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { ancestorsInFile, attributeWrites, descendantsInFile, heldClass, baseExpressions, type ModuleClasses } from '../engine/semantic/class-uses';
import type { SemanticModel } from '../engine/semantic/model';
import { calleeOf, decoratorsOf, bodyStatements, namedChildren } from '../engine/syntax';
import { dataclassOption, fieldNames, setsOption, type Dataclass } from './dataclass-option';

export default dataclassOption({
  id: 'dataclass-slots',
  keyword: 'slots',
  minPython: [3, 10],
  breaks(dataclass) {
    const { definition, decorator, decorators, classes, context } = dataclass;
    const { semantic } = context;
    const facts = semantic.classFacts(definition);
    if (facts.dunders.includes('__slots__') || facts.keywords.metaclass) return true;
    if (decorators.indexOf(decorator) !== decorators.length - 1) return true;
    const ancestors = ancestorsInFile(semantic, classes, definition);
    const descendants = descendantsInFile(semantic, classes, definition);
    if (!ancestors || !descendants) return true;
    for (const ancestor of ancestors) {
      const inherited = semantic.classFacts(ancestor);
      if (inherited.keywords.metaclass || inherited.dunders.includes('__init_subclass__')) return true;
      if (!inherited.dunders.includes('__slots__') && !setsOption(ancestor, 'slots', context)) return true;
    }
    if (descendants.some((each) => baseExpressions(each).length > 1)) return true;
    if ([...semantic.facts.bindings.values()].some((bindings) => bindings.some((binding) => binding.qualified === 'weakref' || binding.qualified?.startsWith('weakref.')))) return true;
    if (usesCachedProperty(definition, semantic) || (!atLeast(context.target, [3, 14]) && usesClassCell(definition, semantic))) return true;
    return writesBeyondSlots(dataclass, [definition, ...ancestors]) || readsInstanceDict(definition, semantic, classes);
  },
});

function usesCachedProperty(definition: Node, semantic: SemanticModel): boolean {
  return bodyStatements(definition).some((statement) => {
    const method = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : null;
    return method !== null && decoratorsOf(method).some((decorator) => semantic.matches(calleeOf(decorator), 'functools.cached_property'));
  });
}

/** Zero-argument `super()` or `__class__` in the class's own functions (not in a nested class, whose cell is its own). */
function usesClassCell(definition: Node, semantic: SemanticModel): boolean {
  const body = definition.childForFieldName('body');
  if (!body || !/\bsuper\b|__class__/.test(body.text)) return false;
  const own = (node: Node) => {
    for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'class_definition') return parent.id === definition.id;
    return false;
  };
  const superCalls = body.descendantsOfType('call').filter((call) => {
    const callee = call?.childForFieldName('function');
    return call && callee && semantic.isBuiltin(callee, 'super') && namedChildren(call.childForFieldName('arguments')).length === 0 && own(call);
  });
  if (superCalls.length > 0) return true;
  return body.text.includes('__class__') && body.descendantsOfType('identifier').some((identifier) => identifier?.text === '__class__' && identifier.parent?.type !== 'attribute' && own(identifier));
}

/**
 * Whether the file writes on the class's instances an attribute that no slot holds (its fields
 * and its bases'), or writes a field on the class object, where the slot's descriptor lives.
 */
function writesBeyondSlots({ definition, classes, context }: Dataclass, slotted: readonly Node[]): boolean {
  const slots = new Set(slotted.flatMap((each) => [...(context.semantic.classKind(each).dataclass ? fieldNames(each, context) : []), ...declaredSlots(each)]));
  return attributeWrites(context.semantic, definition.tree.rootNode).some((write) => {
    const held = heldClass(context.semantic, classes, write.object);
    if (held?.definition.id !== definition.id) return false;
    if (held.kind === 'class') return write.attribute === undefined || slots.has(write.attribute);
    return write.attribute === undefined || !slots.has(write.attribute);
  });
}

/** The names a hand-written `__slots__ = ("a", "b")` lists (strings only). */
function declaredSlots(definition: Node): string[] {
  for (const statement of bodyStatements(definition)) {
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment' || assignment.childForFieldName('left')?.text !== '__slots__') continue;
    const value = assignment.childForFieldName('right');
    const items = value?.type === 'string' ? [value] : namedChildren(value);
    return items.flatMap((item) => {
      const name = item.type === 'string' ? /^(['"])(\w+)\1$/.exec(item.text)?.[2] : undefined;
      return name === undefined ? [] : [name];
    });
  }
  return [];
}

/** `obj.__dict__` or `vars(obj)` for an instance of the class. */
function readsInstanceDict(definition: Node, semantic: SemanticModel, classes: ModuleClasses): boolean {
  const root = definition.tree.rootNode;
  if (!/__dict__|\bvars\b/.test(root.text)) return false;
  const isInstance = (node: Node | null | undefined) => {
    const held = node?.type === 'identifier' ? heldClass(semantic, classes, node) : undefined;
    return held?.kind === 'instance' && held.definition.id === definition.id;
  };
  for (const node of root.descendantsOfType(['attribute', 'call'])) {
    if (node?.type === 'attribute' && node.childForFieldName('attribute')?.text === '__dict__' && isInstance(node.childForFieldName('object'))) return true;
    if (node?.type === 'call' && semantic.isBuiltin(node.childForFieldName('function')!, 'vars') && isInstance(namedChildren(node.childForFieldName('arguments'))[0])) return true;
  }
  return false;
}
