import { describePatterns } from '../pattern-cases';

const TIMED = [
  'import functools',
  '',
  'def timed(func):',
  '    @functools.wraps(func)',
  '    def wrapper(*args, **kwargs):',
  '        return func(*args, **kwargs)',
  '    return wrapper',
  '',
].join('\n');

const RETRY = [
  'def retry(times=3):',
  '    def decorator(func):',
  '        def wrapper(*args):',
  '            for _ in range(times):',
  '                try:',
  '                    return func(*args)',
  '                except OSError:',
  '                    pass',
  '        return wrapper',
  '    return decorator',
  '',
].join('\n');

const HANDLER = ['HANDLERS = {}', '', 'def handler(cls):', '    HANDLERS[cls.__name__] = cls', '    return cls', ''].join('\n');

describePatterns('decorator', {
  recognized: [
    {
      name: 'a decorator from the name of its def',
      code: TIMED.replace('def timed', 'def ti‸med'),
      id: 'decorator',
      span: 'def timed',
      detail: '`timed` returns `wrapper`, which calls `func` in its place.',
    },
    { name: 'a decorator from its def keyword', code: TIMED.replace('def timed', '‸def timed'), id: 'decorator', span: 'def timed' },
    {
      name: 'a decorator whose wrapper lacks functools.wraps',
      code: 'def lo‸gged(fn):\n    async def inner(*args):\n        return await fn(*args)\n    return inner\n',
      id: 'decorator',
      span: 'def logged',
      detailHas: ['`logged` returns `inner`, which calls `fn` in its place.', '`inner` is not decorated with `@functools.wraps(fn)`'],
    },
    {
      name: 'a decorator defined as a method, after self',
      code: 'class App:\n    def tra‸ced(self, func):\n        def wrapper(*args):\n            return func(*args)\n        return wrapper\n',
      id: 'decorator',
      span: 'def traced',
    },
    {
      name: 'the @name that applies a decorator of the module',
      code: `${TIMED}\n@ti‸med\ndef load(path):\n    return path\n`,
      id: 'decorator',
      span: '@timed',
      detail: '`@timed` replaces `load` with the `wrapper` that `timed` returns.',
    },
    { name: 'the @ of an applied decorator', code: `${TIMED}\n‸@timed\ndef load(path):\n    return path\n`, id: 'decorator', span: '@timed' },
    {
      name: 'a decorator called without the function it takes',
      code: `${TIMED}\n@timed‸()\ndef load(path):\n    return path\n`,
      id: 'decorator',
      span: '@timed()',
      detail: '⚠ `timed` takes the function itself: `@timed()` calls it without one, which raises `TypeError` when `load` is defined.',
    },
    {
      name: 'a registering decorator that returns the function unchanged',
      code: 'ROUTES = []\n\ndef rou‸te(func):\n    ROUTES.append(func)\n    return func\n',
      id: 'decorator',
      span: 'def route',
      detail: '`route` hands `func` back unchanged after its own work: no wrapper, so calls go straight to the function.',
    },
    {
      name: 'a registering decorator applied to a function',
      code: 'ROUTES = []\n\ndef route(func):\n    ROUTES.append(func)\n    return func\n\n@ro‸ute\ndef index():\n    pass\n',
      id: 'decorator',
      span: '@route',
      detail: '`route` receives `index` and hands it back unchanged.',
    },
    {
      name: 'the decorator a factory returns, from its own def',
      code: RETRY.replace('def decorator', 'def deco‸rator'),
      id: 'decorator',
      span: 'def decorator',
    },
    {
      name: 'a decorator applied inside a function, where it is a local',
      code: 'def main():\n    def timed(func):\n        def wrapper():\n            return func()\n        return wrapper\n\n    @tim‸ed\n    def job():\n        pass\n',
      id: 'decorator',
      span: '@timed',
      detailHas: ['replaces `job` with the `wrapper`'],
    },
  ],
  unrecognized: [
    { name: 'a plain function', code: 'def ad‸d(a, b):\n    return a + b\n' },
    { name: 'a function that returns its argument and does nothing else', code: 'def iden‸tity(value):\n    return value\n' },
    { name: 'a callback factory whose inner function does not call the argument', code: 'def make_ad‸der(n):\n    def add(x):\n        return x + n\n    return add\n' },
    { name: 'a function of two functions', code: 'def com‸pose(f, g):\n    def h(x):\n        return f(g(x))\n    return h\n' },
    { name: 'a decorator imported from elsewhere', code: 'from app import timed\n\n@tim‸ed\ndef load():\n    pass\n' },
    { name: 'a module-level decorator applied before its def runs', code: `@tim‸ed\ndef load():\n    pass\n\n${TIMED}` },
    { name: 'a decorator whose name is rebound', code: `${TIMED}timed = print\n\n@tim‸ed\ndef load():\n    pass\n` },
    { name: 'a wrapper that is not returned', code: 'def setup(func):\n    def wrapper():\n        return func()\n    register(wrapper)\n    return None\n\n@set‸up\ndef load():\n    pass\n' },
  ],
  halfTyped: [
    'def timed(func):\n    def wrapper(*args\n    return wrapper\n\n@timed\ndef',
    '@timed(\ndef load(): pass\n',
    'def retry(times=3):\n    def decorator(func:\n        return func\n    return decorator\n@retry(',
  ],
});

