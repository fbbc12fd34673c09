import rule from '../../server/src/rules/threading-lock-in-process';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // A threading lock shared by threads of one process: what it is for.
    lines('import threading', '', 'def count(lock, totals, word):', '    with lock:', '        totals[word] = totals.get(word, 0) + 1', '', 'def main(words):', '    lock = threading.Lock()', '    totals = {}', '    threads = [threading.Thread(target=count, args=(lock, totals, w)) for w in words]', '    for thread in threads:', '        thread.start()'),
    // Thread pools under process-like names.
    lines('import threading', 'from multiprocessing.pool import ThreadPool', 'from multiprocessing.dummy import Process', '', 'def main(jobs):', '    lock = threading.Lock()', '    with ThreadPool(4) as pool:', '        pool.starmap(print, [(lock, job) for job in jobs])', '    Process(target=print, args=(lock,)).start()'),
    lines('import threading', 'from concurrent.futures import ThreadPoolExecutor', '', 'def main(urls):', '    lock = threading.RLock()', '    with ThreadPoolExecutor() as executor:', '        for url in urls:', '            executor.submit(print, lock, url)'),
    // The multiprocessing kinds, and a manager's proxy in a pool task.
    lines('import multiprocessing', '', 'def main():', '    lock = multiprocessing.Lock()', '    done = multiprocessing.Event()', '    multiprocessing.Process(target=print, args=(lock, done)).start()'),
    lines('import multiprocessing', '', 'def main(items):', '    manager = multiprocessing.Manager()', '    lock = manager.Lock()', '    with multiprocessing.Pool() as pool:', '        pool.apply_async(print, (lock, items))'),
    // A module-level lock the worker reads as a global is not passed: out of sight here.
    lines('import threading', 'from multiprocessing import Process', '', 'LOCK = threading.Lock()', '', 'def work():', '    with LOCK:', '        pass', '', 'if __name__ == "__main__":', '    Process(target=work).start()'),
    // A name bound twice: which object is passed is not known.
    lines('import threading, multiprocessing', '', 'def main(shared):', '    lock = threading.Lock()', '    if shared:', '        lock = multiprocessing.Lock()', '    multiprocessing.Process(target=print, args=(lock,)).start()'),
    // A pool of the module's own making, and ordinary values in a pool task.
    lines('import threading', '', 'class Pool:', '    def map(self, fn, items):', '        return [fn(item) for item in items]', '', 'def main():', '    lock = threading.Lock()', '    Pool().map(print, [lock])'),
    lines('import threading', 'from multiprocessing import Pool', '', 'def main(paths):', '    with Pool() as pool:', '        return pool.map(len, paths)'),
  ],
  invalid: [
    {
      name: 'a local lock passed to processes; the from-import gains Lock',
      code: lines('import threading', 'from multiprocessing import Process', '', 'def main():', '    lock = threading.Lock()', '    workers = [Process(target=print, args=(lock, n)) for n in range(4)]', '    for worker in workers:', '        worker.start()'),
      findings: [{ text: 'lock', line: 6, column: 44, fix: 'unsafe', message: '`lock` is a `threading.Lock`: a child process gets a copy under fork' }],
      output: lines('import threading', 'from multiprocessing import Process, Lock', '', 'def main():', '    lock = Lock()', '    workers = [Process(target=print, args=(lock, n)) for n in range(4)]', '    for worker in workers:', '        worker.start()'),
    },
    {
      name: 'made inline in kwargs, spelled through the module alias',
      code: lines('import threading', 'import multiprocessing as mp', '', 'def launch(job):', '    mp.Process(target=job, kwargs={"stop": threading.Event()}).start()'),
      findings: [{ text: 'threading.Event()', fix: 'unsafe' }],
      output: lines('import threading', 'import multiprocessing as mp', '', 'def launch(job):', '    mp.Process(target=job, kwargs={"stop": mp.Event()}).start()'),
    },
    {
      name: 'a semaphore for a pool initializer, by position; its arguments are kept',
      code: lines(
        'import threading',
        'import multiprocessing',
        '',
        'def init(gate):',
        '    global GATE',
        '    GATE = gate',
        '',
        'def main(jobs):',
        '    gate = threading.Semaphore(2)',
        '    gate.acquire(True, 5)',
        '    gate.release()',
        '    with multiprocessing.Pool(4, init, (gate,)) as pool:',
        '        pool.map(print, jobs)',
      ),
      findings: [{ text: 'gate', line: 12, fix: 'unsafe', message: 'use `multiprocessing.Semaphore`' }],
      output: lines(
        'import threading',
        'import multiprocessing',
        '',
        'def init(gate):',
        '    global GATE',
        '    GATE = gate',
        '',
        'def main(jobs):',
        '    gate = multiprocessing.Semaphore(2)',
        '    gate.acquire(True, 5)',
        '    gate.release()',
        '    with multiprocessing.Pool(4, init, (gate,)) as pool:',
        '        pool.map(print, jobs)',
      ),
    },
    {
      name: 'in a function that also locks it',
      code: lines('import threading', 'import multiprocessing', '', 'def main():', '    lock = threading.Lock()', '    if not lock.acquire(blocking=False):', '        return', '    multiprocessing.Process(target=print, args=(lock,)).start()'),
      findings: [{ text: 'lock', line: 8, fix: 'unsafe' }],
      output: lines('import threading', 'import multiprocessing', '', 'def main():', '    lock = multiprocessing.Lock()', '    if not lock.acquire(blocking=False):', '        return', '    multiprocessing.Process(target=print, args=(lock,)).start()'),
    },
    {
      name: 'for an executor\'s initializer; `import multiprocessing` is added',
      code: lines('import threading', 'from concurrent.futures import ProcessPoolExecutor', '', 'def main(register):', '    lock = threading.Lock()', '    register(lock)', '    return ProcessPoolExecutor(initializer=print, initargs=(lock,))'),
      findings: [{ text: 'lock', line: 7, fix: 'unsafe' }],
      output: lines('import threading', 'from concurrent.futures import ProcessPoolExecutor', 'import multiprocessing', '', 'def main(register):', '    lock = multiprocessing.Lock()', '    register(lock)', '    return ProcessPoolExecutor(initializer=print, initargs=(lock,))'),
    },
    {
      name: '`Lock` already names threading\'s: `import multiprocessing` is added',
      code: lines('from threading import Lock', 'from multiprocessing import Process', '', 'def main():', '    lock = Lock()', '    Process(None, print, "writer", (lock,)).start()'),
      findings: [{ text: 'lock', line: 6, fix: 'unsafe' }],
      output: lines('from threading import Lock', 'from multiprocessing import Process', 'import multiprocessing', '', 'def main():', '    lock = multiprocessing.Lock()', '    Process(None, print, "writer", (lock,)).start()'),
    },
    {
      name: 'a module-level lock made in the main guard: the fix edits its assignment there',
      code: lines('import threading', 'import multiprocessing', '', 'if __name__ == "__main__":', '    lock = threading.Lock()', '    multiprocessing.Process(target=print, args=(lock,)).start()'),
      findings: [{ text: 'lock', line: 6, fix: 'unsafe' }],
      output: lines('import threading', 'import multiprocessing', '', 'if __name__ == "__main__":', '    lock = multiprocessing.Lock()', '    multiprocessing.Process(target=print, args=(lock,)).start()'),
    },
    {
      name: 'a module-level lock made in another statement: found, no fix',
      code: lines('import threading', 'import multiprocessing', '', 'LOCK = threading.RLock()', '', 'if __name__ == "__main__":', '    multiprocessing.Process(target=print, args=(LOCK,)).start()'),
      findings: [{ text: 'LOCK', line: 7, fix: null, message: '`LOCK` is a `threading.RLock`' }],
    },
    {
      name: 'a condition built on a lock of its own gets no fix',
      code: lines('import threading', 'import multiprocessing', '', 'def main():', '    ready = threading.Condition(threading.Lock())', '    multiprocessing.Process(target=print, args=(ready,)).start()'),
      findings: [{ text: 'ready', fix: null, message: '`threading.Condition`' }],
    },
    {
      name: 'pool and executor tasks pickle their arguments: no fix',
      code: lines(
        'import threading',
        'from functools import partial',
        'from multiprocessing import Pool',
        'from concurrent.futures import ProcessPoolExecutor',
        '',
        'def main(items):',
        '    lock = threading.Lock()',
        '    done = threading.Event()',
        '    with Pool() as pool:',
        '        pool.apply_async(print, (lock, items))',
        '        pool.map(partial(print, lock), items)',
        '        pool.starmap(print, [(done, item) for item in items])',
        '    executor = ProcessPoolExecutor()',
        '    executor.submit(print, items, flag=done)',
      ),
      findings: [
        { text: 'lock', line: 10, fix: null, message: 'the arguments of pool tasks are pickled' },
        { text: 'lock', line: 11, fix: null },
        { text: 'done', line: 12, fix: null, message: 'or use `Manager().Event()`' },
        { text: 'done', line: 14, fix: null },
      ],
    },
    {
      name: 'a pool held by a module-level name in a script',
      code: lines('import threading', 'import multiprocessing', '', 'if __name__ == "__main__":', '    lock = threading.Lock()', '    with multiprocessing.Pool(2) as pool:', '        pool.apply(print, args=(lock,))'),
      findings: [{ text: 'lock', line: 7, fix: null }],
    },
  ],
});
