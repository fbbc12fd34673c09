// Threads, processes and context: `ContextVar`, the `weakref` containers and the
// `concurrent.futures` pools.

import { definePattern } from '../engine/pattern';
import { argumentsOf, keywordArgument } from './call-arguments';

const WEAK_CONTAINERS: Readonly<Record<string, string>> = {
  'weakref.WeakValueDictionary': 'Its **values** are weak: an entry goes when nothing else keeps its value alive, whatever its key.',
  'weakref.WeakKeyDictionary': 'Its **keys** are weak: an entry goes when its key object dies, so the key objects must be hashable and weakly referenceable.',
  'weakref.WeakSet': 'Its **members** are weak: a member leaves the set when nothing else keeps it alive.',
};

export const CONCURRENCY_PATTERNS = [
  definePattern({
    meta: {
      id: 'context-var',
      title: '`contextvars.ContextVar`',
      family: 'concurrency',
      minPython: [3, 7],
      summary:
        'A `ContextVar` holds a value per context, and each asyncio task runs in a copy of the context it was created in: a request id or the current user follows the code through every `await` without being passed along. Reach for it where a thread-local would leak between tasks that share a thread.',
      pitfall: 'Create it once, at module level, never per call. And `set()` returns a token: `reset(token)` restores the value before it, while a `set()` without one stays in effect for the rest of the context.',
      example: [
        'import asyncio',
        'from contextvars import ContextVar',
        '',
        'request_id = ContextVar("request_id", default="-")',
        '',
        '',
        'def log(message: str) -> None:',
        '    print(f"[{request_id.get()}] {message}")',
        '',
        '',
        'async def handle(rid: str) -> None:',
        '    request_id.set(rid)',
        '    await asyncio.sleep(0)',
        '    log("handled")',
        '',
        '',
        'async def main() -> None:',
        '    await asyncio.gather(handle("a"), handle("b"))',
        '',
        '',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    },
    names: ['contextvars.ContextVar'],
    nameDetail: (node, context) => {
      const argumentList = argumentsOf(node);
      if (!argumentList) return undefined;
      const detail =
        keywordArgument(argumentList, 'default', context) === undefined
          ? 'Without a default, `get()` raises `LookupError` until a value is set, unless it is given one: `get(None)`.'
          : 'With a default: `get()` returns it until a value is set in the context.';
      return { start: node.startIndex, end: node.endIndex, detail };
    },
  }),
  definePattern({
    meta: {
      id: 'weak-containers',
      title: '`weakref` containers',
      family: 'concurrency',
      minPython: [3, 0],
      summary:
        'These containers refer to objects without keeping them alive: when the last ordinary reference to an object goes, its entry disappears by itself. `WeakValueDictionary` holds its values weakly (a registry of live objects by key), `WeakKeyDictionary` its keys (data attached to objects you do not own), `WeakSet` its members (listeners that unsubscribe by being collected).',
      pitfall: 'Entries vanish when the last reference goes, so read in one step (`live.get(key)`), never `in` then `[]`. `int`, `str`, `tuple`, `list` and `dict` instances, and slotted ones without `__weakref__`, cannot be held weakly.',
      example: [
        'import weakref',
        '',
        '',
        'class Session:',
        '    def __init__(self, user: str) -> None:',
        '        self.user = user',
        '',
        '',
        'live = weakref.WeakValueDictionary()',
        'session = Session("ada")',
        'live["ada"] = session',
        'del session',
        'print(live.get("ada"))  # None: nothing kept the session alive',
        '',
      ].join('\n'),
    },
    names: Object.keys(WEAK_CONTAINERS),
    nameDetail: (node, _context, qualified) => ({ start: node.startIndex, end: node.endIndex, detail: WEAK_CONTAINERS[qualified] }),
  }),
  definePattern({
    meta: {
      id: 'thread-pool-executor',
      title: '`ThreadPoolExecutor`',
      family: 'concurrency',
      minPython: [3, 2],
      summary:
        '`with ThreadPoolExecutor(max_workers=8) as pool:` runs functions on a few reused threads: `pool.map(fetch, urls)` gives the results in order, `pool.submit(fetch, url)` a `Future`. Reach for it for I/O-bound work — network, files, subprocesses — during which the GIL is released.',
      pitfall: 'Threads do not speed up CPU-bound Python code, which holds the GIL: use a `ProcessPoolExecutor` for that. And an exception in a submitted function waits silently in its `Future` until `result()` is called.',
      example: [
        'from concurrent.futures import ThreadPoolExecutor',
        'from pathlib import Path',
        '',
        '',
        'def size(path: Path) -> int:',
        '    return len(path.read_bytes())',
        '',
        '',
        'paths = list(Path(".").glob("*.py"))',
        'with ThreadPoolExecutor(max_workers=8) as pool:',
        '    for path, length in zip(paths, pool.map(size, paths)):',
        '        print(path, length)',
        '',
      ].join('\n'),
    },
    names: ['concurrent.futures.ThreadPoolExecutor'],
  }),
  definePattern({
    meta: {
      id: 'process-pool-executor',
      title: '`ProcessPoolExecutor`',
      family: 'concurrency',
      minPython: [3, 2],
      summary: 'A `ProcessPoolExecutor` runs functions in worker processes, each with its own interpreter and GIL, so CPU-bound Python code uses every core. It offers what the thread pool does: `map`, `submit` and `Future`s.',
      pitfall: 'Functions, arguments and results are pickled between processes: lambdas and nested functions cannot be sent. Start the pool under `if __name__ == "__main__":`, since spawned workers import the main module.',
      example: [
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        '',
        'def count_primes(limit: int) -> int:',
        '    return sum(all(n % d for d in range(2, int(n**0.5) + 1)) for n in range(2, limit))',
        '',
        '',
        'if __name__ == "__main__":',
        '    with ProcessPoolExecutor() as pool:',
        '        print(list(pool.map(count_primes, [10_000, 20_000, 30_000])))',
        '',
      ].join('\n'),
    },
    names: ['concurrent.futures.ProcessPoolExecutor'],
  }),
];