describePatterns('decorator factory', {
  recognized: [
    {
      name: 'a factory from the name of its def',
      code: RETRY.replace('def retry', 'def re‸try'),
      id: 'decorator-factory',
      span: 'def retry',
      detail: '`retry` returns the decorator `decorator`: `@retry(…)` calls it once, when the decorated definition runs.',
    },
    {
      name: 'a factory applied with its options',
      code: `${RETRY}\n@retry(ti‸mes=5)\ndef fetch(url):\n    return url\n`,
      id: 'decorator-factory',
      span: '@retry(times=5)',
      detail: '`retry(times=5)` runs once, when `fetch` is defined, and returns `decorator`, which then wraps `fetch`.',
    },
    {
      name: 'a factory applied without a call',
      code: `${RETRY}\n@re‸try\ndef fetch(url):\n    return url\n`,
      id: 'decorator-factory',
      span: '@retry',
      detail: '⚠ `retry` is a decorator factory: written without a call, it receives `fetch` as `times`, and `fetch` is bound to the inner `decorator` instead.',
    },
    {
      name: 'a factory with keyword-only options applied without a call',
      code: 'def retry(*, times=3):\n    def decorator(func):\n        def wrapper():\n            return func()\n        return wrapper\n    return decorator\n\n@re‸try\ndef fetch():\n    pass\n',
      id: 'decorator-factory',
      span: '@retry',
      detail: '⚠ `retry` is a decorator factory: written without a call, it is called with `fetch`, for which it has no parameter, and raises `TypeError`.',
    },
    {
      name: 'a factory of registering decorators',
      code: 'ROUTES = {}\n\ndef route(path):\n    def register(view):\n        ROUTES[path] = view\n        return view\n    return register\n\n@rou‸te("/")\ndef index():\n    pass\n',
      id: 'decorator-factory',
      span: '@route("/")',
      detailHas: ['returns `register`, which then receives `index`'],
    },
  ],
  unrecognized: [
    { name: 'a function returning a plain inner function', code: 'def outer(n):\n    def inner(x):\n        return x * n\n    return inner\n\n@out‸er(2)\ndef f():\n    pass\n' },
    { name: 'a factory that may also return something else', code: `${RETRY.replace('    return decorator', '    if times == 0:\n        return None\n    return decorator')}\n@re‸try(2)\ndef f():\n    pass\n` },
  ],
  halfTyped: ['def retry(times=3):\n    def decorator(func):\n        def wrapper(*args):\n            return func(*args\n        return wrapper\n    return decorator\n'],
});

