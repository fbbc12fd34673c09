import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { isOneOf } from '../engine/semantic/classes';
import { attributeOf, bodyStatements, indentationOf, lineBreakOf, namedChildren, startsItsLine, statementsAfterDocstring, substringFirst } from '../engine/syntax';

/** Bases that put no methods in the way: accessors of a class deriving only from these override nothing. */
const NEUTRAL_BASES = ['builtins.object', 'typing.Generic', 'typing_extensions.Generic'];

/** An accessor method: its definition, its name node and the `self` attribute it reads or writes. */
interface Accessor {
  method: Node;
  name: Node;
  attribute: string;
}

/** A getter and a setter defined in the text of a class. */
const ACCESSORS = [substringFirst(/\bdef\s+get_/, 'get_'), substringFirst(/\bdef\s+set_/, 'set_')];

const check: NodeHandler = (definition, context) => {
  const text = context.text(definition);
  if (!ACCESSORS.every((accessor) => accessor.test(text))) return;
  // A subclass's `get_x`/`set_x` may implement the API of its base (a framework calling `get_value()`),
  // which this file cannot see.
  const { bases, keywords } = context.semantic.classFacts(definition);
  if (Object.keys(keywords).length > 0 || bases.some((base) => !isOneOf(base, NEUTRAL_BASES))) return;

  const getters = new Map<string, Accessor>();
  const setters = new Map<string, Accessor>();
  const methods = plainMethods(definition);
  // Accessors as the class's convention (matplotlib's `Artist`, found by name by `set(**kwargs)`):
  // an API style, not a one-off pair.
  if (methods.filter((method) => /^(get|set)_/.test(method.childForFieldName('name')?.text ?? '')).length > 6) return;
  for (const method of methods) {
    const name = method.childForFieldName('name');
    const match = name && /^(get|set)_([A-Za-z]\w*)$/.exec(context.text(name));
    if (!name || !match) continue;
    const [, kind, suffix] = match;
    const attribute = kind === 'get' ? returnedAttribute(method, context) : assignedAttribute(method, context);
    if (attribute !== undefined && isStorageOf(attribute, suffix)) (kind === 'get' ? getters : setters).set(suffix, { method, name, attribute });
  }

  // Looked at only for a matching pair: most classes have none, and a big class has many members.
  let members: ReturnType<typeof classMembers> | undefined;
  for (const [suffix, getter] of getters) {
    const setter = setters.get(suffix);
    if (!setter || setter.attribute !== getter.attribute) continue;
    members ??= classMembers(definition, context);
    // `x = property(get_x, set_x)` or a member already named `x`: the attribute syntax exists, or the name is taken.
    if (members.names.has(suffix) || members.referenced.has(`get_${suffix}`) || members.referenced.has(`set_${suffix}`)) continue;
    context.report({
      node: getter.name,
      message: `\`get_${suffix}()\` and \`set_${suffix}()\` only read and write \`self.${getter.attribute}\`; a property \`${suffix}\` gives callers plain attribute syntax`,
      fix: addProperty(suffix, getter, setter, context),
    });
  }
};

/**
 * `x = property(get_x, set_x)` below the later accessor: callers can move to `obj.x` while the
 * methods keep working for the ones that still call them.
 */
function addProperty(suffix: string, getter: Accessor, setter: Accessor, context: RuleContext): FixSpec | undefined {
  const later = getter.method.endIndex > setter.method.endIndex ? getter.method : setter.method;
  const property = context.semantic.spell('builtins.property', later);
  if (!property || !startsItsLine(later, context.source)) return undefined;
  const eol = lineBreakOf(context.source);
  const text = `${eol}${eol}${indentationOf(later, context.source)}${suffix} = ${property}(get_${suffix}, set_${suffix})`;
  return { edits: [{ start: later.endIndex, end: later.endIndex, text }] };
}

/** The class's undecorated methods: `@staticmethod`, `@classmethod` and the rest change what a method is. */
function plainMethods(definition: Node): Node[] {
  return bodyStatements(definition).filter((statement) => statement.type === 'function_definition');
}

/**
 * The names the class body defines (methods, nested classes, class attributes), and the
 * identifiers it uses outside method bodies, as in `x = property(get_x, set_x)` or a decorator.
 */
function classMembers(definition: Node, context: RuleContext): { names: Set<string>; referenced: Set<string> } {
  const names = new Set<string>();
  const referenced = new Set<string>();
  for (const statement of bodyStatements(definition)) {
    const inner = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (inner?.type === 'function_definition' || inner?.type === 'class_definition') {
      const name = inner.childForFieldName('name');
      if (name) names.add(context.text(name));
      if (statement.type === 'decorated_definition') {
        for (const decorator of namedChildren(statement).filter((child) => child.type === 'decorator')) {
          for (const identifier of decorator.descendantsOfType('identifier')) if (identifier) referenced.add(identifier.text);
        }
      }
      continue;
    }
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (left?.type === 'identifier') names.add(context.text(left));
    for (const identifier of statement.descendantsOfType('identifier')) if (identifier) referenced.add(identifier.text);
  }
  return { names, referenced };
}

