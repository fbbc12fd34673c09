// `@dataclass` → `@dataclass(kw_only=True)` (3.10): every field of the class becomes a
// keyword-only parameter of `__init__`, so calls name what they pass and fields with defaults may
// come before fields without. A positional call then fails, or binds another field (a subclass's
// fields stay positional and take the places), and the fields leave `__match_args__`, so positional
// class patterns stop matching. It is offered only when every use the file makes of the class and
// of its subclasses is one that keeps working: calls with keywords only, annotations, bases,
// `isinstance`, attribute reads, keyword class patterns, `default_factory=`. Any other use (the
// class passed as a value to something that may call it positionally) keeps it from being offered.

import type { Node } from 'web-tree-sitter';
import { classReferences, descendantsInFile, heldClass } from '../engine/semantic/class-uses';
import type { SemanticModel } from '../engine/semantic/model';
import { namedChildren } from '../engine/syntax';
import { dataclassOption } from './dataclass-option';

export default dataclassOption({
  id: 'dataclass-kw-only',
  keyword: 'kw_only',
  minPython: [3, 10],
  breaks({ definition, options, classes, context }) {
    const { semantic } = context;
    // With its own `__init__` (or none generated) the option changes only `__match_args__`.
    if (options.get('init')?.type === 'false' || semantic.classFacts(definition).dunders.includes('__init__')) return true;
    const descendants = descendantsInFile(semantic, classes, definition);
    if (!descendants) return true;
    const family = [definition, ...descendants];
    const members = new Set(family.map((each) => each.id));
    const subclasses = new Set(descendants.map((each) => each.id));
    if (family.some((each) => classReferences(semantic, classes, each).some((reference) => !keepsWorking(reference, semantic)))) return true;
    // Calls that construct an instance of the family without naming the class: `cls(…)`, `type(self)(…)`, `self.__class__(…)`, `super().__init__(…)`.
    return definition.tree.rootNode.descendantsOfType('call').some((call) => {
      if (!call || !passesPositionally(call)) return false;
      const callee = call.childForFieldName('function')!;
      const held = (node: Node | null | undefined) => (node?.type === 'identifier' ? heldClass(semantic, classes, node) : undefined);
      const holds = (node: Node | null | undefined, kind: 'instance' | 'class', among = members) => {
        const found = held(node);
        return found?.kind === kind && among.has(found.definition.id);
      };
      if (callee.type === 'identifier') return holds(callee, 'class');
      if (callee.type === 'call' && semantic.isBuiltin(callee.childForFieldName('function')!, 'type')) return holds(namedChildren(callee.childForFieldName('arguments'))[0], 'instance');
      if (callee.type !== 'attribute') return false;
      const object = callee.childForFieldName('object');
      const attribute = callee.childForFieldName('attribute')?.text;
      if (attribute === '__class__') return holds(object, 'instance');
      if (attribute !== '__init__' || object?.type !== 'call' || !semantic.isBuiltin(object.childForFieldName('function')!, 'super')) return false;
      // `super().__init__(…)` in a method of a subclass of the family reaches the generated `__init__`.
      return holds(enclosingSelf(call), 'instance', subclasses);
    });
  },
});

/** Whether a call passes an argument by position (`f(a)`, `f(*args)`, `f(x for x in y)`). */
function passesPositionally(call: Node): boolean {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return argumentList !== null;
  return namedChildren(argumentList).some((argument) => argument.type !== 'keyword_argument' && argument.type !== 'dictionary_splat');
}

/** The first parameter of the method a node lies in, as an identifier. */
function enclosingSelf(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type !== 'function_definition') continue;
    const first = namedChildren(parent.childForFieldName('parameters'))[0];
    return first?.type === 'identifier' ? first : first?.type === 'typed_parameter' && first.firstNamedChild?.type === 'identifier' ? first.firstNamedChild : undefined;
  }
  return undefined;
}

/** Whether a use of the class's name still works once its fields are keyword-only. */
function keepsWorking(reference: Node, semantic: SemanticModel): boolean {
  const parent = reference.parent;
  if (!parent) return false;
  if (inAnnotation(reference)) return true;
  switch (parent.type) {
    case 'call':
      return parent.childForFieldName('function')?.id === reference.id && !passesPositionally(parent);
    case 'attribute':
      // `Point.from_row(…)` is checked where `cls(…)` is called; `Point.__init__(self, …)` is the constructor by hand.
      return parent.childForFieldName('object')?.id === reference.id && !['__init__', '__new__', '__call__'].includes(parent.childForFieldName('attribute')?.text ?? '');
    case 'subscript':
      return parent.childForFieldName('value')?.id === reference.id && isBase(parent);
    case 'argument_list':
      return isBase(reference) || isClassCheck(reference, parent, semantic);
    case 'tuple':
      return parent.parent?.type === 'argument_list' && isClassCheck(parent, parent.parent, semantic);
    case 'keyword_argument':
      return parent.childForFieldName('name')?.text === 'default_factory';
    case 'comparison_operator':
      return true;
    case 'dotted_name': {
      const pattern = parent.parent;
      return pattern?.type === 'class_pattern' && namedChildren(pattern).every((argument) => argument.type === 'dotted_name' || argument.firstNamedChild?.type === 'keyword_pattern');
    }
    default:
      return false;
  }
}

/** Whether the node is a base in a class statement. */
function isBase(node: Node): boolean {
  return node.parent?.type === 'argument_list' && node.parent.parent?.type === 'class_definition';
}

/** The class in `isinstance(x, Point)`, `issubclass(c, (Point, Line))`, `cast(Point, x)`: looked at, never called. */
function isClassCheck(argument: Node, argumentList: Node, semantic: SemanticModel): boolean {
  const call = argumentList.parent;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (!callee) return false;
  const position = namedChildren(argumentList).findIndex((each) => each.id === argument.id);
  if (semantic.isBuiltin(callee, 'isinstance') || semantic.isBuiltin(callee, 'issubclass')) return position === 1;
  return semantic.matches(callee, 'typing.cast', 'typing_extensions.cast') && position === 0;
}

/** Whether a node lies in an annotation (`x: Point`, `-> Point`, `list[Point]` there). */
function inAnnotation(node: Node): boolean {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'type') return true;
    if (parent.type === 'block' || parent.type === 'module' || parent.type.endsWith('_statement')) return false;
  }
  return false;
}
