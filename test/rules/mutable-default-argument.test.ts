import rule from '../../server/src/rules/mutable-default-argument';
import { testRule } from '../rule-tester';

testRule(rule, {
  valid: [
    'def connect(host, port=8080, *, timeout=None, retries=3, scheme="https"):\n    return open_socket(host, port, timeout)\n',
    // Tuples and frozensets cannot be changed, so sharing them is harmless.
    'def render(row, fields=("id", "name"), sep=", "):\n    return sep.join(str(row[f]) for f in fields)\n',
    'ADMINS = {"root"}\n\ndef allowed(user, roles=frozenset({"admin", "owner"})):\n    return user.role in roles\n',
    'from types import MappingProxyType\n\ndef configure(options=MappingProxyType({})):\n    return dict(options)\n',
    // The type itself, not an instance, is the default.
    'def group(pairs, factory=list):\n    groups = {}\n    for key, value in pairs:\n        groups.setdefault(key, factory()).append(value)\n    return groups\n',
    'def merge(base, extra=None):\n    extra = extra or {}\n    return {**base, **extra}\n',
    'from dataclasses import dataclass, field\n\n@dataclass\nclass Cart:\n    items: list = field(default_factory=list)\n',
    // Bodies that never run: protocol members, abstract placeholders, overloads.
    'from typing import Protocol\n\nclass Store(Protocol):\n    def load(self, keys: list[str] = []) -> dict:\n        """Load the keys."""\n        ...\n',
    'from abc import ABC, abstractmethod\n\nclass Handler(ABC):\n    @abstractmethod\n    def handle(self, events=[]):\n        raise NotImplementedError\n',
    'from typing import overload\n\n@overload\ndef pick(items: list = [], index: int = 0) -> int: ...\n',
    // Deliberately shared state: a private parameter, a memo table.
    'def synopsis(path, _cache={}):\n    if path not in _cache:\n        _cache[path] = read_first_line(path)\n    return _cache[path]\n',
    'def fib(n, memo={0: 0, 1: 1}):\n    if n not in memo:\n        memo[n] = fib(n - 1) + fib(n - 2)\n    return memo[n]\n',
    // Only read, or returned unchanged: sharing a default nobody changes is harmless.
    'def strip(h, slp=[]):\n    if not slp:\n        return h\n    return h, slp\n',
    // Idempotent changes: the same constant once, whatever came before; closures share the state on purpose.
    'def compile_ext(name, library_dirs=[]):\n    if "/usr/lib" not in library_dirs:\n        library_dirs.append("/usr/lib")\n    return build(name, library_dirs)\n',
    'def compile_ext(name, dirs=[]):\n    for s in ("/sw/", "/opt/local/"):\n        if s + "lib" not in dirs and exists(s + "lib"):\n            dirs.append(s + "lib")\n    return build(name, dirs)\n',
    'def indented_block(expr, stack, backups=[]):\n    backups.append(stack[:])\n    def reset():\n        stack[:] = backups[-1]\n    return expr.on_fail(reset)\n',
    // Only read: sharing a default nobody changes or hands out is harmless.
    'def render(rows, columns=[], options={}):\n    for row in rows:\n        print([row[c] for c in columns], options.get("sep"))\n',
    // Stored on the instance but never changed there.
    'class Endpoint:\n    def __init__(self, executable, env={}):\n        self._env = env\n\n    def spawn(self):\n        return run(self._executable, env=self._env)\n',
    // Passed on: what the callee does is not known here (`cnf or kw` even drops the empty default).
    'class Menu:\n    def add_command(self, cnf={}, **kw):\n        self.add("command", cnf or kw)\n',
    // Rebound to a copy before it is changed.
    'def configure(opts={}):\n    opts = dict(opts)\n    opts.update(debug=True)\n    return opts\n',
    // State kept on purpose: a counter that starts with content, a run-once guard, a memo table.
    'def spam(state=[0]):\n    i = state[0]\n    state[0] = i + 1\n    return i\n',
    'def check_reporter(done=[]):\n    if done:\n        return\n    register()\n    done.append(1)\n',
    'def seen(p, m={}):\n    if p in m:\n        return True\n    m[p] = True\n',
    // Lambdas are left alone: no statement can hold the replacement, and `x=x` captures dominate there.
    'handlers = {name: (lambda event, log=[]: log.append(event)) for name in names}\n',
  ],
  invalid: [
    {
      name: 'a list default that is appended to',
      code: 'def add_tag(tag, tags=[]):\n    tags.append(tag)\n    return tags\n',
      findings: [{ text: '[]', line: 1, column: 23, fix: 'unsafe', message: '`tags`' }],
      output: 'def add_tag(tag, tags=None):\n    if tags is None:\n        tags = []\n    tags.append(tag)\n    return tags\n',
    },
    {
      name: 'annotated defaults in a method, after the docstring; an Optional annotation stays',
      code: [
        'class Entry:',
        '    def __init__(self, name: str, aliases: list[str] = [], meta: dict | None = {}):',
        '        """Register a name."""',
        '        self.aliases = aliases',
        '        self.meta = meta',
        '',
        '    def alias(self, other: str) -> None:',
        '        self.aliases.append(other)',
        '        self.meta["aliased"] = True',
        '',
      ].join('\n'),
      findings: [
        { text: '[]', line: 2, message: 'stored on the instance and changed there' },
        { text: '{}', line: 2 },
      ],
      output: [
        'class Entry:',
        '    def __init__(self, name: str, aliases: list[str] | None = None, meta: dict | None = None):',
        '        """Register a name."""',
        '        if aliases is None:',
        '            aliases = []',
        '        if meta is None:',
        '            meta = {}',
        '        self.aliases = aliases',
        '        self.meta = meta',
        '',
        '    def alias(self, other: str) -> None:',
        '        self.aliases.append(other)',
        '        self.meta["aliased"] = True',
        '',
      ].join('\n'),
    },
    {
      name: 'below Python 3.10 the annotation is kept as it is',
      target: [3, 9],
      code: 'def index(words: list = [], *, seen: "set[str]" = set()):\n    words.sort()\n    seen.update(words)\n    return seen\n',
      findings: [{ text: '[]', message: 'changed in place' }, { text: 'set()', message: 'returned' }],
      output: 'def index(words: list = None, *, seen: "set[str]" = None):\n    if words is None:\n        words = []\n    if seen is None:\n        seen = set()\n    words.sort()\n    seen.update(words)\n    return seen\n',
    },
    {
      name: 'postponed annotations allow | None on older targets',
      target: [3, 8],
      code: 'from __future__ import annotations\n\ndef tally(counts: dict[str, int] = {}):\n    counts["x"] = counts.get("x", 0) + 1\n    return counts\n',
      findings: [{ text: '{}' }],
      output: 'from __future__ import annotations\n\ndef tally(counts: dict[str, int] | None = None):\n    if counts is None:\n        counts = {}\n    counts["x"] = counts.get("x", 0) + 1\n    return counts\n',
    },
    {
      name: 'a body on the def line moves below the new if',
      code: 'def collect(item, into=[]): into.append(item); return into\n',
      findings: [{ text: '[]' }],
      output: 'def collect(item, into=None):\n    if into is None:\n        into = []\n    into.append(item); return into\n',
    },
    {
      name: 'two defaults of a one-line method',
      code: 'class Cache:\n    def get(self, key, hits={}, misses=set()):hits.update(key=1); misses.add(key); return hits, misses\n',
      findings: [{ text: '{}' }, { text: 'set()' }],
      output: 'class Cache:\n    def get(self, key, hits=None, misses=None):\n        if hits is None:\n            hits = {}\n        if misses is None:\n            misses = set()\n        hits.update(key=1); misses.add(key); return hits, misses\n',
    },
    {
      name: 'collections types, through both import styles',
      code: 'import collections\nfrom collections import deque\n\ndef track(event, counts=collections.Counter(), recent=deque(maxlen=5)):\n    counts[event] += 1\n    recent.append(event)\n',
      findings: [{ text: 'collections.Counter()' }, { text: 'deque(maxlen=5)' }],
      output: 'import collections\nfrom collections import deque\n\ndef track(event, counts=None, recent=None):\n    if counts is None:\n        counts = collections.Counter()\n    if recent is None:\n        recent = deque(maxlen=5)\n    counts[event] += 1\n    recent.append(event)\n',
    },
    {
      name: 'tabs and CRLF line breaks are kept',
      code: 'def options(extra=dict(verbose=True)):\r\n\textra.setdefault("level", 1)\r\n\treturn extra\r\n',
      findings: [{ text: 'dict(verbose=True)' }],
      output: 'def options(extra=None):\r\n\tif extra is None:\r\n\t\textra = dict(verbose=True)\r\n\textra.setdefault("level", 1)\r\n\treturn extra\r\n',
    },
    {
      name: 'a nested function',
      code: 'def outer():\n    def inner(acc=[x for x in range(3)]):\n        acc.append(1)\n        return acc\n    return inner\n',
      findings: [{ text: '[x for x in range(3)]', line: 2 }],
      output: 'def outer():\n    def inner(acc=None):\n        if acc is None:\n            acc = [x for x in range(3)]\n        acc.append(1)\n        return acc\n    return inner\n',
    },
    {
      name: 'no fix when the default reads a variable: in the body the parameter would shadow it',
      code: 'def counters(keys):\n    def count(key, counts={k: 0 for k in keys}, seen=[]):\n        counts[key] += 1\n        seen.append(key)\n    return count\n',
      findings: [{ text: '{k: 0 for k in keys}', fix: null }, { text: '[]', fix: 'unsafe' }],
      output: 'def counters(keys):\n    def count(key, counts={k: 0 for k in keys}, seen=None):\n        if seen is None:\n            seen = []\n        counts[key] += 1\n        seen.append(key)\n    return count\n',
    },
    {
      name: 'goes after the None checks of earlier parameters, keeping their order',
      code: 'def merge(base=None, extra={}):\n    if base is None:\n        base = {}\n    extra.update(base)\n    return extra\n',
      findings: [{ text: '{}', line: 1 }],
      output: 'def merge(base=None, extra=None):\n    if base is None:\n        base = {}\n    if extra is None:\n        extra = {}\n    extra.update(base)\n    return extra\n',
    },
    {
      name: 'a guarded append of a value that changes from call to call accumulates',
      code: 'def walk(node, seen=[]):\n    if node not in seen:\n        seen.append(node)\n    return len(seen)\n',
      findings: [{ text: '[]', message: 'changed in place' }],
      output: 'def walk(node, seen=None):\n    if seen is None:\n        seen = []\n    if node not in seen:\n        seen.append(node)\n    return len(seen)\n',
    },
    {
      name: 'no fix when a one-line body starts with a docstring',
      code: 'def keep(x=[]): "Keep x."; x.append(1); return x\n',
      findings: [{ text: '[]', fix: null }],
    },
  ],
});
