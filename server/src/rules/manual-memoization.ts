import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { valueUses } from '../engine/semantic/value-uses';
import { decoratorsOf, enclosingClass, isAsync, namedChildren, ownScopeNodes, parameterNames } from '../engine/syntax';

/** A membership test right before a colon: `if key not in cache:`. Cheap to look for before walking. */
const MEMBERSHIP_TEST = /\bin\s+[A-Za-z_][\w.]*\s*:/;
/** An assignment to a subscript, `cache[key] = value`, which the memo needs too. */
const SUBSCRIPT_STORE = /\]\s*=(?!=)/;
/** Calls that turn the parameters into a key without changing what it depends on. */
const KEY_BUILDERS = new Set(['tuple', 'frozenset', 'sorted']);
/** Node types a memo store may sit in: the statement itself and blocks of the membership test or a `with`. */
const STORE_CONTAINERS = new Set(['expression_statement', 'block', 'else_clause', 'with_statement']);

const check: NodeHandler = (definition, context) => {
  // The text tests come first: they need no node, and rule out most functions.
  const text = context.text(definition);
  if (!SUBSCRIPT_STORE.test(text) || !MEMBERSHIP_TEST.test(text)) return;
  const body = definition.childForFieldName('body');
  if (!body || isAsync(definition)) return;
  const bodyText = context.text(body);
  // A generator or coroutine would be cached as the one-shot object, not its results.
  if (!MEMBERSHIP_TEST.test(bodyText) || /\b(yield|await)\b/.test(bodyText) || isMethod(definition, context)) return;
  const own = ownScopeNodes(body, ['if_statement', 'assignment', 'augmented_assignment', 'delete_statement', 'call', 'return_statement']);
  for (const test of own.filter((node) => node.type === 'if_statement')) {
    const condition = test.childForFieldName('condition');
    if (condition?.type !== 'comparison_operator') continue;
    const [key, cache] = namedChildren(condition);
    const operator = condition.childForFieldName('operators');
    if (!key || !cache || !operator || !/^(not\s+)?in$/.test(context.text(operator)) || namedChildren(condition).length !== 2) continue;
    const cacheText = compact(context, cache);
    const keyText = compact(context, key);
    const store = own.find((node) => isStore(node, cacheText, keyText, context));
    if (!store || !storedUnconditionally(store, test, body) || !returnsCached(own, `${cacheText}[${keyText}]`, context)) continue;
    const cacheParameter = cacheKind(definition, cache, context);
    if (cacheParameter === undefined || evicts(own, cacheText, context)) continue;
    if (!keyCoversParameters(definition, key, cacheParameter, own, context)) continue;
    const replacement = atLeast(context.facts.target, [3, 9]) ? '`@functools.cache`' : '`@functools.lru_cache(maxsize=None)`';
    context.report({
      node: definition.childForFieldName('name')!,
      message: `\`${definition.childForFieldName('name')!.text}\` memoizes its results by hand in \`${context.text(cache)}\`; ${replacement} does the same`,
    });
    return;
  }
};

/** A method keeps state per instance or per class; a cache on the function would hold every `self`. */
function isMethod(definition: Node, context: RuleContext): boolean {
  if (!enclosingClass(definition)) return false;
  return !decoratorsOf(definition).some((decorator) => context.semantic.matches(decorator, 'builtins.staticmethod'));
}

/** `cache[key] = …` */
function isStore(node: Node, cache: string, key: string, context: RuleContext): boolean {
  if (node.type !== 'assignment') return false;
  const left = node.childForFieldName('left');
  return left?.type === 'subscript' && compact(context, left.childForFieldName('value')) === cache && compact(context, left.childForFieldName('subscript')) === key;
}

/** `return cache[key]`: a memo hands back what it stored (a seen-set stores a flag and returns something else). */
function returnsCached(own: readonly Node[], entry: string, context: RuleContext): boolean {
  return own.some((node) => node.type === 'return_statement' && compact(context, node.firstNamedChild) === entry);
}

/** Whether every result is stored: the store sits in the function body or in the membership test, not behind another condition or loop. */
function storedUnconditionally(store: Node, test: Node, body: Node): boolean {
  for (let node = store.parent; node && node.id !== body.id; node = node.parent) {
    if (node.id !== test.id && !STORE_CONTAINERS.has(node.type)) return false;
  }
  return true;
}

/**
 * Whether the mapping lives across calls as a plain dict: a parameter defaulting to `{}` (its
 * name is returned, so that the key need not cover it), a variable an enclosing function sets to
 * `{}`, a module-level `{…}`, or an attribute of the function itself (`fib.memo`). `self._cache`
 * is left alone: a per-instance cache is the right design for methods. `undefined` when none.
 */
function cacheKind(definition: Node, cache: Node, context: RuleContext): string | null | undefined {
  const name = context.text(cache);
  if (cache.type === 'attribute') {
    return context.text(cache.childForFieldName('object')!) === definition.childForFieldName('name')?.text ? null : undefined;
  }
  if (cache.type !== 'identifier') return undefined;
  const binding = context.semantic.resolve(cache);
  if (!binding) return undefined;
  if (binding.scope.node?.id === definition.id) {
    // A parameter defaulting to `{}` lives across calls; any other local is new on each call.
    return binding.kind === 'parameter' && context.semantic.bindingsOf(binding).length === 1 && isEmptyDict(binding.value, context) ? name : undefined;
  }
  if (binding.scope.kind === 'function') {
    // A dict of an enclosing function, unless that function uses it too (reads it, returns it, clears it).
    const outside = valueUses(context.semantic, binding).references.filter((reference) => reference.startIndex < definition.startIndex || reference.startIndex >= definition.endIndex);
    return binding.kind === 'assignment' && context.semantic.bindingsOf(binding).length === 1 && isEmptyDict(binding.value, context) && outside.length === 0 ? null : undefined;
  }
  return binding.scope === context.semantic.module && binding.alternatives === undefined && binding.valueType === 'dictionary' ? null : undefined;
}

