// How a module uses one of its own classes: the places that name it, the classes of the file that
// derive from it, and the attributes written on its instances — in its methods through `self`, and
// elsewhere through the variables the file shows to hold one (`p = Point(…)`, `p: Point`).
// Refactorings that change what a class allows (`@dataclass(frozen=True)`, `slots=True`,
// `kw_only=True`) ask it whether the file does what the change forbids. It reads the whole
// document, so it is asked on request (a code action), never during an analysis.

import type { Node } from 'web-tree-sitter';
import type { Binding } from './binding';
import type { SemanticModel } from './model';
import { calleeOf, decoratorsOf, enclosingClass, headOf, moduleLevelClasses, namedChildren } from '../syntax';

/** The document's module-level classes, which the file's uses of them are found against. */
export interface ModuleClasses {
  /** The definition of each class defined once at module level (also in a top-level `if`/`try`/`with`). */
  readonly definitions: ReadonlyMap<string, Node>;
}

/** The module-level classes whose name the module binds once: by the `class` statement, and nothing else. */
export function moduleClasses(root: Node, model: SemanticModel): ModuleClasses {
  const once = moduleLevelClasses(root).filter(({ name }) => model.facts.bindings.get(name)?.length === 1);
  return { definitions: new Map(once.map(({ name, definition }) => [name, definition])) };
}

/** The module class an identifier names (`Point` in `Point(1, 2)`, `class P3(Point)`), if it names one. */
export function namedClass(model: SemanticModel, classes: ModuleClasses, identifier: Node): Node | undefined {
  if (identifier.type !== 'identifier') return undefined;
  const binding = model.resolve(identifier);
  if (binding?.scope !== model.module || binding.kind !== 'class') return undefined;
  const definition = classes.definitions.get(binding.name);
  return definition && definition.childForFieldName('name')?.id !== identifier.id ? definition : undefined;
}

/** Every identifier that names the class (its own `class` statement's name aside), in document order. */
export function classReferences(model: SemanticModel, classes: ModuleClasses, definition: Node): Node[] {
  const name = definition.childForFieldName('name')?.text;
  if (name === undefined) return [];
  return model.moduleReferences(definition.tree.rootNode, name).filter((reference) => namedClass(model, classes, reference)?.id === definition.id);
}

/** The classes of the file that list the class among their bases (`Point` or `Point[int]`), at any depth of the file. */
export function directSubclasses(model: SemanticModel, classes: ModuleClasses, definition: Node): Node[] {
  return classReferences(model, classes, definition).flatMap((reference) => {
    const base = reference.parent?.type === 'subscript' && reference.parent.childForFieldName('value')?.id === reference.id ? reference.parent : reference;
    const list = base.parent;
    return list?.type === 'argument_list' && list.parent?.type === 'class_definition' ? [list.parent] : [];
  });
}

/** Bases that give instances no state and no behaviour of their own to worry about: `object`, `Generic[T]`, `Protocol`, `ABC` (each has empty `__slots__`). */
const STATELESS_BASES = ['builtins.object', 'typing.Generic', 'typing.Protocol', 'typing_extensions.Protocol', 'abc.ABC'];

/**
 * The classes of the file the class derives from, nearest first; nothing when a base is neither
 * one of them nor a stateless one (`object`, `Generic[T]`, `Protocol`, `ABC`): an imported base
 * may be anything.
 */
export function ancestorsInFile(model: SemanticModel, classes: ModuleClasses, definition: Node): Node[] | undefined {
  const ancestors: Node[] = [];
  const visit = (each: Node): boolean => {
    for (const base of baseExpressions(each)) {
      const head = headOf(base);
      if (model.matches(head, ...STATELESS_BASES)) continue;
      const parent = head.type === 'identifier' ? namedClass(model, classes, head) : undefined;
      if (!parent) return false;
      if (ancestors.some((known) => known.id === parent.id)) continue;
      ancestors.push(parent);
      if (!visit(parent)) return false;
    }
    return true;
  };
  return visit(definition) ? ancestors : undefined;
}

