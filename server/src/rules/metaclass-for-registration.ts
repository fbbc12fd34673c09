import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { isOneOf } from '../engine/semantic/classes';
import { bodyStatements, isDocstring, namedChildren, parameterNames } from '../engine/syntax';

const METACLASS_BASES = ['builtins.type', 'abc.ABCMeta'];
/** Methods that add the new class to a collection or a registry object (`loader.add_constructor(tag, cls)`). */
const REGISTERING_METHOD = /^(append|extend|insert|setdefault|update|(add|register)(_\w+)?)$/;
/** Methods that only read the namespace, bases or keywords. */
const READING_METHODS = new Set(['get', 'keys', 'values', 'items', 'copy', 'count', 'index', 'startswith', 'endswith', 'lower', 'upper']);

/** What a `__new__`/`__init__` body may do, tracked while its statements are checked in order. */
interface MethodScope {
  kind: '__new__' | '__init__';
  parameters: Set<string>;
  /** The parameters after the first: name, bases, namespace and keywords, which must reach `type` unchanged. */
  protectedNames: Set<string>;
  /** The variable holding the created class. */
  created?: string;
  /** Registrations and checks seen: a metaclass doing neither is not this rule's concern. */
  work: number;
}

const check: NodeHandler = (definition, context) => {
  const superclasses = definition.childForFieldName('superclasses');
  // The text rules out most classes before any base is resolved.
  if (!superclasses || !context.semantic.mayReferTo(context.text(superclasses).replace(/^\(/, ''), ...METACLASS_BASES)) return;
  const name = definition.childForFieldName('name');
  if (!name || !context.semantic.classFacts(definition).bases.some((base) => isOneOf(base, METACLASS_BASES))) return;
  // A base for other metaclasses in the module (which add what __init_subclass__ cannot) stays one.
  if (context.semantic.subclassesOf(context.text(name)).length > 0) return;

  const hooks: Node[] = [];
  for (const statement of bodyStatements(definition)) {
    if (statement.type === 'function_definition') {
      const method = statement.childForFieldName('name')?.text;
      // __prepare__, __call__, __instancecheck__, properties…: behaviour __init_subclass__ cannot take over.
      if (method !== '__new__' && method !== '__init__') return;
      hooks.push(statement);
    } else if (!isDocstring(statement) && statement.type !== 'pass_statement' && !isPlainClassAttribute(statement)) {
      return;
    }
  }
  if (hooks.length === 0) return;
  let work = 0;
  for (const hook of hooks) {
    const scope = scopeOf(hook, context);
    if (!scope || changesArguments(hook, scope) || !bodyStatements(hook).every((statement) => isAllowed(statement, scope, context))) return;
    work += scope.work;
  }
  if (work === 0) return;
  context.report({
    node: name,
    message: `The metaclass \`${context.text(name)}\` only registers or checks new classes; \`__init_subclass__\` does that without a metaclass`,
  });
};

/** `registry = {}` and the like; a dunder assignment (`__call__ = …`) adds behaviour. */
function isPlainClassAttribute(statement: Node): boolean {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  return left?.type === 'identifier' && !/^__.*__$/.test(left.text);
}

function scopeOf(hook: Node, context: RuleContext): MethodScope | undefined {
  const names = parameterNames(hook.childForFieldName('parameters'), context.text).map((name) => name.replace(/^\*+/, ''));
  if (names.length < 2) return undefined;
  const kind = hook.childForFieldName('name')!.text as MethodScope['kind'];
  // In __init__ the first parameter is the class being initialised.
  const created = kind === '__init__' ? names[0] : undefined;
  return { kind, parameters: new Set(names), protectedNames: new Set(names.slice(1)), created, work: 0 };
}

function isAllowed(statement: Node, scope: MethodScope, context: RuleContext): boolean {
  switch (statement.type) {
    case 'pass_statement':
      return true;
    case 'raise_statement':
    case 'assert_statement':
      scope.work++;
      return true;
    case 'return_statement': {
      const value = statement.firstNamedChild;
      if (scope.kind === '__init__') return value === null;
      return value !== null && ((value.type === 'identifier' && value.text === scope.created) || isTypeCall(value, scope, context));
    }
    case 'if_statement':
    case 'for_statement':
      return nestedBlocks(statement).every((block) => namedChildren(block).every((inner) => isAllowed(inner, scope, context)));
    case 'expression_statement':
      return isDocstring(statement) || isAllowedExpression(statement.firstNamedChild, scope, context);
    default:
      return false;
  }
}

function isAllowedExpression(expression: Node | null, scope: MethodScope, context: RuleContext): boolean {
  if (!expression) return false;
  if (expression.type === 'call') {
    if (isTypeCall(expression, scope, context)) return true;
    const callee = expression.childForFieldName('function')!;
    if (context.semantic.matches(callee, 'warnings.warn')) {
      scope.work++;
      return true;
    }
    // `registry.append(cls)`; a method of the namespace or bases would change the class.
    if (callee.type !== 'attribute' || !REGISTERING_METHOD.test(callee.childForFieldName('attribute')!.text)) return false;
    // A method of the new class itself (`cls.add_field(…)`) may change it.
    const receiver = callee.childForFieldName('object')!;
    if (receiver.type === 'identifier' && receiver.text === scope.created) return false;
    return mentionsCreated(expression.childForFieldName('arguments'), scope) && registersInto(receiver, scope);
  }
  if (expression.type !== 'assignment') return false;
  const left = expression.childForFieldName('left');
  const right = expression.childForFieldName('right');
  if (!left || !right) return false;
  if (left.type === 'identifier') {
    if (scope.kind === '__new__' && scope.created === undefined && isTypeCall(right, scope, context)) {
      scope.created = left.text;
      return true;
    }
    // A helper variable for a check; rebinding a parameter or aliasing one would let the class change.
    return !scope.parameters.has(left.text) && left.text !== scope.created && !(right.type === 'identifier' && scope.parameters.has(right.text));
  }
  // `registry[name] = cls`: an entry in some mapping other than the namespace.
  return left.type === 'subscript' && mentionsCreated(right, scope) && registersInto(left.childForFieldName('value')!, scope);
}

/**
 * Whether a registration stores the created class. Recording the raw arguments (the namespace
 * dict, the bases as passed) is something `__init_subclass__` cannot reproduce.
 */
function mentionsCreated(value: Node | null, scope: MethodScope): boolean {
  if (value === null || scope.created === undefined) return false;
  return value.descendantsOfType('identifier').some((identifier) => identifier?.text === scope.created);
}

function registersInto(collection: Node, scope: MethodScope): boolean {
  const root = rootOf(collection);
  if (root.type !== 'identifier' || scope.protectedNames.has(root.text)) return false;
  scope.work++;
  return true;
}

/** The name an attribute or subscript chain starts from: `mcs` in `mcs.registry[name]`. */
function rootOf(node: Node): Node {
  let root = node;
  while (root.type === 'attribute' || root.type === 'subscript') {
    const inner = root.childForFieldName(root.type === 'attribute' ? 'object' : 'value');
    if (!inner) break;
    root = inner;
  }
  return root;
}

/** Whether a method is called on the namespace (or another argument) that can change it: `namespace.pop("abstract")`. */
function changesArguments(hook: Node, scope: MethodScope): boolean {
  return hook.descendantsOfType('call').some((call) => {
    const callee = call?.childForFieldName('function');
    if (callee?.type !== 'attribute') return false;
    const object = callee.childForFieldName('object');
    if (object?.type !== 'identifier' || !scope.protectedNames.has(object.text)) return false;
    return !READING_METHODS.has(callee.childForFieldName('attribute')!.text);
  });
}

/** `super().__new__(mcs, name, bases, namespace)` and the like, passing the parameters on unchanged. */
function isTypeCall(node: Node, scope: MethodScope, context: RuleContext): boolean {
  if (node.type !== 'call') return false;
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')!.text !== scope.kind) return false;
  const args = node.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return false;
  return namedChildren(args).every((arg) => {
    const passed = arg.type === 'list_splat' || arg.type === 'dictionary_splat' ? arg.firstNamedChild : arg;
    return passed?.type === 'identifier' && scope.parameters.has(context.text(passed));
  });
}

/** The blocks of an `if` or `for`, including `elif`/`else` clauses. */
function nestedBlocks(statement: Node): Node[] {
  const blocks: Node[] = [];
  for (const child of namedChildren(statement)) {
    if (child.type === 'block') blocks.push(child);
    else if (child.type === 'elif_clause' || child.type === 'else_clause') {
      blocks.push(...namedChildren(child).filter((inner) => inner.type === 'block'));
    }
  }
  return blocks;
}

export default defineRule({
  meta: {
    code: 'PH202',
    name: 'metaclass-for-registration',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'metaprogramming',
    severity: 'information',
    minPython: [3, 6],
    message: 'A metaclass that only registers or checks new classes; `__init_subclass__` does that without one',
    docs: {
      what: [
        'Flags a metaclass (a subclass of `type` or `ABCMeta`) whose `__new__` or `__init__` only records each new class',
        'in a registry or checks its namespace and raises, passing the name, bases and namespace on unchanged. Metaclasses',
        'that also define `__prepare__`, `__call__`, `__instancecheck__` or any other method, or that change the class, are left alone.',
      ].join(' '),
      why: [
        'Since Python 3.6 a base class can define `__init_subclass__`, a hook Python calls with every new subclass. It',
        'is an ordinary classmethod: it takes class keyword arguments, chains through `super()`, and needs no metaclass.',
        '',
        'A metaclass is heavier than the job: every subclass inherits it, and a class whose bases use two different',
        'metaclasses fails with a metaclass conflict — a common clash with `ABC`, Django models or Qt classes. Readers',
        'must also know the class-creation protocol to follow it. Note that `__init_subclass__` runs for subclasses only,',
        'not for the base that defines it.',
      ].join('\n'),
      example: [
        'class PluginMeta(type):',
        '    registry = {}',
        '',
        '    def __new__(mcs, name, bases, namespace):',
        '        cls = super().__new__(mcs, name, bases, namespace)',
        '        if bases:',
        '            mcs.registry[name] = cls',
        '        return cls',
        '',
        'class Plugin(metaclass=PluginMeta):',
        '    pass',
      ].join('\n'),
      instead: [
        'class Plugin:',
        '    registry = {}',
        '',
        '    def __init_subclass__(cls, **kwargs):',
        '        super().__init_subclass__(**kwargs)',
        '        Plugin.registry[cls.__name__] = cls',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { class_definition: check },
  },
});
