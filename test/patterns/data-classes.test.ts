import { describePatterns } from '../pattern-cases';

const POINT = 'from dataclasses import dataclass\n\n@data‸class\nclass Point:\n    x: int\n    y: int = 0\n';

describePatterns('@dataclass', {
  recognized: [
    {
      name: 'a bare @dataclass, with the fields it writes methods from',
      code: POINT,
      id: 'dataclass',
      span: '@dataclass',
      detail: 'Writes `__init__`, `__repr__` and `__eq__` for `Point` from its fields `x` and `y`.',
    },
    {
      name: 'options through `import dataclasses as dc`, with what each does',
      code: 'import dataclasses as dc\n\n@dc.data‸class(frozen=True, order=True)\nclass Version:\n    major: int\n    minor: int = 0\n',
      id: 'dataclass',
      span: '@dc.dataclass(frozen=True, order=True)',
      detail: [
        'Writes `__init__`, `__repr__` and `__eq__` for `Version` from its fields `major` and `minor`.',
        '',
        '- `frozen=True`: assigning to a field raises `FrozenInstanceError`, and equal instances hash alike, so they can be dict keys and set members.',
        '- `order=True`: `<`, `<=`, `>` and `>=` compare instances field by field, in the order the fields are declared.',
      ].join('\n'),
    },
    {
      name: 'from an option of the decorator',
      code: 'from dataclasses import dataclass\n\n@dataclass(fro‸zen=True)\nclass Point:\n    x: int\n',
      id: 'dataclass',
      span: '@dataclass(frozen=True)',
      detailHas: ['- `frozen=True`: assigning to a field raises'],
    },
    {
      name: 'options the target lacks, through `from dataclasses import dataclass as dc`',
      code: 'from dataclasses import dataclass as dc\n\n@d‸c(slots=True, kw_only=True)\nclass Point:\n    x: int\n',
      target: [3, 9],
      id: 'dataclass',
      span: '@dc(slots=True, kw_only=True)',
      detailHas: [
        '- `slots=True`: the class gets `__slots__` for its fields: smaller instances, and no attributes other than the fields. ⚠ Needs Python 3.10: the project targets 3.9, where `dataclass()` rejects it with a `TypeError`.',
        '- `kw_only=True`: every field must be passed to `__init__` by keyword, so fields with defaults may come before fields without. ⚠ Needs Python 3.10: the project targets 3.9',
      ],
    },
    {
      name: 'options the target has, without a warning',
      code: 'from dataclasses import dataclass\n\n@data‸class(slots=True)\nclass Point:\n    x: int\n',
      target: [3, 10],
      id: 'dataclass',
      span: '@dataclass(slots=True)',
      detailHas: ['- `slots=True`'],
      detailLacks: ['⚠'],
    },
    {
      name: 'options that turn generated methods off',
      code: 'from dataclasses import dataclass\n\n@data‸class(eq=False, init=False)\nclass Point:\n    x: int\n',
      id: 'dataclass',
      span: '@dataclass(eq=False, init=False)',
      detail: 'Writes `__repr__` for `Point` from its field `x`.\n\n- `eq=False`: instances compare and hash by identity, as plain objects do.\n- `init=False`: no `__init__` is written; the class brings its own.',
    },
    {
      name: 'fields without class variables and init-only variables',
      code: 'from dataclasses import InitVar, dataclass\nfrom typing import ClassVar\n\n@data‸class\nclass Point:\n    count: ClassVar[int] = 0\n    x: int\n    scale: InitVar[int] = 1\n',
      id: 'dataclass',
      span: '@dataclass',
      detail: 'Writes `__init__`, `__repr__` and `__eq__` for `Point` from its field `x`.',
    },
    { name: 'the name in its import', code: 'from dataclasses import data‸class\n', id: 'dataclass', span: 'dataclass', detail: null },
  ],
  unrecognized: [
    { name: 'a local name that shadows it', code: 'dataclass = lambda cls: cls\n\n@data‸class\nclass Point:\n    x: int\n' },
    { name: "pydantic's dataclass", code: 'from pydantic.dataclasses import dataclass\n\n@data‸class\nclass Point:\n    x: int\n', not: 'dataclass' },
    { name: 'the body of a dataclass', code: POINT.replace('@data‸class', '@dataclass').replace('y: int', 'y: i‸nt') },
  ],
  halfTyped: ['from dataclasses import dataclass\n\n@dataclass(frozen=\nclass Point:\n    x: int\n', 'import dataclasses\n@dataclasses.\nclass P:\n    x'],
});

const BASKET = (field: string) => `from dataclasses import dataclass, field\n\n@dataclass\nclass Basket:\n    items: list = ${field}\n`;