/** Every class of the file that derives from the class, at any remove; nothing when one of them is not at module level (its own subclasses cannot be followed). */
export function descendantsInFile(model: SemanticModel, classes: ModuleClasses, definition: Node): Node[] | undefined {
  const descendants: Node[] = [];
  const pending = [definition];
  while (pending.length > 0) {
    for (const subclass of directSubclasses(model, classes, pending.pop()!)) {
      if (descendants.some((known) => known.id === subclass.id)) continue;
      if (classes.definitions.get(subclass.childForFieldName('name')?.text ?? '')?.id !== subclass.id) return undefined;
      descendants.push(subclass);
      pending.push(subclass);
    }
  }
  return descendants;
}

/** The positional bases of a class (not its keywords such as `metaclass=`). */
export function baseExpressions(definition: Node): Node[] {
  return namedChildren(definition.childForFieldName('superclasses')).filter((argument) => argument.type !== 'keyword_argument');
}

/** What a name holds, as far as the file shows: an instance of a module class, or the class object itself (`cls`, `Point`). */
export interface Held {
  kind: 'instance' | 'class';
  definition: Node;
  /** How the file shows it: a method's first parameter (`self`, `cls`), a variable's annotation or value, the class's name. */
  via: 'self' | 'variable' | 'name';
}

/**
 * The module class whose instance (or class object) an identifier holds, when the file shows it:
 * a method's first parameter (`cls` of a class method), a parameter or variable annotated with
 * the class (`p: Point`, `Point | None`, `Optional[Point]`), a variable every binding of which
 * constructs it (`p = Point(…)`), or the class's own name.
 */
export function heldClass(model: SemanticModel, classes: ModuleClasses, identifier: Node): Held | undefined {
  const binding = model.resolve(identifier);
  if (!binding) return undefined;
  if (binding.scope === model.module) {
    if (binding.kind === 'class') {
      const definition = classes.definitions.get(binding.name);
      return definition && { kind: 'class', definition, via: 'name' };
    }
    // The module's bindings keep the callee of a constructed value.
    const all = model.facts.bindings.get(binding.name) ?? [];
    const callee = all[0]?.callee;
    const definition = callee !== undefined && all.every((each) => each.callee === callee) && model.global(callee)?.kind === 'class' ? classes.definitions.get(callee) : undefined;
    return definition && { kind: 'instance', definition, via: 'variable' };
  }
  if (binding.kind === 'parameter') {
    const method = binding.scope.node;
    const owner = method?.type === 'function_definition' ? enclosingClass(method) : null;
    if (method && owner && parameterIdentifier(namedChildren(method.childForFieldName('parameters'))[0])?.id === binding.node?.id) {
      const decorators = decoratorsOf(method).map((decorator) => calleeOf(decorator));
      if (decorators.some((decorator) => model.isBuiltin(decorator, 'staticmethod'))) return annotatedClass(model, classes, binding.annotation);
      const definition = classes.definitions.get(owner.childForFieldName('name')?.text ?? '');
      if (definition?.id !== owner.id) return undefined;
      return { kind: decorators.some((decorator) => model.isBuiltin(decorator, 'classmethod')) ? 'class' : 'instance', definition, via: 'self' };
    }
    return annotatedClass(model, classes, binding.annotation);
  }
  const bindings = model.bindingsOf(binding);
  const constructed = bindings.map((each) => constructedClass(model, classes, each));
  if (constructed.every((each) => each !== undefined && each.id === constructed[0]?.id)) return { kind: 'instance', definition: constructed[0]!, via: 'variable' };
  return bindings.length === 1 ? annotatedClass(model, classes, binding.annotation) : undefined;
}

/** The class an annotation names: `Point`, `Point | None`, `Optional[Point]`. */
function annotatedClass(model: SemanticModel, classes: ModuleClasses, annotation: Node | undefined): Held | undefined {
  let expression = annotation?.type === 'type' ? annotation.firstNamedChild : annotation;
  if (expression?.type === 'binary_operator' && expression.childForFieldName('right')?.type === 'none') expression = expression.childForFieldName('left');
  // `Optional[Point]` is a `generic_type` in an annotation, a `subscript` elsewhere.
  const optional = expression?.type === 'generic_type' || expression?.type === 'subscript' ? expression.firstNamedChild : null;
  if (optional && model.matches(optional, 'typing.Optional', 'typing_extensions.Optional')) {
    const inner = expression!.type === 'generic_type' ? namedChildren(expression!.lastNamedChild) : namedChildren(expression).slice(1);
    expression = inner.length === 1 ? (inner[0].type === 'type' ? inner[0].firstNamedChild : inner[0]) : null;
  }
  const definition = expression?.type === 'identifier' ? namedClass(model, classes, expression) : undefined;
  return definition && { kind: 'instance', definition, via: 'variable' };
}

