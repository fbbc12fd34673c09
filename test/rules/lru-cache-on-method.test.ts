import rule from '../../server/src/rules/lru-cache-on-method';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // A bounded cache holds at most `maxsize` recent instances: retention by design, not a leak.
    lines('import functools', 'class Palette:', '    @functools.lru_cache(maxsize=1024)', '    def match(self, color):', '        return color', '    @functools.lru_cache', '    def size(self):', '        return 1'),
    // A base class of the module compares by value: equal instances sharing entries is the point.
    lines('import functools', 'class _Base:', '    def __eq__(self, other):', '        return self.key == other.key', '    def __hash__(self):', '        return hash(self.key)', 'class Address(_Base):', '    @functools.cache', '    def is_private(self):', '        return False'),
    // Static and class methods hold no instance.
    lines('import functools', 'class Units:', '    @staticmethod', '    @functools.lru_cache(maxsize=64)', '    def parse(text):', '        return text.split()'),
    lines('from functools import cache', 'class Registry:', '    @classmethod', '    @cache', '    def default(cls):', '        return cls()'),
    // A module-level function.
    lines('from functools import lru_cache', '@lru_cache', 'def parse(text):', '    return text.split()'),
    // cached_property stores the value on the instance.
    lines('from functools import cached_property', 'class Report:', '    @cached_property', '    def total(self):', '        return sum(self.rows)'),
    // A function nested in a method caches per call of the method.
    lines(
      'from functools import lru_cache',
      'class Solver:',
      '    def solve(self, n):',
      '        @lru_cache(maxsize=None)',
      '        def best(i):',
      '            return i if i < 2 else best(i - 1) + best(i - 2)',
      '        return best(n)',
    ),
    // Enum members live as long as their class.
    lines('import enum, functools', 'class Color(enum.Enum):', '    RED = 1', '    @functools.cache', '    def hex(self):', '        return "#ff0000"'),
    // Immutable value objects: equal instances sharing entries is intended.
    lines('from functools import lru_cache', 'from typing import NamedTuple', 'class Color(NamedTuple):', '    red: int', '    @lru_cache(maxsize=1024)', '    def downgrade(self, system):', '        return self'),
    lines('import functools', 'from dataclasses import dataclass', '@dataclass(frozen=True)', 'class Version:', '    major: int', '    @functools.cache', '    def label(self, style):', '        return f"{self.major}"'),
    // A `cache` that is not functools' (e.g. Flask-Caching's object).
    lines('cache = Cache(app)', 'class View:', '    @cache.cached(timeout=50)', '    def get(self):', '        return render()'),
    lines('from flask_caching import cache', 'class View:', '    @cache', '    def get(self):', '        return render()'),
    // A per-instance cache built in __init__.
    lines(
      'import functools',
      'class Lookup:',
      '    def __init__(self):',
      '        self.find = functools.lru_cache(maxsize=256)(self._find)',
      '    def _find(self, key):',
      '        return key',
    ),
  ],
  invalid: [
    {
      name: 'a PEP 695 generic class, with annotations',
      target: [3, 12],
      code: lines('import functools', '', 'class Repository[T]:', '    @functools.cache', '    def find(self, key: str) -> T | None:', '        return self.load(key)'),
      findings: [{ text: 'functools.cache', line: 4 }],
    },
    {
      name: 'an argument-less method: cached_property',
      code: lines(
        'import functools',
        '',
        'class IPv4Address:',
        '    @property',
        '    @functools.lru_cache(maxsize=None)',
        '    def is_private(self):',
        '        return any(self in net for net in PRIVATE)',
      ),
      findings: [{ text: 'functools.lru_cache(maxsize=None)', line: 5, column: 6, fix: null, message: '`@functools.cached_property` stores the value on each instance' }],
    },
    {
      name: 'a method with arguments, lru_cache(None) and cache',
      code: lines(
        'from functools import lru_cache, cache',
        '',
        'class Client:',
        '    @lru_cache(None)',
        '    def fetch(self, url):',
        '        return self.session.get(url)',
        '',
        '    @cache',
        '    async def token(self, scope):',
        '        return await self.auth(scope)',
      ),
      findings: [
        { text: 'lru_cache(None)', line: 4, message: 'cache per instance, or in a module-level function' },
        { text: 'cache', line: 8, message: 'the method `token`' },
      ],
    },
    {
      name: 'an aliased import, in a class nested in a function',
      code: lines('from functools import lru_cache as memo', '', 'def make():', '    class Parser:', '        @memo(maxsize=None)', '        def parse(self, text):', '            return text', '    return Parser'),
      findings: [{ text: 'memo(maxsize=None)' }],
    },
    {
      name: 'a mutable dataclass, hashed by identity, is no value object',
      code: lines('import functools', 'from dataclasses import dataclass', '@dataclass(eq=False)', 'class Basket:', '    items: list', '    @functools.lru_cache(maxsize=None)', '    def total(self):', '        return sum(self.items)'),
      findings: [{ text: 'functools.lru_cache(maxsize=None)', message: 'cached_property' }],
    },
    {
      name: 'before 3.8 there is no cached_property to suggest',
      target: [3, 7],
      code: lines('import functools', 'class Tree:', '    @functools.lru_cache(maxsize=None)', '    def depth(self):', '        return 1'),
      findings: [{ text: 'functools.lru_cache(maxsize=None)', message: 'cache per instance' }],
    },
  ],
});
