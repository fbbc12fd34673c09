import { describePatterns } from '../pattern-cases';

const TIMER = [
  'import time',
  '',
  'class Timer:',
  '    def __enter__(self):',
  '        self.started = time.perf_counter()',
  '        return self',
  '',
  '    def __exit__(self, exc_type, exc, traceback):',
  '        self.elapsed = time.perf_counter() - self.started',
  '',
].join('\n');

const THROTTLE = [
  'class Throttle:',
  '    async def __aenter__(self):',
  '        return self',
  '',
  '    async def __aexit__(self, exc_type, exc, traceback):',
  '        return None',
  '',
].join('\n');

describePatterns('@contextmanager', {
  recognized: [
    {
      name: 'the decorator on a generator function',
      code: 'from contextlib import contextmanager\n\n@context‸manager\ndef opened(path):\n    file = open(path)\n    try:\n        yield file\n    finally:\n        file.close()\n',
      id: 'contextmanager',
      span: '@contextmanager',
      detail: '`with opened(…):` runs `opened` up to its `yield` on entering the block and the rest on leaving it.',
    },
    {
      name: 'the decorator through an alias of contextlib',
      code: 'import contextlib as cl\n\n‸@cl.contextmanager\ndef quiet():\n    yield\n',
      id: 'contextmanager',
      span: '@cl.contextmanager',
    },
    {
      name: 'the decorator imported under an alias',
      code: 'from contextlib import contextmanager as cm\n\n@c‸m\ndef quiet():\n    yield\n',
      id: 'contextmanager',
      span: '@cm',
    },
    {
      name: 'the decorator on an async def',
      code: 'from contextlib import contextmanager\n\n@context‸manager\nasync def session():\n    yield\n',
      id: 'contextmanager',
      span: '@contextmanager',
      detail: '⚠ `session` is an `async def`: decorate it with `@asynccontextmanager` and enter it with `async with`.',
    },
    {
      name: 'the decorator on a function without yield',
      code: 'from contextlib import contextmanager\n\n@context‸manager\ndef broken():\n    return 1\n',
      id: 'contextmanager',
      span: '@contextmanager',
      detail: '⚠ `broken` has no `yield`: the decorated function must be a generator that yields once.',
    },
    { name: 'the name in its import', code: 'from contextlib import context‸manager\n', id: 'contextmanager', span: 'contextmanager' },
  ],
  unrecognized: [
    { name: 'a local function named contextmanager', code: 'def contextmanager(f):\n    return f\n\n@context‸manager\ndef quiet():\n    yield\n' },
    { name: 'a plain generator', code: 'def num‸bers():\n    yield 1\n' },
  ],
  halfTyped: ['from contextlib import contextmanager\n\n@contextmanager\ndef opened(path:\n    yield\n'],
});

describePatterns('@asynccontextmanager', {
  recognized: [
    {
      name: 'the decorator on an async generator function',
      code: 'from contextlib import asynccontextmanager\n\n@asynccontext‸manager\nasync def connection():\n    try:\n        yield 1\n    finally:\n        pass\n',
      id: 'asynccontextmanager',
      span: '@asynccontextmanager',
      detail: '`async with connection(…):` runs `connection` up to its `yield` on entering the block and the rest on leaving it.',
    },
    {
      name: 'the decorator on a plain def',
      code: 'import contextlib\n\n@contextlib.asynccontext‸manager\ndef connection():\n    yield 1\n',
      id: 'asynccontextmanager',
      span: '@contextlib.asynccontextmanager',
      detailHas: ['⚠ `connection` is a plain `def`'],
    },
  ],
  unrecognized: [{ name: 'the sync decorator', code: 'from contextlib import contextmanager\n\n@context‸manager\ndef quiet():\n    yield\n', not: 'asynccontextmanager' }],
  halfTyped: ['from contextlib import asynccontextmanager\n@asynccontextmanager\nasync def'],
});

