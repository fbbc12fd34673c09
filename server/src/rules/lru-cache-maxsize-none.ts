import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type RuleContext } from '../engine/rule';
import { namedChildren } from '../engine/syntax';

/** `lru_cache(maxsize=None)`, `lru_cache(None)`, with at most `typed=False` besides: `functools.cache` exactly. */
const check: CallHandler = (call, context) => {
  const callee = call.childForFieldName('function')!;
  if (!isUnbounded(call, context) || definesCache(call)) return;
  context.report({
    node: call,
    message: `\`${context.text(call)}\` is \`functools.cache\`: use the shorter name`,
    fix: useCache(call, callee, context),
  });
};

/** Inside `def cache(…)`, as in functools itself, the call is what `cache` is made of. */
function definesCache(call: Node): boolean {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'function_definition' && node.childForFieldName('name')?.text === 'cache') return true;
  }
  return false;
}

function isUnbounded(call: Node, context: RuleContext): boolean {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return false;
  let maxsize: string | undefined;
  let typed = 'False';
  const positional = ['maxsize', 'typed'];
  for (const argument of namedChildren(argumentList)) {
    if (argument.type === 'keyword_argument') {
      const name = context.text(argument.childForFieldName('name')!);
      const value = context.text(argument.childForFieldName('value')!);
      if (name === 'maxsize') maxsize = value;
      else if (name === 'typed') typed = value;
      else return false;
    } else {
      const name = positional.shift();
      // `*args` or a third positional argument: not something to read statically.
      if (!name || argument.type === 'list_splat' || argument.type === 'dictionary_splat') return false;
      if (name === 'maxsize') maxsize = context.text(argument);
      else typed = context.text(argument);
    }
  }
  // `functools.cache` has no `typed`: keeping int and float keys apart needs `lru_cache`.
  return maxsize === 'None' && typed === 'False';
}

/**
 * `functools.lru_cache(…)` becomes `functools.cache` through the same module name; a bare
 * `lru_cache(…)` becomes the module's existing name for `functools.cache`, else a bare `cache`
 * imported beside it when that name is free where the call stands, else `functools.cache`.
 */
function useCache(call: Node, callee: Node, context: RuleContext): FixSpec | undefined {
  const edit = (text: string) => ({ start: call.startIndex, end: call.endIndex, text });
  if (callee.type === 'attribute') return { edits: [edit(`${context.text(callee.childForFieldName('object')!)}.cache`)] };
  const existing = context.semantic.spell('functools.cache', call);
  if (existing) return { edits: [edit(existing)] };
  if (context.semantic.isFree('cache', call) && !decoratesCache(call)) return { edits: [edit('cache')], imports: [{ module: 'functools', name: 'cache' }] };
  const module = context.semantic.spell('functools', call);
  return module ? { edits: [edit(`${module}.cache`)] } : undefined;
}

/** `@lru_cache(None)` on a function itself named `cache`: the import would be shadowed by it. */
function decoratesCache(call: Node): boolean {
  const decorated = call.parent?.type === 'decorator' ? call.parent.parent?.childForFieldName('definition') : null;
  return decorated?.childForFieldName('name')?.text === 'cache';
}

export default defineRule({
  meta: {
    code: 'PH104',
    name: 'lru-cache-maxsize-none',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'decorators',
    severity: 'information',
    minPython: [3, 9],
    message: '`lru_cache(maxsize=None)` is `functools.cache`',
    docs: {
      what: 'Flags `functools.lru_cache(maxsize=None)` and `lru_cache(None)`, alone or with `typed=False`.',
      why: [
        'An unbounded `lru_cache` never evicts; Python 3.9 added `functools.cache` as the name for exactly this call',
        '(it is defined as `lru_cache(maxsize=None)`). It reads as what it is — remember every result. Behaviour, speed,',
        '`cache_info()` and `cache_clear()` are the same: the change is one of spelling, which is why the rule is opt-in.',
        '',
        'With `typed=True` the call is left alone: `cache` has no `typed` option. An unbounded cache also keeps every',
        'argument and result alive for the life of the process; if the inputs are unbounded, a `maxsize` is the better fix.',
      ].join('\n'),
      example: ['from functools import lru_cache', '', '@lru_cache(maxsize=None)', 'def parse_version(text):', '    return tuple(int(part) for part in text.split("."))'].join('\n'),
      instead: ['from functools import cache', '', '@cache', 'def parse_version(text):', '    return tuple(int(part) for part in text.split("."))'].join('\n'),
      fixSafety: [
        'The fix keeps the import style: `functools.lru_cache(...)` becomes `functools.cache`, and a bare `lru_cache(...)`',
        'becomes `cache`, added to the `from functools import` line. When the name `cache` is already bound to something',
        'else where the decorator stands (the module, an enclosing function or the class body above it), `functools.cache`',
        'is used instead, or no fix is offered when `functools` itself is not imported.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use functools.cache' },
    peers: [{ tool: 'ruff', code: 'UP033', name: 'lru-cache-with-maxsize-none' }],
  },
  visit: {
    calls: { 'functools.lru_cache': check },
  },
});
