import { describe } from 'vitest';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

describe('context variables, weak containers and executors', () => {
  itRecognizes({
    'ContextVar with a default': { code: 'from contextvars import ContextVar\n\nrequest_id = Context‸Var("request_id", default="-")\n', id: 'context-var', span: 'ContextVar', detail: 'With a default' },
    'ContextVar without one': { code: 'import contextvars\n\nuser = contextvars.Context‸Var("user")\n', id: 'context-var', span: 'contextvars.ContextVar', detail: 'raises `LookupError`' },
    'ContextVar in an annotation': { code: 'import contextvars\n\ndef f(var: contextvars.Context‸Var) -> None: ...\n', id: 'context-var', span: 'contextvars.ContextVar', detail: null },
    WeakValueDictionary: { code: 'import weakref\n\nlive = weakref.WeakValue‸Dictionary()\n', id: 'weak-containers', span: 'weakref.WeakValueDictionary', detail: 'Its **values** are weak' },
    WeakKeyDictionary: { code: 'from weakref import WeakKeyDictionary\n\nnotes = WeakKey‸Dictionary()\n', id: 'weak-containers', span: 'WeakKeyDictionary', detail: 'Its **keys** are weak' },
    WeakSet: { code: 'from weakref import WeakSet as Listeners\n\nlisteners = Listen‸ers()\n', id: 'weak-containers', span: 'Listeners', detail: 'Its **members** are weak' },
    ThreadPoolExecutor: { code: 'from concurrent.futures import ThreadPool‸Executor\n', id: 'thread-pool-executor', span: 'ThreadPoolExecutor' },
    'ThreadPoolExecutor through its package': { code: 'import concurrent.futures\n\nwith concurrent.futures.ThreadPool‸Executor() as pool:\n    pass\n', id: 'thread-pool-executor', span: 'concurrent.futures.ThreadPoolExecutor' },
    ProcessPoolExecutor: { code: 'from concurrent import futures\n\nwith futures.ProcessPool‸Executor() as pool:\n    pass\n', id: 'process-pool-executor', span: 'futures.ProcessPoolExecutor' },
  });
  itRecognizesNothing({
    'a WeakSet class of the module': 'class WeakSet(set):\n    pass\n\nlisteners = Weak‸Set()\n',
    'weakref.ref': 'import weakref\n\nr = weakref.r‸ef(obj)\n',
    'an executor of another library': 'from loky import ProcessPoolExecutor\n\npool = ProcessPool‸Executor()\n',
    'a threading.local': 'import threading\n\nstate = threading.lo‸cal()\n',
  });
});

describe('half-typed concurrency code', () => {
  itNeverThrows(['ContextVar("x", default=', 'import weakref\nweakref.', 'from concurrent.futures import', 'with ThreadPoolExecutor(max_workers=']);
});
