import { describePatterns } from '../pattern-cases';

const META = 'class KeywordsOnly(type):\n    def __call__(cls, *args, **kwargs):\n        return super().__call__(**kwargs)\n';
const PLUGIN = 'class Plugin:\n    def __init_subclass__(cls, name, **kwargs):\n        super().__init_subclass__(**kwargs)\n';

describePatterns('metaclass', {
  recognized: [
    {
      name: 'the metaclass= keyword naming a metaclass of the module',
      code: `${META}\nclass Request(meta‸class=KeywordsOnly):\n    pass\n`,
      id: 'metaclass',
      span: 'metaclass=KeywordsOnly',
      detail: '`KeywordsOnly` creates `Request` and each of its subclasses, in place of `type`. It defines `__call__` (runs when one of its classes is called to make an instance).',
    },
    {
      name: 'the metaclass= keyword naming an imported metaclass',
      code: 'from django.db.models.base import ModelBase\n\nclass Model(metaclass=Model‸Base):\n    pass\n',
      id: 'metaclass',
      span: 'metaclass=ModelBase',
      detail: '`ModelBase` creates `Model` and each of its subclasses, in place of `type`.',
    },
    {
      name: 'metaclass=ABCMeta, through `import abc`',
      code: 'import abc\n\nclass Base(metaclass=abc.ABC‸Meta):\n    pass\n',
      id: 'metaclass',
      span: 'metaclass=abc.ABCMeta',
      detailHas: ['`ABCMeta` lets `Base` declare `@abstractmethod`s'],
    },
    {
      name: 'a class deriving from type',
      code: META.replace('class KeywordsOnly', 'class Keywords‸Only'),
      id: 'metaclass',
      span: 'class KeywordsOnly',
      detail: '`KeywordsOnly` is a metaclass: classes with `metaclass=KeywordsOnly` in their header are made by it. It defines `__call__` (runs when one of its classes is called to make an instance).',
    },
    {
      name: 'a class deriving from a metaclass of the module',
      code: `${META}\nclass Stricter(KeywordsOnly):\n    pass\n`.replace('class Stricter', '‸class Stricter'),
      id: 'metaclass',
      span: 'class Stricter',
    },
  ],
  unrecognized: [
    { name: 'a class deriving from a local class named type', code: 'class type:\n    pass\n\nclass No‸tMeta(type):\n    pass\n' },
    { name: 'a plain class', code: 'class Pl‸ain(object):\n    pass\n' },
  ],
  halfTyped: ['class Meta(type:\n    def __new__(mcs, name\n\nclass A(metaclass=\n'],
});

describePatterns('__init_subclass__', {
  recognized: [
    {
      name: '__init_subclass__, with the keywords subclasses pass',
      code: PLUGIN.replace('def __init_subclass__', 'def __init_sub‸class__'),
      id: 'init-subclass',
      span: 'def __init_subclass__',
      detail: 'Runs each time a subclass of `Plugin` is created, with the subclass as `cls`; subclasses pass `name=…` in their class header.',
    },
    {
      name: '__init_subclass__ without the call of super()',
      code: 'class Registry:\n    ‸def __init_subclass__(cls, *, kind: str = "x", **kwargs):\n        REGISTRY[kind] = cls\n',
      id: 'init-subclass',
      span: 'def __init_subclass__',
      detail: 'Runs each time a subclass of `Registry` is created, with the subclass as `cls`; subclasses pass `kind=…` in their class header.\n\n⚠ It does not call `super().__init_subclass__(**kwargs)`: the hooks of classes after it in the method resolution order do not run.',
    },
    {
      name: 'a class keyword a base receives',
      code: `${PLUGIN}\nclass Csv(Plugin, na‸me="csv"):\n    pass\n`,
      id: 'init-subclass',
      span: 'name="csv"',
      detail: '`name="csv"` goes to `Plugin.__init_subclass__` when `Csv` is created.',
    },
    {
      name: 'a class keyword a base further up receives',
      code: `${PLUGIN}\nclass Reader(Plugin, name="reader"):\n    pass\n\nclass Csv(Reader, name="c‸sv"):\n    pass\n`,
      id: 'init-subclass',
      span: 'name="csv"',
      detailHas: ['goes to `Plugin.__init_subclass__`'],
    },
  ],
  unrecognized: [
    { name: 'a class keyword no base of the module receives', code: 'from lib import Base\n\nclass Csv(Base, na‸me="csv"):\n    pass\n' },
    { name: 'the body of __init_subclass__', code: PLUGIN.replace('super()', 'sup‸er()') },
  ],
  halfTyped: ['class Plugin:\n    def __init_subclass__(cls, name\n\nclass Csv(Plugin, name=\n'],
});

