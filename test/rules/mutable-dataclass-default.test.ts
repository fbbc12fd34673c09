import rule from '../../server/src/rules/mutable-dataclass-default';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Already built per instance.
    lines('from dataclasses import dataclass, field', '', '@dataclass', 'class Cart:', '    owner: str', '    items: list[str] = field(default_factory=list)', '    total: float = 0.0'),
    // Immutable defaults are fine to share.
    lines('from dataclasses import dataclass', '', '@dataclass(frozen=True)', 'class Query:', '    columns: tuple[str, ...] = ()', '    flags: frozenset = frozenset()', '    limit: int | None = None'),
    // ClassVar and InitVar declare no stored field; unannotated names are plain class attributes.
    lines(
      'from dataclasses import InitVar, dataclass',
      'from typing import ClassVar',
      '',
      '@dataclass',
      'class Plugin:',
      '    registry: ClassVar[dict[str, type]] = {}',
      '    aliases: "ClassVar[list[str]]" = []',
      '    seed: InitVar[list[int]] = []',
      '    _cache = {}',
      '    name: str = ""',
    ),
    // Not dataclasses: pydantic copies defaults per instance, attrs and plain classes are other tools.
    lines('from pydantic import BaseModel', '', 'class Settings(BaseModel):', '    hosts: list[str] = []', '    labels: dict[str, str] = {}'),
    lines('import attr', '', '@attr.s(auto_attribs=True)', 'class Node:', '    children: list = attr.Factory(list)'),
    lines('class Config:', '    plugins: list[str] = []', '    options: dict = {}'),
    // Annotated assignments inside methods are not fields.
    lines('from dataclasses import dataclass', '', '@dataclass', 'class Buffer:', '    size: int = 0', '', '    def reset(self):', '        self.chunks: list[bytes] = []', '        pending: list[bytes] = []', '        return pending'),
    // A nested class that is not itself a dataclass.
    lines('from dataclasses import dataclass', '', '@dataclass', 'class Outer:', '    name: str = ""', '', '    class Meta:', '        ordering: list[str] = ["name"]'),
    // `list` rebound by an import is not the builtin.
    lines('from dataclasses import dataclass', 'from .types import list', '', '@dataclass', 'class Row:', '    cells: list = list()'),
    // `field` without a default, and a field default that is immutable.
    lines('from dataclasses import dataclass, field', '', '@dataclass', 'class Job:', '    tags: set[str] = field(default_factory=set, repr=False)', '    retries: int = field(default=3, compare=False)'),
  ],
  invalid: [
    {
      name: 'a PEP 695 generic dataclass, the decorator imported under another name',
      target: [3, 12],
      code: 'from dataclasses import dataclass as record\n\n@record\nclass Page[T]:\n    items: list[T] = []\n',
      findings: [{ text: '[]', fix: 'safe' }],
      output: 'from dataclasses import dataclass as record, field\n\n@record\nclass Page[T]:\n    items: list[T] = field(default_factory=list)\n',
    },
    {
      name: 'an empty list gains field(default_factory=list) and the import',
      code: lines('from dataclasses import dataclass', '', '@dataclass', 'class Order:', '    customer: str', '    items: list[str] = []'),
      findings: [{ text: '[]', line: 6, column: 24, fix: 'safe', message: /`items` is mutable: `@dataclass` raises ValueError/ }],
      output: lines('from dataclasses import dataclass, field', '', '@dataclass', 'class Order:', '    customer: str', '    items: list[str] = field(default_factory=list)'),
    },
    {
      name: 'through the module name, frozen or not',
      code: lines('import dataclasses', '', '@dataclasses.dataclass(frozen=True)', 'class Route:', '    path: str', '    headers: dict[str, str] = {}', '    methods: set[str] = set()'),
      findings: [
        { text: '{}', fix: 'safe' },
        { text: 'set()', fix: 'safe' },
      ],
      output: lines(
        'import dataclasses',
        '',
        '@dataclasses.dataclass(frozen=True)',
        'class Route:',
        '    path: str',
        '    headers: dict[str, str] = dataclasses.field(default_factory=dict)',
        '    methods: set[str] = dataclasses.field(default_factory=set)',
      ),
    },
    {
      name: 'an aliased decorator, field already imported',
      code: lines('from dataclasses import dataclass as record, field', 'from collections import Counter', '', '@record(slots=True)', 'class Stats:', '    seen: Counter = Counter()', '    order: list = field(default=[], repr=False)'),
      findings: [
        { text: 'Counter()', fix: 'safe' },
        { text: '[]', fix: 'safe' },
      ],
      output: lines(
        'from dataclasses import dataclass as record, field',
        'from collections import Counter',
        '',
        '@record(slots=True)',
        'class Stats:',
        '    seen: Counter = field(default_factory=Counter)',
        '    order: list = field(default_factory=list, repr=False)',
      ),
    },
    {
      name: 'a literal display becomes a lambda; one that reads names is unsafe',
      code: lines(
        'from dataclasses import dataclass',
        'import collections',
        '',
        'DEFAULT_PORT = 8080',
        '',
        '@dataclass',
        'class Server:',
        '    hosts: list[str] = ["localhost", "127.0.0.1"]',
        '    ports: dict = {"http": DEFAULT_PORT}',
        '    groups: dict = collections.defaultdict(list)',
      ),
      findings: [
        { text: '["localhost", "127.0.0.1"]', fix: 'safe' },
        { text: '{"http": DEFAULT_PORT}', fix: 'unsafe' },
        { text: 'collections.defaultdict(list)', fix: 'unsafe' },
      ],
      output: lines(
        'from dataclasses import dataclass, field',
        'import collections',
        '',
        'DEFAULT_PORT = 8080',
        '',
        '@dataclass',
        'class Server:',
        '    hosts: list[str] = field(default_factory=lambda: ["localhost", "127.0.0.1"])',
        '    ports: dict = field(default_factory=lambda: {"http": DEFAULT_PORT})',
        '    groups: dict = field(default_factory=lambda: collections.defaultdict(list))',
      ),
    },
    {
      name: 'deque below 3.11 is accepted and shared: unsafe fix',
      target: [3, 10],
      code: lines('from collections import deque', 'from dataclasses import dataclass', '', '@dataclass', 'class Window:', '    samples: deque = deque()'),
      findings: [{ text: 'deque()', fix: 'unsafe', message: 'one mutable object that every instance shares' }],
      output: lines('from collections import deque', 'from dataclasses import dataclass, field', '', '@dataclass', 'class Window:', '    samples: deque = field(default_factory=deque)'),
    },
    {
      name: 'bytearray from 3.11 is rejected like a list',
      target: [3, 11],
      code: lines('from dataclasses import dataclass', '', '@dataclass', 'class Packet:', '    payload: bytearray = bytearray()'),
      findings: [{ text: 'bytearray()', fix: 'safe', message: 'raises ValueError' }],
      output: lines('from dataclasses import dataclass, field', '', '@dataclass', 'class Packet:', '    payload: bytearray = field(default_factory=bytearray)'),
    },
    {
      name: 'a module-level `field` falls back to dataclasses.field',
      code: lines('import dataclasses', 'from dataclasses import dataclass', '', 'field = "name"', '', '@dataclass', 'class Index:', '    keys: list = []'),
      findings: [{ text: '[]', fix: 'safe' }],
      output: lines('import dataclasses', 'from dataclasses import dataclass', '', 'field = "name"', '', '@dataclass', 'class Index:', '    keys: list = dataclasses.field(default_factory=list)'),
    },
    {
      name: 'a class in a function that has a parameter `field`: no fix',
      code: lines('from dataclasses import dataclass', '', 'def make_record(field):', '    @dataclass', '    class Record:', '        values: list = []', '    return Record'),
      findings: [{ text: '[]', fix: null }],
    },
    {
      // Each statement of a class body is a unit; the text test that spares walking functions must let it through.
      name: 'a field with a non-ASCII name, its default over several lines',
      code: lines('from dataclasses import dataclass', '', '@dataclass', 'class Réglages:', '    données: dict = {', '        "a": 1,', '    }'),
      findings: [{ line: 5, text: '{\n        "a": 1,\n    }', fix: 'safe' }],
      output: lines('from dataclasses import dataclass, field', '', '@dataclass', 'class Réglages:', '    données: dict = field(default_factory=lambda: {', '        "a": 1,', '    })'),
    },
    {
      name: 'both default and default_factory: reported, not fixed',
      code: lines('from dataclasses import dataclass, field', '', '@dataclass', 'class Batch:', '    rows: list = field(default=[], default_factory=list)'),
      findings: [{ text: '[]', fix: null }],
    },
    {
      name: 'comprehensions and pydantic dataclasses',
      code: lines('from pydantic.dataclasses import dataclass', '', '@dataclass', 'class Grid:', '    cells: list[int] = [0 for _ in range(9)]'),
      findings: [{ text: '[0 for _ in range(9)]', fix: 'unsafe' }],
      output: lines('from pydantic.dataclasses import dataclass', 'from dataclasses import field', '', '@dataclass', 'class Grid:', '    cells: list[int] = field(default_factory=lambda: [0 for _ in range(9)])'),
    },
  ],
});
