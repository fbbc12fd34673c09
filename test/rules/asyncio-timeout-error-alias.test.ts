import rule from '../../server/src/rules/asyncio-timeout-error-alias';
import type { PythonVersion } from '../../server/src/engine/rule';
import { testRule } from '../rule-tester';

const lines = (...source: string[]) => source.join('\n') + '\n';
const PY311: PythonVersion = [3, 11];
/** A decoy at the rule's target: below it the rule is silent anyway. */
const at311 = (code: string) => ({ code, target: PY311 });

const handler = (...caught: string[]) => lines('import asyncio', '', 'async def read(reader):', '    try:', '        return await reader.read()', ...caught);

testRule(rule, {
  valid: [
    // The builtin already, and other asyncio exceptions.
    at311(handler('    except TimeoutError:', '        return b""')),
    at311(handler('    except asyncio.CancelledError:', '        raise')),
    at311(handler('    except (asyncio.IncompleteReadError, ConnectionError) as error:', '        return error.partial')),
    // Other libraries' timeouts are other classes.
    at311(lines('import aiohttp', '', 'async def get(session, url):', '    try:', '        return await session.get(url)', '    except aiohttp.ServerTimeoutError:', '        return None')),
    at311(lines('import socket', '', 'def probe(sock):', '    try:', '        return sock.recv(1)', '    except socket.timeout:', '        return b""')),
    // A bare `TimeoutError` imported from asyncio already reads as the builtin.
    at311(lines('from asyncio import TimeoutError', '', 'async def read(reader):', '    try:', '        return await reader.read()', '    except TimeoutError:', '        return b""')),
    // `asyncio` here is a parameter, not the module.
    at311(lines('def guarded(asyncio, job):', '    try:', '        return job()', '    except asyncio.TimeoutError:', '        return None')),
    // Only `except` clauses: raising the alias and isinstance checks are left alone.
    at311(lines('import asyncio', '', 'def expire(waiter):', '    waiter.set_exception(asyncio.TimeoutError())', '    return isinstance(waiter.exception(), asyncio.TimeoutError)')),
    // Before 3.11 the alias is a different class from the builtin.
    { name: 'silent when targeting 3.10', target: [3, 10], code: handler('    except asyncio.TimeoutError:', '        return b""') },
  ],
  invalid: [
    {
      name: 'the docs example',
      target: PY311,
      code: rule.meta.docs.example,
      findings: [{ text: 'asyncio.TimeoutError', line: 8, column: 12, fix: 'safe', message: 'is the builtin `TimeoutError` since Python 3.11' }],
      output: rule.meta.docs.instead,
    },
    {
      name: 'a module alias, with `as`',
      target: PY311,
      code: lines('import asyncio as aio', '', 'async def read(reader):', '    try:', '        return await reader.read()', '    except aio.TimeoutError as error:', '        raise ConnectionError("slow peer") from error'),
      findings: [{ text: 'aio.TimeoutError', fix: 'safe', message: '`aio.TimeoutError` is the builtin' }],
      output: lines('import asyncio as aio', '', 'async def read(reader):', '    try:', '        return await reader.read()', '    except TimeoutError as error:', '        raise ConnectionError("slow peer") from error'),
    },
    {
      name: 'a tuple that names the builtin too loses the duplicate and its parentheses',
      target: PY311,
      code: handler('    except (asyncio.TimeoutError, TimeoutError):', '        return b""'),
      findings: [{ text: 'asyncio.TimeoutError', line: 6, column: 13, fix: 'safe', message: 'which this `except` already catches' }],
      output: handler('    except TimeoutError:', '        return b""'),
    },
    {
      name: 'in a longer tuple the alias becomes the builtin',
      target: PY311,
      code: handler('    except (ConnectionResetError, asyncio.TimeoutError, OSError) as error:', '        return error'),
      findings: [{ text: 'asyncio.TimeoutError', fix: 'safe' }],
      output: handler('    except (ConnectionResetError, TimeoutError, OSError) as error:', '        return error'),
    },
    {
      name: 'two aliases: the first becomes the builtin, the second goes',
      target: PY311,
      code: lines('import asyncio', 'import concurrent.futures', '', 'def wait(future):', '    try:', '        return future.result(5)', '    except (asyncio.TimeoutError, concurrent.futures.TimeoutError):', '        return None'),
      findings: [
        { text: 'asyncio.TimeoutError', fix: 'safe', message: 'is the builtin' },
        { text: 'concurrent.futures.TimeoutError', fix: 'safe', message: 'already catches' },
      ],
      output: lines('import asyncio', 'import concurrent.futures', '', 'def wait(future):', '    try:', '        return future.result(5)', '    except TimeoutError:', '        return None'),
    },
    {
      name: 'leading and middle duplicates of the builtin in a longer tuple',
      target: PY311,
      code: lines(
        'import asyncio',
        'from concurrent import futures',
        '',
        'def wait(future):',
        '    try:',
        '        return future.result(5)',
        '    except (asyncio.TimeoutError, futures.TimeoutError, TimeoutError, ValueError):',
        '        return None',
        '    except (KeyError, asyncio.TimeoutError, TimeoutError):',
        '        return None',
      ),
      findings: [{ text: 'asyncio.TimeoutError', line: 7 }, { text: 'futures.TimeoutError' }, { text: 'asyncio.TimeoutError', line: 9 }],
      output: lines(
        'import asyncio',
        'from concurrent import futures',
        '',
        'def wait(future):',
        '    try:',
        '        return future.result(5)',
        '    except (TimeoutError, ValueError):',
        '        return None',
        '    except (KeyError, TimeoutError):',
        '        return None',
      ),
    },
    {
      name: 'an imported alias under another name; except* too',
      target: PY311,
      code: lines('from asyncio import TimeoutError as AsyncTimeout', '', 'async def run(group):', '    try:', '        await group.run()', '    except* AsyncTimeout:', '        pass'),
      findings: [{ text: 'AsyncTimeout', line: 6, column: 13, fix: 'safe', message: '`AsyncTimeout` is the builtin' }],
      output: lines('from asyncio import TimeoutError as AsyncTimeout', '', 'async def run(group):', '    try:', '        await group.run()', '    except* TimeoutError:', '        pass'),
    },
    {
      name: 'the module shadows TimeoutError: no fix',
      target: PY311,
      code: lines('import asyncio', 'from .errors import TimeoutError', '', 'async def read(reader):', '    try:', '        return await reader.read()', '    except asyncio.TimeoutError:', '        raise TimeoutError("read")'),
      findings: [{ text: 'asyncio.TimeoutError', fix: null }],
    },
    {
      name: 'a parameter named TimeoutError shadows it where the handler stands: no fix',
      target: PY311,
      code: lines('import asyncio', '', 'async def read(reader, TimeoutError=LookupError):', '    try:', '        return await reader.read()', '    except asyncio.TimeoutError:', '        return None'),
      findings: [{ text: 'asyncio.TimeoutError', fix: null }],
    },
    {
      name: 'removing a commented element deletes the comment: unsafe',
      target: PY311,
      code: handler('    except (', '        asyncio.TimeoutError,  # raised before 3.11', '        TimeoutError,', '    ):', '        return b""'),
      findings: [{ text: 'asyncio.TimeoutError', line: 7, fix: 'unsafe' }],
      output: handler('    except TimeoutError:', '        return b""'),
    },
    {
      name: 'in a method, with redundant parentheses',
      target: PY311,
      code: lines('import asyncio', '', 'class Client:', '    async def close(self):', '        try:', '            await self._conn.close()', '        except (asyncio.TimeoutError):', '            self._conn.abort()'),
      findings: [{ text: 'asyncio.TimeoutError', fix: 'safe' }],
      output: lines('import asyncio', '', 'class Client:', '    async def close(self):', '        try:', '            await self._conn.close()', '        except (TimeoutError):', '            self._conn.abort()'),
    },
  ],
});
