// Attributes and descriptors: `__slots__`, descriptor classes (and the class attributes they
// manage), `property` with its setter and deleter, and `functools.cached_property`.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternAnchor, type PatternContext } from '../engine/pattern';
import { definitionOf } from '../engine/semantic/definitions';
import { bodyStatements, calleeOf, decoratorsOf, enclosingClass } from '../engine/syntax';
import { decoratedBy, decoratorStandingFor, definitionHeader, keywordArguments, listed, nameOf } from './anchors';
import { assignmentOf, classOfAssignment } from './class-bodies';

// ---- __slots__ ----

/** The attribute names a `__slots__` value lists, when it is a string or a tuple or list of strings. */
function slotNames(value: Node | null): string[] | undefined {
  if (!value) return undefined;
  const strings = value.type === 'string' ? [value] : value.type === 'tuple' || value.type === 'list' ? value.namedChildren : undefined;
  if (!strings || strings.some((each) => each?.type !== 'string')) return undefined;
  return strings.map((each) => each!.namedChildren.find((part) => part?.type === 'string_content')?.text ?? '');
}

/** The `__slots__` assignment of a class body. */
function slotsOf(definition: Node): Node | undefined {
  return bodyStatements(definition).map(assignmentOf).find((assignment) => assignment?.childForFieldName('left')?.text === '__slots__');
}

/** Whether instances of a class with this `__slots__` still get a `__dict__` (or the value is not a literal). */
function slotsKeepDict(slots: Node): boolean {
  const names = slotNames(slots.childForFieldName('right'));
  return names === undefined || names.includes('__dict__');
}

function slotsDetail(assignment: Node, owner: Node, context: PatternContext): string | undefined {
  const names = slotNames(assignment.childForFieldName('right'));
  const facts = context.semantic.classFacts(owner);
  const warnings: string[] = [];
  for (const base of facts.bases) {
    const local = base.qualified.length === 0 && base.callee ? context.facts.classes.get(base.callee) : undefined;
    if (local && !local.dunders.includes('__slots__')) warnings.push(`⚠ The base \`${local.name}\` has no \`__slots__\`, so instances still get a \`__dict__\` through it.`);
  }
  const slotted = decoratorsOf(owner).some(
    (decorator) => decorator.type === 'call' && context.semantic.matches(calleeOf(decorator), 'dataclasses.dataclass') && keywordArguments(decorator.childForFieldName('arguments')).get('slots')?.type === 'true',
  );
  if (slotted) warnings.push('⚠ `@dataclass(slots=True)` writes `__slots__` itself, and raises `TypeError` for a class that already has them.');
  const own = names?.filter((name) => name !== '__dict__' && name !== '__weakref__');
  const dict = names?.includes('__dict__') ? ', and a `__dict__` for any other attribute' : warnings.length === 0 ? ' and no `__dict__`' : '';
  const gives = own ? [`Gives instances of ${nameOf(owner)} ${own.length > 0 ? `slots for exactly ${listed(own)}` : 'no attributes of their own'}${dict}.`] : [];
  return [...gives, ...warnings].join('\n\n') || undefined;
}

// ---- descriptors ----

const DESCRIPTOR_METHODS = ['__get__', '__set__', '__delete__'];

/** Whether a class is a descriptor: it defines `__get__`, `__set__` or `__delete__`. */
function isDescriptorClass(definition: Node, context: PatternContext): boolean {
  return context.semantic.classFacts(definition).dunders.some((dunder) => DESCRIPTOR_METHODS.includes(dunder));
}

/** Whether a descriptor class is a data descriptor (it takes writes or deletes, so it wins over the instance's `__dict__`). */
function isDataDescriptor(definition: Node, context: PatternContext): boolean {
  const dunders = context.semantic.classFacts(definition).dunders;
  return dunders.includes('__set__') || dunders.includes('__delete__');
}

function descriptorClassDetail(definition: Node, context: PatternContext): string {
  const name = nameOf(definition);
  return isDataDescriptor(definition, context)
    ? `${name} is a data descriptor (it defines \`__set__\` or \`__delete__\`): as a class attribute it handles reads and writes, even when an instance's \`__dict__\` holds the same name.`
    : `${name} is a non-data descriptor (only \`__get__\`): an instance attribute of the same name takes precedence, which is how a computed value can be cached over it.`;
}

/** What each descriptor method is called for; the parameter names are the method's own. */
function descriptorMethodDetail(method: Node): string | undefined {
  const [, first, second] = (method.childForFieldName('parameters')?.namedChildren ?? []).map((parameter) => parameter?.text ?? '');
  switch (method.childForFieldName('name')?.text) {
    case '__get__':
      return `Runs for each read of the attribute; \`${first ?? 'instance'}\` is \`None\` when it is read on the class itself, where the descriptor usually returns itself.`;
    case '__set__':
      return `Runs for \`obj.attr = ${second ?? 'value'}\`: store the value on \`${first ?? 'instance'}\`, not on the descriptor, which every instance shares.`;
    case '__delete__':
      return 'Runs for `del obj.attr`.';
    case '__set_name__':
      return `Runs once, when the owning class is created, with that class and the name the descriptor is assigned to (\`${second ?? 'name'}\`).`;
    default:
      return undefined;
  }
}

