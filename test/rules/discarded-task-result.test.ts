import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import rule from '../../server/src/rules/discarded-task-result';
import { parser } from '../engine-fixture';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

const FETCH = ['import asyncio', '', 'async def fetch(session, url):', '    async with session.get(url) as response:', '        return await response.text()', ''];

testRule(rule, {
  valid: [
    // The coroutine returns nothing: it is run for what it does.
    {
      name: 'the coroutine returns nothing',
      code: lines(
        'import asyncio',
        '',
        'async def notify(user):',
        '    await user.send("hello")',
        '',
        'async def main(users):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for user in users:',
        '            tg.create_task(notify(user))',
      ),
    },
    {
      name: 'the coroutine returns only None',
      code: lines(
        'import asyncio',
        '',
        'async def save(db, row):',
        '    if row is None:',
        '        return',
        '    await db.insert(row)',
        '    return None',
        '',
        'async def main(db, rows):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for row in rows:',
        '            tg.create_task(save(db, row))',
      ),
    },
    {
      name: 'only a status flag comes back',
      code: lines(
        'import asyncio',
        '',
        'async def ping(host):',
        '    if not await host.reachable():',
        '        return False',
        '    return True',
        '',
        'async def main(hosts):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for host in hosts:',
        '            tg.create_task(ping(host))',
      ),
    },
    // The task is kept, and its result read after the block.
    {
      name: 'the task is kept in a comprehension',
      code: lines(
        ...FETCH,
        'async def main(session, urls):',
        '    async with asyncio.TaskGroup() as tg:',
        '        tasks = [tg.create_task(fetch(session, url)) for url in urls]',
        '    return [task.result() for task in tasks]',
      ),
    },
    {
      name: 'the task is kept in a name',
      code: lines(
        ...FETCH,
        'async def main(session, url):',
        '    async with asyncio.TaskGroup() as tg:',
        '        task = tg.create_task(fetch(session, url))',
        '        task.add_done_callback(print)',
      ),
    },
    // Results are collected through a list or a queue the coroutine is given.
    {
      name: 'results go into a list the coroutine is given',
      code: lines(
        'import asyncio',
        '',
        'async def fetch_into(url, results):',
        '    body = await download(url)',
        '    results.append(body)',
        '    return body',
        '',
        'async def main(urls):',
        '    results = []',
        '    async with asyncio.TaskGroup() as tg:',
        '        for url in urls:',
        '            tg.create_task(fetch_into(url, results))',
        '    return results',
      ),
    },
    // Not an asyncio task group: another library's, a loop inside another context manager, anyio's.
    { name: "another library's TaskGroup", code: lines(...FETCH, 'from mylib import TaskGroup', '', 'async def main(session, urls):', '    async with TaskGroup() as tg:', '        tg.create_task(fetch(session, urls[0]))') },
    { name: 'create_task of a loop or of another context manager', code: lines(...FETCH, 'async def main(session, urls):', '    loop = asyncio.get_running_loop()', '    async with asyncio.timeout(5) as scope:', '        scope.create_task(fetch(session, urls[0]))', '        loop.create_task(fetch(session, urls[1]))') },
    { name: "anyio's start_soon", code: lines(...FETCH, 'import anyio', '', 'async def main(session, urls):', '    async with anyio.create_task_group() as tg:', '        tg.start_soon(fetch, session, urls[0])') },
    // Imported coroutines and other objects' methods are not known here.
    {
      name: 'an imported coroutine',
      code: lines(
        'import asyncio',
        'from .client import fetch',
        '',
        'async def main(session, urls):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for url in urls:',
        '            tg.create_task(fetch(session, url))',
      ),
    },
    {
      name: "another object's method",
      code: lines(
        'import asyncio',
        '',
        'async def main(client, urls):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for url in urls:',
        '            tg.create_task(client.fetch(url))',
      ),
    },
    // A sync function (its coroutine is not this file's to judge), a name defined two ways.
    {
      name: 'a sync function',
      code: lines(
        'import asyncio',
        '',
        'def build(x):',
        '    return make_coroutine(x)',
        '',
        'async def main(xs):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for x in xs:',
        '            tg.create_task(build(x))',
      ),
    },
    {
      name: 'a name defined two ways',
      code: lines(
        'import asyncio',
        '',
        'if FAST:',
        '    async def work(x):',
        '        return await compute(x)',
        'else:',
        '    async def work(x):',
        '        await compute(x)',
        '',
        'async def main(xs):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for x in xs:',
        '            tg.create_task(work(x))',
      ),
    },
    // The value is returned by a function nested in the coroutine, not by the coroutine.
    {
      name: 'the value comes from a nested function',
      code: lines(
        'import asyncio',
        '',
        'async def schedule(loop, job):',
        '    def later():',
        '        return job()',
        '    loop.call_soon(later)',
        '',
        'async def main(loop, jobs):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for job in jobs:',
        '            tg.create_task(schedule(loop, job))',
      ),
    },
    // A `self.` method the class does not define, or defines without a return value.
    {
      name: 'methods the class does not define, or that return nothing',
      code: lines(
        'import asyncio',
        '',
        'class Worker(Base):',
        '    async def handle(self, item):',
        '        await self.store(item)',
        '',
        '    async def run(self, items):',
        '        async with asyncio.TaskGroup() as tg:',
        '            for item in items:',
        '                tg.create_task(self.handle(item))',
        '                tg.create_task(self.process(item))',
      ),
    },
  ],
  invalid: [
    {
      name: 'a module-level coroutine that returns the body',
      code: lines(
        ...FETCH,
        'async def main(session, urls):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for url in urls:',
        '            tg.create_task(fetch(session, url))',
      ),
      findings: [{ text: 'tg.create_task(fetch(session, url))', line: 10, column: 13, fix: null, message: 'The task of `fetch(…)` is not kept' }],
    },
    {
      name: 'a from-import of TaskGroup, a task name, a decorated coroutine',
      code: lines(
        'from asyncio import TaskGroup',
        '',
        '@retry(times=3)',
        'async def load(path):',
        '    data = await read(path)',
        '    return parse(data)',
        '',
        'async def main(paths):',
        '    async with TaskGroup() as group:',
        '        for path in paths:',
        '            group.create_task(load(path), name=path)',
      ),
      findings: [{ text: 'group.create_task(load(path), name=path)' }],
    },
    {
      name: 'a coroutine defined in the same function; two groups in one statement',
      code: lines(
        'import asyncio',
        '',
        'async def main(a_items, b_items):',
        '    async def square(x):',
        '        await asyncio.sleep(0)',
        '        return x * x',
        '',
        '    async with asyncio.TaskGroup() as first, asyncio.TaskGroup() as second:',
        '        first.create_task(square(a_items[0]))',
        '        second.create_task(square(b_items[0]))',
      ),
      findings: [{ line: 9, message: '`square(…)`' }, { line: 10 }],
    },
    {
      name: 'a method of the class called on self',
      code: lines(
        'import asyncio',
        '',
        'class Scraper:',
        '    async def scrape(self, url):',
        '        page = await self.client.get(url)',
        '        return page.links()',
        '',
        '    async def crawl(self, urls):',
        '        async with asyncio.TaskGroup() as tg:',
        '            for url in urls:',
        '                tg.create_task(self.scrape(url))',
      ),
      findings: [{ text: 'tg.create_task(self.scrape(url))', message: '`self.scrape(…)`' }],
    },
    {
      name: 'a nested block of the group, not inside a nested function',
      code: lines(
        ...FETCH,
        'async def main(session, urls):',
        '    async with asyncio.TaskGroup() as tg:',
        '        def later():',
        '            tg.create_task(fetch(session, urls[0]))',
        '        if urls:',
        '            tg.create_task(fetch(session, urls[-1]))',
      ),
      findings: [{ line: 12 }],
    },
  ],
});

describe('PH412 through the module facts', () => {
  it('follows an edit of the coroutine, in another unit', () => {
    const engine = new Engine(parser, [rule], { select: [rule.meta.code] });
    const document = engine.open(lines(...FETCH, 'async def main(session, urls):', '    async with asyncio.TaskGroup() as tg:', '        tg.create_task(fetch(session, urls[0]))'));
    const found = () => engine.analyze(document).map((finding) => document.text.slice(finding.start, finding.end));
    expect(found()).toEqual(['tg.create_task(fetch(session, urls[0]))']);
    const edit = (from: string, to: string) => {
      const at = document.text.indexOf(from);
      document.update([{ range: document.lines.rangeOf(at, at + from.length), text: to }]);
    };
    edit('return await response.text()', 'print(await response.text())');
    expect(found()).toEqual([]);
    edit('print(await response.text())', 'return await response.text()');
    expect(found()).toEqual(['tg.create_task(fetch(session, urls[0]))']);
  });
});
