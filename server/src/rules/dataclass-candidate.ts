import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { importedName } from '../engine/imports';
import { defineRule, type FixSpec, type ImportRequirement, type NodeHandler, type RuleContext, type TextEdit } from '../engine/rule';
import { attributeOf, bodyStatements, calleeOf, decoratorsOf, headOf, indentationOf, isDocstring, lineBreakOf, namedChildren, statementsAfterDocstring } from '../engine/syntax';
import { holdsText } from '../engine/text-search';

/** A parameter of `__init__` that becomes a field: `name: annotation = default`. */
interface Field {
  name: string;
  annotation?: string;
  default?: Node;
}

/** What the class body holds besides `__init__`, as far as the conversion cares. */
interface ClassBody {
  init: Node;
  /** Every name the body binds: methods, nested classes, class attributes. */
  names: Set<string>;
  /** The `__slots__ = (…)` statement and the names it lists, when it lists only strings. */
  slots?: { statement: Node; names: string[] | undefined };
  eq?: Node;
  repr?: Node;
}

const check: NodeHandler = (definition, context) => {
  if (!holdsText(context.text(definition), '__init__')) return;
  // Any decorator may already make it a dataclass (or an attrs class), or rely on the class as written.
  if (definition.parent?.type === 'decorated_definition') return;
  const bases = namedChildren(definition.childForFieldName('superclasses'));
  if (bases.some((base) => !context.semantic.matches(base, 'builtins.object'))) return;
  const body = classBody(definition, context);
  if (!body) return;
  const fields = copiedParameters(body.init, context);
  if (!fields || fields.length < 2) return;
  if (fields.some((field) => body.names.has(field.name))) return;
  const names = fields.map((field) => field.name);
  // `@dataclass(slots=True)` (3.10) writes the same `__slots__`, on a new class that methods reading
  // the class cell do not see; otherwise a default would be a class attribute, which `__slots__`
  // forbids for the same name.
  const slots = body.slots && (body.slots.names?.length === names.length && names.every((name) => body.slots!.names!.includes(name)) ? body.slots : null);
  if (slots === null) return;
  const slotted = slots !== undefined && atLeast(context.facts.target, [3, 10]) && !readsClassCell(definition, context);
  if (slots && !slotted && fields.some((field) => field.default)) return;
  if (fields.some((field) => field.default && !isConstantDefault(field.default, context))) return;
  // State set outside `__init__` would be left out of the generated `__repr__` and `__eq__`:
  // such a class is an object with behaviour more than a record of its fields.
  if (assignsOtherAttributes(definition, new Set(names), context)) return;

  const nameNode = definition.childForFieldName('name')!;
  const className = context.text(nameNode);
  const eq = body.eq && isFieldwiseEq(body.eq, className, names, context) ? body.eq : undefined;
  const repr = body.repr && isFieldwiseRepr(body.repr, className, names, context) ? body.repr : undefined;
  const handWritten = ['__init__', ...(repr ? ['__repr__'] : []), ...(eq ? ['__eq__'] : [])];
  context.report({
    node: nameNode,
    message:
      handWritten.length === 1
        ? `\`${className}.__init__\` only copies its parameters to attributes; \`@dataclass\` writes it for you, with \`__repr__\` and \`__eq__\``
        : `\`${className}\` hand-writes ${listed(handWritten)} over its fields; \`@dataclass\` generates them`,
    fix: conversion(definition, body.init, fields, [eq, repr], slotted ? slots : undefined, context),
  });
};

/**
 * Whether a method calls `super()` without arguments or names `__class__`: both read the class from
 * a cell the compiler fills with the class being defined. `slots=True` returns a new class, and the
 * cell still holds the old one (`super()` raises `TypeError`; fixed in 3.14 for plain methods only).
 */
