import { describePatterns } from '../pattern-cases';

const POSITIVE = [
  'class Positive:',
  '    def __set_name__(self, owner, name):',
  '        self.name = "_" + name',
  '',
  '    def __get__(self, instance, owner=None):',
  '        if instance is None:',
  '            return self',
  '        return getattr(instance, self.name)',
  '',
  '    def __set__(self, instance, value):',
  '        setattr(instance, self.name, value)',
  '',
].join('\n');

const TEMPERATURE = [
  'class Temperature:',
  '    @property',
  '    def fahrenheit(self):',
  '        return self.celsius * 9 / 5 + 32',
  '',
  '    @fahrenheit.setter',
  '    def fahrenheit(self, value):',
  '        self.celsius = (value - 32) * 5 / 9',
  '',
].join('\n');

describePatterns('__slots__', {
  recognized: [
    {
      name: '__slots__ with the attributes it lists',
      code: 'class Point:\n    __sl‸ots__ = ("x", "y")\n',
      id: 'slots',
      span: '__slots__ = ("x", "y")',
      detail: 'Gives instances of `Point` slots for exactly `x` and `y` and no `__dict__`.',
    },
    { name: 'from a name it lists', code: 'class Point:\n    __slots__ = ["x", "‸y"]\n', id: 'slots', span: '__slots__ = ["x", "y"]' },
    {
      name: 'a base of the module without __slots__',
      code: 'class Base:\n    pass\n\nclass Point(Base):\n    __slot‸s__ = ("x",)\n',
      id: 'slots',
      span: '__slots__ = ("x",)',
      detail: 'Gives instances of `Point` slots for exactly `x`.\n\n⚠ The base `Base` has no `__slots__`, so instances still get a `__dict__` through it.',
    },
    {
      name: 'a __dict__ slot',
      code: 'class Point:\n    __slot‸s__ = ("x", "__dict__")\n',
      id: 'slots',
      span: '__slots__ = ("x", "__dict__")',
      detail: 'Gives instances of `Point` slots for exactly `x`, and a `__dict__` for any other attribute.',
    },
    {
      name: '__slots__ beside @dataclass(slots=True)',
      code: 'from dataclasses import dataclass\n\n@dataclass(slots=True)\nclass Point:\n    __slot‸s__ = ("x",)\n    x: int\n',
      id: 'slots',
      span: '__slots__ = ("x",)',
      detailHas: ['⚠ `@dataclass(slots=True)` writes `__slots__` itself'],
    },
    { name: 'slots that are not a literal', code: 'class Point:\n    __slot‸s__ = FIELDS\n', id: 'slots', span: '__slots__ = FIELDS', detail: null },
  ],
  unrecognized: [
    { name: '__slots__ at module level', code: '__slot‸s__ = ("x",)\n' },
    { name: 'another class attribute', code: 'class Point:\n    dimen‸sions = 2\n' },
  ],
  halfTyped: ['class Point:\n    __slots__ = ("x", \n    def f(self):\n'],
});

describePatterns('descriptor', {
  recognized: [
    {
      name: 'a data descriptor class',
      code: POSITIVE.replace('class Positive', 'class Posi‸tive'),
      id: 'descriptor',
      span: 'class Positive',
      detail: '`Positive` is a data descriptor (it defines `__set__` or `__delete__`): as a class attribute it handles reads and writes, even when an instance\'s `__dict__` holds the same name.',
    },
    {
      name: 'a non-data descriptor class',
      code: 'class Lazy:\n    def __get__(self, instance, owner=None):\n        return 1\n'.replace('class Lazy', '‸class Lazy'),
      id: 'descriptor',
      span: 'class Lazy',
      detailHas: ['non-data descriptor (only `__get__`)'],
    },
    {
      name: 'its __get__',
      code: POSITIVE.replace('def __get__', 'def __g‸et__'),
      id: 'descriptor',
      span: 'def __get__',
      detail: 'Runs for each read of the attribute; `instance` is `None` when it is read on the class itself, where the descriptor usually returns itself.',
    },
    {
      name: 'its __set__',
      code: POSITIVE.replace('def __set__', 'def __s‸et__'),
      id: 'descriptor',
      span: 'def __set__',
      detail: 'Runs for `obj.attr = value`: store the value on `instance`, not on the descriptor, which every instance shares.',
    },
    {
      name: 'its __set_name__',
      code: POSITIVE.replace('def __set_name__', 'def __set_na‸me__'),
      id: 'descriptor',
      span: 'def __set_name__',
      detail: 'Runs once, when the owning class is created, with that class and the name the descriptor is assigned to (`name`).',
    },
    {
      name: 'a class attribute the descriptor manages',
      code: `${POSITIVE}\nclass Order:\n    quantity = Posi‸tive()\n`,
      id: 'descriptor',
      span: 'quantity = Positive()',
      detail: '`quantity` is managed by the descriptor `Positive`: reading it on an instance calls `Positive`\'s `__get__`, and assigning it calls `Positive`\'s `__set__`.',
    },
  ],
  unrecognized: [
    { name: 'a class attribute holding a plain instance', code: 'class Plain:\n    pass\n\nclass Order:\n    quantity = Pla‸in()\n' },
    { name: '__get__ at module level', code: 'def __g‸et__(self, instance, owner):\n    return 1\n' },
    { name: 'an assignment of a descriptor outside a class body', code: `${POSITIVE}\nquantity = Posi‸tive()\n` },
  ],
  halfTyped: ['class Positive:\n    def __get__(self, instance\n\nclass Order:\n    quantity = Positive(\n'],
});