describePatterns('field()', {
  recognized: [
    {
      name: 'field(default_factory=…), with what the factory does',
      code: BASKET('fi‸eld(default_factory=list)'),
      id: 'dataclass-field',
      span: 'field(default_factory=list)',
      detail: '- `default_factory=list`: each instance gets a new value from `list()` when `__init__` is not given `items`.',
    },
    {
      name: 'from its keyword',
      code: BASKET('field(default_fac‸tory=dict)'),
      id: 'dataclass-field',
      span: 'field(default_factory=dict)',
    },
    {
      name: 'a factory that is a call rather than something to call',
      code: BASKET('fi‸eld(default_factory=list())'),
      id: 'dataclass-field',
      span: 'field(default_factory=list())',
      detail: '- ⚠ `default_factory` wants something to call: `list()` is one list, so creating an instance fails; write `default_factory=list`.',
    },
    {
      name: 'a factory that is a container display',
      code: BASKET('fi‸eld(default_factory=[])'),
      id: 'dataclass-field',
      span: 'field(default_factory=[])',
      detailHas: ['`[]` is one container'],
    },
    {
      name: 'field options, through `import dataclasses as dc`',
      code: 'import dataclasses as dc\n\n@dc.dataclass\nclass User:\n    token: str = dc.field(default="", re‸pr=False, init=False)\n',
      id: 'dataclass-field',
      span: 'dc.field(default="", repr=False, init=False)',
      detail: [
        '- `default=""`: the value when `__init__` is not given `token`.',
        '- `repr=False`: left out of `repr()`, which suits secrets and large values.',
        '- `init=False`: not a parameter of `__init__`: give it a default, or set it in `__post_init__`.',
      ].join('\n'),
    },
    {
      name: 'kw_only=True on a target that lacks it',
      code: BASKET('fi‸eld(default_factory=list, kw_only=True)'),
      target: [3, 8],
      id: 'dataclass-field',
      span: 'field(default_factory=list, kw_only=True)',
      detailHas: ['- `kw_only=True`: must be passed to `__init__` by keyword. ⚠ Needs Python 3.10: the project targets 3.8, where `field()` rejects it with a `TypeError`.'],
    },
  ],
  unrecognized: [
    { name: 'a local function named field', code: 'def field(**options):\n    return options\n\nsize = fi‸eld(default=1)\n' },
    { name: "attrs' field", code: 'import attr\n\n@attr.s\nclass Point:\n    x = attr.fi‸eld(default=0)\n' },
  ],
  halfTyped: [BASKET('field(default_factory=').replace('‸', '')],
});

describePatterns('__post_init__', {
  recognized: [
    {
      name: '__post_init__ of a dataclass',
      code: 'from dataclasses import dataclass\n\n@dataclass\nclass Rectangle:\n    width: float\n\n    def __post_ini‸t__(self):\n        self.area = self.width ** 2\n',
      id: 'post-init',
      span: 'def __post_init__',
      detail: 'Runs at the end of the `__init__` that `@dataclass` writes for `Rectangle`.',
    },
    {
      name: '__post_init__ receiving InitVar fields',
      code: 'from dataclasses import InitVar, dataclass\n\n@dataclass\nclass Price:\n    amount: float\n    rate: InitVar[float]\n\n    ‸def __post_init__(self, rate):\n        self.amount *= rate\n',
      id: 'post-init',
      span: 'def __post_init__',
      detail: 'Runs at the end of the `__init__` that `@dataclass` writes for `Price`, with the `InitVar` fields `rate`.',
    },
    {
      name: '__post_init__ of a frozen dataclass that assigns a field',
      code: 'from dataclasses import dataclass, field\n\n@dataclass(frozen=True)\nclass Square:\n    side: float\n    area: float = field(init=False)\n\n    def __post_ini‸t__(self):\n        self.area = self.side ** 2\n',
      id: 'post-init',
      span: 'def __post_init__',
      detailHas: ['⚠ `Square` is frozen: `self.… = …` raises `FrozenInstanceError` here; write `object.__setattr__(self, "name", value)`.'],
    },
    {
      name: '__post_init__ of a subclass of a dataclass of the module',
      code: 'from dataclasses import dataclass\n\n@dataclass\nclass Base:\n    x: int\n\nclass Child(Base):\n    def __post_ini‸t__(self):\n        pass\n',
      id: 'post-init',
      span: 'def __post_init__',
    },
  ],
  unrecognized: [{ name: '__post_init__ of a plain class', code: 'class Plain:\n    def __post_ini‸t__(self):\n        pass\n' }],
  halfTyped: ['from dataclasses import dataclass\n@dataclass\nclass R:\n    def __post_init__(self\n        self.x ='],
});