function isEmptyDict(value: Node | null | undefined, context: RuleContext): boolean {
  if (!value) return false;
  const text = context.text(value).replace(/\s+/g, '');
  return text === '{}' || text === 'dict()';
}

/** A cache that is cleared, shrunk or sized in the function follows its own eviction policy. */
function evicts(own: readonly Node[], cache: string, context: RuleContext): boolean {
  return own.some((node) => {
    if (node.type === 'delete_statement') return compact(context, node).includes(`${cache}[`);
    if (node.type === 'augmented_assignment') return compact(context, node.childForFieldName('left')) === cache;
    if (node.type !== 'call') return false;
    const callee = compact(context, node.childForFieldName('function'));
    if (callee === 'len') return compact(context, node.childForFieldName('arguments')) === `(${cache})`;
    return callee.startsWith(`${cache}.`) && callee !== `${cache}.get`;
  });
}

/**
 * Whether the key is made of the parameters and nothing else, and of all of them (but the cache
 * parameter): only then does `functools.cache`, which keys on every argument, store the same
 * entries. Keys through `id()`, attributes or other values have reasons of their own.
 */
function keyCoversParameters(definition: Node, key: Node, cacheParameter: string | null, own: readonly Node[], context: RuleContext): boolean {
  const parameters = parameterNames(definition.childForFieldName('parameters'), context.text)
    .map((name) => name.replace(/^\*+/, ''))
    .filter((name) => name !== '' && name !== '/' && name !== cacheParameter);
  if (parameters.length === 0) return false;
  let expression = key;
  if (key.type === 'identifier' && !parameters.includes(key.text)) {
    // `key = (a, b)` first: the key is what that assignment builds.
    const assignments = own.filter((node) => node.type === 'assignment' && node.childForFieldName('left')?.text === key.text);
    const built = assignments.length === 1 ? assignments[0].childForFieldName('right') : null;
    if (!built) return false;
    expression = built;
  }
  const used = new Set<string>();
  for (const identifier of expression.descendantsOfType('identifier')) {
    if (!identifier) continue;
    const parent = identifier.parent;
    // `kwargs.items()`: the attribute name is no variable.
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) continue;
    if (parent?.type === 'call' && parent.childForFieldName('function')?.id === identifier.id && KEY_BUILDERS.has(identifier.text)) continue;
    if (!parameters.includes(identifier.text)) return false;
    used.add(identifier.text);
  }
  return parameters.every((parameter) => used.has(parameter));
}

/** A node's text without whitespace, so `cache[ key ]` and `cache[key]` compare equal. */
function compact(context: RuleContext, node: Node | null | undefined): string {
  return node ? context.text(node).replace(/\s+/g, '') : '';
}

export default defineRule({
  meta: {
    code: 'PH103',
    name: 'manual-memoization',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'functions',
    severity: 'information',
    minPython: [3, 2],
    message: 'A hand-written memo table: `functools.cache` stores results per argument without the bookkeeping',
    docs: {
      what: [
        'Flags a function that looks its arguments up in a dict kept across calls (`if key not in cache:`) and stores',
        'every result under that key (`cache[key] = …`), where the dict is a `{}` default argument, a variable of an',
        'enclosing function, a module-level dict or an attribute of the function itself, and the key is built from all of',
        'the parameters and nothing else. Caches that are cleared, popped or sized in the function, that store only some',
        'results, or that live on `self` are not flagged; nor are methods, generators and coroutines.',
      ].join(' '),
      why: [
        '`@functools.cache` (Python 3.9+; `@functools.lru_cache(maxsize=None)` before) does exactly this: it keys the',
        'results on the arguments, positional and keyword, and returns the stored result on a repeated call. It keeps the',
        'cache out of the function\'s signature (no `cache={}` parameter callers could pass), is safe to use from several',
        'threads, and adds `cache_info()` and `cache_clear()` for tests. `@functools.lru_cache(maxsize=128)` also bounds',
        'the memory.',
        '',
        'A dict by hand is still right when the arguments are unhashable (key on a converted value or on `id()`), when the',
        'cache belongs to one instance (`self._cache`, freed with it), or when entries expire by time or size in a way',
        'LRU does not cover. Note that `functools.cache` never forgets: on a long-running process with unbounded inputs,',
        'choose `lru_cache` with a `maxsize`.',
      ].join('\n'),
      example: [
        'def fibonacci(n, memo={}):',
        '    if n in memo:',
        '        return memo[n]',
        '    result = n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)',
        '    memo[n] = result',
        '    return result',
      ].join('\n'),
      instead: [
        'import functools',
        '',
        '@functools.cache',
        'def fibonacci(n):',
        '    return n if n < 2 else fibonacci(n - 1) + fibonacci(n - 2)',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { function_definition: check },
  },
});