describePatterns('ABC', {
  recognized: [
    {
      name: 'a class deriving from ABC, with its abstract methods',
      code: 'from abc import ABC, abstractmethod\n\nclass Stor‸age(ABC):\n    @abstractmethod\n    def save(self, key, data): ...\n\n    @abstractmethod\n    def load(self, key): ...\n',
      id: 'abstract-base-class',
      span: 'class Storage',
      detail: '`Storage` cannot be instantiated; a subclass must override `save` and `load` first.',
    },
    {
      name: 'ABC without abstract methods, from the base, through `import abc`',
      code: 'import abc\n\nclass Storage(abc.A‸BC):\n    def save(self):\n        pass\n',
      id: 'abstract-base-class',
      span: 'abc.ABC',
      detail: '⚠ `Storage` declares no `@abstractmethod`, so it can be instantiated: `ABC` alone enforces nothing.',
    },
    { name: 'the name in its import', code: 'from abc import A‸BC\n', id: 'abstract-base-class', span: 'ABC', detail: null },
  ],
  unrecognized: [
    { name: 'a class deriving from a local ABC', code: 'class ABC:\n    pass\n\nclass Stor‸age(ABC):\n    pass\n' },
    { name: 'a concrete subclass of an ABC', code: 'from abc import ABC\n\nclass Base(ABC):\n    pass\n\nclass Conc‸rete(Base):\n    pass\n' },
  ],
  halfTyped: ['from abc import ABC\nclass Storage(ABC\n    @abstractmethod\n'],
});

describePatterns('@abstractmethod', {
  recognized: [
    {
      name: '@abstractmethod in an ABC',
      code: 'from abc import ABC, abstractmethod\n\nclass Shape(ABC):\n    @property\n    @abstract‸method\n    def area(self): ...\n',
      id: 'abstractmethod',
      span: '@abstractmethod',
      detail: 'Subclasses of `Shape` must override `area` before they can be instantiated.',
    },
    {
      name: '@abstractmethod in a class deriving from an ABC of the module',
      code: 'import abc\n\nclass Base(abc.ABC):\n    pass\n\nclass Shape(Base):\n    @abc.abstract‸method\n    def area(self): ...\n',
      id: 'abstractmethod',
      span: '@abc.abstractmethod',
      detailHas: ['Subclasses of `Shape` must override `area`'],
    },
    {
      name: '@abstractmethod where nothing enforces it',
      code: 'from abc import abstractmethod\n\nclass Shape:\n    @abstract‸method\n    def area(self): ...\n',
      id: 'abstractmethod',
      span: '@abstractmethod',
      detail: '⚠ `Shape` does not derive from `ABC` nor use `ABCMeta`: nothing enforces this `@abstractmethod`.',
    },
    {
      name: '@abstractmethod in a class whose base comes from elsewhere',
      code: 'from abc import abstractmethod as am\nfrom shapes import Base\n\nclass Shape(Base):\n    @a‸m\n    def area(self): ...\n',
      id: 'abstractmethod',
      span: '@am',
      detail: null,
    },
  ],
  unrecognized: [{ name: 'a local abstractmethod', code: 'def abstractmethod(f):\n    return f\n\nclass Shape:\n    @abstract‸method\n    def area(self): ...\n' }],
  halfTyped: ['from abc import ABC, abstractmethod\nclass Shape(ABC):\n    @abstractmethod\n    def area(self'],
});
