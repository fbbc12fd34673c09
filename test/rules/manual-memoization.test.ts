import rule from '../../server/src/rules/manual-memoization';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // A per-instance cache dies with its instance: the right design for methods.
    lines(
      'class Resolver:',
      '    def __init__(self):',
      '        self._cache = {}',
      '    def resolve(self, name):',
      '        if name not in self._cache:',
      '            self._cache[name] = self._lookup(name)',
      '        return self._cache[name]',
    ),
    // Bounded by hand, like `re`'s pattern cache.
    lines(
      '_cache = {}',
      '_MAXCACHE = 512',
      'def compile(pattern, flags):',
      '    key = (pattern, flags)',
      '    if key in _cache:',
      '        return _cache[key]',
      '    if len(_cache) >= _MAXCACHE:',
      '        _cache.clear()',
      '    compiled = _compile(pattern, flags)',
      '    _cache[key] = compiled',
      '    return compiled',
    ),
    // Keyed on id(): the arguments are unhashable, which functools.cache cannot take.
    lines(
      '_pointer_types = {}',
      'def pointer_type(obj):',
      '    if id(obj) not in _pointer_types:',
      '        _pointer_types[id(obj)] = build(obj)',
      '    return _pointer_types[id(obj)]',
    ),
    // A seen-set stores a flag and returns something else (pkgutil).
    lines('def seen(p, m={}):', '    if p in m:', '        return True', '    m[p] = True'),
    // A dict made on every call is no cache.
    lines(
      'def count_words(words):',
      '    counts = {}',
      '    for word in words:',
      '        if word not in counts:',
      '            counts[word] = 0',
      '    return counts[word]',
    ),
    // Only successful lookups are stored.
    lines(
      '_hosts = {}',
      'def resolve(host):',
      '    if host in _hosts:',
      '        return _hosts[host]',
      '    address = lookup(host)',
      '    if address is not None:',
      '        _hosts[host] = address',
      '    return _hosts[host]',
    ),
    // The key leaves out a parameter, so caching on every argument would store other entries.
    lines(
      '_templates = {}',
      'def render(name, context):',
      '    if name not in _templates:',
      '        _templates[name] = load(name)',
      '    return _templates[name]',
    ),
    // A coroutine would be cached as the coroutine object, which can be awaited once.
    lines(
      '_pages = {}',
      'async def fetch(url):',
      '    if url not in _pages:',
      '        _pages[url] = await download(url)',
      '    return _pages[url]',
    ),
    // An OrderedDict usually means an eviction order is kept elsewhere.
    lines(
      'from collections import OrderedDict',
      '_recent = OrderedDict()',
      'def lookup(key):',
      '    if key not in _recent:',
      '        _recent[key] = fetch(key)',
      '    return _recent[key]',
    ),
    // The enclosing function also reads the dict it memoizes into.
    lines(
      'def load_names(ids):',
      '    names = {}',
      '    def name_of(i):',
      '        if i not in names:',
      '            names[i] = query(i)',
      '        return names[i]',
      '    for i in ids:',
      '        name_of(i)',
      '    return names',
    ),
    // A class-level cache in a classmethod (ipaddress's netmask cache).
    lines(
      'class IPv4Network:',
      '    _netmask_cache = {}',
      '    @classmethod',
      '    def _make_netmask(cls, arg):',
      '        if arg not in cls._netmask_cache:',
      '            cls._netmask_cache[arg] = compute(arg)',
      '        return cls._netmask_cache[arg]',
    ),
  ],
  invalid: [
    {
      name: 'typed code reads like untyped: an annotated module-level dict, annotated parameters',
      code: 'SQUARES: dict[int, int] = {}\n\ndef square(n: int) -> int:\n    if n not in SQUARES:\n        SQUARES[n] = n * n\n    return SQUARES[n]\n',
      findings: [{ text: 'square', message: 'memoizes its results by hand in `SQUARES`' }],
    },
    {
      name: 'a memo in a default argument',
      code: lines(
        'def fib(n, memo={}):',
        '    if n in memo:',
        '        return memo[n]',
        '    memo[n] = n if n < 2 else fib(n - 1) + fib(n - 2)',
        '    return memo[n]',
      ),
      findings: [{ text: 'fib', line: 1, column: 5, fix: null, message: '`fib` memoizes its results by hand in `memo`; `@functools.cache`' }],
    },
    {
      name: 'a module-level dict keyed by a tuple of the parameters',
      code: lines(
        '_distances = {}',
        '',
        'def distance(a, b):',
        '    key = (a, b)',
        '    if key not in _distances:',
        '        _distances[key] = expensive_distance(a, b)',
        '    return _distances[key]',
      ),
      findings: [{ text: 'distance', line: 3 }],
    },
    {
      name: 'a hand-written memoizing decorator',
      code: lines(
        'def memoize(func):',
        '    cache = {}',
        '    def wrapper(*args):',
        '        if args not in cache:',
        '            cache[args] = func(*args)',
        '        return cache[args]',
        '    return wrapper',
      ),
      findings: [{ text: 'wrapper', line: 3, message: 'in `cache`' }],
    },
    {
      name: 'an attribute of the function itself, under a lock',
      code: lines(
        'def factorial(n):',
        '    with _lock:',
        '        if n in factorial.table:',
        '            return factorial.table[n]',
        '        factorial.table[n] = 1 if n < 2 else n * factorial(n - 1)',
        '        return factorial.table[n]',
        'factorial.table = {}',
      ),
      findings: [{ text: 'factorial', line: 1, message: 'in `factorial.table`' }],
    },
    {
      name: 'before Python 3.9 the message names lru_cache(maxsize=None)',
      target: [3, 8],
      code: lines(
        '_classes = {}',
        'def class_for(widget):',
        '    if widget in _classes:',
        '        return _classes[widget]',
        '    cls = type("Multi" + widget.__name__, (widget,), {})',
        '    _classes[widget] = cls',
        '    return _classes[widget]',
      ),
      findings: [{ text: 'class_for', message: '`@functools.lru_cache(maxsize=None)` does the same' }],
    },
  ],
});
