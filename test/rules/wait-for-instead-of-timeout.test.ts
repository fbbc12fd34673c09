import rule from '../../server/src/rules/wait-for-instead-of-timeout';
import type { PythonVersion } from '../../server/src/engine/rule';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';
const PY311: PythonVersion = [3, 11];
/** A decoy at the rule's target: below it the rule is silent anyway. */
const at311 = (code: string) => ({ code, target: PY311 });

testRule(rule, {
  valid: [
    // Already the context manager.
    at311(rule.meta.docs.instead),
    // Not awaited on the spot: handed to gather, wrapped in a task, kept for later.
    at311(lines('import asyncio', '', 'async def ping_all(hosts):', '    return await asyncio.gather(*(asyncio.wait_for(ping(h), 2) for h in hosts))')),
    at311(lines('import asyncio', '', 'async def start(job):', '    return asyncio.create_task(asyncio.wait_for(job.run(), timeout=60))')),
    // Awaited inside a larger expression: no statement to put in a block.
    at311(lines('import asyncio', '', 'async def total(readers):', '    return sum([len(await asyncio.wait_for(r.read(), 1)) for r in readers])')),
    at311(lines('import asyncio', '', 'async def check(conn):', '    if await asyncio.wait_for(conn.ping(), 1):', '        return True')),
    // No deadline at all, or arguments that cannot be read.
    at311(lines('import asyncio', '', 'async def read(reader):', '    return await asyncio.wait_for(reader.read(), None)')),
    at311(lines('import asyncio', '', 'async def call(*args, **options):', '    return await asyncio.wait_for(*args, **options)')),
    // A test of wait_for itself.
    at311(lines('import asyncio', '', 'class WaitForTests:', '    async def test_timeout_cancels_inner(self):', '        await asyncio.wait_for(self.inner(), 0.01)')),
    // Another library's wait_for, and a method of that name.
    at311(lines('from anyio_compat import wait_for', '', 'async def read(reader):', '    return await wait_for(reader.read(), 5)')),
    at311(lines('async def ready(self):', '    await self.driver.wait_for(lambda d: d.title, 5)')),
    { name: 'silent when targeting 3.10, which has no asyncio.timeout', target: [3, 10], code: rule.meta.docs.example },
  ],
  invalid: [
    {
      name: 'the docs example',
      target: PY311,
      code: rule.meta.docs.example,
      findings: [{ text: 'await asyncio.wait_for(queue.get(), timeout=5)', line: 6, column: 16, fix: null, message: '`async with asyncio.timeout(5):`' }],
    },
    {
      name: 'assigned, discarded and augmented; a from-import and the asyncio.tasks spelling',
      target: PY311,
      code: lines(
        'import asyncio',
        'from asyncio import wait_for',
        '',
        'async def handshake(reader, writer, settings):',
        '    await asyncio.wait_for(writer.drain(), settings.write_timeout)',
        '    greeting = await wait_for(reader.readline(), 10.0)',
        '    greeting += await asyncio.tasks.wait_for(reader.readline(), timeout=10.0)',
        '    return greeting',
      ),
      findings: [
        { text: 'await asyncio.wait_for(writer.drain(), settings.write_timeout)', line: 5, message: '`await asyncio.wait_for(…)`: `async with asyncio.timeout(settings.write_timeout):`' },
        { text: 'await wait_for(reader.readline(), 10.0)', line: 6, message: '`await wait_for(…)`' },
        { text: 'await asyncio.tasks.wait_for(reader.readline(), timeout=10.0)', line: 7 },
      ],
    },
    {
      name: 'a function named for waiting is no test of wait_for',
      target: PY311,
      code: lines('import asyncio', '', 'async def wait_for_ready(event, timeout):', '    await asyncio.wait_for(event.wait(), timeout)'),
      findings: [{ text: 'await asyncio.wait_for(event.wait(), timeout)', line: 4 }],
    },
    {
      name: 'a long timeout expression is elided from the message',
      target: PY311,
      code: lines('import asyncio as aio', '', 'class Worker:', '    async def stop(self):', '        await aio.wait_for(self._task, timeout=self.config.shutdown_timeout_seconds)'),
      findings: [{ text: 'await aio.wait_for(self._task, timeout=self.config.shutdown_timeout_seconds)', message: '`async with asyncio.timeout(…):`' }],
    },
  ],
});
