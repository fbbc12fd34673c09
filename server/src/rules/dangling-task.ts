import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type RuleContext } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { enclosingFunction, isModuleLevel, namedChildren } from '../engine/syntax';
import { isTestCode } from '../engine/semantic/test-code';

/** Calls that hand back an existing or self-sustaining future: `ensure_future` of one starts no new task. */
const FUTURE_MAKERS = new Set(['gather', 'shield', 'wrap_future', 'run_in_executor', 'create_future', 'run_coroutine_threadsafe']);

const checkTaskCall: CallHandler = (call, context, qualified) => {
  if (qualified === 'asyncio.ensure_future' && !startsTask(call)) return;
  reportIfDropped(call, context);
};

/**
 * `asyncio.get_running_loop().create_task(…)`, or the loop bound to a name (`loop =
 * asyncio.get_event_loop()`) whose `loop.create_task(…)` is dropped. Loops whose origin is not
 * seen (a parameter, `self.loop`) are left alone, and so is every other `create_task` method: a
 * `TaskGroup` or a nursery keeps its tasks itself.
 */
const checkLoop: CallHandler = (call, context) => {
  const chained = createTaskCallOn(call);
  if (chained) return reportIfDropped(chained, context);
  const assignment = call.parent;
  const name = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id ? assignment.childForFieldName('left') : null;
  if (name?.type !== 'identifier') return;
  // Most loops are run, not given tasks: the text of where the name lives says whether it is.
  const where = enclosingFunction(assignment!) ?? topLevelStatement(assignment!);
  if (!new RegExp(String.raw`${context.text(name)}[\s\\]*\.[\s\\]*create_task\b`).test(context.text(where))) return;
  for (const reference of loopReferences(name, assignment!, context)) {
    const taskCall = createTaskCallOn(reference);
    if (taskCall) reportIfDropped(taskCall, context);
  }
};

/** The call `<loop>.create_task(…)` when `loop` is the node, else nothing. */
function createTaskCallOn(loop: Node): Node | undefined {
  const access = loop.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== loop.id || access.childForFieldName('attribute')?.text !== 'create_task') return undefined;
  const call = access.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === access.id ? call : undefined;
}

/**
 * The references to the loop a name was bound to. In a function: those the function's code (and
 * its closures) makes to that very binding. At module level, where other statements are out of
 * sight: those in the same top-level statement (an `if __name__ == "__main__":` block), provided the
 * module binds the name only there.
 */
function loopReferences(name: Node, assignment: Node, context: RuleContext): Node[] {
  const { semantic } = context;
  const scopeNode = enclosingFunction(assignment);
  if (scopeNode) {
    const binding = localScope(scopeNode).bindings.get(name.text)?.find((each) => each.node?.id === name.id);
    if (!binding) return [];
    return valueUses(semantic, binding).references.filter((reference) => semantic.resolve(reference)?.node?.id === name.id);
  }
  if (!isModuleLevel(assignment) || context.facts.bindings.get(name.text)?.length !== 1) return [];
  return topLevelStatement(assignment)
    .descendantsOfType('identifier')
    .filter((identifier): identifier is Node => identifier !== null && identifier.text === name.text && identifier.startIndex > assignment.endIndex && semantic.resolve(identifier)?.scope === semantic.module);
}

function topLevelStatement(node: Node): Node {
  let statement = node;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  return statement;
}

/** `ensure_future(coro())` makes a task; `ensure_future(future)` hands back the future, kept by whoever made it. */
function startsTask(call: Node): boolean {
  const first = namedChildren(call.childForFieldName('arguments')).find((argument) => argument.type !== 'keyword_argument' || argument.childForFieldName('name')?.text === 'coro_or_future');
  const value = first?.type === 'keyword_argument' ? first.childForFieldName('value') : first;
  if (value?.type !== 'call') return false;
  const callee = value.childForFieldName('function');
  const last = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  return !FUTURE_MAKERS.has(last ?? '');
}

/**
 * Reports a task call whose result nobody keeps: the whole of an expression statement, or only
 * given a done-callback there (`create_task(…).add_done_callback(…)`: the callback holds no task).
 */
