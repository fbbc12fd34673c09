// Caching: `functools.lru_cache` and `functools.cache`, with what a decorator's arguments make of it.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternContext } from '../engine/pattern';
import { argumentsOf, keywordArgument, positionalArguments } from './call-arguments';

/** What `lru_cache` keeps, as its call (or its bare use as a decorator) sets it. */
function lruCacheDetail(node: Node, context: PatternContext): string | undefined {
  const argumentList = argumentsOf(node);
  if (!argumentList) return node.parent?.type === 'decorator' ? 'Bare `@lru_cache` keeps the 128 most recently used results.' : undefined;
  const first = positionalArguments(argumentList)[0];
  // `lru_cache(user_function)` decorates directly; only a number or `None` is a size.
  const positional = first && (first.type === 'integer' || first.type === 'none') ? context.text(first) : undefined;
  const size = keywordArgument(argumentList, 'maxsize', context) ?? positional;
  const details = [
    size === 'None' ? '`maxsize=None`: unbounded, the same as `functools.cache`.' : `Keeps the ${size ?? '128'} most recently used results.`,
  ];
  if (keywordArgument(argumentList, 'typed', context) === 'True') details.push('`typed=True`: arguments of different types are cached apart, `1` apart from `1.0`.');
  return details.join(' ');
}

export const CACHING_PATTERNS = [
  definePattern({
    meta: {
      id: 'lru-cache',
      title: '`functools.lru_cache`',
      family: 'caching',
      minPython: [3, 2],
      summary:
        "`@lru_cache(maxsize=256)` stores a function's results by its arguments and keeps the most recently used ones; `cache_info()` shows hits and misses, `cache_clear()` empties it. Reach for it for pure functions called again and again with the same hashable arguments.",
      pitfall: 'Arguments must be hashable (a list raises `TypeError`), and on a method `self` is part of every key, so the cache keeps each instance alive: cache a module-level function, or use `cached_property`.',
      example: ['from functools import lru_cache', '', '', '@lru_cache(maxsize=256)', 'def parse_version(text: str) -> tuple:', '    return tuple(int(part) for part in text.split("."))', ''].join('\n'),
    },
    names: ['functools.lru_cache'],
    nameDetail: (node, context) => {
      const detail = lruCacheDetail(node, context);
      return detail ? { start: node.startIndex, end: node.endIndex, detail } : undefined;
    },
  }),
  definePattern({
    meta: {
      id: 'functools-cache',
      title: '`functools.cache`',
      family: 'caching',
      minPython: [3, 9],
      summary: '`@cache` is `lru_cache(maxsize=None)` with a shorter name: it remembers every result and forgets none, a little faster for not tracking which was used last. It suits recursive definitions and functions over a small set of inputs.',
      pitfall: 'It never forgets: called with ever new arguments (user input, timestamps) it grows until the process ends. Bound it with `lru_cache(maxsize=…)` then.',
      example: ['from functools import cache', '', '', '@cache', 'def fib(n: int) -> int:', '    return n if n < 2 else fib(n - 1) + fib(n - 2)', ''].join('\n'),
    },
    names: ['functools.cache'],
  }),
];