describePatterns('class decorator', {
  recognized: [
    {
      name: 'a class decorator from the name of its def',
      code: HANDLER.replace('def handler', 'def hand‸ler'),
      id: 'class-decorator',
      span: 'def handler',
      detail: '`handler` gets the class as `cls` and returns it: it runs once for each class it decorates, right after the class body.',
    },
    {
      name: 'a class decorator applied to a class',
      code: `${HANDLER}\n@hand‸ler\nclass Csv:\n    pass\n`,
      id: 'class-decorator',
      span: '@handler',
      detail: '`handler` receives the class `Csv` once its body has run; the name `Csv` is bound to what it returns.',
    },
    {
      name: 'a decorator that returns its argument, known as a class decorator by the classes it decorates',
      code: 'KNOWN = []\n\ndef reg‸ister(item):\n    KNOWN.append(item)\n    return item\n\n@register\nclass Csv:\n    pass\n',
      id: 'class-decorator',
      span: 'def register',
    },
    {
      name: 'a class decorator annotated with type',
      code: 'def sea‸led(kind: type) -> type:\n    kind.__init_subclass__ = None\n    return kind\n',
      id: 'class-decorator',
      span: 'def sealed',
    },
    {
      name: 'a class decorator called without the class',
      code: `${HANDLER}\n@handler‸()\nclass Csv:\n    pass\n`,
      id: 'class-decorator',
      span: '@handler()',
      detailHas: ['⚠ `handler` takes the class itself'],
    },
  ],
  unrecognized: [
    { name: 'a local function named dataclass that only returns the class', code: 'def dataclass(cls):\n    return cls\n\n@data‸class\nclass Point:\n    x: int\n' },
    { name: 'a function of a class that returns something else', code: 'def describe(cls):\n    print(cls)\n    return cls.__name__\n\n@desc‸ribe\nclass Csv:\n    pass\n' },
  ],
  halfTyped: ['def handler(cls):\n    HANDLERS[cls.__name__] = \n    return cls\n\n@handler\nclass'],
});

describePatterns('functools.wraps', {
  recognized: [
    {
      name: '@functools.wraps on a wrapper',
      code: TIMED.replace('@functools.wraps', '@functools.wr‸aps'),
      id: 'functools-wraps',
      span: '@functools.wraps(func)',
      detail: 'Copies the metadata of `func` onto `wrapper` and points `wrapper.__wrapped__` at it.',
    },
    {
      name: 'wraps imported under an alias',
      code: 'from functools import wraps as w\n\ndef timed(func):\n    @‸w(func)\n    def wrapper(*args):\n        return func(*args)\n    return wrapper\n',
      id: 'functools-wraps',
      span: '@w(func)',
    },
    {
      name: 'functools imported under an alias',
      code: 'import functools as ft\n\ndef timed(func):\n    @ft.wra‸ps(func)\n    def wrapper(*args):\n        return func(*args)\n    return wrapper\n',
      id: 'functools-wraps',
      span: '@ft.wraps(func)',
    },
    { name: 'the name in its import', code: 'from functools import wr‸aps\n', id: 'functools-wraps', span: 'wraps', detail: null },
    { name: 'the alias of its import', code: 'from functools import wraps as ‸w\n', id: 'functools-wraps', span: 'w' },
    {
      name: 'wraps without the wrapped function',
      code: 'from functools import wraps\n\ndef timed(func):\n    @wr‸aps\n    def wrapper(*args):\n        return func(*args)\n    return wrapper\n',
      id: 'functools-wraps',
      span: '@wraps',
      detail: '⚠ `wraps` must be called with the wrapped function: `@wraps(func)`.',
    },
  ],
  unrecognized: [
    { name: 'a local function named wraps', code: 'def wraps(f):\n    return f\n\n@wr‸aps\ndef load():\n    pass\n' },
    { name: 'wraps of another library', code: 'from decorator import wraps\n\n@wr‸aps(f)\ndef g():\n    pass\n' },
  ],
  halfTyped: ['from functools import wraps as\n\ndef timed(func):\n    @wraps(\n    def wrapper(*args):\n'],
});
