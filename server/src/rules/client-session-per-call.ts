import type { Node } from 'web-tree-sitter';
import { fannedOutCallees } from '../engine/semantic/coroutines';
import { defineRule, type CallHandler, type RuleContext } from '../engine/rule';
import type { Binding } from '../engine/semantic/binding';
import { COMPREHENSIONS, localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { definitionStatement, enclosingClass, enclosingFunction, isAsync } from '../engine/syntax';

const SESSIONS = ['aiohttp.ClientSession', 'aiohttp.client.ClientSession', 'httpx.AsyncClient'];
/** Expressions the session goes through on its way to where it is kept: `Client(aiohttp.ClientSession())`, `await stack.enter_async_context(…)`. */
const WRAPPERS = new Set(['argument_list', 'keyword_argument', 'call', 'await', 'parenthesized_expression']);

/**
 * A session or client created inside a coroutine that the module runs concurrently over a
 * collection: each of the calls opens its own connection pool.
 */
const check: CallHandler = (call, context, qualified) => {
  const definition = enclosingFunction(call);
  const name = definition?.type === 'function_definition' ? definition.childForFieldName('name') : null;
  if (!definition || !name || !isAsync(definition)) return;
  if (isConditional(call, definition, context)) return;
  const session = sessionBinding(call, definition);
  if (session === 'kept' || (session && isLongLived(session, call, definition, context))) return;
  if (!isFannedOut(definition, name, context)) return;
  const spelled = qualified === 'httpx.AsyncClient' ? 'httpx.AsyncClient' : 'aiohttp.ClientSession';
  context.report({
    node: call,
    message: `\`${name.text}\` runs concurrently over a collection and makes a new \`${spelled}\` on every call: create one before fanning out and pass it in`,
  });
};

/**
 * `session or aiohttp.ClientSession()`, `… if session is None else …`, or inside an `if` that tests a
 * parameter (`if session is None:`): a fallback for callers that pass no session, who can share one.
 */
function isConditional(call: Node, definition: Node, context: RuleContext): boolean {
  for (let node = call.parent; node && node.id !== definition.id; node = node.parent) {
    if (node.type === 'conditional_expression' || node.type === 'boolean_operator') return true;
    if (node.type !== 'if_statement') continue;
    const conditions = [node.childForFieldName('condition'), ...node.namedChildren.filter((child) => child?.type === 'elif_clause').map((clause) => clause!.childForFieldName('condition'))];
    const testsParameter = conditions.some((condition) => condition?.descendantsOfType('identifier').some((identifier) => identifier !== null && isParameterOf(identifier, definition, context)));
    if (testsParameter) return true;
  }
  return false;
}

function isParameterOf(identifier: Node, definition: Node, context: RuleContext): boolean {
  const binding = context.semantic.resolve(identifier);
  return binding?.kind === 'parameter' && binding.scope.node?.id === definition.id;
}

/**
 * The local name the session is bound to (`async with … as session`, `session = …`, also through a
 * wrapper or `await`); `kept` when it is returned or stored on an object, where it outlives the call.
 */
function sessionBinding(call: Node, definition: Node): Binding | 'kept' | undefined {
  let value = call;
  while (value.parent && WRAPPERS.has(value.parent.type)) value = value.parent;
  const parent = value.parent;
  if (parent?.type === 'return_statement') return 'kept';
  let target: Node | null | undefined;
  if (parent?.type === 'as_pattern') target = parent.childForFieldName('alias')?.firstNamedChild;
  else if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === value.id) target = parent.childForFieldName('left');
  if (!target) return undefined;
  if (target.type === 'attribute' || target.type === 'subscript') return 'kept';
  if (target.type !== 'identifier') return undefined;
  const scope = localScope(definition);
  if (scope.globals.has(target.text) || scope.nonlocals.has(target.text)) return 'kept';
  return scope.bindings.get(target.text)?.find((binding) => binding.node?.id === target.id);
}

