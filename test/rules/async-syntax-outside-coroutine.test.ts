import { describe, expect, it } from 'vitest';
import rule from '../../server/src/rules/async-syntax-outside-coroutine';
import { compileFailures } from '../python-compile';
import { testRule, type RuleCases } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

const cases: RuleCases = {
  // The rule's whole point: its example is what CPython refuses to compile.
  exampleIsSyntaxError: true,
  valid: [
    // The ordinary coroutine: await, async with and async for in its body.
    lines(
      'async def copy(reader, writer, lock):',
      '    async with lock:',
      '        async for chunk in reader:',
      '            writer.write(chunk)',
      '            await writer.drain()',
    ),
    // A comprehension in a coroutine runs as part of it, with `await` or `async for`.
    lines('async def load_all(ids):', '    return [await load(i) for i in ids]'),
    lines('async def names(cursor):', '    return {row.name async for row in cursor}'),
    lines('async def index(pages):', '    return {page.url: await page.text() async for page in pages if await page.ok()}'),
    // Since 3.11 a comprehension nested in one inside a coroutine may be asynchronous too.
    lines('async def grid(rows):', '    return [[await cell.value() for cell in row] for row in rows]'),
    // A generator expression with `await` or `async for` is an asynchronous generator: legal anywhere.
    lines('def stream(source):', '    return (item.upper() async for item in source)'),
    lines('def results(futures):', '    return (await f for f in futures)'),
    'pending = (await task for task in tasks)\n',
    lines('def batches(groups):', '    return ([x async for x in group] for group in groups)'),
    // What a nested definition evaluates where it stands runs in the coroutine: defaults, decorators, bases.
    lines('async def make_handler(config):', '    def handler(request, settings=await config.load()):', '        return settings[request.path]', '    return handler'),
    lines('async def register(app):', '    @app.route(await app.prefix())', '    def index():', '        return "ok"'),
    lines('async def model(registry):', '    class Row(await registry.base()):', '        pass', '    return Row'),
    lines('async def callbacks(source):', '    return [lambda value=await source.get(): value]'),
    // A coroutine nested in a plain function.
    lines('def make_worker(queue):', '    async def worker():', '        while True:', '            job = await queue.get()', '            await job.run()', '    return worker'),
    // A decorated coroutine.
    lines('import functools', '', '@functools.lru_cache', 'async def settings(loader):', '    return await loader.read()'),
    // A coroutine method of a class.
    lines('class Client:', '    async def close(self):', '        async with self._lock:', '            await self._session.close()'),
    // `await` as a plain name in a comment or a string is not the keyword.
    lines('def describe():', '    # await the result in the caller', '    return "await it"'),
    // A plain `with` and `for` outside a coroutine.
    lines('def read(paths):', '    for path in paths:', '        with open(path) as file:', '            yield file.read()'),
    { name: 'silent below 3.7, where await and async were still names', target: [3, 6], code: lines('def f(x):', '    return await x') },
  ],
  invalid: [
    {
      name: 'the docs example: a comprehension in a plain def awaits',
      code: rule.meta.docs.example,
      findings: [{ text: 'await fetch(session, url)', line: 7, column: 13, message: '`await` in `def fetch_all`, which is not `async def`' }],
    },
    {
      name: 'await, async with and async for in a plain function',
      code: lines('def sync_all(client, items):', '    async with client.session() as session:', '        async for item in items:', '            await session.put(item)'),
      findings: [
        { text: 'async with', line: 2, column: 5, message: '`async with` in `def sync_all`' },
        { text: 'async for', line: 3, column: 9, message: '`async for` in `def sync_all`' },
        { text: 'await session.put(item)', line: 4, column: 13, message: '`await` in `def sync_all`' },
      ],
    },
    {
      name: 'a plain function nested in a coroutine is not part of it',
      code: lines('async def serve(queue):', '    def on_message(message):', '        await queue.put(message)', '    return on_message'),
      findings: [{ text: 'await queue.put(message)', line: 3, message: '`def on_message`' }],
    },
    {
      name: 'a lambda in a coroutine cannot await',
      code: lines('async def schedule(loop, job):', '    loop.call_soon(lambda: await job.run())'),
      findings: [{ text: 'await job.run()', message: 'in a lambda' }],
    },
    {
      name: 'a class body in a coroutine cannot await',
      code: lines('async def build(settings):', '    class Config:', '        values = await settings.load()', '    return Config'),
      findings: [{ text: 'await settings.load()', message: 'in a class body' }],
    },
    {
      name: 'a module-level class body',
      code: lines('class Defaults:', '    timeout = await read_timeout()'),
      findings: [{ text: 'await read_timeout()', line: 2, message: 'in a class body' }],
    },
    {
      name: 'top-level await in a module',
      code: lines('import asyncio', '', 'await asyncio.sleep(1)', 'async with lock:', '    pass'),
      findings: [
        { text: 'await asyncio.sleep(1)', line: 3, message: 'at module level' },
        { text: 'async with', line: 4, message: '`async with` at module level' },
      ],
    },
    {
      name: 'async comprehensions (not generator expressions) in a plain function',
      code: lines('def collect(cursor):', '    rows = [row async for row in cursor]', '    return {row.id: row async for row in cursor}'),
      findings: [
        { text: 'async for', line: 2, column: 17, message: '`async for` in `def collect`' },
        { text: 'async for', line: 3, column: 25 },
      ],
    },
    {
      name: "a generator expression's first iterable is evaluated outside it",
      code: lines('def first_names(source):', '    return (name async for name in await source.open())'),
      findings: [{ text: 'await source.open()', message: '`def first_names`' }],
    },
    {
      name: 'a default of a function nested in a plain function runs in the plain function',
      code: lines('def make(config):', '    def handler(settings=await config.load()):', '        return settings', '    return handler'),
      findings: [{ text: 'await config.load()', message: '`def make`' }],
    },
    {
      name: 'await in an f-string and a nested comprehension inside a lambda',
      code: lines('def label(user):', '    return f"{await user.name()}"', '', 'async def later(data):', '    return lambda: {k: await v for k, v in data}'),
      findings: [
        { text: 'await user.name()', line: 2 },
        { text: 'await v', line: 5, message: 'in a lambda' },
      ],
    },
    {
      name: 'a method that lost its async',
      code: lines('class Repository:', '    def fetch(self, key):', '        return await self._db.get(key)'),
      findings: [{ text: 'await self._db.get(key)', line: 3, column: 16 }],
    },
  ],
};

testRule(rule, cases);

// The rule's premise is the compiler's verdict: CPython must accept every valid case and reject every invalid one.
describe('PH411 agrees with CPython', () => {
  const valid = cases.valid.flatMap((each) => (typeof each === 'string' ? [{ code: each }] : each.target ? [] : [each]));
  it('compiles every valid case', () => {
    expect(compileFailures(valid.map((each, index) => ({ name: `valid ${index}`, code: each.code })))).toEqual([]);
  });
  it('rejects every invalid case with a SyntaxError', () => {
    const sources = cases.invalid.map((each, index) => ({ name: each.name ?? `invalid ${index}`, code: each.code }));
    expect(compileFailures(sources).map((failure) => failure.name)).toEqual(sources.map((source) => source.name));
  });
});
