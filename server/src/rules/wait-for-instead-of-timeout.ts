import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type RuleContext } from '../engine/rule';
import { namedChildren } from '../engine/syntax';

/**
 * `await asyncio.wait_for(aw, t)` as a statement of its own: its value discarded, assigned or
 * returned. There `async with asyncio.timeout(t):` can hold the same statement with a plain `await`.
 */
const check: CallHandler = (call, context) => {
  const awaited = call.parent;
  if (awaited?.type !== 'await' || !standsAlone(awaited) || testsWaitFor(call)) return;
  const timeout = timeoutOf(call, context);
  if (timeout === undefined || timeout.type === 'none') return;
  const callee = context.text(call.childForFieldName('function')!);
  context.report({ node: awaited, message: `\`await ${callee}(…)\`: \`async with asyncio.timeout(${shortened(context.text(timeout))}):\` around a plain \`await\` says the same` });
};

/** A timeout expression short enough for the one-line message. */
function shortened(text: string): string {
  return text.length <= 24 && !/[\r\n]/.test(text) ? text : '…';
}

/** Whether the `await` is the whole of an expression statement, of an assignment's value or of a `return`. */
function standsAlone(awaited: Node): boolean {
  const parent = awaited.parent;
  if (parent?.type === 'expression_statement' || parent?.type === 'return_statement') return true;
  return (parent?.type === 'assignment' || parent?.type === 'augmented_assignment') && parent.childForFieldName('right')?.id === awaited.id && parent.parent?.type === 'expression_statement';
}

/** Inside a test of `wait_for` itself (`test_wait_for_timeout`, `class WaitForTests`), which must call it. */
function testsWaitFor(call: Node): boolean {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type !== 'function_definition' && node.type !== 'class_definition') continue;
    const name = node.childForFieldName('name')?.text ?? '';
    if (/test/i.test(name) && /wait_?for/i.test(name)) return true;
  }
  return false;
}

/** The timeout argument (second positional or `timeout=`); nothing when `*args`/`**kwargs` hide it. */
function timeoutOf(call: Node, context: RuleContext): Node | undefined {
  const argumentList = call.childForFieldName('arguments');
  const positional: Node[] = [];
  for (const argument of namedChildren(argumentList)) {
    if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') return undefined;
    if (argument.type !== 'keyword_argument') positional.push(argument);
    else if (context.text(argument.childForFieldName('name')!) === 'timeout') return argument.childForFieldName('value') ?? undefined;
  }
  return positional[1];
}

export default defineRule({
  meta: {
    code: 'PH410',
    name: 'wait-for-instead-of-timeout',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'async',
    severity: 'information',
    minPython: [3, 11],
    message: '`await asyncio.wait_for(…)`: `async with asyncio.timeout(…)` around a plain `await` says the same',
    docs: {
      what: [
        'Flags `await asyncio.wait_for(aw, timeout)` that forms a statement of its own — its result discarded, assigned',
        'or returned — when the target is Python 3.11 or newer. A `wait_for` that is not awaited on the spot (handed to',
        '`gather`, wrapped in a task, awaited inside a larger expression) is left alone, and so is one whose timeout is',
        'a literal `None` or hidden in `*args`, and so are the tests of `wait_for` itself (a test function or class',
        'named for it).',
      ].join(' '),
      why: [
        'Python 3.11 added `asyncio.timeout()`, an async context manager that puts a deadline on the block it opens.',
        'The deadline then reads as a block instead of a wrapper around the call, one deadline can cover several',
        'awaits, `reschedule()` can move it, and the awaited code runs in the current task: in 3.11 `wait_for` runs a',
        'coroutine in a task of its own (since 3.12 `wait_for` is itself built on `asyncio.timeout()`). Both raise',
        '`TimeoutError` when time runs out.',
        '',
        'No fix is offered: the statement moves into a new block, and in 3.11 the change of task is visible to the',
        'awaited code — `asyncio.current_task()` differs, and context variables it sets now stay set for the caller.',
      ].join('\n'),
      example: [
        'import asyncio',
        '',
        '',
        'async def next_message(queue):',
        '    try:',
        '        return await asyncio.wait_for(queue.get(), timeout=5)',
        '    except TimeoutError:',
        '        return None',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        '',
        'async def next_message(queue):',
        '    try:',
        '        async with asyncio.timeout(5):',
        '            return await queue.get()',
        '    except TimeoutError:',
        '        return None',
      ].join('\n'),
    },
  },
  visit: {
    calls: { 'asyncio.wait_for': check, 'asyncio.tasks.wait_for': check },
    sourceIncludes: 'wait_for',
  },
});
