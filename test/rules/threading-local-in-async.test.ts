import rule from '../../server/src/rules/threading-local-in-async';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Thread-pool workers: per-thread state is what threading.local is for.
    lines('import threading', 'from concurrent.futures import ThreadPoolExecutor', '', '_state = threading.local()', '', 'def convert(path):', '    _state.current = path', '    return path.upper()', '', 'async def convert_all(loop, paths):', '    with ThreadPoolExecutor() as pool:', '        return [await loop.run_in_executor(pool, convert, p) for p in paths]'),
    // A coroutine that leaves the local alone, and one that only reads it.
    lines('import threading', '', '_local = threading.local()', '', 'def remember(user):', '    _local.user = user', '', 'async def ping():', '    return "pong"', '', 'async def whoami():', '    return getattr(_local, "user", None)'),
    // A per-thread (so per-loop) cache filled on first use.
    lines('import threading', 'import aiohttp', '', '_local = threading.local()', '', 'async def session():', '    if getattr(_local, "session", None) is None:', '        _local.session = aiohttp.ClientSession()', '    return _local.session'),
    lines('import threading', '', '_cache = threading.local()', '', 'async def connection(connect):', '    try:', '        return _cache.conn', '    except AttributeError:', '        _cache.conn = await connect()', '        return _cache.conn'),
    // A local of the coroutine's own shadows the module's name.
    lines('import threading', 'from types import SimpleNamespace', '', 'state = threading.local()', '', 'async def handle(request):', '    state = SimpleNamespace()', '    state.user = request.user', '    return state'),
    // The write is in a sync function run on another thread.
    lines('import asyncio', 'import threading', '', '_local = threading.local()', '', 'async def handle(request):', '    def work():', '        _local.request = request', '        return len(request.body)', '    return await asyncio.to_thread(work)'),
    // Task-aware state: a ContextVar, asgiref's Local.
    lines('import contextvars', 'from asgiref.local import Local', '', 'request_id = contextvars.ContextVar("request_id")', '_state = Local()', '', 'async def handle(request):', '    request_id.set(request.id)', '    _state.user = request.user'),
    // asgiref's task-aware Local when it is installed.
    lines('try:', '    from asgiref.local import Local', 'except ImportError:', '    from threading import local as Local', '', '_thread_locals = Local()', '', 'async def middleware(request, call_next):', '    _thread_locals.request = request', '    return await call_next(request)'),
    // Bound to something else as well: not certainly a threading.local.
    lines('import threading', '', 'try:', '    from greenlet import getcurrent as _ident', '    _state = {}', 'except ImportError:', '    _state = threading.local()', '', 'async def handle(request):', '    _state.user = request.user'),
  ],
  invalid: [
    {
      name: 'a request stored on the local by a handler',
      code: lines('import threading', '', '_request = threading.local()', '', 'async def handle(request):', '    _request.user = request.user', '    return await render_page()'),
      findings: [{ text: '_request.user', line: 6, column: 5, message: '`_request` is a `threading.local`: every task' }],
    },
    {
      name: 'set and deleted in one coroutine: reported once',
      code: lines('from threading import local', '', 'context = local()', '', 'async def middleware(request, call_next):', '    context.request_id = request.headers.get("x-request-id")', '    try:', '        return await call_next(request)', '    finally:', '        del context.request_id'),
      findings: [{ text: 'context.request_id', line: 6 }],
    },
    {
      name: 'an augmented assignment, a tuple target and setattr, each in its own coroutine',
      code: lines(
        'import threading',
        '',
        '_stats = threading.local()',
        '',
        'async def enter():',
        '    _stats.depth += 1',
        '',
        'async def reset():',
        '    _stats.depth, _stats.calls = 0, 0',
        '',
        'async def tag(name, value):',
        '    setattr(_stats, name, value)',
      ),
      findings: [
        { text: '_stats.depth', line: 6 },
        { text: '_stats.depth', line: 9 },
        { text: 'setattr(_stats, name, value)', line: 12 },
      ],
    },
    {
      name: 'an instance of the module\'s subclass of threading.local, in an async method',
      code: lines('import threading', '', 'class _Tenant(threading.local):', '    name = None', '', 'tenant = _Tenant()', '', 'class TenantMiddleware:', '    async def __call__(self, scope, receive, send):', '        tenant.name = scope["headers"][0]', '        await self.app(scope, receive, send)'),
      findings: [{ text: 'tenant.name', line: 10 }],
    },
    {
      name: 'a subclass instance declared global in an async context manager',
      code: lines(
        'import threading',
        'from contextlib import asynccontextmanager',
        '',
        'class Context(threading.local):',
        '    def clear(self):',
        '        self.request = None',
        '',
        'c = Context()',
        '',
        '@asynccontextmanager',
        'async def new_context(request):',
        '    global c',
        '    c.request = request',
        '    try:',
        '        yield c',
        '    finally:',
        '        c.clear()',
      ),
      findings: [{ text: 'c.request', line: 13 }],
    },
    {
      name: 'a cache guarded on another attribute is still per-task state',
      code: lines('import threading', '', '_local = threading.local()', '', 'async def login(user):', '    if not hasattr(_local, "session"):', '        _local.user = user'),
      findings: [{ text: '_local.user', line: 7 }],
    },
  ],
});
