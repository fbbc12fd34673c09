import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import rule from '../../server/src/rules/client-session-per-call';
import { parser } from '../engine-fixture';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

/** A coroutine that opens its own aiohttp session. */
const FETCH = [
  'import asyncio',
  'import aiohttp',
  '',
  'async def fetch(url):',
  '    async with aiohttp.ClientSession() as session:',
  '        async with session.get(url) as response:',
  '            return await response.text()',
  '',
];

testRule(rule, {
  valid: [
    // One session, created by the caller and passed in.
    {
      name: 'one session, created by the caller and passed in',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'async def fetch(session, url):',
        '    async with session.get(url) as response:',
        '        return await response.text()',
        '',
        'async def main(urls):',
        '    async with aiohttp.ClientSession() as session:',
        '        return await asyncio.gather(*[fetch(session, url) for url in urls])',
      ),
    },
    // Waiting on a name that holds no collection of calls: a timeout.
    { name: 'wait on a parameter with a default', code: lines(...FETCH, 'async def main(timeout=None):', '    await fetch("https://example.org")', '    await asyncio.wait(timeout)') },
    // Called once, or one after the other: nothing runs concurrently.
    { name: 'called once', code: lines(...FETCH, 'async def main():', '    print(await fetch("https://example.org"))') },
    { name: 'called one after the other', code: lines(...FETCH, 'async def main(urls):', '    return [await fetch(url) for url in urls]') },
    // Two explicit calls are not a fan-out over a collection.
    { name: 'two explicit calls are no fan-out over a collection', code: lines(...FETCH, 'async def main():', '    return await asyncio.gather(fetch("https://a.example"), fetch("https://b.example"))') },
    // Another coroutine is fanned out.
    { name: 'another coroutine is fanned out', code: lines(...FETCH, 'async def parse(url):', '    return url.split("/")', '', 'async def main(urls):', '    await fetch(urls[0])', '    return await asyncio.gather(*[parse(url) for url in urls])') },
    // A fallback for callers that pass no session.
    {
      name: 'a fallback for callers that pass no session (if)',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'async def fetch(url, session=None):',
        '    if session is None:',
        '        session = aiohttp.ClientSession()',
        '    async with session.get(url) as response:',
        '        return await response.text()',
        '',
        'async def main(urls, session):',
        '    return await asyncio.gather(*[fetch(url, session) for url in urls])',
      ),
    },
    {
      name: 'a fallback for callers that pass no client (or)',
      code: lines(
        'import asyncio',
        'import httpx',
        '',
        'async def fetch(url, client=None):',
        '    client = client or httpx.AsyncClient()',
        '    return (await client.get(url)).text',
        '',
        'async def main(urls, client):',
        '    return await asyncio.gather(*[fetch(url, client) for url in urls])',
      ),
    },
    // A worker keeps its session for every item it takes: a session per worker, not per request.
    {
      name: 'a worker keeps its session for every item of a queue',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'async def worker(queue):',
        '    async with aiohttp.ClientSession() as session:',
        '        while True:',
        '            url = await queue.get()',
        '            async with session.get(url) as response:',
        '                await response.read()',
        '            queue.task_done()',
        '',
        'async def main(queue):',
        '    workers = [asyncio.create_task(worker(queue)) for _ in range(4)]',
        '    await queue.join()',
        '    for task in workers:',
        '        task.cancel()',
      ),
    },
    // A factory: the client it makes is returned to the caller, which keeps it.
    {
      name: 'a factory returns the client it makes',
      code: lines(
        'import asyncio',
        'import httpx',
        '',
        'async def open_client(base_url):',
        '    client = httpx.AsyncClient(base_url=base_url)',
        '    await client.get("/health")',
        '    return client',
        '',
        'async def main(hosts):',
        '    return await asyncio.gather(*[open_client(host) for host in hosts])',
      ),
    },
    {
      name: 'a method stores the session on the object',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'class Connection:',
        '    async def connect(self, url):',
        '        self.session = aiohttp.ClientSession()',
        '        self.socket = await self.session.ws_connect(url)',
        '',
        '    async def connect_all(self, urls):',
        '        await asyncio.gather(*[self.connect(url) for url in urls])',
      ),
    },
    // The fanned-out `fetch` is a parameter, not the module's function.
    { name: 'the fanned-out fetch is a parameter, not the module function', code: lines(...FETCH, 'async def main(fetch, urls):', '    return await asyncio.gather(*[fetch(url) for url in urls])') },
    // Another library's session class.
    {
      name: "another library's ClientSession",
      code: lines(
        'import asyncio',
        'from mylib import ClientSession',
        '',
        'async def fetch(url):',
        '    async with ClientSession() as session:',
        '        return await session.get(url)',
        '',
        'async def main(urls):',
        '    return await asyncio.gather(*[fetch(url) for url in urls])',
      ),
    },
    // A sync function does not create the session per concurrent call.
    {
      name: 'a sync function makes the session',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'def make_session():',
        '    return aiohttp.ClientSession()',
        '',
        'async def main(urls, fetch):',
        '    return await asyncio.gather(*[fetch(url) for url in urls])',
      ),
    },
  ],
  invalid: [
    {
      name: 'a list bound to a comprehension of calls, then waited on',
      code: lines(...FETCH, 'async def main(urls):', '    tasks = [asyncio.create_task(fetch(url)) for url in urls]', '    await asyncio.wait(tasks)'),
      findings: [{ text: 'aiohttp.ClientSession()', line: 5 }],
    },
    {
      name: 'a list bound in a chained assignment across a line continuation, then gathered',
      code: lines(...FETCH, 'async def main(urls):', '    pending = tasks = \\', '        [fetch(url) for url in urls]', '    await asyncio.gather(*pending)'),
      findings: [{ text: 'aiohttp.ClientSession()', line: 5 }],
    },
    {
      name: 'gather over a comprehension of calls',
      code: lines(...FETCH, 'async def main(urls):', '    return await asyncio.gather(*[fetch(url) for url in urls])'),
      findings: [{ text: 'aiohttp.ClientSession()', line: 5, column: 16, fix: null, message: '`fetch` runs concurrently over a collection and makes a new `aiohttp.ClientSession` on every call' }],
    },
    {
      name: 'a list of calls filled in a loop, then gathered; the session under another name',
      code: lines(
        'import asyncio',
        'from aiohttp import ClientSession as Session',
        '',
        'async def download(url, path):',
        '    async with Session() as http:',
        '        async with http.get(url) as response:',
        '            path.write_bytes(await response.read())',
        '',
        'async def main(jobs):',
        '    pending = []',
        '    for url, path in jobs:',
        '        pending.append(download(url, path))',
        '    await asyncio.gather(*pending)',
      ),
      findings: [{ text: 'Session()', line: 5 }],
    },
    {
      name: 'httpx in a method whose calls are made tasks in a loop',
      code: lines(
        'import asyncio',
        'import httpx',
        '',
        'class Checker:',
        '    async def check(self, url):',
        '        async with httpx.AsyncClient(timeout=5) as client:',
        '            response = await client.head(url)',
        '        return response.status_code',
        '',
        '    async def check_all(self, urls):',
        '        tasks = []',
        '        for url in urls:',
        '            tasks.append(asyncio.create_task(self.check(url)))',
        '        return await asyncio.gather(*tasks)',
      ),
      findings: [{ text: 'httpx.AsyncClient(timeout=5)', message: '`check` runs concurrently over a collection and makes a new `httpx.AsyncClient`' }],
    },
    {
      name: 'a coroutine nested in the function that fans it out, through as_completed',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'async def crawl(urls):',
        '    async def one(url):',
        '        session = aiohttp.ClientSession()',
        '        try:',
        '            return await (await session.get(url)).text()',
        '        finally:',
        '            await session.close()',
        '',
        '    for done in asyncio.as_completed([one(url) for url in urls]):',
        '        print(await done)',
      ),
      findings: [{ text: 'aiohttp.ClientSession()', line: 6 }],
    },
    {
      name: 'a task group in a loop, and a retry loop that creates the session anew each time',
      code: lines(
        'import asyncio',
        'import aiohttp',
        '',
        'async def fetch(url):',
        '    for attempt in range(3):',
        '        async with aiohttp.ClientSession() as session:',
        '            async with session.get(url) as response:',
        '                if response.ok:',
        '                    return await response.json()',
        '',
        'async def main(urls):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for url in urls:',
        '            tg.create_task(fetch(url))',
      ),
      findings: [{ line: 6 }],
    },
    {
      name: 'gather over map, and anyio start_soon in a loop',
      code: lines(
        'import asyncio',
        'import anyio',
        'import httpx',
        '',
        'async def ping(host):',
        '    async with httpx.AsyncClient() as client:',
        '        await client.get(host)',
        '',
        'async def upload(item):',
        '    async with httpx.AsyncClient() as client:',
        '        await client.post("/items", json=item)',
        '',
        'async def main(hosts, items):',
        '    await asyncio.gather(*map(ping, hosts))',
        '    async with anyio.create_task_group() as tg:',
        '        for item in items:',
        '            tg.start_soon(upload, item)',
      ),
      findings: [{ line: 6, message: '`ping`' }, { line: 10, message: '`upload`' }],
    },
  ],
});

describe('PH415 through the module facts', () => {
  it('follows an edit of the statement that fans the coroutine out, in another unit', () => {
    const engine = new Engine(parser, [rule], { select: [rule.meta.code] });
    const document = engine.open(lines(...FETCH, 'async def main(urls):', '    return await asyncio.gather(*[fetch(url) for url in urls])'));
    const found = () => engine.analyze(document).map((finding) => document.text.slice(finding.start, finding.end));
    expect(found()).toEqual(['aiohttp.ClientSession()']);
    const edit = (from: string, to: string) => {
      const at = document.text.indexOf(from);
      document.update([{ range: document.lines.rangeOf(at, at + from.length), text: to }]);
    };
    edit('[fetch(url) for url in urls]', '[parse(url) for url in urls]');
    expect(found()).toEqual([]);
    edit('[parse(url) for url in urls]', '[fetch(url) for url in urls]');
    expect(found()).toEqual(['aiohttp.ClientSession()']);
  });
});