/**
 * Whether the session outlives one request: the coroutine returns or stores it (a factory, a
 * connect method), or uses it in a loop that does not create it again (a worker draining a queue,
 * where a session per call is a session per worker: a design choice, not the per-request mistake).
 */
function isLongLived(session: Binding, call: Node, definition: Node, context: RuleContext): boolean {
  const uses = valueUses(context.semantic, session);
  if (uses.returned.length > 0 || uses.stored.length > 0) return true;
  return uses.references.some((reference) => {
    for (let node = reference.parent; node && node.id !== definition.id; node = node.parent) {
      const loops = node.type === 'for_statement' || node.type === 'while_statement' || COMPREHENSIONS.has(node.type);
      if (loops && !(call.startIndex >= node.startIndex && call.endIndex <= node.endIndex)) return true;
    }
    return false;
  });
}

/**
 * Whether the module runs the coroutine concurrently over a collection: for a module-level function
 * or a method of a module-level class the module facts say so; for a function nested in another,
 * the calls that function fans out are resolved to it.
 */
function isFannedOut(definition: Node, name: Node, context: RuleContext): boolean {
  const statement = definitionStatement(definition);
  if (statement.parent?.type === 'module') return context.facts.bindings.get(name.text)?.length === 1 && context.facts.fannedOut.has(name.text);
  const owner = enclosingClass(definition);
  if (owner) {
    const className = owner.childForFieldName('name')?.text;
    return definitionStatement(owner).parent?.type === 'module' && context.facts.fannedOut.has(`${className}.${name.text}`);
  }
  const outer = enclosingFunction(definition);
  if (!outer) return false;
  return fannedOutCallees(outer).some((callee) => callee.type === 'identifier' && callee.text === name.text && context.semantic.resolve(callee)?.node?.id === name.id);
}

export default defineRule({
  meta: {
    code: 'PH415',
    name: 'client-session-per-call',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'async',
    severity: 'warning',
    minPython: [3, 5],
    message: 'A coroutine run concurrently over a collection creates a new HTTP session on every call',
    docs: {
      what: [
        'Flags `aiohttp.ClientSession()` and `httpx.AsyncClient()` created inside a coroutine that the same file runs concurrently over a',
        'collection: `asyncio.gather(*[fetch(u) for u in urls])` (or a list of such calls built in a loop), `asyncio.wait` or',
        '`as_completed` over them, or `create_task(fetch(u))` / `start_soon(fetch, u)` in a loop or comprehension. A session created',
        'only when the caller passes none, one the coroutine returns or stores, and one it reuses in a loop (a worker) are left alone.',
      ].join(' '),
      why: [
        'A session is a connection pool: it keeps connections alive, reuses them, and caps how many are open at once. A new session',
        'per call throws all of that away — every request pays for a fresh TCP and TLS handshake, and with a thousand calls in flight',
        'a thousand pools open sockets with no shared limit, which exhausts file descriptors or trips the server\'s rate limits.',
        'Create one session, share it between the concurrent calls, and close it when they are all done.',
      ].join(' '),
      example: [
        'import asyncio',
        'import aiohttp',
        '',
        'async def fetch(url):',
        '    async with aiohttp.ClientSession() as session:',
        '        async with session.get(url) as response:',
        '            return await response.text()',
        '',
        'async def fetch_all(urls):',
        '    return await asyncio.gather(*[fetch(url) for url in urls])',
        '',
      ].join('\n'),
      instead: [
        'import asyncio',
        'import aiohttp',
        '',
        'async def fetch(session, url):',
        '    async with session.get(url) as response:',
        '        return await response.text()',
        '',
        'async def fetch_all(urls):',
        '    async with aiohttp.ClientSession() as session:',
        '        return await asyncio.gather(*[fetch(session, url) for url in urls])',
        '',
      ].join('\n'),
    },
  },
  visit: {
    calls: Object.fromEntries(SESSIONS.map((name) => [name, check])),
  },
});
