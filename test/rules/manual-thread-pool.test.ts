import rule from '../../server/src/rules/manual-thread-pool';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // A single thread.
    lines('import threading', '', 'def refresh(cache):', '    worker = threading.Thread(target=cache.reload)', '    worker.start()', '    worker.join()'),
    // Daemons kept alive: never joined.
    lines('import threading', '', 'def start_pollers(feeds):', '    for feed in feeds:', '        threading.Thread(target=feed.update, args=(feed,), daemon=True).start()'),
    // Daemon threads that are joined: an executor cannot be abandoned at exit like them.
    lines('import threading', '', 'def fetch_all(urls):', '    threads = [threading.Thread(target=fetch, args=(url,), daemon=True) for url in urls]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    // Long-running servers, one per port.
    lines('import threading', '', 'def run(servers):', '    threads = [threading.Thread(target=server.serve_forever, args=(server,)) for server in servers]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    // A fixed set of identical workers on a queue: the arguments do not depend on the item.
    lines('import threading', '', 'def drain(queue, count):', '    threads = [threading.Thread(target=handle, args=(queue,)) for _ in range(count)]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    // The list of threads is handed back to the caller, or inspected.
    lines('import threading', '', 'def launch(jobs):', '    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()', '    return threads'),
    lines('import threading', '', 'def launch(jobs):', '    threads = []', '    for job in jobs:', '        thread = threading.Thread(target=run, args=(job,))', '        thread.name = job.name', '        thread.start()', '        threads.append(thread)', '    for thread in threads:', '        thread.join()'),
    // Joined with a timeout, and never started here.
    lines('import threading', '', 'def launch(jobs):', '    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join(timeout=5)'),
    lines('import threading', '', 'def prepare(jobs, pool):', '    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]', '    pool.extend(threads)', '    for thread in threads:', '        thread.join()'),
    // A subclass of Thread keeps its results on the instance: not threading.Thread itself.
    lines('import threading', '', 'class Fetch(threading.Thread):', '    pass', '', 'def fetch_all(urls):', '    threads = [Fetch(target=fetch, args=(url,)) for url in urls]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    // Threads that must run at the same time: a thread-safety test, a barrier they meet at.
    lines('import threading', '', 'def test_cache_is_thread_safe(cache):', '    threads = [threading.Thread(target=cache.get, args=(key,)) for key in range(50)]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    lines('import threading', '', 'def race(count, step):', '    barrier = threading.Barrier(count)', '    threads = [threading.Thread(target=step, args=(barrier, n)) for n in range(count)]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    // The item only picks which function runs.
    lines('import threading', '', 'def main(count):', '    threads = []', '    for i in range(count):', '        threads.append(threading.Thread(target=reader if i % 2 else writer))', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
    // At module level the statements are separate units: out of sight.
    lines('import threading', '', 'threads = [threading.Thread(target=print, args=(n,)) for n in range(4)]', 'for thread in threads:', '    thread.start()', 'for thread in threads:', '    thread.join()'),
  ],
  invalid: [
    {
      name: 'a comprehension, a start loop and a join loop',
      code: lines('import threading', '', 'def fetch_all(urls):', '    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]', '    for thread in threads:', '        thread.start()', '    for thread in threads:', '        thread.join()'),
      findings: [{ text: 'threading.Thread(target=fetch, args=(url,))', line: 4, column: 16, fix: null, message: '`concurrent.futures.ThreadPoolExecutor` does this' }],
    },
    {
      name: 'started and appended in the loop, with other work in between',
      code: lines(
        'from threading import Thread',
        '',
        'def resize_all(paths, size):',
        '    workers = []',
        '    for path in paths:',
        '        target_path = path.with_suffix(".small.png")',
        '        worker = Thread(target=resize, kwargs={"source": path, "target": target_path, "size": size})',
        '        worker.start()',
        '        workers.append(worker)',
        '    print("waiting for", len(paths), "images")',
        '    for worker in workers:',
        '        worker.join()',
      ),
      findings: [{ text: 'Thread(target=resize, kwargs={"source": path, "target": target_path, "size": size})', line: 7 }],
    },
    {
      name: 'appended directly, started in a loop of its own; in a main guard',
      code: lines('import threading', '', 'if __name__ == "__main__":', '    threads = []', '    for n in range(8):', '        threads.append(threading.Thread(target=lambda: compute(n)))', '    for t in threads:', '        t.start()', '    for t in threads:', '        t.join()'),
      findings: [{ text: 'threading.Thread(target=lambda: compute(n))', line: 6 }],
    },
    {
      name: 'in a method',
      code: lines('import threading', '', 'class Indexer:', '    def index_all(self, documents):', '        threads = [threading.Thread(target=self.index, args=(doc,)) for doc in documents]', '        for thread in threads:', '            thread.start()', '        for thread in threads:', '            thread.join()'),
      findings: [{ text: 'threading.Thread(target=self.index, args=(doc,))', line: 5 }],
    },
  ],
});
