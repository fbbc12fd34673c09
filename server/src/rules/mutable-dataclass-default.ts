import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSafety, type NodeHandler, type RuleContext } from '../engine/rule';
import { calleeOf, namedChildren } from '../engine/syntax';
import { dataclassField, defaultFactoryFix, FIELD_UNIT, mutableDefault } from './dataclass-fields';

const check: NodeHandler = (assignment, context) => {
  const field = dataclassField(assignment, context);
  if (!field) return;
  const fate = mutableDefault(field.value, context);
  if (!fate) return;
  // A test that expects the error is not the bug.
  if (context.semantic.expectsRaise(assignment)) return;
  const { factory, safety } = factoryFor(field.value, context);
  context.report({
    node: field.value,
    message:
      fate === 'rejected'
        ? `The default of \`${field.name}\` is mutable: \`@dataclass\` raises ValueError when the class is created`
        : `The default of \`${field.name}\` is one mutable object that every instance shares`,
    fix: defaultFactoryFix(field, factory, context, fate === 'shared' ? 'unsafe' : safety),
  });
};

/**
 * What builds the default afresh: the type itself for an empty display or a call without
 * arguments, else a lambda around the default, which is unsafe when it reads names: they are
 * looked up at each instantiation, and names bound in the class body are out of its reach.
 */
function factoryFor(value: Node, context: RuleContext): { factory: string; safety?: FixSafety } {
  if (value.type === 'list' && namedChildren(value).length === 0) return { factory: 'list' };
  if (value.type === 'dictionary' && namedChildren(value).length === 0) return { factory: 'dict' };
  const argumentList = value.type === 'call' ? value.childForFieldName('arguments') : null;
  if (argumentList?.type === 'argument_list' && namedChildren(argumentList).length === 0) return { factory: context.text(calleeOf(value)) };
  const readsNames = value.descendantsOfType('identifier').length > 0;
  return { factory: `lambda: ${context.text(value)}`, safety: readsNames ? 'unsafe' : undefined };
}

export default defineRule({
  meta: {
    code: 'PH206',
    name: 'mutable-dataclass-default',
    kind: 'correctness',
    selection: 'default',
    category: 'classes',
    severity: 'error',
    minPython: [3, 7],
    message: 'Mutable default for a dataclass field: `@dataclass` rejects it, or every instance shares it',
    docs: {
      what: [
        'Flags fields of a `@dataclass` whose default builds a mutable container: a list, dict or set display or',
        'comprehension, or a call to `list()`, `dict()`, `set()`, `bytearray()`, `collections.defaultdict()`,',
        '`OrderedDict()`, `Counter()` or `deque()` — written directly or as `field(default=...)`. `ClassVar` and',
        '`InitVar` annotations and attributes without an annotation are not fields and are left alone.',
        'Code inside `with self.assertRaises(…)` or `with pytest.raises(…)` expects the error and is not flagged.',
      ].join(' '),
      why: [
        'A field default is evaluated once, when the class body runs, and the generated `__init__` hands that one',
        'object to every instance that does not pass its own. To stop instances from quietly sharing one list,',
        '`@dataclass` refuses list, dict and set defaults (and their subclasses) with `ValueError` as soon as the',
        'class is created; since Python 3.11 it refuses every unhashable default, which adds `deque` and `bytearray`.',
        'Before 3.11 those two are accepted and shared between instances. Frozen dataclasses are no exception.',
        '',
        'Give the field a `default_factory`: a callable that `__init__` calls for each new instance.',
      ].join('\n'),
      example: ['from dataclasses import dataclass', '', '@dataclass', 'class Order:', '    customer: str', '    items: list[str] = []'].join('\n'),
      instead: [
        'from dataclasses import dataclass, field',
        '',
        '@dataclass',
        'class Order:',
        '    customer: str',
        '    items: list[str] = field(default_factory=list)',
      ].join('\n'),
      fixSafety: [
        'An empty display or a call without arguments becomes `field(default_factory=<type>)`; any other default',
        'becomes `field(default_factory=lambda: <default>)`. `field` is added to the `from dataclasses import` line,',
        'or written `dataclasses.field` when the decorator is spelled through the module. The fix is safe where the',
        'class could not be created before. It is unsafe for a lambda that reads names, since they are then looked',
        'up each time an instance is created, and names bound earlier in the class body are not visible inside it;',
        'and for `deque()`/`bytearray()` below Python 3.11, where instances stop sharing the object. A field that is',
        'itself named `field` in the same class would shadow the function; the fix cannot see that.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use field(default_factory=...)' },
    peers: [{ tool: 'ruff', code: 'RUF008', name: 'mutable-dataclass-default' }],
  },
  visit: {
    nodes: { assignment: check },
    // Every way of making a dataclass names it: the decorator, or the import of an alias.
    sourceIncludes: 'dataclass',
    unitIncludes: FIELD_UNIT,
  },
});
