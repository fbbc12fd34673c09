import rule from '../../server/src/rules/process-start-without-main-guard';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // The main guard, either way round and with either quotes.
    lines('from multiprocessing import Pool', '', 'def square(n):', '    return n * n', '', 'if __name__ == "__main__":', '    with Pool(4) as pool:', '        print(pool.map(square, range(10)))'),
    lines('import multiprocessing', '', "if '__main__' == __name__:", '    pool = multiprocessing.Pool()', '    pool.close()'),
    // A guard combined with another condition, and a guard in an `elif`.
    lines('import os', 'from multiprocessing import Pool', '', 'if __name__ == "__main__" and not os.environ.get("DRY_RUN"):', '    with Pool() as pool:', '        pool.map(print, range(3))'),
    lines('import sys', 'from multiprocessing import Pool', '', 'if len(sys.argv) > 2:', '    raise SystemExit("usage: run.py [jobs]")', 'elif __name__ == "__main__":', '    with Pool() as pool:', '        pool.map(print, range(3))'),
    // The else branch of a negated guard runs only in the main process.
    lines('from multiprocessing import Pool', '', 'if __name__ != "__main__":', '    WORKER = True', 'else:', '    with Pool() as pool:', '        pool.map(print, range(3))'),
    // The guard of old multiprocessing code.
    lines('import multiprocessing', '', 'if multiprocessing.current_process().name == "MainProcess":', '    manager = multiprocessing.Manager()'),
    // Inside functions, methods and lambdas nothing runs at import time.
    lines('from multiprocessing import Pool, Process', '', 'def main():', '    with Pool(4) as pool:', '        pool.map(print, range(10))', '    worker = Process(target=print)', '    worker.start()', '    worker.join()', '', 'if __name__ == "__main__":', '    main()'),
    lines('import multiprocessing', '', 'class Runner:', '    def run(self, jobs):', '        with multiprocessing.Pool() as pool:', '            return pool.map(len, jobs)'),
    lines('from multiprocessing import Pool', '', 'make_pool = lambda size: Pool(size)'),
    // Never runs.
    lines('from typing import TYPE_CHECKING', 'from multiprocessing import Manager', '', 'if TYPE_CHECKING:', '    SHARED = Manager().dict()'),
    // A module-level executor starts no process until work is submitted (from a function here).
    lines('from concurrent.futures import ProcessPoolExecutor', '', '_executor = ProcessPoolExecutor(max_workers=4)', '', 'def render_all(pages):', '    return list(_executor.map(render, pages))'),
    // A process created at import time but started in the main guard.
    lines('from multiprocessing import Process', '', 'def serve():', '    pass', '', 'server = Process(target=serve, daemon=True)', '', 'if __name__ == "__main__":', '    server.start()', '    server.join()'),
    // Threads, not processes: multiprocessing.dummy, ThreadPool, ThreadPoolExecutor, threading.Thread.
    lines('from multiprocessing.dummy import Pool', '', 'pool = Pool(8)', 'results = pool.map(len, ["a", "bb"])'),
    lines('from multiprocessing.pool import ThreadPool', 'from concurrent.futures import ThreadPoolExecutor', '', 'pool = ThreadPool(4)', 'with ThreadPoolExecutor() as executor:', '    executor.map(print, range(3))'),
    lines('import threading', '', 'ticker = threading.Thread(target=print, daemon=True)', 'ticker.start()'),
    // The module's own `Pool` class and a server object with a `start` method.
    lines('class Pool:', '    def __init__(self, size):', '        self.size = size', '', 'connections = Pool(10)'),
    lines('from http_server import Server', '', 'server = Server(port=8080)', 'server.start()'),
    // A name bound to something else as well: what `start` is called on is not known.
    lines('from multiprocessing import Process', 'import remote', '', 'worker = Process(target=print)', 'worker = remote.Worker()', 'worker.start()'),
  ],
  invalid: [
    {
      name: 'a pool at module level of a script',
      code: lines('from multiprocessing import Pool', '', 'def square(n):', '    return n * n', '', 'with Pool(4) as pool:', '    print(pool.map(square, range(10)))'),
      findings: [{ text: 'Pool(4)', line: 6, column: 6, fix: null, message: '`Pool()` starts processes when the module is imported' }],
    },
    {
      name: 'through a module alias, and a Manager',
      code: lines('import multiprocessing as mp', '', 'manager = mp.Manager()', 'pool = mp.Pool(processes=2)'),
      findings: [
        { text: 'mp.Manager()', line: 3, message: '`mp.Manager()`' },
        { text: 'mp.Pool(processes=2)', line: 4 },
      ],
    },
    {
      name: 'a process bound to a name and started in the next statement',
      code: lines('from multiprocessing import Process', '', 'def work():', '    print("working")', '', 'worker = Process(target=work)', 'worker.start()', 'worker.join()'),
      findings: [{ text: 'worker.start()', line: 7, column: 1, message: '`worker.start()`' }],
    },
    {
      name: 'processes started inline in a module-level loop',
      code: lines('import multiprocessing', '', 'for shard in range(4):', '    multiprocessing.Process(target=print, args=(shard,)).start()'),
      findings: [{ text: 'multiprocessing.Process(target=print, args=(shard,)).start()', message: '`multiprocessing.Process(…).start()`' }],
    },
    {
      name: 'an instance of the module\'s own Process subclass',
      code: lines('import multiprocessing', '', 'class Crawler(multiprocessing.Process):', '    def run(self):', '        print("crawling")', '', 'crawler = Crawler()', 'crawler.start()'),
      findings: [{ text: 'crawler.start()', line: 8 }],
    },
    {
      name: 'an executor used at import time, in a with block or right away',
      code: lines('from concurrent.futures import ProcessPoolExecutor as Executor', '', 'with Executor() as executor:', '    sizes = list(executor.map(len, ["a", "bb"]))', '', 'total = Executor(max_workers=2).submit(sum, [1, 2])'),
      findings: [
        { text: 'Executor()', line: 3, message: '`Executor()`' },
        { text: 'Executor(max_workers=2)', line: 6 },
      ],
    },
    {
      name: 'a test module: pytest imports it, and so do spawned workers',
      code: lines('import multiprocessing', '', 'POOL = multiprocessing.Pool(2)', '', 'def test_square():', '    assert POOL.map(abs, [-1]) == [1]'),
      findings: [{ text: 'multiprocessing.Pool(2)', line: 3 }],
    },
    {
      name: 'in a try block, a class body and a default: all run at import time',
      code: lines(
        'from multiprocessing import Pool',
        '',
        'try:',
        '    POOL = Pool()',
        'except OSError:',
        '    POOL = None',
        '',
        'class Jobs:',
        '    pool = Pool(2)',
        '',
        'def run(jobs, pool=Pool(2)):',
        '    return pool.map(len, jobs)',
      ),
      findings: [
        { text: 'Pool()', line: 4 },
        { text: 'Pool(2)', line: 9 },
        { text: 'Pool(2)', line: 11 },
      ],
    },
    {
      name: 'the else branch of a main guard runs when the module is imported',
      code: lines('from multiprocessing import Pool', '', 'if __name__ == "__main__":', '    print("run me with -m jobs.worker")', 'else:', '    POOL = Pool()'),
      findings: [{ text: 'Pool()', line: 6 }],
    },
    {
      name: 'a guard or-ed with another condition does not guard',
      code: lines('import os', 'from multiprocessing import Pool', '', 'if __name__ == "__main__" or os.environ.get("EAGER"):', '    POOL = Pool()'),
      findings: [{ text: 'Pool()', line: 5 }],
    },
  ],
});
