import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { bodyStatements, namedChildren, parameterNames } from '../engine/syntax';
import { holdsText } from '../engine/text-search';

const PLAIN_MAPPINGS = ['builtins.dict', 'collections.defaultdict', 'collections.OrderedDict'];
const WEAK_MAPPINGS = ['weakref.WeakKeyDictionary', 'weakref.WeakValueDictionary'];
const WEAK_CLEANUP = ['weakref.finalize', 'weakref.ref'];

const check: NodeHandler = (definition, context) => {
  // A text test spares listing the members of the many classes that are not descriptors.
  const text = context.text(definition);
  if (!holdsText(text, '__set__') || !holdsText(text, '__get__')) return;
  const methods = new Map<string, Node>();
  for (const statement of bodyStatements(definition)) {
    const name = statement.type === 'function_definition' ? statement.childForFieldName('name')?.text : undefined;
    if (name) methods.set(name, statement);
  }
  const setter = methods.get('__set__');
  if (!setter || !methods.has('__get__')) return;
  const [self, instance] = parameterNames(setter.childForFieldName('parameters'), context.text);
  if (!self || !instance || instance.startsWith('*')) return;

  for (const assignment of setter.descendantsOfType('assignment')) {
    const target = assignment?.childForFieldName('left');
    if (target?.type !== 'subscript') continue;
    const container = target.childForFieldName('value');
    const key = target.childForFieldName('subscript');
    if (container?.type !== 'attribute' || container.childForFieldName('object')?.text !== self || !key) continue;
    const byId = isIdOf(key, instance, context);
    if (!byId && !(key.type === 'identifier' && key.text === instance)) continue;
    const attribute = container.childForFieldName('attribute')!.text;
    if (containerKind(definition, self, attribute, context) !== 'plain') continue;
    // An id-keyed table with weakref cleanup is the deliberate pattern for unhashable instances.
    if (byId && hasWeakCleanup(definition, context)) continue;
    context.report({
      node: target,
      message: byId
        ? `Values kept on the descriptor by \`id(${instance})\`: entries outlive their instances, and a reused id sees stale data`
        : `Values kept on the descriptor keyed by \`${instance}\`: every instance stays alive with the class; unhashable ones fail`,
    });
  }
};

function isIdOf(key: Node, instance: string, context: RuleContext): boolean {
  if (key.type !== 'call' || !context.semantic.isBuiltin(key.childForFieldName('function')!, 'id')) return false;
  const args = namedChildren(key.childForFieldName('arguments'));
  return args.length === 1 && args[0].type === 'identifier' && args[0].text === instance;
}

/**
 * What the descriptor's `attribute` holds, from its assignments in the class body or in methods
 * (`self.attribute = …`): `weak` if any is a `WeakKeyDictionary`, `plain` for dicts, else unknown.
 */
function containerKind(definition: Node, self: string, attribute: string, context: RuleContext): 'weak' | 'plain' | undefined {
  let kind: 'plain' | undefined;
  for (const assignment of definition.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    const right = assignment?.childForFieldName('right');
    if (!left || !right) continue;
    // A class attribute: assignment → expression_statement → block → this class.
    const inClassBody = assignment.parent?.parent?.parent?.id === definition.id;
    const isClassAttribute = left.type === 'identifier' && left.text === attribute && inClassBody;
    const isInstanceAttribute =
      left.type === 'attribute' && left.childForFieldName('object')?.text === self && left.childForFieldName('attribute')?.text === attribute;
    if (!isClassAttribute && !isInstanceAttribute) continue;
    if (right.type === 'dictionary') kind = 'plain';
    if (right.type !== 'call') continue;
    const callee = right.childForFieldName('function')!;
    if (context.semantic.matches(callee, ...WEAK_MAPPINGS)) return 'weak';
    if (context.semantic.matches(callee, ...PLAIN_MAPPINGS)) kind = 'plain';
  }
  return kind;
}

function hasWeakCleanup(definition: Node, context: RuleContext): boolean {
  return definition.descendantsOfType('call').some((call) => {
    const callee = call?.childForFieldName('function');
    return callee !== null && callee !== undefined && context.semantic.matches(callee, ...WEAK_CLEANUP);
  });
}

export default defineRule({
  meta: {
    code: 'PH203',
    name: 'descriptor-state-on-descriptor',
    kind: 'correctness',
    selection: 'default',
    category: 'metaprogramming',
    severity: 'warning',
    minPython: [3, 0],
    message: 'A descriptor keeps per-instance values in a dict on itself, keyed by the instance',
    docs: {
      what: [
        'Flags a descriptor (a class with `__get__` and `__set__`) whose `__set__` stores the value in a dict on the',
        'descriptor keyed by the owner instance: `self.data[instance] = value`, or `self.data[id(instance)] = value`',
        'without weakref cleanup. A `WeakKeyDictionary` is not flagged.',
      ].join(' '),
      why: [
        'One descriptor object serves every instance of the class it lives on, so its dict is shared by all of them —',
        'and it lives as long as the class. Each key is a strong reference: no instance that was ever assigned can be',
        'garbage-collected. Keys must also be hashable, so the descriptor fails on classes that define `__eq__` without',
        '`__hash__` (plain dataclasses, for one), and two equal instances share one value. Keying by `id()` avoids',
        'hashing but still leaks, and once an instance dies its id is reused by a new object, which then sees stale data.',
        '',
        'Store the value on the instance itself. Since Python 3.6, `__set_name__` tells the descriptor the attribute',
        'name it was assigned to, so it can use a private name such as `_price` in the instance\'s `__dict__`. For',
        'instances without a `__dict__` (`__slots__`), a `weakref.WeakKeyDictionary` drops entries with their instances.',
      ].join('\n'),
      example: [
        'class Positive:',
        '    def __init__(self):',
        '        self.values = {}',
        '',
        '    def __get__(self, instance, owner=None):',
        '        return self if instance is None else self.values[instance]',
        '',
        '    def __set__(self, instance, value):',
        '        if value <= 0:',
        '            raise ValueError("must be positive")',
        '        self.values[instance] = value',
      ].join('\n'),
      instead: [
        'class Positive:',
        '    def __set_name__(self, owner, name):',
        '        self.private = "_" + name',
        '',
        '    def __get__(self, instance, owner=None):',
        '        return self if instance is None else getattr(instance, self.private)',
        '',
        '    def __set__(self, instance, value):',
        '        if value <= 0:',
        '            raise ValueError("must be positive")',
        '        setattr(instance, self.private, value)',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { class_definition: check },
    sourceIncludes: '__set__',
  },
});
