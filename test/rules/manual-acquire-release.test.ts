import rule from '../../server/src/rules/manual-acquire-release';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Already a with statement.
    lines('import threading', '', 'lock = threading.Lock()', '', 'def add(items, item):', '    with lock:', '        items.append(item)'),
    // The result is checked: a timeout or a non-blocking try, which `with` cannot express.
    lines('def poll(self):', '    if not self._lock.acquire(timeout=1):', '        return None', '    try:', '        return self._queue.pop()', '    finally:', '        self._lock.release()'),
    lines('def try_run(self):', '    acquired = self._lock.acquire(blocking=False)', '    if acquired:', '        try:', '            self.run()', '        finally:', '            self._lock.release()'),
    // Acquired in one method, released in another: a context manager or a hand-over.
    lines('class Guard:', '    def __enter__(self):', '        self._lock.acquire()', '        return self', '', '    def __exit__(self, *exc):', '        self._lock.release()'),
    // A pool hands out connections: the value is used, and it is no lock.
    lines('async def query(pool, sql):', '    conn = await pool.acquire()', '    rows = await conn.fetch(sql)', '    await pool.release(conn)', '    return rows'),
    lines('def borrow(pool):', '    pool.acquire()', '    value = pool.compute()', '    pool.release()', '    return value'),
    // A semaphore used for counting: acquired in one loop, released in another.
    lines('def drain(sem, n):', '    for _ in range(n):', '        sem.acquire()', '    flush()', '    for _ in range(n):', '        sem.release()'),
    // Acquired in one branch, released in another.
    lines('def set_locked(self, locked):', '    if locked:', '        self._lock.acquire()', '    else:', '        self._lock.release()'),
    // Released in `except` and on the way out: every path is handled by hand.
    lines('def hand_over(self):', '    self._lock.acquire()', '    try:', '        self.prepare()', '    except Exception:', '        self._lock.release()', '        raise', '    self.owner = current()', '    self._lock.release()'),
    // The release is in the finally of a later try: exceptions are handled, the shape is not `with`.
    lines('def run(self):', '    self._lock.acquire()', '    self.started = True', '    try:', '        self.work()', '    finally:', '        self.started = False', '        self._lock.release()'),
    // Nothing between the acquire and the release can raise.
    lines('def touch(self):', '    self._lock.acquire()', '    self.count = 0', '    self._lock.release()'),
    // Released first, re-acquired after: the inverse of the pattern.
    lines('def wait_unlocked(self):', '    self._lock.release()', '    try:', '        time.sleep(0.1)', '    finally:', '        self._lock.acquire()'),
    // A test of the lock itself.
    lines('def test_lock_is_reentrant(lock):', '    lock.acquire()', '    assert lock.locked()', '    lock.release()'),
    // A lock wrapper's own acquire returns holding the inner lock; a helper class defined in a test.
    lines('class FlakyLock:', '    def acquire(self, timeout=None):', '        self._lock.acquire()', '        if timeout is None:', '            return True', '        self._lock.release()', '        return False'),
    lines('def test_worker_retries(monkeypatch):', '    class Slow:', '        def run(self):', '            self._lock.acquire()', '            self.step()', '            self._lock.release()', '    monkeypatch.setattr(worker, "Lock", Slow)'),
    // The release lives in a callback, another function.
    lines('def start(self):', '    self._sem.acquire()', '    def done(future):', '        self._sem.release()', '    self.pool.submit(work).add_done_callback(done)'),
    // An object whose name says nothing about locking.
    lines('def render(self):', '    self.buffer.acquire()', '    self.draw()', '    self.buffer.release()'),
    // A threading lock "acquired" with await is not this pattern.
    lines('import threading', '', 'lock = threading.Lock()', '', 'async def odd():', '    await lock.acquire()', '    try:', '        await work()', '    finally:', '        lock.release()'),
  ],
  invalid: [
    {
      name: 'a release after code that can raise',
      code: lines('import threading', '', 'lock = threading.Lock()', '', 'def record(entries, entry):', '    lock.acquire()', '    entries.append(entry.validate())', '    lock.release()'),
      findings: [{ text: 'lock.acquire()', line: 6, column: 5, fix: null, message: '`lock.release()` is not in a `finally`' }],
    },
    {
      name: 'an early return leaves the lock held',
      code: lines(
        'class Cache:',
        '    def get(self, key):',
        '        self._lock.acquire()',
        '        if key not in self._data:',
        '            return None',
        '        value = self._data[key]',
        '        self._lock.release()',
        '        return value',
      ),
      findings: [{ text: 'self._lock.acquire()', line: 3, message: '`self._lock` stays acquired; use `with self._lock:`' }],
    },
    {
      name: 'a condition waited on by hand',
      code: lines('def take(self):', '    self._cond.acquire()', '    while not self._items:', '        self._cond.wait()', '    item = self._items.pop()', '    self._cond.release()', '    return item'),
      findings: [{ text: 'self._cond.acquire()' }],
    },
    {
      name: 'acquire and try/finally release of a known lock: with, safe',
      code: lines(
        'import threading',
        '',
        'class Counter:',
        '    def __init__(self):',
        '        self.value = 0',
        '',
        'def bump(counter, lock=threading.RLock()):',
        '    lock.acquire()',
        '    try:  # may raise on overflow',
        '        counter.value += 1',
        '        check(counter)',
        '    finally:',
        '        lock.release()',
        '    return counter.value',
      ),
      findings: [{ text: 'lock.acquire()', line: 8, fix: 'safe', message: 'is `with lock:`' }],
      output: lines(
        'import threading',
        '',
        'class Counter:',
        '    def __init__(self):',
        '        self.value = 0',
        '',
        'def bump(counter, lock=threading.RLock()):',
        '    with lock:  # may raise on overflow',
        '        counter.value += 1',
        '        check(counter)',
        '    return counter.value',
      ),
    },
    {
      name: 'a lock known by its name only: the fix is unsafe',
      code: lines('def save(self, record):', '    self._write_lock.acquire()', '    try:', '        self._db.insert(record)', '    finally:', '        self._write_lock.release()'),
      findings: [{ text: 'self._write_lock.acquire()', fix: 'unsafe' }],
      output: lines('def save(self, record):', '    with self._write_lock:', '        self._db.insert(record)'),
    },
    {
      name: 'an asyncio semaphore: async with',
      code: lines(
        'import asyncio',
        '',
        'limit = asyncio.Semaphore(10)',
        '',
        'async def fetch(session, url):',
        '    await limit.acquire()',
        '    try:',
        '        return await session.get(url)',
        '    finally:',
        '        limit.release()',
      ),
      findings: [{ text: 'limit.acquire()', fix: 'safe', message: 'is `async with limit:`' }],
      output: lines('import asyncio', '', 'limit = asyncio.Semaphore(10)', '', 'async def fetch(session, url):', '    async with limit:', '        return await session.get(url)'),
    },
    {
      name: 'an annotated asyncio lock released by hand',
      code: lines('import asyncio', '', 'async def update(lock: asyncio.Lock, store, key):', '    await lock.acquire()', '    value = await store.load(key)', '    lock.release()', '    return value'),
      findings: [{ text: 'lock.acquire()', fix: null, message: 'use `async with lock:`' }],
    },
    {
      name: 'a comment between the acquire and the try would be deleted: reported, not fixed',
      code: lines(
        'from threading import Lock',
        '',
        '_lock = Lock()',
        '',
        'def first():',
        '    _lock.acquire()',
        '    # keep the critical section short',
        '    try:',
        '        step()',
        '    finally:',
        '        _lock.release()',
      ),
      findings: [{ text: '_lock.acquire()', fix: null }],
    },
    {
      name: 'acquire and release in a loop body',
      code: lines('def consume(self, jobs):', '    for job in jobs:', '        self.mutex.acquire()', '        self.results[job.id] = job.run()', '        self.mutex.release()'),
      findings: [{ text: 'self.mutex.acquire()' }],
    },
  ],
});
