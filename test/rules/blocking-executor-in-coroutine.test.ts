import rule from '../../server/src/rules/blocking-executor-in-coroutine';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // The asyncio documentation's pattern: every job is awaited inside the block.
    lines(
      'import asyncio',
      'import concurrent.futures',
      '',
      'async def main():',
      '    loop = asyncio.get_running_loop()',
      '    with concurrent.futures.ProcessPoolExecutor() as pool:',
      '        result = await loop.run_in_executor(pool, cpu_bound)',
      '    return result',
    ),
    // Futures awaited through asyncio.wrap_future.
    lines('import asyncio', 'from concurrent.futures import ThreadPoolExecutor', '', 'async def digest(paths):', '    with ThreadPoolExecutor() as pool:', '        futures = [pool.submit(sha256, p) for p in paths]', '        return await asyncio.gather(*map(asyncio.wrap_future, futures))'),
    // A plain function: blocking is what it does.
    lines('from concurrent.futures import ThreadPoolExecutor', '', 'def digest(paths):', '    with ThreadPoolExecutor() as pool:', '        return list(pool.map(sha256, paths))'),
    // The pool lives in a function the coroutine hands to a thread.
    lines(
      'import asyncio',
      'from concurrent.futures import ThreadPoolExecutor',
      '',
      'async def digest(paths):',
      '    def run_all():',
      '        with ThreadPoolExecutor() as pool:',
      '            return list(pool.map(sha256, paths))',
      '    return await asyncio.to_thread(run_all)',
    ),
    // The blocking map runs in a worker thread, awaited inside the block.
    lines(
      'import asyncio',
      'from concurrent.futures import ThreadPoolExecutor',
      '',
      'async def digest(paths):',
      '    loop = asyncio.get_running_loop()',
      '    with ThreadPoolExecutor() as pool:',
      '        return await loop.run_in_executor(None, lambda: list(pool.map(sha256, paths)))',
    ),
    // A pool created once, outside the coroutine; a shutdown that does not wait; one made elsewhere.
    lines('import asyncio', 'from concurrent.futures import ThreadPoolExecutor', '', 'POOL = ThreadPoolExecutor(4)', '', 'async def digest(path):', '    return await asyncio.get_running_loop().run_in_executor(POOL, sha256, path)'),
    lines('from concurrent.futures import ThreadPoolExecutor', '', 'async def fire(jobs):', '    executor = ThreadPoolExecutor()', '    for job in jobs:', '        executor.submit(job)', '    executor.shutdown(wait=False)'),
    lines('class Store:', '    async def close(self):', '        self._executor.shutdown(wait=True)'),
    // The pool is handed to a helper: what it does with it is not known here.
    lines('from concurrent.futures import ThreadPoolExecutor', '', 'async def crawl(urls):', '    with ThreadPoolExecutor() as pool:', '        return await fetch_all(pool, urls)'),
    // Another library's executor, with its own semantics.
    lines('from mylib.pools import ThreadPoolExecutor', '', 'async def digest(paths):', '    with ThreadPoolExecutor() as pool:', '        return list(pool.map(sha256, paths))'),
    // An executor made in a coroutine and never shut down there.
    lines('from concurrent.futures import ThreadPoolExecutor', '', 'async def start(self):', '    self.pool = pool = ThreadPoolExecutor()', '    pool.submit(self.warm_up)'),
  ],
  invalid: [
    {
      name: 'pool.map in a with block',
      code: lines('from concurrent.futures import ThreadPoolExecutor', '', 'async def thumbnails(paths):', '    with ThreadPoolExecutor(max_workers=4) as pool:', '        return list(pool.map(make_thumbnail, paths))'),
      findings: [{ text: 'ThreadPoolExecutor(max_workers=4)', line: 4, column: 10, fix: null, message: 'Leaving `with ThreadPoolExecutor()`' }],
    },
    {
      name: 'submitted jobs collected with as_completed, through the module name',
      code: lines(
        'import concurrent.futures',
        '',
        'async def render(pages):',
        '    with concurrent.futures.ProcessPoolExecutor() as ex:',
        '        futures = [ex.submit(render_page, page) for page in pages]',
        '        for future in concurrent.futures.as_completed(futures):',
        '            await publish(future.result())',
      ),
      findings: [{ text: 'concurrent.futures.ProcessPoolExecutor()', message: '`with ProcessPoolExecutor()`' }],
    },
    {
      name: 'fire and forget through an alias: the end of the block waits',
      code: lines('import concurrent.futures as cf', 'from concurrent import futures', '', 'async def flush(buffers):', '    with cf.ThreadPoolExecutor(2) as pool, futures.ThreadPoolExecutor() as other:', '        for buffer in buffers:', '            pool.submit(buffer.flush)', '        await other_work(other)'),
      findings: [{ text: 'cf.ThreadPoolExecutor(2)' }],
    },
    {
      name: 'an executor shut down by hand, and one left by its with block',
      code: lines(
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'async def index(docs):',
        '    executor = ThreadPoolExecutor()',
        '    for doc in docs:',
        '        executor.submit(tokenize, doc)',
        '    executor.shutdown(cancel_futures=True)',
        '',
        'async def reindex(docs):',
        '    executor = ThreadPoolExecutor()',
        '    with executor:',
        '        results = executor.map(tokenize, docs)',
        '    return list(results)',
      ),
      findings: [
        { text: 'executor.shutdown(cancel_futures=True)', line: 7, message: '`executor.shutdown()`' },
        { text: 'executor', line: 11, message: 'Leaving `with executor:`' },
      ],
    },
    {
      name: 'a coroutine defined inside a plain function',
      code: lines('from concurrent.futures import ThreadPoolExecutor', '', 'def make_handler(jobs):', '    async def handler():', '        with ThreadPoolExecutor() as pool:', '            pool.submit(jobs.pop)', '    return handler'),
      findings: [{ text: 'ThreadPoolExecutor()', line: 5 }],
    },
  ],
});
