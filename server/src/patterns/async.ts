// asyncio: structured concurrency with `TaskGroup`, fan-out with `gather`, limits with
// `Semaphore`, hand-offs with `Queue`, deadlines with `timeout`.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternContext, type PatternSpan } from '../engine/pattern';
import { argumentsOf, keywordArgument, positionalArguments } from './call-arguments';

/** The argument a call passes first or by `keyword`, as written. */
function firstOrKeyword(node: Node, keyword: string, context: PatternContext): string | undefined {
  const argumentList = argumentsOf(node);
  const first = positionalArguments(argumentList)[0];
  return keywordArgument(argumentList, keyword, context) ?? (first && context.text(first));
}

function spanWith(node: Node, details: readonly (string | undefined)[]): PatternSpan | undefined {
  const detail = details.filter((each) => each !== undefined).join(' ');
  return detail ? { start: node.startIndex, end: node.endIndex, detail } : undefined;
}

export const ASYNC_PATTERNS = [
  definePattern({
    meta: {
      id: 'task-group',
      title: '`asyncio.TaskGroup`',
      family: 'async',
      minPython: [3, 11],
      summary:
        '`async with asyncio.TaskGroup() as tg:` starts tasks with `tg.create_task(…)` and does not leave the block until all of them are done. When one fails, it cancels the others and raises every error together in an `ExceptionGroup`: no task outlives the block or fails unnoticed.',
      pitfall: 'Its errors arrive wrapped in an `ExceptionGroup`, so `except ValueError:` around the block does not catch them: write `except* ValueError:`.',
      example: [
        'import asyncio',
        '',
        '',
        'async def double(n: int) -> int:',
        '    await asyncio.sleep(0.1)',
        '    return n * 2',
        '',
        '',
        'async def main() -> None:',
        '    async with asyncio.TaskGroup() as tg:',
        '        tasks = [tg.create_task(double(n)) for n in range(3)]',
        '    print([task.result() for task in tasks])',
        '',
        '',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    },
    names: ['asyncio.TaskGroup'],
  }),
  definePattern({
    meta: {
      id: 'gather',
      title: '`asyncio.gather`',
      family: 'async',
      minPython: [3, 4],
      summary: '`await asyncio.gather(a(), b())` runs awaitables concurrently and returns their results as a list, in the order they were passed. Reach for it when a fixed set of operations can overlap and all their results are needed together.',
      pitfall: 'When one fails, `gather` raises its error but does not cancel the others: they keep running with no one awaiting them. Pass `return_exceptions=True` to collect the errors, or use a `TaskGroup` (3.11) to cancel the rest.',
      example: [
        'import asyncio',
        '',
        '',
        'async def square(n: int) -> int:',
        '    await asyncio.sleep(0.1)',
        '    return n * n',
        '',
        '',
        'async def main() -> None:',
        '    print(await asyncio.gather(*(square(n) for n in range(5))))',
        '',
        '',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    },
    names: ['asyncio.gather'],
    nameDetail: (node, context) =>
      spanWith(node, [
        keywordArgument(argumentsOf(node), 'return_exceptions', context) === 'True' ? '`return_exceptions=True`: a failure comes back in its place in the results, as the exception object, instead of being raised.' : undefined,
      ]),
  }),
  definePattern({
    meta: {
      id: 'semaphore',
      title: '`asyncio.Semaphore`',
      family: 'async',
      minPython: [3, 4],
      summary: '`limit = asyncio.Semaphore(10)` lets at most ten tasks at a time into `async with limit:`; the others wait their turn. Reach for it to cap concurrent requests or open connections while still starting every task at once.',
      pitfall: 'It limits only the tasks that share it: one created inside each task limits nothing. Create it once and pass it (or keep it) where all tasks reach it.',
      example: [
        'import asyncio',
        '',
        '',
        'async def fetch(limit: asyncio.Semaphore, n: int) -> int:',
        '    async with limit:',
        '        await asyncio.sleep(0.1)',
        '        return n',
        '',
        '',
        'async def main() -> None:',
        '    limit = asyncio.Semaphore(3)',
        '    print(await asyncio.gather(*(fetch(limit, n) for n in range(10))))',
        '',
        '',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    },
    names: ['asyncio.Semaphore', 'asyncio.BoundedSemaphore'],
    nameDetail: (node, context, qualified) => {
      const value = argumentsOf(node) ? (firstOrKeyword(node, 'value', context) ?? '1') : undefined;
      return spanWith(node, [
        value && /^\d+$/.test(value) ? `Lets at most ${value} holder${value === '1' ? '' : 's'} in at once.` : undefined,
        qualified === 'asyncio.BoundedSemaphore' ? 'Bounded: a `release()` beyond the `acquire()`s raises `ValueError` instead of raising the limit.' : undefined,
      ]);
    },
  }),
  definePattern({
    meta: {
      id: 'async-queue',
      title: '`asyncio.Queue`',
      family: 'async',
      minPython: [3, 4],
      summary:
        '`asyncio.Queue` hands items from producer tasks to consumer tasks: `await queue.get()` waits for an item, and with a `maxsize`, `await queue.put()` waits for room, which holds producers to the pace of the consumers. `PriorityQueue` and `LifoQueue` change the order items come out.',
      pitfall: '`await queue.join()` returns only when `task_done()` has been called once for every item taken: a consumer that forgets it, or dies, leaves `join()` waiting forever.',
      example: [
        'import asyncio',
        '',
        '',
        'async def consume(queue: asyncio.Queue) -> None:',
        '    while True:',
        '        item = await queue.get()',
        '        print("got", item)',
        '        queue.task_done()',
        '',
        '',
        'async def main() -> None:',
        '    queue = asyncio.Queue(maxsize=10)',
        '    worker = asyncio.create_task(consume(queue))',
        '    for item in range(5):',
        '        await queue.put(item)',
        '    await queue.join()',
        '    worker.cancel()',
        '',
        '',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    },
    names: ['asyncio.Queue', 'asyncio.PriorityQueue', 'asyncio.LifoQueue'],
    nameDetail: (node, context, qualified) => {
      const size = argumentsOf(node) ? (firstOrKeyword(node, 'maxsize', context) ?? '0') : undefined;
      return spanWith(node, [
        qualified === 'asyncio.PriorityQueue' ? 'Hands out the smallest item first: put `(priority, item)` tuples.' : qualified === 'asyncio.LifoQueue' ? 'Hands out the newest item first, as a stack.' : undefined,
        size === '0' ? 'Unbounded: `put()` never waits, so nothing slows a fast producer down.' : size && /^\d+$/.test(size) ? `Holds at most ${size} items: \`put()\` waits while it is full.` : undefined,
      ]);
    },
  }),
  definePattern({
    meta: {
      id: 'async-timeout',
      title: '`asyncio.timeout`',
      family: 'async',
      minPython: [3, 11],
      summary:
        '`async with asyncio.timeout(5):` cancels whatever the block is awaiting once five seconds have passed and raises `TimeoutError` where the block ends. One deadline covers many awaits, it can be moved with `reschedule()`, and it replaces wrapping each call in `wait_for`.',
      pitfall: 'The `TimeoutError` comes out of the `async with`, not out of the awaited call: inside the block the call sees a `CancelledError`. Put the `try` around the whole block, and never swallow the cancellation inside it.',
      example: [
        'import asyncio',
        '',
        '',
        'async def main() -> None:',
        '    try:',
        '        async with asyncio.timeout(0.5):',
        '            await asyncio.sleep(10)',
        '    except TimeoutError:',
        '        print("gave up")',
        '',
        '',
        'asyncio.run(main())',
        '',
      ].join('\n'),
    },
    names: ['asyncio.timeout', 'asyncio.timeout_at'],
    nameDetail: (node, context, qualified) =>
      spanWith(node, [
        qualified === 'asyncio.timeout_at' ? "Takes a deadline on the event loop's clock (`loop.time() + 5`), not a delay." : undefined,
        argumentsOf(node) && firstOrKeyword(node, 'delay', context) === 'None' ? '`None`: no deadline until `reschedule()` sets one.' : undefined,
      ]),
  }),
];
