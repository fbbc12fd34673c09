import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type RuleContext } from '../engine/rule';
import type { Binding } from '../engine/semantic/binding';
import { localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { enclosingCoroutine, isAsync, namedChildren } from '../engine/syntax';

const EXECUTORS = ['concurrent.futures.ThreadPoolExecutor', 'concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.InterpreterPoolExecutor'];

const ADVICE = 'create the pool outside the coroutine and await `loop.run_in_executor(pool, ...)`, or use `await asyncio.to_thread(...)`';

/**
 * An executor made in a coroutine's own code whose work the coroutine hands over with the pool's
 * blocking API (`submit`, `map`), and that it then shuts down waiting: on leaving `with
 * ThreadPoolExecutor() as pool:`, at `pool.shutdown()`, or at the end of `with pool:`.
 */
const check: CallHandler = (call, context, qualified) => {
  const coroutine = enclosingCoroutine(call);
  if (!coroutine) return;
  const executor = qualified.slice(qualified.lastIndexOf('.') + 1);
  const withBlock = withTarget(call);
  if (withBlock) {
    const binding = withBlock.alias && bindingOf(coroutine, withBlock.alias);
    if (binding && waitsOnWork(usesIn(binding, coroutine, withBlock.body, context), withBlock.body, context)) {
      context.report({ node: call, message: `Leaving \`with ${executor}()\` waits for the pool's work, and the event loop waits with it: ${ADVICE}` });
    }
    return;
  }
  const assignment = call.parent;
  const name = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id ? assignment.childForFieldName('left') : null;
  const binding = name?.type === 'identifier' ? bindingOf(coroutine, name) : undefined;
  const body = coroutine.childForFieldName('body');
  if (!binding || !body) return;
  const uses = usesIn(binding, coroutine, body, context);
  if (!waitsOnWork(uses, body, context)) return;
  for (const use of uses) {
    if (isWaitingShutdown(use)) context.report({ node: use.parent!.parent!, message: `\`${use.text}.shutdown()\` waits for the pool's work, and the event loop waits with it: ${ADVICE}` });
    else if (withTarget(use)) context.report({ node: use, message: `Leaving \`with ${use.text}:\` shuts the pool down and waits for its work, and the event loop waits with it: ${ADVICE}` });
  }
};

/** When the node is the value of an item of a `with` (not `async with`): the block, and the `as` name if any. */
function withTarget(value: Node): { body: Node; alias?: Node } | undefined {
  const pattern = value.parent?.type === 'as_pattern' && value.parent.firstNamedChild?.id === value.id ? value.parent : undefined;
  const item = (pattern ?? value).parent;
  const statement = item?.type === 'with_item' ? item.parent?.parent : null;
  const body = statement?.type === 'with_statement' && !isAsync(statement) ? statement.childForFieldName('body') : null;
  if (!body) return undefined;
  const alias = pattern?.childForFieldName('alias')?.firstNamedChild;
  return { body, alias: alias?.type === 'identifier' ? alias : undefined };
}

function bindingOf(coroutine: Node, name: Node): Binding | undefined {
  return localScope(coroutine).bindings.get(name.text)?.find((binding) => binding.node?.id === name.id);
}

/** The references to this very binding inside `region`, made by the coroutine's own code. */
function usesIn(binding: Binding, coroutine: Node, region: Node, context: RuleContext): Node[] {
  return valueUses(context.semantic, binding).references.filter(
    (reference) =>
      reference.startIndex >= region.startIndex && reference.endIndex <= region.endIndex && context.semantic.resolve(reference)?.node?.id === binding.node?.id && enclosingCoroutine(reference)?.id === coroutine.id,
  );
}

/**
 * Whether the coroutine waits on the pool's work the blocking way: `pool.map(…)` (whose results
 * arrive by blocking), or `pool.submit(…)` whose future is not awaited through `asyncio.wrap_future`.
 * Work handed over with `loop.run_in_executor(pool, …)` is awaited: by the time the block ends it is
 * done, and the shutdown only joins idle workers.
 */
function waitsOnWork(uses: readonly Node[], region: Node, context: RuleContext): boolean {
  const wrapsFutures = context.text(region).includes('wrap_future');
  return uses.some((use) => {
    const method = calledMethod(use);
    return method === 'map' || (method === 'submit' && !wrapsFutures);
  });
}

/** `m` when the node is the receiver of a call `<node>.m(…)`. */
function calledMethod(receiver: Node): string | undefined {
  const access = receiver.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== receiver.id) return undefined;
  const call = access.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === access.id ? access.childForFieldName('attribute')?.text : undefined;
}

/** `pool.shutdown()`, `pool.shutdown(wait=True)`, `pool.shutdown(True, cancel_futures=True)`: `wait` defaults to true. */
function isWaitingShutdown(receiver: Node): boolean {
  if (calledMethod(receiver) !== 'shutdown') return false;
  const argumentsOf = namedChildren(receiver.parent!.parent!.childForFieldName('arguments'));
  const wait = argumentsOf[0]?.type !== 'keyword_argument' ? argumentsOf[0] : argumentsOf.find((argument) => argument.childForFieldName('name')?.text === 'wait')?.childForFieldName('value');
  return !wait || wait.type === 'true';
}

export default defineRule({
  meta: {
    code: 'PH414',
    name: 'blocking-executor-in-coroutine',
    kind: 'correctness',
    selection: 'default',
    category: 'async',
    severity: 'warning',
    minPython: [3, 5],
    message: "Shutting down an executor in a coroutine waits for the pool's work and blocks the event loop",
    docs: {
      what: [
        'Flags a `ThreadPoolExecutor` or `ProcessPoolExecutor` created in the code of an `async def` and given work through',
        'its blocking API (`pool.submit(…)`, `pool.map(…)`), when the coroutine then shuts it down and waits: by leaving',
        '`with ThreadPoolExecutor() as pool:`, or by calling `pool.shutdown()`.',
      ].join(' '),
      why: [
        "Leaving an executor's `with` block calls `shutdown(wait=True)`: the coroutine stops until every submitted job has",
        'finished, and since nothing is awaited, the whole event loop stops with it. `pool.map()` blocks even earlier, while',
        'its results are collected. Other tasks, timeouts and connections stall for as long as the slowest job.',
        '',
        'Create the pool once, outside the coroutine (at start-up, or as the loop\'s default executor), and await the work:',
        '`await loop.run_in_executor(pool, func, arg)` or `await asyncio.to_thread(func, arg)`.',
        '',
        'The pattern of the asyncio documentation, where every job goes through an awaited `loop.run_in_executor(pool, …)`',
        'inside the block, is not flagged: the work is done by the time the block ends. Nor is a pool whose futures are',
        'awaited through `asyncio.wrap_future`, or a shutdown with `wait=False`.',
      ].join('\n'),
      example: [
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        '',
        'async def thumbnails(paths):',
        '    with ThreadPoolExecutor(max_workers=4) as pool:',
        '        return list(pool.map(make_thumbnail, paths))',
      ].join('\n'),
      instead: [
        'import asyncio',
        'from concurrent.futures import ThreadPoolExecutor',
        '',
        'pool = ThreadPoolExecutor(max_workers=4)',
        '',
        '',
        'async def thumbnails(paths):',
        '    loop = asyncio.get_running_loop()',
        '    return await asyncio.gather(*(loop.run_in_executor(pool, make_thumbnail, path) for path in paths))',
      ].join('\n'),
    },
  },
  visit: { calls: Object.fromEntries(EXECUTORS.map((name) => [name, check])), sourceIncludes: 'async' },
});