const descriptorMethod: PatternAnchor = (method, context) => {
  const name = method.childForFieldName('name')?.text ?? '';
  const owner = enclosingClass(method);
  // `__set_name__` is called on any class attribute that defines it, descriptor or not.
  if (!owner || !(name === '__set_name__' || (DESCRIPTOR_METHODS.includes(name) && isDescriptorClass(owner, context)))) return undefined;
  return definitionHeader(method, descriptorMethodDetail(method));
};

/** `quantity = Positive()` in a class body, where `Positive` is a descriptor class of the module. */
const managedAttribute: PatternAnchor = (assignment, context) => {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'identifier' || right?.type !== 'call' || !classOfAssignment(assignment)) return undefined;
  const descriptor = definitionOf(context.semantic, calleeOf(right));
  if (descriptor?.type !== 'class_definition' || !isDescriptorClass(descriptor, context)) return undefined;
  const name = nameOf(descriptor);
  const writes = isDataDescriptor(descriptor, context) ? `, and assigning it calls ${name}'s \`__set__\`` : '';
  return { start: assignment.startIndex, end: assignment.endIndex, detail: `\`${left.text}\` is managed by the descriptor ${name}: reading it on an instance calls ${name}'s \`__get__\`${writes}.` };
};

// ---- property ----

const ACCESSORS = ['setter', 'getter', 'deleter'];

/** Whether a method is a property: decorated with `property`, or with `<property>.setter` (and the like) of one. */
function isPropertyMethod(method: Node, context: PatternContext, depth = 0): boolean {
  return decoratorsOf(method).some((decorator) => {
    if (context.semantic.matches(decorator, 'builtins.property')) return true;
    const accessor = accessorOf(decorator, context);
    // In a function body, `@x.setter def x` may resolve `x` to itself: the chain is cut short.
    return depth < 8 && accessor !== undefined && isPropertyMethod(accessor.property, context, depth + 1);
  });
}

/** For `@area.setter`, the method `area` refers to there and the accessor's name. */
function accessorOf(expression: Node, context: PatternContext): { property: Node; accessor: string; name: string } | undefined {
  const object = expression.type === 'attribute' ? expression.childForFieldName('object') : null;
  const accessor = expression.childForFieldName('attribute')?.text;
  if (object?.type !== 'identifier' || accessor === undefined || !ACCESSORS.includes(accessor)) return undefined;
  const property = definitionOf(context.semantic, object);
  return property?.type === 'function_definition' ? { property, accessor, name: object.text } : undefined;
}

/** Whether the class body has `@<name>.setter` on a method. */
function hasSetter(owner: Node, name: string): boolean {
  return bodyStatements(owner).some((statement) => statement.type === 'decorated_definition' && decoratorsOf(statement.childForFieldName('definition') ?? statement).some((decorator) => decorator.text.replace(/\s+/g, '') === `${name}.setter`));
}

const propertyDecorator: PatternAnchor = (decorator, context) => {
  const expression = decorator.firstNamedChild;
  const method = decoratedBy(decorator);
  const name = method?.childForFieldName('name')?.text;
  if (!expression || method?.type !== 'function_definition' || name === undefined) return undefined;
  const span = { start: decorator.startIndex, end: decorator.endIndex };
  if (context.semantic.matches(expression, 'builtins.property')) {
    const owner = enclosingClass(method);
    const writable = owner && hasSetter(owner, name) ? `; \`obj.${name} = …\` runs its setter` : `; with no \`@${name}.setter\`, \`obj.${name} = …\` raises \`AttributeError\``;
    return { ...span, detail: `\`obj.${name}\` calls this method${writable}.` };
  }
  const accessor = accessorOf(expression, context);
  if (!accessor || !isPropertyMethod(accessor.property, context)) return undefined;
  if (accessor.accessor !== 'getter' && name !== accessor.name) {
    return { ...span, detail: `⚠ This ${accessor.accessor} is named \`${name}\`, not \`${accessor.name}\`: the class gets a second property \`${name}\`, and \`${accessor.name}\` keeps no ${accessor.accessor}.` };
  }
  const runs = { setter: `Runs for \`obj.${accessor.name} = value\``, deleter: `Runs for \`del obj.${accessor.name}\``, getter: `Replaces the getter of \`${accessor.name}\`` }[accessor.accessor];
  return { ...span, detail: `${runs}: the decorator returns a copy of the property \`${accessor.name}\` with this method added.` };
};

// ---- cached_property ----

function cachedPropertyDetail(decorator: Node): string | undefined {
  const method = decoratedBy(decorator);
  const name = method?.childForFieldName('name')?.text;
  const owner = method && enclosingClass(method);
  if (!name || !owner) return undefined;
  const slots = slotsOf(owner);
  const lines = [`The first read of \`obj.${name}\` runs this method and stores the result as the instance attribute \`${name}\`; \`del obj.${name}\` makes the next read run it again.`];
  if (slots && !slotsKeepDict(slots)) lines.push(`⚠ ${nameOf(owner)} has \`__slots__\` without \`__dict__\`: there is nowhere to store the value, and the first read raises \`TypeError\`.`);
  return lines.join('\n\n');
}

