import type { Node } from 'web-tree-sitter';
import { returnsComputedValue } from '../engine/semantic/coroutines';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { definitionStatement, enclosingClass, isAsync, namedChildren, ownScopeNodes, substringFirst } from '../engine/syntax';

const TASK_GROUPS = ['asyncio.TaskGroup', 'asyncio.taskgroups.TaskGroup', 'taskgroup.TaskGroup'];
/** Containers handed to a coroutine for its results (or a queue for its output): what it returns is then extra. */
const COLLECTING_DISPLAYS = new Set(['list', 'dictionary', 'set', 'list_comprehension', 'dictionary_comprehension', 'set_comprehension']);
const COLLECTING_CALLS = [
  ...['list', 'dict', 'set'].map((name) => `builtins.${name}`),
  ...['defaultdict', 'deque', 'OrderedDict', 'Counter'].map((name) => `collections.${name}`),
  ...['Queue', 'LifoQueue', 'PriorityQueue'].map((name) => `asyncio.${name}`),
];

/** `async with TaskGroup() as tg:` — each `tg.create_task(f(…))` statement of its body whose coroutine returns a value. */
const check: NodeHandler = (statement, context) => {
  if (!isAsync(statement)) return;
  const groups = taskGroupNames(statement, context);
  const body = statement.childForFieldName('body');
  if (groups.length === 0 || !body) return;
  for (const expression of ownScopeNodes(body, ['expression_statement'])) {
    const call = namedChildren(expression).length === 1 ? expression.firstNamedChild : null;
    const coroutine = call?.type === 'call' ? createdTask(call, groups, context) : undefined;
    const callee = coroutine?.childForFieldName('function');
    if (!coroutine || !callee || !returnsValue(callee, context) || passesCollector(coroutine, context)) continue;
    context.report({
      node: call!,
      message: `The task of \`${context.text(callee)}(…)\` is not kept, so the value it returns is lost: keep the task and read its \`result()\` after the block`,
    });
  }
};

/** The names `as` binds to task groups in the statement's items. */
function taskGroupNames(statement: Node, context: RuleContext): Node[] {
  const clause = statement.namedChildren.find((child) => child?.type === 'with_clause');
  const names: Node[] = [];
  for (const item of namedChildren(clause)) {
    const value = item.childForFieldName('value');
    if (value?.type !== 'as_pattern') continue;
    const created = value.firstNamedChild;
    const callee = created?.type === 'call' ? created.childForFieldName('function') : null;
    const alias = value.childForFieldName('alias')?.firstNamedChild;
    if (callee && alias?.type === 'identifier' && context.semantic.matches(callee, ...TASK_GROUPS)) names.push(alias);
  }
  return names;
}

/** The coroutine call of `tg.create_task(f(…))`, `tg` being one of the groups. */
function createdTask(call: Node, groups: readonly Node[], context: RuleContext): Node | undefined {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver?.type !== 'identifier' || callee?.childForFieldName('attribute')?.text !== 'create_task') return undefined;
  const group = context.semantic.resolve(receiver)?.node;
  if (!group || !groups.some((name) => name.id === group.id)) return undefined;
  const list = call.childForFieldName('arguments');
  const coroutine = list?.type === 'argument_list' ? namedChildren(list)[0] : undefined;
  return coroutine?.type === 'call' ? coroutine : undefined;
}

/**
 * Whether the callee is a coroutine function of this file that returns a computed value: a
 * module-level function or a method of a module-level class called on `self` (through the module
 * facts), or a function defined in the same function (read directly). Each must be its name's
 * only definition; anything else (imports, parameters, other objects' methods) is not known.
 */
function returnsValue(callee: Node, context: RuleContext): boolean {
  if (callee.type === 'identifier') {
    const binding = context.semantic.resolve(callee);
    if (binding?.kind !== 'function' || context.semantic.bindingsOf(binding).length !== 1) return false;
    if (binding.scope === context.semantic.module) return context.facts.bindings.get(callee.text)?.length === 1 && context.facts.valueCoroutines.has(callee.text);
    // A function of the function around the call: in the same unit, so its body may be read.
    const definition = binding.scope.kind === 'function' ? binding.node?.parent : undefined;
    return definition?.type === 'function_definition' && returnsComputedValue(definition, context.text(definition));
  }
  const method = methodKey(callee, context);
  return method !== undefined && context.facts.valueCoroutines.has(method);
}

