import rule from '../../server/src/rules/get-event-loop-in-coroutine';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    lines('import asyncio', '', 'async def main():', '    loop = asyncio.get_running_loop()', '    return await loop.run_in_executor(None, load)'),
    // A plain function may be called where a loop was set on purpose, or from a thread.
    lines('import asyncio', '', 'def main():', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(serve())'),
    lines('import asyncio', '', 'async def start(server):', '    def on_reload():', '        asyncio.get_event_loop().call_soon(server.reload)', '    server.on("reload", on_reload)'),
    lines('import asyncio', '', 'async def start(pool):', '    pool.submit(lambda: asyncio.get_event_loop())'),
    // A loop was set first, or the branch is for old Pythons.
    lines('import asyncio', '', 'if __name__ == "__main__":', '    asyncio.set_event_loop(asyncio.new_event_loop())', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(main())'),
    lines('import asyncio', 'import sys', '', 'if sys.version_info >= (3, 10):', '    loop = asyncio.new_event_loop()', 'else:', '    loop = asyncio.get_event_loop()'),
    // Other objects' get_event_loop.
    lines('import asyncio', '', 'loop = asyncio.get_event_loop_policy().get_event_loop()'),
    lines('class Service:', '    async def start(self):', '        return self.get_event_loop()'),
    lines('from mylib.loops import get_event_loop', '', 'async def main():', '    return get_event_loop()'),
    // A class body is not module level code this rule judges.
    lines('import asyncio', '', 'class Settings:', '    loop = asyncio.get_event_loop()'),
  ],
  invalid: [
    {
      name: 'in a coroutine: get_running_loop through the same module name',
      code: lines('import asyncio', '', 'async def fetch(url):', '    loop = asyncio.get_event_loop()', '    return await loop.run_in_executor(None, download, url)'),
      findings: [{ text: 'asyncio.get_event_loop()', line: 4, column: 12, fix: 'safe', message: '`asyncio.get_running_loop()`' }],
      output: lines('import asyncio', '', 'async def fetch(url):', '    loop = asyncio.get_running_loop()', '    return await loop.run_in_executor(None, download, url)'),
    },
    {
      name: 'a bare get_event_loop gains get_running_loop beside it',
      code: lines('from asyncio import get_event_loop', '', 'class Client:', '    async def connect(self):', '        self.loop = get_event_loop()'),
      findings: [{ text: 'get_event_loop()', fix: 'safe' }],
      output: lines('from asyncio import get_event_loop, get_running_loop', '', 'class Client:', '    async def connect(self):', '        self.loop = get_running_loop()'),
    },
    {
      name: 'get_running_loop is already imported',
      code: lines('from asyncio import get_event_loop, get_running_loop', '', 'async def tick():', '    get_event_loop().call_later(1, tick)'),
      findings: [{ text: 'get_event_loop()', fix: 'safe' }],
      output: lines('from asyncio import get_event_loop, get_running_loop', '', 'async def tick():', '    get_running_loop().call_later(1, tick)'),
    },
    {
      name: 'the name get_running_loop is taken: through the asyncio module, else no fix',
      code: lines(
        'import asyncio',
        'from asyncio import get_event_loop',
        '',
        'async def one(get_running_loop):',
        '    return get_event_loop()',
        '',
        'async def two():',
        '    def get_running_loop():',
        '        return None',
        '    return get_event_loop()',
      ),
      findings: [
        { text: 'get_event_loop()', line: 5, fix: 'safe' },
        { text: 'get_event_loop()', line: 10, fix: 'safe' },
      ],
      output: lines(
        'import asyncio',
        'from asyncio import get_event_loop',
        '',
        'async def one(get_running_loop):',
        '    return asyncio.get_running_loop()',
        '',
        'async def two():',
        '    def get_running_loop():',
        '        return None',
        '    return asyncio.get_running_loop()',
      ),
    },
    {
      name: 'no asyncio module and get_running_loop taken: no fix',
      code: lines('from asyncio import get_event_loop', '', 'async def one(get_running_loop):', '    return get_event_loop()'),
      findings: [{ text: 'get_event_loop()', fix: null }],
    },
    {
      name: 'a coroutine defined inside a plain function',
      code: lines('import asyncio', '', 'def make_handler():', '    async def handler():', '        return asyncio.get_event_loop().time()', '    return handler'),
      findings: [{ text: 'asyncio.get_event_loop()', line: 5, fix: 'safe' }],
      output: lines('import asyncio', '', 'def make_handler():', '    async def handler():', '        return asyncio.get_running_loop().time()', '    return handler'),
    },
    {
      name: 'the main guard runs one coroutine: asyncio.run (unsafe)',
      code: lines('import asyncio', '', 'async def main():', '    await serve()', '', 'if __name__ == "__main__":', '    asyncio.get_event_loop().run_until_complete(main())'),
      findings: [{ text: 'asyncio.get_event_loop()', line: 7, fix: 'unsafe', message: 'an error since 3.14' }],
      output: lines('import asyncio', '', 'async def main():', '    await serve()', '', 'if __name__ == "__main__":', '    asyncio.run(main())'),
    },
    {
      name: 'a loop variable used once, then closed: both go',
      code: lines('import asyncio', '', 'if __name__ == "__main__":', '    setup_logging()', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(main(sys.argv))', '    loop.close()', '    print("done")'),
      findings: [{ text: 'asyncio.get_event_loop()', line: 5, fix: 'unsafe' }],
      output: lines('import asyncio', '', 'if __name__ == "__main__":', '    setup_logging()', '    asyncio.run(main(sys.argv))', '    print("done")'),
    },
    {
      name: 'the result is kept; only from-imports of asyncio: import asyncio is added',
      code: lines('from asyncio import get_event_loop', '', 'if __name__ == "__main__":', '    loop = get_event_loop()', '    code = loop.run_until_complete(main())', '    raise SystemExit(code)'),
      findings: [{ text: 'get_event_loop()', fix: 'unsafe' }],
      output: lines('from asyncio import get_event_loop', 'import asyncio', '', 'if __name__ == "__main__":', '    code = asyncio.run(main())', '    raise SystemExit(code)'),
    },
    {
      name: 'the loop is used for more than one coroutine: no fix',
      code: lines('import asyncio', '', 'if __name__ == "__main__":', '    loop = asyncio.get_event_loop()', '    loop.run_until_complete(main())', '    loop.run_forever()'),
      findings: [{ text: 'asyncio.get_event_loop()', fix: null }],
    },
    {
      name: 'try/finally around the run, a gather, a loop at module level: flagged without a fix',
      code: lines(
        'import asyncio',
        '',
        'loop = asyncio.get_event_loop()',
        '',
        'try:',
        '    runner = asyncio.get_event_loop()',
        '    runner.run_until_complete(main())',
        'finally:',
        '    runner.close()',
        '',
        'asyncio.get_event_loop().run_until_complete(asyncio.gather(a(), b()))',
      ),
      findings: [
        { text: 'asyncio.get_event_loop()', line: 3, fix: null },
        { text: 'asyncio.get_event_loop()', line: 6, fix: null },
        { text: 'asyncio.get_event_loop()', line: 11, fix: null },
      ],
    },
    {
      name: 'two top-level statements are analysed apart: no fix',
      code: lines('import asyncio', '', 'loop = asyncio.get_event_loop()', 'loop.run_until_complete(main())'),
      findings: [{ text: 'asyncio.get_event_loop()', line: 3, fix: null }],
    },
    {
      name: 'a comment between the statements stays: no fix',
      code: lines('import asyncio', '', 'if __name__ == "__main__":', '    loop = asyncio.get_event_loop()', '    # serve until interrupted', '    loop.run_until_complete(main())'),
      findings: [{ text: 'asyncio.get_event_loop()', fix: null }],
    },
  ],
});
