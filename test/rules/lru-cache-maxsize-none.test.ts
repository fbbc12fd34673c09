import rule from '../../server/src/rules/lru-cache-maxsize-none';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Bounded caches, and the default bound of 128.
    lines('import functools', '@functools.lru_cache(maxsize=256)', 'def parse(text):', '    return text.split()'),
    lines('from functools import lru_cache', '@lru_cache', 'def parse(text):', '    return text.split()'),
    lines('from functools import lru_cache', '@lru_cache()', 'def parse(text):', '    return text.split()'),
    // `typed=True` has no equivalent in functools.cache.
    lines('import functools', '@functools.lru_cache(maxsize=None, typed=True)', 'def normalize(value):', '    return value'),
    lines('from functools import lru_cache', '@lru_cache(None, True)', 'def normalize(value):', '    return value'),
    // Already the short form.
    lines('from functools import cache', '@cache', 'def parse(text):', '    return text.split()'),
    // Another library's lru_cache (cachetools-style) takes other arguments.
    lines('from mycache import lru_cache', '@lru_cache(maxsize=None)', 'def parse(text):', '    return text.split()'),
    // A size read from configuration may be None or not.
    lines('import functools', '@functools.lru_cache(maxsize=CACHE_SIZE)', 'def parse(text):', '    return text.split()'),
    // functools' own definition of cache.
    lines('def cache(user_function, /):', '    return lru_cache(maxsize=None)(user_function)'),
    // Python 3.8 has no functools.cache.
    { name: 'silent when targeting 3.8', target: [3, 8], code: lines('import functools', '@functools.lru_cache(maxsize=None)', 'def parse(text):', '    return text.split()') },
  ],
  invalid: [
    {
      name: 'module-qualified stays module-qualified',
      code: lines('import functools', '', '@functools.lru_cache(maxsize=None)', 'def fib(n):', '    return n if n < 2 else fib(n - 1) + fib(n - 2)'),
      findings: [{ text: 'functools.lru_cache(maxsize=None)', line: 3, column: 2, fix: 'safe', message: 'is `functools.cache`' }],
      output: lines('import functools', '', '@functools.cache', 'def fib(n):', '    return n if n < 2 else fib(n - 1) + fib(n - 2)'),
    },
    {
      name: 'a from-import gains cache; typed=False goes too',
      code: lines('from functools import lru_cache, partial', '', '@lru_cache(None, typed=False)', 'def load(name):', '    return open(name).read()'),
      findings: [{ text: 'lru_cache(None, typed=False)', fix: 'safe' }],
      output: lines('from functools import lru_cache, partial, cache', '', '@cache', 'def load(name):', '    return open(name).read()'),
    },
    {
      name: 'a call outside a decorator',
      code: lines('import functools', '', 'cached_parse = functools.lru_cache(maxsize=None)(parse)'),
      findings: [{ text: 'functools.lru_cache(maxsize=None)' }],
      output: lines('import functools', '', 'cached_parse = functools.cache(parse)'),
    },
    {
      name: '`cache` is already imported from functools',
      code: lines('from functools import cache, lru_cache', '', '@lru_cache(maxsize=None)', 'def load(name):', '    return name'),
      findings: [{ text: 'lru_cache(maxsize=None)', fix: 'safe' }],
      output: lines('from functools import cache, lru_cache', '', '@cache', 'def load(name):', '    return name'),
    },
    {
      name: 'a module-level `cache` variable: fall back to functools.cache',
      code: lines('import functools', 'from functools import lru_cache', '', 'cache = {}', '', '@lru_cache(maxsize=None)', 'def load(name):', '    return name'),
      findings: [{ text: 'lru_cache(maxsize=None)', fix: 'safe' }],
      output: lines('import functools', 'from functools import lru_cache', '', 'cache = {}', '', '@functools.cache', 'def load(name):', '    return name'),
    },
    {
      name: 'a parameter named cache in an enclosing function and no functools module: no fix',
      code: lines('from functools import lru_cache', '', 'def build(cache):', '    @lru_cache(maxsize=None)', '    def load(name):', '        return cache.get(name)', '    return load'),
      findings: [{ text: 'lru_cache(maxsize=None)', fix: null }],
    },
    {
      name: 'in a class body, the names bound above the decorator are looked at',
      code: lines('from functools import lru_cache', '', 'class Tables:', '    @staticmethod', '    @lru_cache(maxsize=None)', '    def load(name):', '        return name'),
      findings: [{ text: 'lru_cache(maxsize=None)', fix: 'safe' }],
      output: lines('from functools import lru_cache, cache', '', 'class Tables:', '    @staticmethod', '    @cache', '    def load(name):', '        return name'),
    },
  ],
});