function reportIfDropped(call: Node, context: RuleContext): void {
  // A test's task lives no longer than the test, which awaits its effect (or the future it waits on) next.
  if (isTestCode(call, context.semantic)) return;
  const parent = outermost(call).parent;
  const access = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'add_done_callback' ? parent : null;
  const statement = access?.parent?.type === 'call' && access.parent.childForFieldName('function')?.id === access.id ? outermost(access.parent).parent : parent;
  if (statement?.type !== 'expression_statement') return;
  const callee = call.childForFieldName('function')!;
  const method = callee.type === 'attribute' ? callee.childForFieldName('attribute')!.text : callee.text;
  context.report({
    node: call,
    message: `The task \`${method}()\` returns is dropped: the event loop keeps only a weak reference to it, so it can be garbage-collected before it finishes`,
  });
}

/** The node with the parentheses around it. */
function outermost(node: Node): Node {
  let current = node;
  while (current.parent?.type === 'parenthesized_expression') current = current.parent;
  return current;
}

export default defineRule({
  meta: {
    code: 'PH402',
    name: 'dangling-task',
    kind: 'correctness',
    selection: 'default',
    category: 'async',
    severity: 'warning',
    minPython: [3, 4],
    message: 'The task is dropped: the event loop keeps only a weak reference, so it can vanish before it finishes',
    docs: {
      what: [
        'Flags `asyncio.create_task(…)`, `asyncio.ensure_future(…)` and `loop.create_task(…)` (on a loop from',
        '`asyncio.get_event_loop()`, `get_running_loop()` or `new_event_loop()`) written as a statement of their own,',
        'so that the task they return is thrown away.',
      ].join(' '),
      why: [
        'The event loop holds on to a task only weakly. While the task waits on something that nothing else refers to, the',
        'garbage collector may destroy it mid-way: the work silently stops, and at most a "Task was destroyed but it is',
        'pending!" line in the log tells. It happens rarely and at random, which makes it hard to trace.',
        '',
        'Keep a strong reference for as long as the task runs: assign it, add it to a set and let',
        '`task.add_done_callback(tasks.discard)` remove it when done, or await it. When the tasks belong to one operation,',
        'an `asyncio.TaskGroup` (Python 3.11+) keeps them and waits for them.',
        '',
        "`create_task` methods of other objects (a `TaskGroup`, a nursery, a loop whose origin is not seen) are not flagged,",
        'nor is `ensure_future()` of something that already is a future, nor test code (`test*` functions, `…Test…`',
        'classes, pytest fixtures), whose tasks live no longer than the test that awaits their effect.',
      ].join('\n'),
      example: [
        'import asyncio',
        '',
        '',
        'async def refresh(cache):',
        '    while True:',
        '        await cache.reload()',
        '        await asyncio.sleep(60)',
        '',
        '',
        'async def serve(server, cache):',
        '    asyncio.create_task(refresh(cache))',
        '    await server.serve_forever()',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        'background_tasks = set()',
        '',
        '',
        'async def refresh(cache):',
        '    while True:',
        '        await cache.reload()',
        '        await asyncio.sleep(60)',
        '',
        '',
        'async def serve(server, cache):',
        '    task = asyncio.create_task(refresh(cache))',
        '    background_tasks.add(task)',
        '    task.add_done_callback(background_tasks.discard)',
        '    await server.serve_forever()',
      ].join('\n'),
    },
    peers: [{ tool: 'ruff', code: 'RUF006', name: 'asyncio-dangling-task' }],
    narrower: [
      'Ruff also flags a task assigned to a local that is never used again; this rule only flags the task whose',
      'result is dropped by the statement itself.',
    ].join(' '),
  },
  visit: {
    calls: {
      'asyncio.create_task': checkTaskCall,
      'asyncio.ensure_future': checkTaskCall,
      'asyncio.get_event_loop': checkLoop,
      'asyncio.get_running_loop': checkLoop,
      'asyncio.new_event_loop': checkLoop,
    },
    sourceIncludes: 'asyncio',
  },
});