function readsClassCell(definition: Node, context: RuleContext): boolean {
  const text = context.text(definition);
  if (!text.includes('super') && !text.includes('__class__')) return false;
  return definition.descendantsOfType('identifier').some((identifier) => {
    const parent = identifier?.parent;
    if (!identifier || !parent) return false;
    if (identifier.text === '__class__') return !(parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id);
    return identifier.text === 'super' && parent.type === 'call' && parent.childForFieldName('function')?.id === identifier.id && namedChildren(parent.childForFieldName('arguments')).length === 0;
  });
}

function listed(methods: string[]): string {
  const quoted = methods.map((method) => `\`${method}\``);
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}

/**
 * Dunders that give instances behaviour of their own — attribute proxies, descriptors, context
 * managers, iterators, containers, callables, custom hashing or construction. Such a class does
 * work rather than hold data, and as a dataclass it would gain value equality and lose `__hash__`.
 */
const BEHAVIOUR_DUNDERS = /^__(getattr|getattribute|setattr|delattr|get|set|delete|set_name|enter|exit|aenter|aexit|iter|next|aiter|anext|await|call|len|getitem|setitem|delitem|contains|bool|hash|del|new|post_init|init_subclass|class_getitem|reduce|reduce_ex|getstate|setstate|copy|deepcopy|lt|le|gt|ge)__$/;
/** Decorators that keep a method a way of reading or building the record. */
const RECORD_DECORATORS = ['builtins.property', 'builtins.classmethod', 'builtins.staticmethod', 'functools.cached_property'];

/**
 * The body's `__init__` and the rest, or nothing when the class is more than a record: behaviour
 * dunders, or ordinary methods (a service object's operations). Properties, class methods and
 * static methods (alternate constructors, derived values) are allowed.
 */
function classBody(definition: Node, context: RuleContext): ClassBody | undefined {
  let init: Node | undefined;
  let eq: Node | undefined;
  let repr: Node | undefined;
  let slots: ClassBody['slots'];
  const names = new Set<string>();
  for (const statement of bodyStatements(definition)) {
    const inner = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (inner?.type === 'class_definition') return undefined;
    if (inner?.type === 'function_definition') {
      const name = context.text(inner.childForFieldName('name')!);
      const plain = statement === inner;
      if (BEHAVIOUR_DUNDERS.test(name)) return undefined;
      if (name === '__init__') {
        if (init || !plain) return undefined;
        init = inner;
      } else if (name === '__eq__' && plain) eq = inner;
      else if (name === '__repr__' && plain) repr = inner;
      else if (!/^__\w+__$/.test(name) && !decoratorsOf(inner).some((decorator) => context.semantic.matches(calleeOf(decorator), ...RECORD_DECORATORS))) return undefined;
      names.add(name);
      continue;
    }
    const assignment = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const annotation = assignment.childForFieldName('type');
    // An annotated class attribute would become a field too and change `__init__`.
    if (annotation && !context.semantic.matches(headOf(annotation), 'typing.ClassVar', 'typing_extensions.ClassVar')) return undefined;
    if (left?.type !== 'identifier') continue;
    const name = context.text(left);
    if (name === '__slots__') slots = { statement, names: slotNames(assignment.childForFieldName('right')) };
    else if (BEHAVIOUR_DUNDERS.test(name)) return undefined;
    names.add(name);
  }
  return init && { init, names, slots, eq, repr };
}

/** The names of `__slots__ = ("a", "b")` (or a list, or one string); nothing for anything computed. */
function slotNames(value: Node | null): string[] | undefined {
  if (value?.type === 'string') return stringValue(value) === undefined ? undefined : [stringValue(value)!];
  if (value?.type !== 'tuple' && value?.type !== 'list' && value?.type !== 'parenthesized_expression') return undefined;
  const names = namedChildren(value).map((item) => (item.type === 'string' ? stringValue(item) : undefined));
  return names.every((name): name is string => name !== undefined) ? names : undefined;
}