/** `self` and `value` of `def set_x(self, value)`; annotations allowed, defaults and stars not. */
function simpleParameters(method: Node, context: RuleContext): string[] | undefined {
  const names: string[] = [];
  for (const parameter of namedChildren(method.childForFieldName('parameters'))) {
    if (parameter.type === 'identifier') names.push(context.text(parameter));
    else if (parameter.type === 'typed_parameter' && parameter.firstNamedChild?.type === 'identifier') names.push(context.text(parameter.firstNamedChild));
    else return undefined;
  }
  return names;
}

/** `attr` when the method is `def get_x(self): return self.attr`, a docstring allowed. */
function returnedAttribute(method: Node, context: RuleContext): string | undefined {
  const parameters = simpleParameters(method, context);
  const statements = statementsAfterDocstring(method);
  if (parameters?.length !== 1 || statements.length !== 1 || statements[0].type !== 'return_statement') return undefined;
  return attributeOf(statements[0].firstNamedChild, parameters[0], context.text);
}

/** `attr` when the method is `def set_x(self, value): self.attr = value`, a docstring allowed. */
function assignedAttribute(method: Node, context: RuleContext): string | undefined {
  const parameters = simpleParameters(method, context);
  const statements = statementsAfterDocstring(method);
  if (parameters?.length !== 2 || statements.length !== 1 || statements[0].type !== 'expression_statement') return undefined;
  const assignment = statements[0].firstNamedChild;
  if (assignment?.type !== 'assignment' || statements[0].namedChildCount !== 1) return undefined;
  const right = assignment.childForFieldName('right');
  if (right?.type !== 'identifier' || context.text(right) !== parameters[1] || assignment.childForFieldName('type')) return undefined;
  return attributeOf(assignment.childForFieldName('left'), parameters[0], context.text);
}

/** `_x` or `__x` stores `x`; the public `x` itself is its own attribute syntax already. */
function isStorageOf(attribute: string, suffix: string): boolean {
  return attribute === `_${suffix}` || attribute === `__${suffix}`;
}

export default defineRule({
  meta: {
    code: 'PH204',
    name: 'getter-setter-methods',
    kind: 'suggestion',
    selection: 'refactoring',
    category: 'classes',
    severity: 'information',
    minPython: [3, 0],
    message: 'A `get_x()`/`set_x()` pair that only reads and writes an attribute; use a property',
    docs: {
      what: [
        'Flags a class that defines both `get_x(self)`, which only returns `self._x`, and `set_x(self, value)`, which only',
        'assigns `self._x = value` (docstrings allowed; the storage may also be `__x`). The finding sits on the getter.',
        'Classes with bases other than `object` or `Generic[...]` are skipped, since their accessors may be the API a base',
        'class or framework calls; so are classes with more than six `get_`/`set_` methods, where accessors are the',
        'class\'s convention (a property system that finds them by name), decorated methods, and classes that already',
        'expose `x` or pass the accessors to `property()`.',
      ].join(' '),
      why: [
        'Accessor pairs are how languages without properties keep the freedom to add logic later. Python does not need',
        'them: a plain attribute can turn into a property at any time, and callers keep writing `obj.x` and `obj.x = 1`.',
        'Until then the pair only costs: two methods to read and maintain, and call sites like `obj.set_x(obj.get_x() + 1)`',
        'where `obj.x += 1` would do.',
        '',
        'When nothing needs checking yet, a public attribute is the simplest choice. When a value must be validated or',
        'derived, `@property` with an `@x.setter` puts that logic behind the same attribute syntax.',
      ].join('\n'),
      example: [
        'class Thermostat:',
        '    def __init__(self, target):',
        '        self._target = target',
        '',
        '    def get_target(self):',
        '        return self._target',
        '',
        '    def set_target(self, value):',
        '        self._target = value',
      ].join('\n'),
      instead: [
        'class Thermostat:',
        '    def __init__(self, target):',
        '        self._target = target',
        '',
        '    @property',
        '    def target(self):',
        '        return self._target',
        '',
        '    @target.setter',
        '    def target(self, value):',
        '        self._target = value',
        '',
        '',
        '# Or, while no logic is needed, simply:',
        'class PlainThermostat:',
        '    def __init__(self, target):',
        '        self.target = target',
      ].join('\n'),
      fixSafety: [
        'A matter of design, so by default this is a refactoring in the light bulb, not a diagnostic (select `PH204`',
        'to see it as one). The refactoring adds `x = property(get_x, set_x)` below the accessors: callers can move',
        'to `obj.x` while `get_x()` and `set_x()` keep working for those that still call them. Once no caller uses',
        'the methods, fold them into `@property` and `@x.setter`, or into a plain attribute.',
      ].join(' '),
    },
    fix: { safety: 'suggestion', title: 'Add a property over the get/set pair' },
  },
  visit: {
    nodes: { class_definition: check },
    sourceIncludes: 'set_',
  },
});
