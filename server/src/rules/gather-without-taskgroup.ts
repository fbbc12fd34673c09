import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type RuleContext } from '../engine/rule';
import { enclosingFunction, namedChildren } from '../engine/syntax';

/**
 * Code that handles the other awaitables itself: it cancels tasks (on failure, or at shutdown before
 * the gather collects them), or it makes futures a task group cannot own (it only takes coroutines).
 */
const HANDLES_ITS_AWAITABLES = /\.cancel\s*\(|\b(?:run_in_executor|wrap_future|create_future)\s*\(/;

/** `await asyncio.gather(*aws)`: an open-ended set of awaitables whose first failure leaves the rest running. */
const check: CallHandler = (call, context) => {
  if (call.parent?.type !== 'await') return;
  const argumentList = namedChildren(call.childForFieldName('arguments'));
  if (!argumentList.some((argument) => argument.type === 'list_splat') || !propagatesFirstError(argumentList, context)) return;
  const coroutine = enclosingFunction(call);
  if (!coroutine || HANDLES_ITS_AWAITABLES.test(context.text(coroutine)) || testsGather(call)) return;
  const callee = context.text(call.childForFieldName('function')!);
  context.report({ node: call.parent, message: `\`${callee}(*…)\` leaves the other awaitables running when one fails: an \`asyncio.TaskGroup\` cancels them` });
};

/** Inside a test of `gather` itself (`test_gather_propagates`, `class GatherTests`), which must call it. */
function testsGather(call: Node): boolean {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type !== 'function_definition' && node.type !== 'class_definition') continue;
    const name = node.childForFieldName('name')?.text ?? '';
    if (/test/i.test(name) && /gather/i.test(name)) return true;
  }
  return false;
}

/** Without `return_exceptions=True` (or a value that may be true, or `**kwargs` that may hold it). */
function propagatesFirstError(argumentList: readonly Node[], context: RuleContext): boolean {
  return argumentList.every((argument) => {
    if (argument.type === 'dictionary_splat') return false;
    if (argument.type !== 'keyword_argument' || context.text(argument.childForFieldName('name')!) !== 'return_exceptions') return true;
    return argument.childForFieldName('value')?.type === 'false';
  });
}

export default defineRule({
  meta: {
    code: 'PH404',
    name: 'gather-without-taskgroup',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'async',
    severity: 'information',
    minPython: [3, 11],
    message: '`asyncio.gather(*…)` leaves the other awaitables running when one fails: an `asyncio.TaskGroup` cancels them',
    docs: {
      what: [
        'Flags `await asyncio.gather(*aws)` over an unpacked, open-ended set of awaitables (`*[fetch(u) for u in',
        'urls]`, `*tasks`) that lets the first exception through — no `return_exceptions=True` — when the target is',
        'Python 3.11 or newer. A fixed set written out (`gather(load(), save())`) is left alone, and so is a gather not',
        'awaited on the spot, one in a function that cancels tasks itself (it calls `.cancel()`), and one in a function',
        'that makes executor or bare futures (`run_in_executor`, `wrap_future`, `create_future`), which a task group',
        'cannot own. Tests of `gather` itself (a test function or class named for it) are left alone too.',
      ].join(' '),
      why: [
        'When one awaitable fails, `gather` raises its exception at once and leaves the others running with nobody',
        'waiting for them: they keep holding connections and doing work the caller has given up on, and `gather`',
        'discards their own errors without a trace. `asyncio.TaskGroup` (Python 3.11) cancels',
        'the remaining tasks when one fails, waits until they have finished, and raises the failures together in an',
        '`ExceptionGroup`.',
        '',
        'No fix is offered, since the change is visible to callers: an `except SomeError` around the gather needs',
        '`except*`, results are read from the tasks, and a failure now cancels the siblings. Where every awaitable must',
        'run to its end whatever the others do — closing each connection at shutdown — `return_exceptions=True` says',
        'so (the results then hold the exceptions to check); that design is not flagged.',
      ].join('\n'),
      example: [
        'import asyncio',
        '',
        '',
        'async def fetch_all(client, urls):',
        '    return await asyncio.gather(*[client.get(url) for url in urls])',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        '',
        'async def fetch_all(client, urls):',
        '    async with asyncio.TaskGroup() as group:',
        '        tasks = [group.create_task(client.get(url)) for url in urls]',
        '    return [task.result() for task in tasks]',
      ].join('\n'),
    },
  },
  visit: {
    calls: { 'asyncio.gather': check, 'asyncio.tasks.gather': check },
    sourceIncludes: 'gather',
  },
});
