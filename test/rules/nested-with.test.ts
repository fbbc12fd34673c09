import rule from '../../server/src/rules/nested-with';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';

testRule(rule, {
  valid: [
    // A test's expected exception stays on its own line: it shows what should raise.
    lines('def test_reserved(self):', '    with self.assertRaises(RuntimeError):', '        with self.reserved_fd:', '            pass'),
    lines('import pytest', '', 'def test_locked(lock):', '    with pytest.raises(TimeoutError) as caught:', '        with lock:', '            raise TimeoutError'),
    {
      name: 'too long for one line below Python 3.10, where only backslashes could split it',
      target: [3, 9],
      code: lines(
        'def sync(storage, destination_path, source_path):',
        '    with storage.open_for_writing(destination_path, overwrite=True) as destination:',
        '        with storage.open_for_reading(source_path) as source:',
        '            destination.write(source.read())',
      ),
    },
    // Already one statement.
    lines('def copy(a, b):', '    with open(a) as src, open(b, "w") as dst:', '        dst.write(src.read())'),
    // The outer body does more than enter the inner manager.
    lines('def run(lock, path):', '    with lock:', '        log("start")', '        with open(path) as f:', '            return f.read()'),
    lines('def run(lock, path):', '    with lock:', '        with open(path) as f:', '            data = f.read()', '        notify()'),
    // `async with` and `with` cannot share a header.
    lines('async def fetch(session, lock):', '    async with session.get("/") as response:', '        with lock:', '            return await response.text()'),
    lines('async def fetch(session, lock):', '    with lock:', '        async with session.get("/") as response:', '            return await response.text()'),
    // A deadline stays on its own, as Ruff keeps it: it shows what it covers.
    lines('import asyncio', '', 'async def fetch(session):', '    async with asyncio.timeout(5):', '        async with session.get("/") as response:', '            return await response.text()'),
    lines('import trio', '', 'async def serve(stream, lock):', '    with trio.move_on_after(3):', '        with lock:', '            return stream.read()'),
    lines('from anyio import fail_after', '', 'async def serve(lock):', '    with lock:', '        with fail_after(3):', '            return 1'),
    // The inner `with` is in an `if`, a loop or a `try`, not the body itself.
    lines('def run(lock, path, verbose):', '    with lock:', '        if verbose:', '            with open(path) as f:', '                print(f.read())'),
    lines('def run(lock, paths):', '    with lock:', '        for path in paths:', '            with open(path) as f:', '                print(f.read())'),
    // A `with` nested in a function defined inside the body.
    lines('def outer(lock):', '    with lock:', '        def inner(path):', '            with open(path) as f:', '                return f.read()', '        return inner'),
    // Silenced for Ruff's SIM117, its peer.
    lines('def copy(a, b):', '    with open(a) as src:  # noqa: SIM117', '        with open(b, "w") as dst:', '            dst.write(src.read())'),
  ],
  invalid: [
    {
      name: 'two managers; the inner one uses the name the outer one binds',
      code: lines('def dump(engine, rows):', '    with engine.connect() as connection:', '        with connection.begin():', '            connection.execute(rows)'),
      findings: [{ text: 'with engine.connect() as connection:', line: 2, column: 5, fix: 'safe', message: 'combine them' }],
      output: lines('def dump(engine, rows):', '    with engine.connect() as connection, connection.begin():', '        connection.execute(rows)'),
    },
    {
      name: 'a run of three merges into one header, with one finding',
      code: lines('with open("a") as a:', '    with open("b") as b:', '        with open("c") as c:', '            print(a.read(), b.read(), c.read())', '            print("done")'),
      findings: [{ line: 1, text: 'with open("a") as a:' }],
      output: lines('with open("a") as a, open("b") as b, open("c") as c:', '    print(a.read(), b.read(), c.read())', '    print("done")'),
    },
    {
      name: 'async with in async with; items already grouped stay in order',
      code: lines('async def pipe(client, lock):', '    async with lock, client:', '        async with client.stream("GET", "/") as stream:', '            await stream.aread()'),
      findings: [{ text: 'async with lock, client:', message: '`async with` whose body' }],
      output: lines('async def pipe(client, lock):', '    async with lock, client, client.stream("GET", "/") as stream:', '        await stream.aread()'),
    },
    {
      name: 'comments and blank lines in the body move out with it; a comment after the inner colon stays on the header',
      code: lines(
        'def copy(a, b):',
        '    with open(a) as src:',
        '        with open(b, "w") as dst:  # truncates b',
        '            # one block at a time',
        '            for block in iter(lambda: src.read(4096), b""):',
        '',
        '                dst.write(block)',
      ),
      findings: [{ line: 2, fix: 'safe' }],
      output: lines(
        'def copy(a, b):',
        '    with open(a) as src, open(b, "w") as dst:  # truncates b',
        '        # one block at a time',
        '        for block in iter(lambda: src.read(4096), b""):',
        '',
        '            dst.write(block)',
      ),
    },
    {
      name: 'a multi-line string in the body keeps its text',
      code: lines('def report(db, lock):', '    with lock:', '        with db.cursor() as cursor:', '            cursor.execute("""', '                SELECT 1', '            """)'),
      findings: [{ line: 2 }],
      output: lines('def report(db, lock):', '    with lock, db.cursor() as cursor:', '        cursor.execute("""', '                SELECT 1', '            """)'),
    },
    {
      name: 'strings and continuation lines that carry their own indentation are left as they are',
      code: lines(
        'while True:',
        '    with A() as a:',
        '        with B() as b:',
        '            """the indentation on',
        '            this line is part of the string"""',
        '            "joined" \\',
        '"by a backslash"',
        '            ("implicitly"',
        '"joined")',
      ),
      findings: [{ line: 2 }],
      output: lines(
        'while True:',
        '    with A() as a, B() as b:',
        '        """the indentation on',
        '            this line is part of the string"""',
        '        "joined" \\',
        '"by a backslash"',
        '        ("implicitly"',
        '"joined")',
      ),
    },
    {
      name: 'a comment between the headers: reported, not fixed',
      code: lines('def copy(a, b):', '    with open(a) as src:', '        # the target is written only once the source opened', '        with open(b, "w") as dst:', '            dst.write(src.read())'),
      findings: [{ line: 2, fix: null }],
    },
    {
      name: 'a comment on the outer header: reported, not fixed',
      code: lines('def copy(a, b):', '    with open(a) as src:  # read side', '        with open(b, "w") as dst:', '            dst.write(src.read())'),
      findings: [{ line: 2, fix: null }],
    },
    {
      name: 'a comment splits a run: the part below it is merged on its own',
      code: lines('with a:', '    # b needs a', '    with b:', '        with c:', '            run()'),
      findings: [
        { line: 1, fix: null },
        { line: 3, fix: 'safe' },
      ],
      output: lines('with a:', '    # b needs a', '    with b, c:', '        run()'),
    },
    {
      name: 'too long for one line: parenthesized from Python 3.10',
      code: lines(
        'def sync(storage, destination_path, source_path):',
        '    with storage.open_for_writing(destination_path, overwrite=True) as destination:',
        '        with storage.open_for_reading(source_path) as source:',
        '            destination.write(source.read())',
      ),
      findings: [{ line: 2, fix: 'safe' }],
      output: lines(
        'def sync(storage, destination_path, source_path):',
        '    with (',
        '        storage.open_for_writing(destination_path, overwrite=True) as destination,',
        '        storage.open_for_reading(source_path) as source,',
        '    ):',
        '        destination.write(source.read())',
      ),
    },
    {
      name: 'parenthesized headers are joined item by item',
      code: lines('with (open("a") as a, open("b") as b):', '    with open("c") as c:', '        pass'),
      findings: [{ line: 1 }],
      output: lines('with open("a") as a, open("b") as b, open("c") as c:', '    pass'),
    },
    {
      name: 'an inner body on its header line, tabs and CRLF',
      code: 'if ready:\r\n\twith lock:\r\n\t\twith open(path) as f: print(f.read())\r\n',
      findings: [{ line: 2 }],
      output: 'if ready:\r\n\twith lock, open(path) as f: print(f.read())\r\n',
    },
    // The text test that spares walking a unit must see these layouts too.
    {
      name: 'a blank line and a comment line between the headers, CRLF',
      code: 'def copy(a, b):\r\n    with open(a) as src:\r\n\r\n        # then the target\r\n        with open(b) as dst:\r\n            dst.write(src.read())\r\n',
      findings: [{ line: 2, fix: null }],
    },
    {
      name: 'lone CR line breaks, a blank line between the headers',
      code: 'with a:\r\r    with b:\r        run()\r',
      findings: [{ line: 1 }],
      output: 'with a, b:\r    run()\r',
    },
    {
      name: 'a `#` in a string of the outer header, `async` and `with` apart by a tab',
      code: lines('async def fetch(session, lock):', '    async with session.get("/#top") as response:  # page', '        async\twith lock:', '            return await response.text()'),
      findings: [{ line: 2, fix: null }],
    },
    {
      name: 'a deadline below two plain managers: those two merge',
      code: lines('import asyncio', '', 'async def main(a, b):', '    async with a:', '        async with b:', '            async with asyncio.timeout(1):', '                await work()'),
      findings: [{ line: 4 }],
      output: lines('import asyncio', '', 'async def main(a, b):', '    async with a, b:', '        async with asyncio.timeout(1):', '            await work()'),
    },
  ],
});