export const ATTRIBUTE_PATTERNS = [
  definePattern({
    meta: {
      id: 'slots',
      title: '`__slots__`',
      family: 'attributes',
      minPython: [3, 0],
      summary:
        '`__slots__ = ("x", "y")` in a class body gives each instance fixed storage for exactly those attributes instead of a `__dict__`: instances take less memory, and assigning any other attribute raises `AttributeError`. ' +
        'Reach for it for classes with many small instances (points, records, tree nodes).',
      pitfall: 'It saves the `__dict__` only when every class in the hierarchy declares `__slots__`: one base without them gives every instance a `__dict__` again.',
      example: [
        'class Point:',
        '    __slots__ = ("x", "y")',
        '',
        '    def __init__(self, x, y):',
        '        self.x = x',
        '        self.y = y',
        '',
        '',
        'point = Point(1, 2)',
        'try:',
        '    point.z = 3',
        'except AttributeError:',
        '    print("Point has no slot for z")',
      ].join('\n'),
    },
    anchors: {
      assignment: (assignment, context) => {
        const owner = classOfAssignment(assignment);
        if (!owner || assignment.childForFieldName('left')?.text !== '__slots__') return undefined;
        return { start: assignment.startIndex, end: assignment.endIndex, detail: slotsDetail(assignment, owner, context) };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'descriptor',
      title: 'Descriptor',
      family: 'attributes',
      minPython: [3, 0],
      summary:
        'A descriptor is a class attribute whose class defines `__get__`, and often `__set__` or `__delete__`: reading, assigning or deleting that attribute on an instance calls them instead. ' +
        '`__set_name__` (3.6+) tells it the name it was assigned to. ' +
        'Reach for one to reuse the same attribute logic (validation, conversion, lazy loading) across attributes and classes; `property` is the one-off version.',
      pitfall: 'Keeping the value on the descriptor (`self.value = value`): there is one descriptor per class, so every instance would share it. Store each value on the instance, under a name from `__set_name__`.',
      example: [
        'class Positive:',
        '    def __set_name__(self, owner, name):',
        '        self.name = "_" + name',
        '',
        '    def __get__(self, instance, owner=None):',
        '        if instance is None:',
        '            return self',
        '        return getattr(instance, self.name)',
        '',
        '    def __set__(self, instance, value):',
        '        if value <= 0:',
        '            raise ValueError(f"{self.name[1:]} must be positive")',
        '        setattr(instance, self.name, value)',
        '',
        '',
        'class Order:',
        '    quantity = Positive()',
        '',
        '    def __init__(self, quantity):',
        '        self.quantity = quantity',
      ].join('\n'),
    },
    anchors: {
      class_definition: (definition, context) => (isDescriptorClass(definition, context) ? definitionHeader(definition, descriptorClassDetail(definition, context)) : undefined),
      function_definition: descriptorMethod,
      assignment: managedAttribute,
    },
  }),
  definePattern({
    meta: {
      id: 'property',
      title: '`property`',
      family: 'attributes',
      minPython: [3, 0],
      summary:
        '`@property` makes a method read like an attribute: `shape.area` calls it, without parentheses. ' +
        '`@area.setter` and `@area.deleter` add the methods that run on assignment and on `del`. ' +
        'Reach for it to compute a value on access, or to put checks on an attribute later without changing the code that uses it.',
      pitfall: 'Naming the setter differently from the property: `@area.setter` must decorate a `def area`, otherwise the class gets a second property and `area` stays read-only.',
      example: [
        'class Temperature:',
        '    def __init__(self, celsius):',
        '        self.celsius = celsius',
        '',
        '    @property',
        '    def fahrenheit(self):',
        '        return self.celsius * 9 / 5 + 32',
        '',
        '    @fahrenheit.setter',
        '    def fahrenheit(self, value):',
        '        self.celsius = (value - 32) * 5 / 9',
      ].join('\n'),
    },
    anchors: { decorator: propertyDecorator },
    names: ['builtins.property'],
  }),
  definePattern({
    meta: {
      id: 'cached-property',
      title: '`functools.cached_property`',
      family: 'attributes',
      minPython: [3, 8],
      summary:
        '`@functools.cached_property` runs a method on the first read of the attribute and stores the result in the instance\'s `__dict__` under the same name, so later reads are plain attribute lookups. ' +
        'Reach for it for an expensive value derived from an instance that does not change.',
      pitfall: 'Nothing recomputes the value when the attributes it came from change (`del obj.name` does); and on a class with `__slots__` but no `__dict__`, the first read raises `TypeError`.',
      example: [
        'import statistics',
        'from functools import cached_property',
        '',
        '',
        'class Sample:',
        '    def __init__(self, values):',
        '        self.values = tuple(values)',
        '',
        '    @cached_property',
        '    def stdev(self):',
        '        return statistics.stdev(self.values)',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['functools.cached_property'], cachedPropertyDetail) },
    names: ['functools.cached_property'],
  }),
];