/** `Client.fetch` for `self.fetch`, `self` being the first parameter of a method of the module-level class `Client`. */
function methodKey(callee: Node, context: RuleContext): string | undefined {
  const receiver = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
  const attribute = callee.childForFieldName('attribute');
  if (receiver?.type !== 'identifier' || !attribute) return undefined;
  const binding = context.semantic.resolve(receiver);
  const method = binding?.kind === 'parameter' ? binding.scope.node : undefined;
  if (method?.type !== 'function_definition' || namedChildren(method.childForFieldName('parameters'))[0]?.id !== binding?.node?.id) return undefined;
  const owner = enclosingClass(method);
  const name = owner?.childForFieldName('name')?.text;
  return owner && name !== undefined && definitionStatement(owner).parent?.type === 'module' ? `${name}.${attribute.text}` : undefined;
}

/** `fetch(url, results)`: a local collection (or queue) goes in with the coroutine, and the results may come back through it. */
function passesCollector(coroutine: Node, context: RuleContext): boolean {
  const list = coroutine.childForFieldName('arguments');
  return namedChildren(list).some((argument) => {
    const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument;
    const binding = value?.type === 'identifier' ? context.semantic.resolve(value) : undefined;
    if (!binding) return false;
    if (!binding.scope.node) return binding.valueType !== undefined && COLLECTING_DISPLAYS.has(binding.valueType);
    return context.semantic.bindingsOf(binding).some((each) => {
      const assigned = each.value;
      if (!assigned) return false;
      if (COLLECTING_DISPLAYS.has(assigned.type)) return true;
      const callee = assigned.type === 'call' ? assigned.childForFieldName('function') : null;
      return callee !== null && context.semantic.matches(callee, ...COLLECTING_CALLS);
    });
  });
}

export default defineRule({
  meta: {
    code: 'PH412',
    name: 'discarded-task-result',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'async',
    severity: 'warning',
    // Not gated on 3.11: the rule reads code that already uses a task group, and its advice (keep the task) holds wherever that runs.
    minPython: [3, 5],
    message: 'The task is not kept, so the value its coroutine returns is lost',
    docs: {
      what: [
        'Flags `tg.create_task(f(…))` written as a statement of its own inside `async with asyncio.TaskGroup() as tg:`, when `f` is',
        'a coroutine function of the same file that returns a computed value. Only the file\'s own functions are judged (module-level',
        'ones, methods of module-level classes called on `self`, and functions defined alongside), and coroutines that return only',
        'constants such as `True` or `0` (status flags), or that are handed a list, dict or queue to put their results in, are left alone.',
      ].join(' '),
      why: [
        'A task group keeps its tasks alive and waits for them, but it does not give their results back: the only way to read what',
        'a task returned is through the task object `create_task` returns. Thrown away, the value is computed and lost, which is',
        'seldom the intent of a function written to return it.',
      ].join(' '),
      example: [
        'import asyncio',
        '',
        'async def fetch_price(client, symbol):',
        '    response = await client.get(f"/quote/{symbol}")',
        '    return response.json()["price"]',
        '',
        'async def refresh(client, symbols):',
        '    async with asyncio.TaskGroup() as tg:',
        '        for symbol in symbols:',
        '            tg.create_task(fetch_price(client, symbol))',
        '',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        'async def fetch_price(client, symbol):',
        '    response = await client.get(f"/quote/{symbol}")',
        '    return response.json()["price"]',
        '',
        'async def refresh(client, symbols):',
        '    async with asyncio.TaskGroup() as tg:',
        '        tasks = {symbol: tg.create_task(fetch_price(client, symbol)) for symbol in symbols}',
        '    return {symbol: task.result() for symbol, task in tasks.items()}',
        '',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { with_statement: check },
    unitIncludes: substringFirst(/\bcreate_task\b/, 'create_task'),
    sourceIncludes: 'TaskGroup',
  },
});