describePatterns('property', {
  recognized: [
    {
      name: '@property with a setter below',
      code: TEMPERATURE.replace('@property', '@prop‸erty'),
      id: 'property',
      span: '@property',
      detail: '`obj.fahrenheit` calls this method; `obj.fahrenheit = …` runs its setter.',
    },
    {
      name: 'a read-only @property',
      code: 'class Circle:\n    ‸@property\n    def area(self):\n        return 3.14 * self.r ** 2\n',
      id: 'property',
      span: '@property',
      detail: '`obj.area` calls this method; with no `@area.setter`, `obj.area = …` raises `AttributeError`.',
    },
    {
      name: 'its setter',
      code: TEMPERATURE.replace('@fahrenheit.setter', '@fahrenheit.set‸ter'),
      id: 'property',
      span: '@fahrenheit.setter',
      detail: 'Runs for `obj.fahrenheit = value`: the decorator returns a copy of the property `fahrenheit` with this method added.',
    },
    {
      name: 'a setter named differently from its property',
      code: TEMPERATURE.replace('@fahrenheit.setter', '@fahren‸heit.setter').replace('def fahrenheit(self, value)', 'def set_fahrenheit(self, value)'),
      id: 'property',
      span: '@fahrenheit.setter',
      detail: '⚠ This setter is named `set_fahrenheit`, not `fahrenheit`: the class gets a second property `set_fahrenheit`, and `fahrenheit` keeps no setter.',
    },
    {
      name: 'a deleter after a setter',
      code: `${TEMPERATURE}    @fahrenheit.del‸eter\n    def fahrenheit(self):\n        del self.celsius\n`,
      id: 'property',
      span: '@fahrenheit.deleter',
      detailHas: ['Runs for `del obj.fahrenheit`'],
    },
    { name: 'property called as a function', code: 'class C:\n    x = prop‸erty(lambda self: 1)\n', id: 'property', span: 'property', detail: null },
  ],
  unrecognized: [
    { name: 'a local function named property', code: 'def property(f):\n    return f\n\nclass C:\n    @prop‸erty\n    def x(self):\n        return 1\n' },
    { name: 'an accessor of itself, in a function body', code: 'def make():\n    @x.set‸ter\n    def x(self, value):\n        pass\n' },
    { name: 'a .setter of something that is no property', code: 'class C:\n    def x(self):\n        return 1\n\n    @x.set‸ter\n    def x(self, value):\n        pass\n' },
  ],
  halfTyped: ['class Temperature:\n    @property\n    def fahrenheit(self\n    @fahrenheit.\n    def fahrenheit(self, value):\n'],
});

describePatterns('cached_property', {
  recognized: [
    {
      name: '@cached_property',
      code: 'from functools import cached_property\n\nclass Sample:\n    @cached_pro‸perty\n    def stdev(self):\n        return 1\n',
      id: 'cached-property',
      span: '@cached_property',
      detail: 'The first read of `obj.stdev` runs this method and stores the result as the instance attribute `stdev`; `del obj.stdev` makes the next read run it again.',
    },
    {
      name: '@cached_property through `import functools as ft` on a class with __slots__',
      code: 'import functools as ft\n\nclass Sample:\n    __slots__ = ("values",)\n\n    @ft.cached_pro‸perty\n    def stdev(self):\n        return 1\n',
      id: 'cached-property',
      span: '@ft.cached_property',
      detailHas: ['⚠ `Sample` has `__slots__` without `__dict__`: there is nowhere to store the value, and the first read raises `TypeError`.'],
    },
    {
      name: 'on a class with a __dict__ slot, without the warning',
      code: 'from functools import cached_property\n\nclass Sample:\n    __slots__ = ("values", "__dict__")\n\n    @cached_pro‸perty\n    def stdev(self):\n        return 1\n',
      id: 'cached-property',
      span: '@cached_property',
      detailLacks: ['⚠'],
    },
    { name: 'the name in its import', code: 'from functools import cached_pro‸perty as cp\n', id: 'cached-property', span: 'cached_property' },
  ],
  unrecognized: [{ name: "Django's cached_property", code: 'from django.utils.functional import cached_property\n\nclass C:\n    @cached_pro‸perty\n    def x(self):\n        return 1\n' }],
  halfTyped: ['from functools import cached_property\nclass S:\n    @cached_property\n    def'],
});
