import rule from '../../server/src/rules/wait-leaves-pending';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // The default ALL_COMPLETED returns when every task is done: `pending` is empty.
    {
      name: 'the default ALL_COMPLETED',
      code: lines(
        'import asyncio',
        '',
        'async def crawl(urls, fetch):',
        '    tasks = [asyncio.create_task(fetch(u)) for u in urls]',
        '    done, pending = await asyncio.wait(tasks)',
        '    return [t.result() for t in done]',
      ),
    },
    {
      name: 'ALL_COMPLETED spelled out, pending as _',
      code: lines(
        'import asyncio',
        '',
        'async def crawl(urls, fetch):',
        '    tasks = [asyncio.create_task(fetch(u)) for u in urls]',
        '    done, _ = await asyncio.wait(tasks, return_when=asyncio.ALL_COMPLETED)',
        '    return [t.result() for t in done]',
      ),
    },
    // `timeout=None` waits for everything too.
    {
      name: 'timeout=None',
      code: lines(
        'import asyncio',
        '',
        'async def crawl(urls, fetch):',
        '    done, _ = await asyncio.wait([asyncio.create_task(fetch(u)) for u in urls], timeout=None)',
        '    return done',
      ),
    },
    // The rest is cancelled in a loop.
    {
      name: 'pending cancelled in a loop',
      code: lines(
        'import asyncio',
        '',
        'async def race(mirrors, fetch):',
        '    tasks = [asyncio.create_task(fetch(url)) for url in mirrors]',
        '    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)',
        '    for task in pending:',
        '        task.cancel()',
        '    return done.pop().result()',
      ),
    },
    // ... or in a comprehension, or awaited with gather, or waited on again.
    {
      name: 'pending cancelled in a comprehension and gathered',
      code: lines(
        'from asyncio import FIRST_EXCEPTION, create_task, gather, wait',
        '',
        'async def run_all(jobs):',
        '    done, pending = await wait([create_task(job()) for job in jobs], return_when=FIRST_EXCEPTION)',
        '    [task.cancel() for task in pending]',
        '    await gather(*pending, return_exceptions=True)',
        '    return done',
      ),
    },
    {
      name: 'a loop that waits again on pending',
      code: lines(
        'import asyncio',
        '',
        'async def drain(jobs):',
        '    pending = {asyncio.create_task(job()) for job in jobs}',
        '    while pending:',
        '        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)',
        '        for task in done:',
        '            print(task.result())',
      ),
    },
    // Handed to the caller, stored, or passed to a helper that cancels it.
    {
      name: 'pending returned',
      code: lines(
        'import asyncio',
        '',
        'async def first(aws):',
        '    done, pending = await asyncio.wait([asyncio.ensure_future(a) for a in aws], return_when=asyncio.FIRST_COMPLETED)',
        '    return done, pending',
      ),
    },
    {
      name: 'pending stored on the object',
      code: lines(
        'import asyncio',
        '',
        'class Supervisor:',
        '    async def watch(self, jobs):',
        '        done, pending = await asyncio.wait([asyncio.create_task(j()) for j in jobs], return_when=asyncio.FIRST_EXCEPTION)',
        '        self.leftover = pending',
        '        return done',
      ),
    },
    {
      name: 'pending passed to a helper',
      code: lines(
        'import asyncio',
        '',
        'async def first(jobs):',
        '    done, pending = await asyncio.wait([asyncio.create_task(j()) for j in jobs], return_when=asyncio.FIRST_COMPLETED)',
        '    await cancel_and_wait(pending)',
        '    return done',
      ),
    },
    // The tasks are kept by names that are cancelled afterwards (the websocket reader/writer pattern).
    {
      name: 'reader and writer names cancelled afterwards',
      code: lines(
        'import asyncio',
        '',
        'async def pump(ws, queue):',
        '    reader = asyncio.create_task(ws.recv())',
        '    writer = asyncio.create_task(queue.get())',
        '    done, _ = await asyncio.wait({reader, writer}, return_when=asyncio.FIRST_COMPLETED)',
        '    if reader in done:',
        '        writer.cancel()',
        '    else:',
        '        reader.cancel()',
      ),
    },
    {
      name: 'tasks cancelled in a finally block',
      code: lines(
        'import asyncio',
        '',
        'async def serve(jobs):',
        '    tasks = [asyncio.create_task(job()) for job in jobs]',
        '    try:',
        '        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)',
        '        return done',
        '    finally:',
        '        for task in tasks:',
        '            task.cancel()',
      ),
    },
    // The tasks belong to the caller, or to the object: they may cancel them.
    {
      name: 'tasks of the caller',
      code: lines(
        'import asyncio',
        '',
        'async def wait_first(tasks):',
        '    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)',
        '    return done.pop()',
      ),
    },
    {
      name: 'tasks of the object',
      code: lines(
        'import asyncio',
        '',
        'class Pool:',
        '    async def next_done(self):',
        '        done, _ = await asyncio.wait(self.workers, return_when=asyncio.FIRST_COMPLETED)',
        '        return done',
      ),
    },
    // A loop that waits again on the same tasks: the pending ones are waited for in the next round.
    {
      name: 'a polling loop that waits on the same tasks again',
      code: lines(
        'import asyncio',
        '',
        'async def poll(jobs):',
        '    tasks = [asyncio.create_task(job()) for job in jobs]',
        '    while True:',
        '        done, _ = await asyncio.wait(tasks, timeout=1.0)',
        '        if len(done) == len(tasks):',
        '            break',
      ),
    },
    // Inside a task group, which awaits every task it started when the block ends.
    {
      name: 'inside a task group',
      code: lines(
        'import asyncio',
        '',
        'async def main(a, b):',
        '    async with asyncio.TaskGroup() as tg:',
        '        first = tg.create_task(a())',
        '        second = tg.create_task(b())',
        '        done, pending = await asyncio.wait([first, second], return_when=asyncio.FIRST_COMPLETED)',
      ),
    },
    // Another library's wait.
    {
      name: "another library's wait",
      code: lines(
        'from mylib import wait, FIRST_COMPLETED',
        '',
        'async def go(jobs):',
        '    done, pending = await wait([j() for j in jobs], return_when=FIRST_COMPLETED)',
        '    return done',
      ),
    },
    // Options passed through: what they hold is not known here.
    {
      name: 'options passed through **kwargs',
      code: lines(
        'import asyncio',
        '',
        'async def go(jobs, **options):',
        '    done, pending = await asyncio.wait([asyncio.create_task(j()) for j in jobs], **options)',
        '    return done',
      ),
    },
    // The result is used whole.
    {
      name: 'the result used whole',
      code: lines(
        'import asyncio',
        '',
        'async def go(jobs):',
        '    return await asyncio.wait([asyncio.create_task(j()) for j in jobs], return_when=asyncio.FIRST_COMPLETED)',
      ),
    },
  ],
  invalid: [
    {
      name: 'FIRST_COMPLETED over tasks made for the call; pending never looked at',
      code: lines(
        'import asyncio',
        '',
        'async def first_reply(mirrors, fetch):',
        '    tasks = [asyncio.create_task(fetch(url)) for url in mirrors]',
        '    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)',
        '    return done.pop().result()',
      ),
      findings: [{ text: 'asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)', line: 5, column: 27, fix: null, message: 'returns at the first finished task and `pending` is never cancelled or awaited' }],
    },
    {
      name: 'the websocket race: the losing queue.get() keeps running and eats the next item',
      code: lines(
        'import asyncio',
        '',
        'async def pump(ws, queue):',
        '    done, pending = await asyncio.wait(',
        '        {asyncio.create_task(ws.recv()), asyncio.create_task(queue.get())},',
        '        return_when=asyncio.FIRST_COMPLETED,',
        '    )',
        '    if len(pending) > 0:',
        '        print("still waiting on", len(pending))',
        '    return done',
      ),
      findings: [{ line: 4, message: '`pending` is never cancelled or awaited' }],
    },
    {
      name: 'pending dropped as `_`, with names that nothing reads afterwards',
      code: lines(
        'from asyncio import FIRST_EXCEPTION, create_task, wait',
        '',
        'async def run(producer, consumer):',
        '    produce = create_task(producer())',
        '    consume = create_task(consumer())',
        '    done, _ = await wait([produce, consume], return_when=FIRST_EXCEPTION)',
        '    for task in done:',
        '        task.result()',
      ),
      findings: [{ text: 'wait([produce, consume], return_when=FIRST_EXCEPTION)', message: 'returns at the first exception and its pending tasks are dropped' }],
    },
    {
      name: 'a bare await with a timeout drops both sets',
      code: lines(
        'import asyncio',
        '',
        'async def warm_up(caches):',
        '    await asyncio.wait([asyncio.create_task(c.load()) for c in caches], timeout=5)',
      ),
      findings: [{ message: 'returns at its timeout and its pending tasks are dropped' }],
    },
    {
      name: 'a list filled in a loop; a method; an aliased module',
      code: lines(
        'import asyncio as aio',
        '',
        'class Crawler:',
        '    async def fastest(self, urls):',
        '        tasks = []',
        '        for url in urls:',
        '            tasks.append(aio.ensure_future(self.fetch(url)))',
        '        (done, pending) = await aio.wait(tasks, return_when=aio.FIRST_COMPLETED)',
        '        return next(iter(done)).result()',
      ),
      findings: [{ line: 8, column: 33, message: '`pending`' }],
    },
    {
      name: 'fresh tasks in each round of a loop',
      code: lines(
        'import asyncio',
        '',
        'async def serve(listeners):',
        '    while True:',
        '        done, pending = await asyncio.wait([asyncio.create_task(l.accept()) for l in listeners], return_when=asyncio.FIRST_COMPLETED)',
        '        for task in done:',
        '            handle(task.result())',
      ),
      findings: [{ line: 5 }],
    },
  ],
});