function stringValue(node: Node): string | undefined {
  const match = /^(['"])([A-Za-z_]\w*)\1$/.exec(node.text);
  return match?.[2];
}

/**
 * The fields when `__init__(self, a, b=1)` only does `self.a = a` and `self.b = b`, once each,
 * in any order; positional-only, keyword-only and star parameters are left alone.
 */
function copiedParameters(init: Node, context: RuleContext): Field[] | undefined {
  const returns = init.childForFieldName('return_type');
  if (returns && context.text(returns) !== 'None') return undefined;
  const [self, ...parameters] = namedChildren(init.childForFieldName('parameters'));
  if (self?.type !== 'identifier') return undefined;
  const fields: Field[] = [];
  for (const parameter of parameters) {
    const field = fieldOf(parameter, context);
    if (!field) return undefined;
    fields.push(field);
  }
  const statements = statementsAfterDocstring(init);
  if (statements.length !== fields.length) return undefined;
  const stored = new Set<string>();
  for (const statement of statements) {
    const assignment = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') return undefined;
    const name = attributeOf(assignment.childForFieldName('left'), context.text(self), context.text);
    const right = assignment.childForFieldName('right');
    const field = fields.find((candidate) => candidate.name === name);
    if (name === undefined || !field || right?.type !== 'identifier' || context.text(right) !== name || stored.has(name)) return undefined;
    stored.add(name);
    const annotation = assignment.childForFieldName('type');
    if (annotation && !field.annotation) field.annotation = context.text(annotation);
  }
  return fields;
}

function fieldOf(parameter: Node, context: RuleContext): Field | undefined {
  switch (parameter.type) {
    case 'identifier':
      return { name: context.text(parameter) };
    case 'typed_parameter': {
      const name = parameter.firstNamedChild;
      const type = parameter.childForFieldName('type');
      return name?.type === 'identifier' && type ? { name: context.text(name), annotation: context.text(type) } : undefined;
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = parameter.childForFieldName('name');
      const type = parameter.childForFieldName('type');
      const value = parameter.childForFieldName('value');
      if (name?.type !== 'identifier' || !value) return undefined;
      return { name: context.text(name), annotation: type ? context.text(type) : undefined, default: value };
    }
    default:
      return undefined;
  }
}

/** Whether any method assigns `self.<name>` for a name that is not a field. */
function assignsOtherAttributes(definition: Node, fields: Set<string>, context: RuleContext): boolean {
  for (const assignment of definition.descendantsOfType(['assignment', 'augmented_assignment'])) {
    const left = assignment?.childForFieldName('left');
    if (!left) continue;
    for (const target of [left, ...left.descendantsOfType('attribute')]) {
      const attribute = attributeOf(target, 'self', context.text);
      if (attribute !== undefined && !fields.has(attribute)) return true;
    }
  }
  return false;
}

const LITERALS = new Set(['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none', 'ellipsis']);

/**
 * Defaults a dataclass accepts as they are: literals, names and attributes (constants), and
 * tuples or arithmetic of those. A list, dict or set (or a global holding one) raises
 * `ValueError` in a dataclass; a call might return such a value.
 */
function isConstantDefault(value: Node, context: RuleContext): boolean {
  switch (value.type) {
    case 'identifier': {
      const assigned = context.semantic.resolve(value);
      return assigned?.valueType === undefined || !/^(list|dictionary|set|list_comprehension|dictionary_comprehension|set_comprehension|call)$/.test(assigned.valueType);
    }
    case 'attribute':
      return true;
    case 'tuple':
    case 'parenthesized_expression':
    case 'unary_operator':
    case 'binary_operator':
      return namedChildren(value).every((child) => isConstantDefault(child, context));
    default:
      return LITERALS.has(value.type);
  }
}

/** The parameters of a `def m(self, other)` method, or nothing for any other signature. */
function selfAndOther(method: Node, context: RuleContext): [string, string] | undefined {
  const parameters = namedChildren(method.childForFieldName('parameters'));
  if (parameters.length !== 2 || parameters.some((parameter) => parameter.type !== 'identifier')) return undefined;
  return [context.text(parameters[0]), context.text(parameters[1])];
}

const stripped = (node: Node, context: RuleContext) => context.text(node).replace(/\s+/g, '');

/**
 * `__eq__` that compares exactly the fields in order, as the generated one does: a tuple
 * comparison or an `and` chain, after an optional guard that returns `NotImplemented`/`False`
 * for another class.
 */
function isFieldwiseEq(eq: Node, className: string, fields: string[], context: RuleContext): boolean {
  const parameters = selfAndOther(eq, context);
  if (!parameters) return false;
  const [self, other] = parameters;
  const statements = statementsAfterDocstring(eq);
  const comparisons = [
    `return(${fields.map((field) => `${self}.${field}`).join(',')})==(${fields.map((field) => `${other}.${field}`).join(',')})`,
    `return${fields.map((field) => `${self}.${field}==${other}.${field}`).join('and')}`,
  ];
  const last = statements.at(-1);
  if (!last || !comparisons.includes(stripped(last, context))) return false;
  if (statements.length === 1) return true;
  const guards = [`ifnotisinstance(${other},${className})`, `if${other}.__class__isnot${self}.__class__`, `if${other}.__class__!=${self}.__class__`, `iftype(${other})isnottype(${self})`, `iftype(${other})!=type(${self})`].flatMap(
    (condition) => [`${condition}:returnNotImplemented`, `${condition}:returnFalse`],
  );
  return statements.length === 2 && guards.includes(stripped(statements[0], context));
}

/** `__repr__` that returns exactly the generated text: `f"Point(x={self.x!r}, y={self.y!r})"`. */
function isFieldwiseRepr(repr: Node, className: string, fields: string[], context: RuleContext): boolean {
  const parameters = namedChildren(repr.childForFieldName('parameters'));
  if (parameters.length !== 1 || parameters[0].type !== 'identifier') return false;
  const self = context.text(parameters[0]);
  const statements = statementsAfterDocstring(repr);
  if (statements.length !== 1) return false;
  const inner = `(${fields.map((field) => `${field}={${self}.${field}!r}`).join(', ')})`;
  const names = [className, `{type(${self}).__name__}`, `{${self}.__class__.__name__}`, `{type(${self}).__qualname__}`, `{${self}.__class__.__qualname__}`];
  const returned = context.text(statements[0]).replace(/^return\s+/, '');
  return names.some((name) => returned === `f"${name}${inner}"` || returned === `f'${name}${inner}'`);
}

/**
 * `@dataclass` above the class, the fields where `__init__` was, and the recognised
 * `__repr__`/`__eq__` removed unless they hold comments or a docstring. None when code would be
 * lost (comments or a docstring in `__init__`) or a needed name is taken.
 */
function conversion(definition: Node, init: Node, fields: Field[], generated: (Node | undefined)[], slots: ClassBody['slots'], context: RuleContext): FixSpec | undefined {
  if (hasProse(init)) return undefined;
  const imports: ImportRequirement[] = [];
  const dataclass = importedName(context.semantic, 'dataclasses', 'dataclass', definition, imports);
  const any = fields.some((field) => !field.annotation) ? importedName(context.semantic, 'typing', 'Any', definition, imports) : '';
  if (dataclass === undefined || any === undefined) return undefined;
  const decorator = slots ? `${dataclass}(slots=True)` : dataclass;

  const lineBreak = lineBreakOf(context.source);
  const indent = indentationOf(init, context.source);
  const declarations = fields.map((field) => `${field.name}: ${field.annotation ?? any}${field.default ? ` = ${context.text(field.default)}` : ''}`);
  const edits: TextEdit[] = [
    { start: definition.startIndex, end: definition.startIndex, text: `@${decorator}${lineBreak}${indentationOf(definition, context.source)}` },
    { start: init.startIndex, end: init.endIndex, text: declarations.join(lineBreak + indent) },
  ];
  // A method with comments or a docstring stays: the decorator leaves a hand-written one in place.
  for (const method of generated) if (method && !hasProse(method)) edits.push(removal(method));
  if (slots) edits.push(removal(slots.statement));
  return { edits, imports };
}

/** Whether a method holds comments or a docstring, which deleting it would lose. */
function hasProse(method: Node): boolean {
  return method.descendantsOfType('comment').length > 0 || bodyStatements(method).some(isDocstring);
}

/** Deletes a method together with the blank lines that separated it from the member before it. */
function removal(method: Node): TextEdit {
  const previous = method.previousNamedSibling;
  if (previous) return { start: previous.endIndex, end: method.endIndex, text: '' };
  return { start: method.startIndex, end: method.nextNamedSibling!.startIndex, text: '' };
}

export default defineRule({
  meta: {
    code: 'PH205',
    name: 'dataclass-candidate',
    kind: 'suggestion',
    selection: 'refactoring',
    category: 'classes',
    severity: 'information',
    minPython: [3, 7],
    message: 'This `__init__` only copies its parameters to attributes; `@dataclass` writes it for you',
    docs: {
      what: [
        'Flags a class whose `__init__` does nothing but store two or more of its parameters as attributes of the same',
        'name (`self.x = x`). The class must have no base other than `object`, no decorator, no `__new__` and no',
        '`__post_init__`, no annotated class attributes, and no class attribute or method named like a field; defaults',
        'must be constants, and a class with `__slots__` must not give any field a default. A class whose methods set',
        'other attributes on `self` is skipped: it keeps state beyond its fields, which the generated `__repr__` and',
        '`__eq__` would leave out. A `__repr__` or `__eq__`',
        'that does exactly what the generated one would is mentioned too. Needs Python 3.7.',
      ].join(' '),
      why: [
        'An `__init__` that only assigns its arguments is boilerplate: every field is spelled three times, and the class',
        'still prints as `<Point object at 0x…>` and compares by identity. `@dataclass` builds `__init__`, a readable',
        '`__repr__` and a field-wise `__eq__` from annotated class attributes, so each field is written once, with its',
        'type and default, where a reader looks for it. Options cover the next steps: `frozen=True` for immutable',
        'values, `slots=True` (3.10) for memory, `order=True` for sorting.',
        '',
        'If `__init__` validates or converts its arguments, a dataclass can do that in `__post_init__`, but a plain class',
        'may be the clearer choice; this rule only looks at pure copies.',
      ].join('\n'),
      example: [
        'class Point:',
        '    def __init__(self, x: float, y: float, label: str = ""):',
        '        self.x = x',
        '        self.y = y',
        '        self.label = label',
      ].join('\n'),
      instead: [
        'from dataclasses import dataclass',
        '',
        '',
        '@dataclass',
        'class Point:',
        '    x: float',
        '    y: float',
        '    label: str = ""',
      ].join('\n'),
      fixSafety: [
        'The refactoring adds `@dataclass` (and its import), replaces `__init__` by one annotated field per parameter in',
        'the same order and with the same defaults (`Any` where a parameter had no annotation), and deletes a `__repr__`',
        'or `__eq__` that the decorator generates identically (one with comments or a docstring stays: the decorator keeps a',
        'hand-written method). From 3.10 a hand-written `__slots__` becomes `slots=True`, except when a method calls `super()`',
        'without arguments or names `__class__`: `slots=True` makes a new class, which those would not see, so `__slots__`',
        'stays as written. Instances then compare by value, and a class that gets',
        'the generated `__eq__` without defining `__hash__` becomes unhashable: check for instances used in sets or as',
        'dict keys (`@dataclass(eq=False)` keeps identity semantics; `frozen=True` makes them hashable by value). It is',
        'not offered when `__init__` holds comments or a docstring, which it would drop.',
      ].join(' '),
    },
    fix: { safety: 'suggestion', title: 'Convert to @dataclass' },
  },
  visit: {
    nodes: { class_definition: check },
    sourceIncludes: '__init__',
  },
});
