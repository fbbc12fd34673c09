import { describe } from 'vitest';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

describe('functools caches', () => {
  itRecognizes({
    'bare lru_cache': { code: 'from functools import lru_cache\n\n@lru_‸cache\ndef f(x): ...\n', id: 'lru-cache', span: 'lru_cache', detail: 'Bare `@lru_cache` keeps the 128 most recently used results.' },
    'lru_cache with a size': { code: 'import functools\n\n@functools.lru_‸cache(maxsize=32)\ndef f(x): ...\n', id: 'lru-cache', span: 'functools.lru_cache', detail: 'Keeps the 32 most recently used results.' },
    'lru_cache with a positional size': { code: 'import functools as ft\n\n@ft.lru_‸cache(64)\ndef f(x): ...\n', id: 'lru-cache', span: 'ft.lru_cache', detail: 'Keeps the 64 most recently used results.' },
    'lru_cache with the default size': { code: 'from functools import lru_cache\n\n@lru_‸cache()\ndef f(x): ...\n', id: 'lru-cache', span: 'lru_cache', detail: 'Keeps the 128 most recently used results.' },
    'lru_cache unbounded and typed': {
      code: 'from functools import lru_cache as memo\n\n@me‸mo(maxsize=None, typed=True)\ndef f(x): ...\n',
      id: 'lru-cache',
      span: 'memo',
      detail: '`maxsize=None`: unbounded, the same as `functools.cache`. `typed=True`: arguments of different types are cached apart',
    },
    'lru_cache in its import': { code: 'from functools import lru_‸cache\n', id: 'lru-cache', span: 'lru_cache', detail: null },
    cache: { code: 'from functools import cache\n\n@ca‸che\ndef fib(n): ...\n', id: 'functools-cache', span: 'cache' },
    'cache through the module': { code: 'import functools\n\n@functools.ca‸che\ndef fib(n): ...\n', id: 'functools-cache', span: 'functools.cache' },
  });
  itRecognizesNothing({
    'a cache of the module': 'def cache(f):\n    return f\n\n@ca‸che\ndef fib(n): ...\n',
    'a parameter named cache': 'def wrap(cache):\n    return ca‸che\n',
    "another library's lru_cache": 'from cachetools import cached as lru_cache\n\n@lru_ca‸che\ndef f(x): ...\n',
  });
});

describe('half-typed caches', () => {
  itNeverThrows(['@lru_cache(', '@functools.lru_cache(maxsize=', 'from functools import (cache', '@functools.\ndef f(): pass\n']);
});