/** The class a variable's binding constructs: `p = Point(…)`. */
function constructedClass(model: SemanticModel, classes: ModuleClasses, binding: Binding): Node | undefined {
  const value = binding.kind === 'assignment' ? binding.value : undefined;
  const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
  return callee?.type === 'identifier' ? namedClass(model, classes, callee) : undefined;
}

/** The name a parameter binds: `self`, `x` of `x: int = 0`. */
function parameterIdentifier(parameter: Node | undefined): Node | undefined {
  if (!parameter) return undefined;
  if (parameter.type === 'identifier') return parameter;
  if (parameter.type === 'typed_parameter') return parameter.firstNamedChild?.type === 'identifier' ? parameter.firstNamedChild : undefined;
  if (parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter') return parameter.childForFieldName('name') ?? undefined;
  return undefined;
}

/** An attribute written (assigned, deleted, or set through `setattr`) on the value an identifier holds. */
export interface AttributeWrite {
  /** The identifier whose value gets the attribute. */
  object: Node;
  /** The attribute's name; undefined when `setattr(obj, name, …)` computes it. */
  attribute: string | undefined;
  /** Written through `object.__setattr__(obj, …)` (or `__delattr__`), which skips the class's own `__setattr__`. */
  bypassesSetattr: boolean;
}

const TARGET_HOLDERS = new Set(['assignment', 'augmented_assignment', 'delete_statement', 'for_statement', 'for_in_clause', 'as_pattern_target']);
const TARGET_PARTS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list', 'parenthesized_expression', 'list_splat_pattern', 'list_splat']);

/**
 * Every attribute the code under `root` writes on a plain name: `o.a = …`, `o.a += …`, `del o.a`,
 * `for o.a in …`, `with … as o.a`, `(o.a, b) = …`, `setattr(o, "a", …)`, `object.__setattr__(o, "a", …)`.
 * `o.a[k] = …` and `o.a.b = …` change what `o.a` holds, not `o`.
 */
export function attributeWrites(model: SemanticModel, root: Node): AttributeWrite[] {
  const writes: AttributeWrite[] = [];
  const visitTarget = (target: Node | null) => {
    if (!target) return;
    if (target.type === 'attribute') {
      const object = target.childForFieldName('object');
      if (object?.type === 'identifier') writes.push({ object, attribute: target.childForFieldName('attribute')?.text, bypassesSetattr: false });
    } else if (TARGET_PARTS.has(target.type)) {
      for (const part of namedChildren(target)) visitTarget(part);
    }
  };
  for (const holder of root.descendantsOfType([...TARGET_HOLDERS])) {
    if (!holder) continue;
    if (holder.type === 'delete_statement' || holder.type === 'as_pattern_target') for (const target of namedChildren(holder)) visitTarget(target);
    else visitTarget(holder.childForFieldName('left'));
  }
  if (!/setattr|delattr/.test(root.text)) return writes;
  for (const call of root.descendantsOfType('call')) {
    const callee = call?.childForFieldName('function');
    if (!call || !callee) continue;
    const throughObject = callee.type === 'attribute' && model.isBuiltin(callee.childForFieldName('object')!, 'object') && /^__(set|del)attr__$/.test(callee.childForFieldName('attribute')?.text ?? '');
    if (!throughObject && !model.isBuiltin(callee, 'setattr') && !model.isBuiltin(callee, 'delattr')) continue;
    const [object, name] = namedChildren(call.childForFieldName('arguments'));
    if (object?.type === 'identifier') writes.push({ object, attribute: name ? literalName(name) : undefined, bypassesSetattr: throughObject });
  }
  return writes;
}

/** The text of a plain string literal that is an identifier (`"x"`), else nothing. */
function literalName(node: Node): string | undefined {
  return node.type === 'string' ? /^(['"])([A-Za-z_]\w*)\1$/.exec(node.text)?.[2] : undefined;
}
