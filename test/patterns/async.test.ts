import { describe, expect, it } from 'vitest';
import { patternHoverMarkdown } from '../../server/src/engine/pattern-docs';
import { patternAt } from '../pattern-tester';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

const inCoroutine = (line: string, imports = 'import asyncio') => `${imports}\n\n\nasync def main():\n    ${line}\n`;

describe('asyncio names', () => {
  itRecognizes({
    TaskGroup: { code: inCoroutine('async with asyncio.Task‸Group() as tg: ...'), id: 'task-group', span: 'asyncio.TaskGroup' },
    'TaskGroup under an alias': { code: inCoroutine('async with T‸G() as tg: ...', 'from asyncio import TaskGroup as TG'), id: 'task-group', span: 'TG' },
    'TaskGroup under an alias of a parenthesized import': { code: inCoroutine('async with T‸G() as tg: ...', 'from asyncio import (\n    gather,\n    TaskGroup as TG,\n)'), id: 'task-group', span: 'TG' },
    'TaskGroup under an alias after a semicolon': { code: inCoroutine('async with T‸G() as tg: ...', 'import os; from asyncio import TaskGroup as TG'), id: 'task-group', span: 'TG' },
    'TaskGroup in its import': { code: 'from asyncio import Task‸Group\n', id: 'task-group', span: 'TaskGroup' },
    gather: { code: inCoroutine('await asyncio.gat‸her(a(), b())'), id: 'gather', span: 'asyncio.gather', detail: null },
    'gather returning exceptions': { code: inCoroutine('await asyncio.gat‸her(a(), b(), return_exceptions=True)'), id: 'gather', span: 'asyncio.gather', detail: '`return_exceptions=True`' },
    Semaphore: { code: inCoroutine('limit = asyncio.Sema‸phore(10)'), id: 'semaphore', span: 'asyncio.Semaphore', detail: /^Lets at most 10 holders in at once\.$/ },
    'Semaphore by default': { code: inCoroutine('limit = asyncio.Sema‸phore()'), id: 'semaphore', span: 'asyncio.Semaphore', detail: 'Lets at most 1 holder in at once.' },
    BoundedSemaphore: { code: inCoroutine('limit = asyncio.BoundedSema‸phore(value=4)'), id: 'semaphore', span: 'asyncio.BoundedSemaphore', detail: /^Lets at most 4 holders in at once\. Bounded:/ },
    Queue: { code: inCoroutine('queue = asyncio.Que‸ue(maxsize=100)'), id: 'async-queue', span: 'asyncio.Queue', detail: 'Holds at most 100 items' },
    'Queue, unbounded': { code: inCoroutine('queue = asyncio.Que‸ue()'), id: 'async-queue', span: 'asyncio.Queue', detail: /^Unbounded/ },
    PriorityQueue: { code: inCoroutine('queue = asyncio.PriorityQue‸ue(10)'), id: 'async-queue', span: 'asyncio.PriorityQueue', detail: /^Hands out the smallest item first.* Holds at most 10 items/ },
    'Queue in an annotation': { code: 'import asyncio\n\n\nasync def consume(queue: asyncio.Qu‸eue) -> None: ...\n', id: 'async-queue', span: 'asyncio.Queue', detail: null },
    timeout: { code: inCoroutine('async with asyncio.time‸out(5): ...'), id: 'async-timeout', span: 'asyncio.timeout', detail: null },
    'timeout without a deadline': { code: inCoroutine('async with asyncio.time‸out(None) as cm: ...'), id: 'async-timeout', span: 'asyncio.timeout', detail: '`None`: no deadline' },
    timeout_at: { code: inCoroutine('async with timeout_‸at(deadline): ...', 'from asyncio import timeout_at'), id: 'async-timeout', span: 'timeout_at', detail: "the event loop's clock" },
  });
  itRecognizesNothing({
    'a TaskGroup class of the module': 'class TaskGroup:\n    pass\n\n\nasync def main():\n    async with Task‸Group() as tg: ...\n',
    'a local named gather': 'async def main(gather):\n    await gat‸her()\n',
    "another library's timeout": 'from async_timeout import timeout\n\n\nasync def main():\n    async with time‸out(5): ...\n',
    'trio': 'import trio\n\n\nasync def main():\n    await trio.sl‸eep(1)\n',
    'the asyncio module': 'import asyncio\n\nasync‸io.run(main())\n',
  });

  it('tells a 3.8 project that TaskGroup will not run there', () => {
    const found = patternAt(inCoroutine('async with asyncio.Task‸Group() as tg: ...'))!;
    const hover = patternHoverMarkdown(found.match, [3, 8], (meta) => `https://example.org/patterns.md#${meta.id}`);
    expect(hover).toContain('*⚠ Needs Python 3.11+: the project targets 3.8, where this does not run.*');
    expect(hover).toMatch(/^\*\*`asyncio\.TaskGroup`\*\* · Python pattern\n\n/);
    expect(hover).toContain('[Patterns reference](https://example.org/patterns.md#task-group)');
    expect(patternHoverMarkdown(found.match, [3, 11], () => '')).toContain('*Needs Python 3.11+.*');
  });
});

describe('half-typed asyncio code', () => {
  itNeverThrows(['async with asyncio.TaskGroup(', 'await asyncio.gather(*', 'asyncio.Semaphore(value=', 'from asyncio import (', 'async with asyncio.', 'import asyncio\nasyncio.Queue(maxsize=']);
});
