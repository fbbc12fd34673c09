import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { defineRule, type NodeHandler } from '../engine/rule';
import { calleeOf, decoratorsOf, enclosingClass, namedChildren, parameterNames } from '../engine/syntax';

const CACHES = ['functools.lru_cache', 'functools.cache'];

const check: NodeHandler = (decorator, context) => {
  const expression = decorator.firstNamedChild;
  // Every decorator comes here: the text rules out `@property` and the rest before any name is resolved.
  if (!expression || !context.semantic.mayReferTo(context.text(expression), ...CACHES)) return;
  if (!context.semantic.matches(calleeOf(expression), ...CACHES) || !isUnbounded(expression, context)) return;
  const method = decorator.parent?.childForFieldName('definition');
  if (method?.type !== 'function_definition') return;
  const owner = enclosingClass(method);
  if (!owner || isLongLived(owner, context)) return;
  if (decoratorsOf(method).some((other) => context.semantic.matches(calleeOf(other), 'builtins.staticmethod', 'builtins.classmethod'))) return;
  const [self, ...rest] = parameterNames(method.childForFieldName('parameters'), context.text);
  if (self !== 'self') return;
  const name = method.childForFieldName('name')!.text;
  const instead =
    rest.length === 0 && atLeast(context.facts.target, [3, 8])
      ? `\`@functools.cached_property\` stores the value on each instance instead`
      : 'cache per instance, or in a module-level function of the values it needs';
  context.report({
    node: expression,
    message: `\`@${context.text(expression)}\` on the method \`${name}\` keeps every \`self\` it sees alive in the cache; ${instead}`,
  });
};

/**
 * `functools.cache`, or `lru_cache(maxsize=None)`: it never lets go. A bounded `lru_cache` holds
 * at most `maxsize` recent instances, which is retention by design rather than a leak.
 */
function isUnbounded(expression: Node, context: Parameters<NodeHandler>[1]): boolean {
  if (context.semantic.matches(calleeOf(expression), 'functools.cache')) return true;
  if (expression.type !== 'call') return false;
  const [first] = namedChildren(expression.childForFieldName('arguments'));
  const maxsize = first?.type === 'keyword_argument' ? (context.text(first.childForFieldName('name')!) === 'maxsize' ? first.childForFieldName('value') : null) : first;
  return maxsize?.type === 'none';
}

/**
 * Instances the cache may hold without harm: enum members and classes (of a metaclass) live as long
 * as their class anyway, and so does an instance the module creates at module level (a registry,
 * a default configuration); value types compare and hash by value, so equal instances sharing
 * entries is the point.
 */
function isLongLived(owner: Node, context: Parameters<NodeHandler>[1]): boolean {
  const kind = context.semantic.classKind(owner);
  if (kind.valueType || kind.enum || kind.metaclass || kind.namedTuple) return true;
  const name = owner.childForFieldName('name')?.text;
  return name !== undefined && context.semantic.hasModuleInstance(name);
}

export default defineRule({
  meta: {
    code: 'PH105',
    name: 'lru-cache-on-method',
    kind: 'correctness',
    selection: 'default',
    category: 'classes',
    severity: 'warning',
    minPython: [3, 2],
    message: 'An unbounded `cache`/`lru_cache` on a method keeps every instance it is called on alive',
    docs: {
      what: [
        'Flags an unbounded cache — `@functools.cache`, `@lru_cache(maxsize=None)` — directly on an instance method: a',
        'function in a class body whose first parameter is `self`, without `@staticmethod` or `@classmethod`. A bounded',
        '`lru_cache` holds at most `maxsize` recent instances, which is retention by design, and is not flagged. Methods',
        'of enums and metaclasses are skipped, since their instances live as long as the class anyway; so are those of',
        'a class the module instantiates at module level (a registry, a default configuration), and those of value types',
        '(`NamedTuple`, frozen dataclasses and attrs classes, classes that define `__eq__` or `__hash__` or inherit them',
        'from a base in the module), where equal instances sharing entries is the point.',
      ].join(' '),
      why: [
        'The cache belongs to the function, which lives on the class — usually for the rest of the program. `self` is',
        'part of every key, so each instance the method was called on is referenced from the cache and cannot be freed:',
        'with `cache` or `maxsize=None` never, with a bounded `lru_cache` only once newer calls push it out. Objects that',
        'hold files, sockets or large data leak this way. The cache also requires instances to be hashable, and two',
        'instances that compare equal share their entries.',
        '',
        'For a method without arguments, `@functools.cached_property` (Python 3.8+) computes the value once and stores it',
        'in the instance\'s own `__dict__`, so it goes away with the instance (access it without parentheses; it needs an',
        'instance `__dict__`, not `__slots__`). With arguments, keep a dict on the instance, wrap a bound method in',
        '`__init__` (`self.lookup = functools.lru_cache(maxsize=256)(self._lookup)`), or cache a module-level function',
        'that takes only the hashable values it needs.',
      ].join('\n'),
      example: [
        'import functools',
        '',
        'class Report:',
        '    def __init__(self, rows):',
        '        self.rows = rows',
        '',
        '    @functools.cache',
        '    def total(self):',
        '        return sum(row.amount for row in self.rows)',
      ].join('\n'),
      instead: [
        'import functools',
        '',
        'class Report:',
        '    def __init__(self, rows):',
        '        self.rows = rows',
        '',
        '    @functools.cached_property',
        '    def total(self):',
        '        return sum(row.amount for row in self.rows)',
      ].join('\n'),
    },
    narrower: [
      'B019 flags every `lru_cache`/`cache` on a method, bounded or not, except on enums. This rule leaves bounded',
      'caches, value types and module-level singletons alone, like Pylint\'s W1518, which flags unbounded caches only.',
    ].join(' '),
    peers: [
      { tool: 'ruff', code: 'B019', name: 'cached-instance-method' },
      { tool: 'flake8-bugbear', code: 'B019', name: 'cached-instance-method' },
      { tool: 'pylint', code: 'W1518', name: 'method-cache-max-size-none' },
    ],
  },
  visit: {
    nodes: { decorator: check },
    // Both caches are spelled with `cache` somewhere in the module, if only in the import of an alias.
    sourceIncludes: 'cache',
  },
});
