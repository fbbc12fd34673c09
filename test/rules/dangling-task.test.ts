import rule from '../../server/src/rules/dangling-task';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // The task is kept: assigned, stored, added to a set, awaited, returned, passed on.
    lines('import asyncio', '', 'async def start(self):', '    self._task = asyncio.create_task(self._run())'),
    lines('import asyncio', '', 'tasks = set()', '', 'def spawn(coro):', '    task = asyncio.ensure_future(coro)', '    tasks.add(task)', '    task.add_done_callback(tasks.discard)'),
    lines('import asyncio', '', 'async def main(urls):', '    pending = []', '    for url in urls:', '        pending.append(asyncio.create_task(fetch(url)))', '    await asyncio.gather(*pending)'),
    lines('import asyncio', '', 'async def main():', '    await asyncio.create_task(worker())'),
    lines('import asyncio', '', 'def schedule(coro):', '    return asyncio.create_task(coro)'),
    lines('import asyncio', '', 'async def main(clients):', '    await asyncio.wait([asyncio.create_task(c.close()) for c in clients])'),
    lines('import asyncio', '', 'on_event = lambda event: asyncio.create_task(handle(event))'),
    // TaskGroups and nurseries keep their tasks.
    lines('import asyncio', '', 'async def main(jobs):', '    async with asyncio.TaskGroup() as tg:', '        for job in jobs:', '            tg.create_task(job.run())'),
    lines('import trio', '', 'async def main(jobs):', '    async with trio.open_nursery() as nursery:', '        for job in jobs:', '            nursery.start_soon(job.run)'),
    // A loop whose origin is not seen.
    lines('class Bot:', '    def on_message(self, message):', '        self.loop.create_task(self.reply(message))'),
    lines('def start(loop, coro):', '    loop.create_task(coro)'),
    // The loop name is rebound to something else before create_task.
    lines('import asyncio', '', 'def start(coro):', '    loop = asyncio.get_event_loop()', '    loop = Scheduler(loop)', '    loop.create_task(coro)'),
    // Other loop methods.
    lines('import asyncio', '', 'async def main():', '    loop = asyncio.get_running_loop()', '    loop.call_soon(print, "tick")', '    loop.run_in_executor(None, cleanup)'),
    // ensure_future of an existing future hands it back: nothing new is dropped.
    lines('import asyncio', '', 'def watch(self):', '    asyncio.ensure_future(self._done)', '    asyncio.ensure_future(asyncio.gather(*self._children))'),
    lines('import asyncio', '', 'async def offload(loop):', '    asyncio.ensure_future(loop.run_in_executor(None, flush))'),
    // Another library's create_task.
    lines('from mylib.tasks import create_task', '', 'def enqueue(job):', '    create_task(job)'),
    // A module-level loop whose name the module binds twice.
    lines('import asyncio', '', 'if __name__ == "__main__":', '    loop = asyncio.new_event_loop()', '    if fast:', '        loop = uvloop.new_event_loop()', '    loop.create_task(main())', '    loop.run_forever()'),
  ],
  invalid: [
    {
      name: 'asyncio.create_task as a statement',
      code: lines('import asyncio', '', 'async def serve(server, cache):', '    asyncio.create_task(refresh(cache))', '    await server.serve_forever()'),
      findings: [{ text: 'asyncio.create_task(refresh(cache))', line: 4, column: 5, fix: null, message: '`create_task()` returns is dropped' }],
    },
    {
      name: 'ensure_future imported by name, in a plain callback',
      code: lines('from asyncio import ensure_future', '', 'def on_reload(signum, frame):', '    ensure_future(reload_config())'),
      findings: [{ text: 'ensure_future(reload_config())', message: '`ensure_future()`' }],
    },
    {
      name: 'loop.create_task on a running loop, also from a closure',
      code: lines(
        'import asyncio',
        'import signal',
        '',
        'async def main(server):',
        '    loop = asyncio.get_running_loop()',
        '    loop.create_task(server.warm_up())',
        '    def on_term():',
        '        loop.create_task(server.stop())',
        '    loop.add_signal_handler(signal.SIGTERM, on_term)',
        '    await server.serve_forever()',
      ),
      findings: [{ text: 'loop.create_task(server.warm_up())', line: 6 }, { text: 'loop.create_task(server.stop())', line: 8 }],
    },
    {
      name: 'create_task straight on the loop getter',
      code: lines('import asyncio', '', 'def schedule(job):', '    asyncio.get_event_loop().create_task(job.run())'),
      findings: [{ text: 'asyncio.get_event_loop().create_task(job.run())' }],
    },
    {
      name: 'a done-callback does not keep the task',
      code: lines('import asyncio', '', 'async def start(self):', '    asyncio.create_task(self.poll()).add_done_callback(self._on_done)'),
      findings: [{ text: 'asyncio.create_task(self.poll())' }],
    },
    {
      name: 'a module-level loop in the main guard',
      code: lines('import asyncio', '', 'if __name__ == "__main__":', '    loop = asyncio.new_event_loop()', '    loop.create_task(monitor())', '    loop.run_forever()'),
      findings: [{ text: 'loop.create_task(monitor())', line: 5 }],
    },
    {
      name: 'ensure_future by keyword, and an aliased asyncio',
      code: lines('import asyncio as aio', '', 'async def kick():', '    aio.ensure_future(coro_or_future=ping())', '    (aio.create_task(pong()))'),
      findings: [{ text: 'aio.ensure_future(coro_or_future=ping())' }, { text: 'aio.create_task(pong())' }],
    },
  ],
});