describePatterns('context manager class', {
  recognized: [
    {
      name: 'a class with __enter__ and __exit__, from its name',
      code: TIMER.replace('class Timer', 'class Ti‸mer'),
      id: 'context-manager-class',
      span: 'class Timer',
      detail: '`Timer` works as `with Timer(…) as …:`.',
    },
    { name: 'from its class keyword', code: TIMER.replace('class Timer', '‸class Timer'), id: 'context-manager-class', span: 'class Timer' },
    {
      name: 'its __enter__',
      code: TIMER.replace('def __enter__', 'def __en‸ter__'),
      id: 'context-manager-class',
      span: 'def __enter__',
      detail: 'What `__enter__` returns is what `with … as name` binds: usually `self`.',
    },
    {
      name: 'its __exit__',
      code: TIMER.replace('def __exit__', '‸def __exit__'),
      id: 'context-manager-class',
      span: 'def __exit__',
      detailHas: ['a true return value swallows the exception'],
    },
    {
      name: 'a class that is a manager of both kinds',
      code: TIMER.replace('class Timer', 'class Ti‸mer') + '    async def __aenter__(self):\n        return self\n\n    async def __aexit__(self, *exc):\n        pass\n',
      id: 'context-manager-class',
      span: 'class Timer',
      detail: '`Timer` works as `with Timer(…) as …:`. It also defines `__aenter__` and `__aexit__`, for `async with`.',
    },
  ],
  unrecognized: [
    { name: 'a class with only __enter__', code: 'class Half:\n    def __en‸ter__(self):\n        return self\n' },
    { name: 'a plain class', code: 'class Po‸int:\n    def __init__(self, x):\n        self.x = x\n' },
    { name: 'the body of __exit__', code: TIMER.replace('self.elapsed', 'self.ela‸psed') },
  ],
  halfTyped: ['class Timer:\n    def __enter__(self:\n        return self\n    def __exit__(self, *exc):\n'],
});

describePatterns('async context manager class', {
  recognized: [
    {
      name: 'a class with __aenter__ and __aexit__',
      code: THROTTLE.replace('class Throttle', 'class Thr‸ottle'),
      id: 'async-context-manager-class',
      span: 'class Throttle',
      detail: '`Throttle` works as `async with Throttle(…) as …:`.',
    },
    {
      name: 'its async def __aenter__, from the async keyword',
      code: THROTTLE.replace('async def __aenter__', '‸async def __aenter__'),
      id: 'async-context-manager-class',
      span: 'async def __aenter__',
      detailHas: ['`async with … as name` binds'],
    },
    {
      name: 'an __aexit__ written as a plain def',
      code: THROTTLE.replace('async def __aexit__', 'def __ae‸xit__'),
      id: 'async-context-manager-class',
      span: 'def __aexit__',
      detail: '⚠ `__aexit__` is a plain `def`: `async with` awaits what it returns, so it must be an `async def`.',
    },
  ],
  unrecognized: [{ name: 'a class with only __aenter__', code: 'class Half:\n    async def __aen‸ter__(self):\n        return self\n' }],
  halfTyped: ['class Throttle:\n    async def __aenter__(self\n    async def __aexit__(self, *exc):\n        pass\n'],
});

describePatterns('ExitStack', {
  recognized: [
    {
      name: 'ExitStack in a with statement',
      code: 'from contextlib import ExitStack\n\nwith Exit‸Stack() as stack:\n    files = [stack.enter_context(open(p)) for p in paths]\n',
      id: 'exit-stack',
      span: 'ExitStack',
      detail: 'Whatever enters through `stack.enter_context(…)` exits when this `with` ends, last entered first.',
    },
    { name: 'contextlib.ExitStack', code: 'import contextlib\n\nstack = contextlib.Exit‸Stack()\n', id: 'exit-stack', span: 'contextlib.ExitStack', detail: null },
    { name: 'the name in its import', code: 'from contextlib import ExitStack as ‸Stack\n', id: 'exit-stack', span: 'Stack' },
  ],
  unrecognized: [{ name: 'a class of its own named ExitStack', code: 'class ExitStack:\n    pass\n\nwith Exit‸Stack() as stack:\n    pass\n' }],
  halfTyped: ['from contextlib import ExitStack\nwith ExitStack() as\n    pass\n'],
});

describePatterns('AsyncExitStack', {
  recognized: [
    {
      name: 'AsyncExitStack in an async with statement',
      code: 'from contextlib import AsyncExitStack\n\nasync def main():\n    async with AsyncExit‸Stack() as stack:\n        await stack.enter_async_context(session())\n',
      id: 'async-exit-stack',
      span: 'AsyncExitStack',
      detail: 'Whatever enters through `stack` exits when this `async with` ends, last entered first.',
    },
  ],
  unrecognized: [{ name: 'the sync stack', code: 'from contextlib import ExitStack\n\nwith Exit‸Stack() as stack:\n    pass\n', not: 'async-exit-stack' }],
  halfTyped: ['from contextlib import AsyncExitStack\nasync def main():\n    async with AsyncExitStack() as stack\n'],
});
