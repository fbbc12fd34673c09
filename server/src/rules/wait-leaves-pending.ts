import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type RuleContext } from '../engine/rule';
import { COMPREHENSIONS, localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { enclosingFunction, namedChildren } from '../engine/syntax';

/** When `asyncio.wait` returns before every task is done, as the message says it. */
const EARLY: Readonly<Record<string, string>> = {
  FIRST_COMPLETED: 'at the first finished task',
  FIRST_EXCEPTION: 'at the first exception',
};
const EARLY_CONSTANTS = ['asyncio', 'concurrent.futures'].flatMap((module) => Object.keys(EARLY).map((name) => `${module}.${name}`));
/** Groups that await their tasks when their block ends: nothing they started is left running. */
const TASK_GROUPS = ['asyncio.TaskGroup', 'asyncio.taskgroups.TaskGroup', 'anyio.create_task_group', 'trio.open_nursery'];
const LOOPS = new Set(['for_statement', 'while_statement']);

/**
 * `done, pending = await asyncio.wait(…, return_when=FIRST_COMPLETED)` (or `FIRST_EXCEPTION`, or a
 * `timeout`) where nothing is done with `pending` and the tasks are reachable through nothing else:
 * they go on running, and their results and exceptions are never seen.
 */
const check: CallHandler = (call, context) => {
  const when = returnsEarly(call, context);
  const awaited = call.parent;
  const definition = enclosingFunction(call);
  if (!when || awaited?.type !== 'await' || definition?.type !== 'function_definition') return;
  const pending = pendingTarget(awaited);
  if (pending === undefined || (pending && isHandled(pending, definition, context))) return;
  const tasks = positionalArguments(call)[0];
  if (!tasks || insideTaskGroup(call, definition, context) || !isHeldOnlyHere(tasks, call, definition, context)) return;
  const message =
    pending && pending.text !== '_'
      ? `\`asyncio.wait\` returns ${when} and \`${pending.text}\` is never cancelled or awaited: the tasks left in it keep running unobserved`
      : `\`asyncio.wait\` returns ${when} and its pending tasks are dropped: they keep running unobserved`;
  context.report({ node: call, message });
};

/** How the call returns early: `return_when=FIRST_COMPLETED`/`FIRST_EXCEPTION`, or a `timeout` that is not `None`. */
function returnsEarly(call: Node, context: RuleContext): string | undefined {
  const list = call.childForFieldName('arguments');
  const items = list?.type === 'argument_list' ? namedChildren(list) : [];
  if (items.some((item) => item.type === 'dictionary_splat')) return undefined;
  const keyword = (name: string) => items.find((item) => item.type === 'keyword_argument' && item.childForFieldName('name')?.text === name)?.childForFieldName('value');
  const returnWhen = keyword('return_when');
  if (returnWhen) {
    if (!context.semantic.matches(returnWhen, ...EARLY_CONSTANTS)) return undefined;
    return EARLY[context.semantic.qualifiedNames(returnWhen)[0].split('.').pop()!];
  }
  const timeout = keyword('timeout');
  return timeout && timeout.type !== 'none' ? 'at its timeout' : undefined;
}

function positionalArguments(call: Node): Node[] {
  const list = call.childForFieldName('arguments');
  return list?.type === 'argument_list' ? namedChildren(list).filter((item) => item.type !== 'keyword_argument') : [];
}

/**
 * The name the pending set is bound to: `pending` in `done, pending = await …`; `null` for a bare
 * `await asyncio.wait(…)`, which drops both sets; nothing for other uses of the result, which the
 * rule does not follow.
 */
function pendingTarget(awaited: Node): Node | null | undefined {
  const parent = awaited.parent;
  if (parent?.type === 'expression_statement') return null;
  if (parent?.type !== 'assignment' || parent.childForFieldName('right')?.id !== awaited.id) return undefined;
  const left = parent.childForFieldName('left');
  const targets = left && ['pattern_list', 'tuple_pattern', 'list_pattern'].includes(left.type) ? namedChildren(left) : [];
  return targets.length === 2 && targets[1].type === 'identifier' ? targets[1] : undefined;
}

/** Whether the code does something with the pending set: cancels or awaits its tasks, or hands it on. */
function isHandled(pending: Node, definition: Node, context: RuleContext): boolean {
  const scope = localScope(definition);
  const binding = scope.bindings.get(pending.text)?.find((each) => each.node?.id === pending.id);
  if (!binding || scope.globals.has(pending.text) || scope.nonlocals.has(pending.text)) return true;
  const uses = valueUses(context.semantic, binding);
  if ([uses.stored, uses.returned, uses.passed, uses.copied, uses.mutated].some((nodes) => nodes.length > 0)) return true;
  return uses.references.some(isConsumed);
}

/** `for task in pending:`, `[t.cancel() for t in pending]`, `gather(*pending)`, `pending | more`: its tasks go somewhere. */
function isConsumed(reference: Node): boolean {
  const parent = reference.parent;
  if (!parent) return false;
  if (parent.type === 'for_statement' || parent.type === 'for_in_clause') return parent.childForFieldName('right')?.id === reference.id;
  return parent.type === 'list_splat' || (parent.type === 'binary_operator' && parent.childForFieldName('operator')?.text === '|');
}

function insideTaskGroup(call: Node, definition: Node, context: RuleContext): boolean {
  for (let node = call.parent; node && node.id !== definition.id; node = node.parent) {
    if (node.type !== 'with_statement') continue;
    const clause = node.namedChildren.find((child) => child?.type === 'with_clause');
    for (const item of namedChildren(clause)) {
      let value = item.childForFieldName('value');
      if (value?.type === 'as_pattern') value = value.firstNamedChild;
      const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
      if (callee && context.semantic.matches(callee, ...TASK_GROUPS)) return true;
    }
  }
  return false;
}

/**
 * Whether the awaited tasks can be reached only through what `wait` returns: made right there (a
 * comprehension or display of calls), or held by local names the function fills with new tasks
 * and never reads after the call, stores, returns or passes on. A parameter's tasks belong to the
 * caller and an attribute's to the object, and either may still cancel them.
 */
function isHeldOnlyHere(tasks: Node, wait: Node, definition: Node, context: RuleContext, depth = 0): boolean {
  if (COMPREHENSIONS.has(tasks.type)) return tasks.childForFieldName('body')?.type === 'call';
  if (tasks.type === 'list' || tasks.type === 'set' || tasks.type === 'tuple') {
    return namedChildren(tasks).every((item) => item.type === 'call' || (item.type === 'identifier' && isLocalOnlyHere(item, tasks, wait, definition, context, 'task', depth)));
  }
  return tasks.type === 'identifier' && isLocalOnlyHere(tasks, tasks, wait, definition, context, 'collection', depth);
}

/**
 * Whether a local name (a task, or a collection of tasks) reaches the `wait` call only: every value
 * it is given is new (a call for a task; tasks made here, or an empty list or set, for a
 * collection), and outside `container` — the expression it is read in on its way to the call — it
 * is not read after the call, nor stored, returned or passed on.
 */
function isLocalOnlyHere(name: Node, container: Node, wait: Node, definition: Node, context: RuleContext, holds: 'task' | 'collection', depth: number): boolean {
  const binding = context.semantic.resolve(name);
  const scope = localScope(definition);
  if (!binding?.node || binding.scope.node?.id !== definition.id || scope.globals.has(name.text) || scope.nonlocals.has(name.text) || depth > 2) return false;
  const bindings = context.semantic.bindingsOf(binding);
  const made = (value: Node | undefined) =>
    value !== undefined && (holds === 'task' ? value.type === 'call' : isEmptyCollection(value, context) || isHeldOnlyHere(value, wait, definition, context, depth + 1));
  if (!bindings.every((each) => each.kind === 'assignment' && made(each.value))) return false;
  // In a loop that does not bind the name itself, the next round waits for the same tasks again.
  const loop = enclosingLoop(wait, definition);
  if (loop && bindings.some((each) => !within(each.node!, loop))) return false;
  const uses = valueUses(context.semantic, binding);
  const elsewhere = (node: Node) => !within(node, container);
  if (uses.references.some((node) => elsewhere(node) && (node.startIndex >= wait.endIndex || (loop !== undefined && within(node, loop))))) return false;
  return ![...uses.stored, ...uses.returned, ...uses.passed, ...uses.copied].some(elsewhere);
}

/** `[]`, `set()`, `list()`: a collection the function fills with tasks it makes. */
function isEmptyCollection(value: Node, context: RuleContext): boolean {
  if (value.type === 'list' || value.type === 'set') return namedChildren(value).length === 0;
  const callee = value.type === 'call' ? value.childForFieldName('function') : null;
  return callee !== null && positionalArguments(value).length === 0 && context.semantic.matches(callee, 'builtins.list', 'builtins.set');
}

/** The innermost loop around a node, within its function. */
function enclosingLoop(node: Node, definition: Node): Node | undefined {
  for (let current = node.parent; current && current.id !== definition.id; current = current.parent) if (LOOPS.has(current.type)) return current;
  return undefined;
}

function within(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

export default defineRule({
  meta: {
    code: 'PH413',
    name: 'wait-leaves-pending',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'async',
    severity: 'warning',
    minPython: [3, 5],
    message: '`asyncio.wait` returns before every task is done, and the tasks still pending are never cancelled or awaited',
    docs: {
      what: [
        'Flags `done, pending = await asyncio.wait(tasks, return_when=FIRST_COMPLETED)` — or `FIRST_EXCEPTION`, or a `timeout` — when',
        'nothing is done with `pending` afterwards (no loop over it, no `gather`, `wait` or `cancel`, not returned, stored or passed on)',
        'and the tasks cannot be reached any other way: they were made for this call, and no other name that holds them is read later.',
        'Dropping the set as `_`, or not unpacking the result at all, counts as doing nothing with it.',
      ].join(' '),
      why: [
        '`asyncio.wait` never cancels anything: when it returns early, the tasks that have not finished keep running in the background.',
        'With nothing holding them, their exceptions end up as "Task exception was never retrieved" at shutdown, their results are lost,',
        'and a losing `queue.get()` or `reader.read()` still consumes the item or bytes it was waiting for. Cancel the rest, or wait for it.',
      ].join(' '),
      example: [
        'import asyncio',
        '',
        'async def first_reply(mirrors, fetch):',
        '    tasks = [asyncio.create_task(fetch(url)) for url in mirrors]',
        '    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)',
        '    return done.pop().result()',
        '',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        'async def first_reply(mirrors, fetch):',
        '    tasks = [asyncio.create_task(fetch(url)) for url in mirrors]',
        '    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)',
        '    for task in pending:',
        '        task.cancel()',
        '    return done.pop().result()',
        '',
      ].join('\n'),
    },
  },
  visit: {
    calls: { 'asyncio.wait': check, 'asyncio.tasks.wait': check },
  },
});
