import rule from '../../server/src/rules/gather-without-taskgroup';
import type { PythonVersion } from '../../server/src/engine/rule';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';
const PY311: PythonVersion = [3, 11];
/** A decoy at the rule's target: below it the rule is silent anyway. */
const at311 = (code: string) => ({ code, target: PY311 });

testRule(rule, {
  valid: [
    at311(rule.meta.docs.instead),
    // Every outcome collected: nothing is left behind unwatched.
    at311(lines('import asyncio', '', 'async def probe(hosts):', '    results = await asyncio.gather(*[ping(h) for h in hosts], return_exceptions=True)', '    return [r for r in results if not isinstance(r, Exception)]')),
    at311(lines('import asyncio', '', 'async def run(jobs, settings):', '    return await asyncio.gather(*jobs, return_exceptions=settings.tolerant)')),
    at311(lines('import asyncio', '', 'async def run(jobs, **options):', '    return await asyncio.gather(*jobs, **options)')),
    // A fixed set written out: its failure handling is the caller's explicit choice.
    at311(lines('import asyncio', '', 'async def load(user_id):', '    profile, orders = await asyncio.gather(fetch_profile(user_id), fetch_orders(user_id))', '    return profile, orders')),
    // Cancelled first, then collected: the shutdown idiom.
    at311(lines('import asyncio', '', 'class Pool:', '    async def close(self):', '        for task in self._workers:', '            task.cancel()', '        await asyncio.gather(*self._workers)')),
    // The function cancels the siblings itself when one fails.
    at311(
      lines(
        'import asyncio',
        '',
        'async def crawl(urls):',
        '    tasks = [asyncio.create_task(fetch(u)) for u in urls]',
        '    try:',
        '        return await asyncio.gather(*tasks)',
        '    except Exception:',
        '        for task in tasks:',
        '            task.cancel()',
        '        raise',
      ),
    ),
    // Executor futures: a task group only takes coroutines.
    at311(lines('import asyncio', '', 'async def hash_all(loop, paths):', '    futures = [loop.run_in_executor(None, digest, p) for p in paths]', '    return await asyncio.gather(*futures)')),
    // Not awaited on the spot: a future handed on, a sync driver.
    at311(lines('import asyncio', '', 'def start_all(coros):', '    return asyncio.gather(*coros)')),
    at311(lines('import asyncio', '', 'def main(loop, coros):', '    loop.run_until_complete(asyncio.gather(*coros))')),
    at311(lines('import asyncio', '', 'async def bounded(coros):', '    return await asyncio.wait_for(asyncio.gather(*coros), 30)')),
    // A test of gather itself.
    at311(lines('import asyncio', '', 'class GatherTests:', '    async def test_first_error_propagates(self):', '        with self.assertRaises(ValueError):', '            await asyncio.gather(*[fail(), slow()])')),
    // Another library's gather, and a method of that name.
    at311(lines('from trio_compat import gather', '', 'async def run(jobs):', '    await gather(*jobs)')),
    at311(lines('async def flush(self):', '    await self.buffer.gather(*self.parts)')),
    { name: 'silent when targeting 3.10, which has no TaskGroup', target: [3, 10], code: rule.meta.docs.example },
  ],
  invalid: [
    {
      name: 'the docs example',
      target: PY311,
      code: rule.meta.docs.example,
      findings: [{ text: 'await asyncio.gather(*[client.get(url) for url in urls])', line: 5, column: 12, fix: null, message: '`asyncio.gather(*…)` leaves the other awaitables running' }],
    },
    {
      name: 'tasks made earlier, a from-import, an explicit return_exceptions=False',
      target: PY311,
      code: lines(
        'import asyncio',
        'from asyncio import gather',
        '',
        'async def sync_accounts(accounts):',
        '    tasks = [asyncio.create_task(sync(account)) for account in accounts]',
        '    await gather(*tasks)',
        '    await asyncio.gather(first(), *(refresh(a) for a in accounts), return_exceptions=False)',
      ),
      findings: [
        { text: 'await gather(*tasks)', line: 6, message: '`gather(*…)`' },
        { text: 'await asyncio.gather(first(), *(refresh(a) for a in accounts), return_exceptions=False)', line: 7 },
      ],
    },
    {
      name: 'a helper over its own *args, in a method, through asyncio.tasks',
      target: PY311,
      code: lines('import asyncio', '', 'class Runner:', '    async def run_all(self, *coros):', '        return await asyncio.tasks.gather(*coros)'),
      findings: [{ text: 'await asyncio.tasks.gather(*coros)', message: '`asyncio.tasks.gather(*…)`' }],
    },
    {
      name: 'a test that merely uses gather',
      target: PY311,
      code: lines('import asyncio', '', 'async def test_concurrent_writes(store):', '    await asyncio.gather(*[store.put(i) for i in range(10)])', '    assert await store.count() == 10'),
      findings: [{ text: 'await asyncio.gather(*[store.put(i) for i in range(10)])' }],
    },
    {
      name: 'another function cancelling tasks does not excuse this one',
      target: PY311,
      code: lines('import asyncio', '', 'async def stop(tasks):', '    for task in tasks:', '        task.cancel()', '', 'async def start(jobs):', '    await asyncio.gather(*[job.run() for job in jobs])'),
      findings: [{ text: 'await asyncio.gather(*[job.run() for job in jobs])', line: 8 }],
    },
  ],
});
