import rule from '../../server/src/rules/blocking-call-in-async';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // Blocking calls in plain functions are fine: nothing awaits there.
    lines('import time', '', 'def backoff(attempt):', '    time.sleep(2 ** attempt)'),
    lines('import requests', '', 'def fetch(url):', '    return requests.get(url, timeout=10).json()'),
    // Already the async counterparts.
    lines('import asyncio', '', 'async def backoff(attempt):', '    await asyncio.sleep(2 ** attempt)'),
    lines('import asyncio', '', 'async def run(cmd):', '    process = await asyncio.create_subprocess_exec(*cmd)', '    return await process.wait()'),
    // Same-named methods of other objects, other libraries' sleeps.
    lines('import trio', '', 'async def tick():', '    await trio.sleep(1)'),
    lines('class Clock:', '    async def tick(self):', '        self.sleep(1)', '        await self.session.get("/tick")'),
    lines('import anyio', '', 'async def tick(client):', '    await anyio.sleep(1)', '    return await client.get("/tick")'),
    // A local `sleep` shadows the import.
    lines('from time import sleep', '', 'async def tick():', '    def sleep(seconds):', '        return seconds', '    sleep(1)'),
    lines('from time import sleep', '', 'async def tick(sleep):', '    await sleep(1)'),
    // Code handed to a worker thread: a nested function, a lambda, a function reference.
    lines('import asyncio', 'import time', '', 'async def pause():', '    def work():', '        time.sleep(1)', '        return 42', '    return await asyncio.to_thread(work)'),
    lines('import asyncio', 'import requests', '', 'async def fetch(url):', '    loop = asyncio.get_running_loop()', '    return await loop.run_in_executor(None, lambda: requests.get(url, timeout=5))'),
    lines('import asyncio', 'import subprocess', '', 'async def build(cmd):', '    return await asyncio.to_thread(subprocess.run, cmd, check=True)'),
    lines('import asyncio', 'import functools', 'import requests', '', 'async def fetch(url):', '    loop = asyncio.get_running_loop()', '    return await loop.run_in_executor(None, functools.partial(requests.post, url, json={}))'),
    lines('import asyncio', '', 'async def ask():', '    return await asyncio.to_thread(input, "name? ")'),
    // A coroutine defined inside a plain function is checked; a plain function inside it is not.
    lines('import time', '', 'async def outer():', '    def callback():', '        time.sleep(0.1)', '    return callback'),
    // An `open()` whose file the coroutine does not read or write itself.
    lines('async def upload(session, path):', '    with open(path, "rb") as f:', '        await session.post("/upload", data=f)'),
    lines('import asyncio', '', 'async def load(path):', '    with open(path) as f:', '        return await asyncio.to_thread(f.read)'),
    lines('import aiofiles', '', 'async def load(path):', '    async with aiofiles.open(path) as f:', '        return await f.read()'),
    lines('async def log_path(path):', '    handle = open(path)', '    return handle'),
    // The file is read in a nested function, which the coroutine hands to a thread.
    lines('import asyncio', '', 'async def load(path):', '    with open(path) as f:', '        def read_all():', '            return f.read()', '        return await asyncio.to_thread(read_all)'),
    // A default value is evaluated where the function is defined, not when the coroutine runs.
    lines('import subprocess', '', 'async def version(tag=subprocess.check_output(["git", "describe"]).strip()):', '    return tag'),
    // Another library's `open` and `get`.
    lines('from trio import open_file', '', 'async def load(path):', '    f = await open_file(path)', '    return await f.read()'),
    lines('from mylib.http import get', '', 'async def fetch(url):', '    return await get(url)'),
  ],
  invalid: [
    {
      name: 'time.sleep as a statement: await asyncio.sleep, importing asyncio',
      code: lines('import time', '', 'async def retry(call):', '    for attempt in range(3):', '        try:', '            return await call()', '        except OSError:', '            time.sleep(2 ** attempt)'),
      findings: [{ text: 'time.sleep', line: 8, column: 13, fix: 'unsafe', message: '`await asyncio.sleep()`' }],
      output: lines('import time', 'import asyncio', '', 'async def retry(call):', '    for attempt in range(3):', '        try:', '            return await call()', '        except OSError:', '            await asyncio.sleep(2 ** attempt)'),
    },
    {
      name: 'from time import sleep, and asyncio already imported under an alias',
      code: lines('import asyncio as aio', 'from time import sleep', '', 'async def heartbeat(ws):', '    while True:', '        await ws.ping()', '        sleep(30)  # seconds'),
      findings: [{ text: 'sleep', line: 7, column: 9, fix: 'unsafe' }],
      output: lines('import asyncio as aio', 'from time import sleep', '', 'async def heartbeat(ws):', '    while True:', '        await ws.ping()', '        await aio.sleep(30)  # seconds'),
    },
    {
      name: 'from asyncio import sleep is used as it is',
      code: lines('import time', 'from asyncio import sleep', '', 'async def pause():', '    time.sleep(0.5)'),
      findings: [{ text: 'time.sleep', fix: 'unsafe' }],
      output: lines('import time', 'from asyncio import sleep', '', 'async def pause():', '    await sleep(0.5)'),
    },
    {
      name: 'a sleep that is not a whole statement gets no fix',
      code: lines('import time', '', 'async def pause(delay):', '    result = time.sleep(delay)', '    return delay if result is None else 0'),
      findings: [{ text: 'time.sleep', fix: null }],
    },
    {
      name: 'in a trio module the asyncio fix would not run',
      code: lines('import time', 'import trio', '', 'async def pause():', '    time.sleep(1)', '    await trio.sleep(0)'),
      findings: [{ text: 'time.sleep', fix: null, message: '`await trio.sleep()`' }],
    },
    {
      name: 'asyncio is bound to something else: no fix',
      code: lines('import time', '', 'async def pause(asyncio):', '    time.sleep(1)'),
      findings: [{ text: 'time.sleep', fix: null }],
    },
    {
      name: 'blocking HTTP calls, with any import spelling',
      code: lines(
        'import requests as rq',
        'from urllib.request import urlopen',
        'import httpx',
        '',
        'async def sync_all(urls):',
        '    for url in urls:',
        '        rq.post(url, json={"ok": True})',
        '        urlopen(url).read()',
        '        httpx.get(url)',
      ),
      findings: [
        { text: 'rq.post', line: 7, message: '`requests.post()`', fix: null },
        { text: 'urlopen', line: 8, message: '`urllib.request.urlopen()`' },
        { text: 'httpx.get', line: 9, message: 'httpx.AsyncClient' },
      ],
    },
    {
      name: 'processes and input',
      code: lines('import os', 'import subprocess', '', 'async def deploy(host):', '    subprocess.check_call(["rsync", "-a", ".", host])', '    if input("restart? ") == "y":', '        os.system("systemctl restart app")'),
      findings: [
        { text: 'subprocess.check_call', message: 'until the process exits' },
        { text: 'input', message: 'until the user answers' },
        { text: 'os.system', message: 'asyncio.create_subprocess_exec' },
      ],
    },
    {
      name: 'a coroutine defined inside a plain function, and a comprehension in a coroutine',
      code: lines('import subprocess', '', 'def make_handler(cmds):', '    async def handler():', '        return [subprocess.run(cmd) for cmd in cmds]', '    return handler'),
      findings: [{ text: 'subprocess.run', line: 5 }],
    },
    {
      name: 'open() whose file the coroutine reads or writes',
      code: lines(
        'import json',
        '',
        'async def save(path, data, log):',
        '    with open(path, "w") as out:',
        '        json.dump(data, out)',
        '    with open(log) as f:',
        '        for line in f:',
        '            print(line)',
        '    return open(path).read()',
      ),
      findings: [
        { text: 'open', line: 4, column: 10, message: '`aiofiles`' },
        { text: 'open', line: 6 },
        { text: 'open', line: 9 },
      ],
    },
    {
      name: 'two files in one with statement, each written or read',
      code: lines('async def copy(src, dst):', '    with open(src, "rb") as fin, open(dst, "wb") as fout:', '        fout.write(fin.read())'),
      findings: [{ text: 'open', column: 10 }, { text: 'open', column: 34 }],
    },
    {
      name: 'the name of an earlier with block is reused',
      code: lines('async def convert(a, b):', '    with open(a) as f:', '        await send(f)', '    with open(b) as f:', '        return f.readlines()'),
      findings: [{ text: 'open', line: 4 }],
    },
  ],
});
