import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type RuleContext, type TextEdit } from '../engine/rule';
import { enclosingCoroutine, isModuleLevel, namedChildren } from '../engine/syntax';

/** Functions of asyncio that return a coroutine: what `asyncio.run` accepts. Its other functions return futures or tasks. */
const ASYNCIO_COROUTINES = ['asyncio.sleep', 'asyncio.wait', 'asyncio.wait_for'];

const check: CallHandler = (call, context) => {
  if (enclosingCoroutine(call)) {
    context.report({
      node: call,
      message: 'In a coroutine `asyncio.get_event_loop()` returns the running loop: say so with `asyncio.get_running_loop()`',
      fix: runningLoop(call, context),
    });
    return;
  }
  if (!isModuleLevel(call) || setsLoopBefore(call, context) || isVersionGated(call)) return;
  context.report({
    node: call,
    message: 'Outside a running loop `asyncio.get_event_loop()` creates one implicitly: deprecated since Python 3.12, an error since 3.14; use `asyncio.run(main())`',
    fix: asyncioRun(call, context),
  });
};

/**
 * `asyncio.get_event_loop` becomes `asyncio.get_running_loop` through the same module name; a bare
 * `get_event_loop` becomes the module's name for `get_running_loop`, else one imported beside it.
 */
function runningLoop(call: Node, context: RuleContext): FixSpec | undefined {
  const callee = call.childForFieldName('function')!;
  const { semantic } = context;
  const replace = (text: string): TextEdit => ({ start: callee.startIndex, end: callee.endIndex, text });
  if (callee.type === 'attribute') return { edits: [replace(`${context.text(callee.childForFieldName('object')!)}.get_running_loop`)] };
  const existing = semantic.spell('asyncio.get_running_loop', call);
  if (existing) return { edits: [replace(existing)] };
  if (semantic.isFree('get_running_loop', call)) return { edits: [replace('get_running_loop')], imports: [{ module: 'asyncio', name: 'get_running_loop' }] };
  const module = semantic.spell('asyncio', call);
  return module ? { edits: [replace(`${module}.get_running_loop`)] } : undefined;
}

/** `asyncio.set_event_loop(…)` earlier in the same top-level statement: `get_event_loop()` then returns that loop. */
function setsLoopBefore(call: Node, context: RuleContext): boolean {
  const statement = topLevelStatement(call);
  return context.source.slice(statement.startIndex, call.startIndex).includes('set_event_loop(');
}

/** Inside `if sys.version_info < (3, 10): …` or its `else`: code kept for the Pythons where it is right. */
function isVersionGated(call: Node): boolean {
  for (let node = call.parent; node; node = node.parent) {
    if (node.type === 'if_statement' && node.childForFieldName('condition')?.text.includes('version_info')) return true;
  }
  return false;
}

function topLevelStatement(node: Node): Node {
  let statement = node;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  return statement;
}

/**
 * The loop's whole use is running one coroutine: `asyncio.get_event_loop().run_until_complete(main())`,
 * or `loop = asyncio.get_event_loop()` followed by `loop.run_until_complete(main())` (and at most a
 * `loop.close()`, which `asyncio.run` does itself) with no other mention of `loop` in the statement.
 * Then `asyncio.run(main())` says it. Otherwise there is no fix: the loop is used for more. The
 * statements must share a block (the main guard's): two top-level statements are analysed apart.
 */
function asyncioRun(call: Node, context: RuleContext): FixSpec | undefined {
  const chained = methodCallOn(call, 'run_until_complete');
  if (chained) return runEdits(chained, [], context);
  const assignment = call.parent;
  const statement = assignment?.parent;
  const name = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === call.id ? assignment.childForFieldName('left') : null;
  if (name?.type !== 'identifier' || statement?.type !== 'expression_statement' || namedChildren(statement).length !== 1) return undefined;
  // The statements after a top-level one are out of sight (other analysis units); those of its block are not.
  if (statement.parent?.type === 'module' || context.facts.bindings.get(name.text)?.length !== 1) return undefined;
  const next = statement.nextNamedSibling;
  const expression = next?.type === 'expression_statement' && namedChildren(next).length === 1 ? next.firstNamedChild : null;
  const value = expression?.type === 'assignment' ? expression.childForFieldName('right') : expression;
  const runCall = value?.type === 'call' ? value : null;
  const receiver = runCall?.childForFieldName('function')?.childForFieldName('object');
  if (!next || !runCall || receiver?.type !== 'identifier' || receiver.text !== name.text || methodCallOn(receiver, 'run_until_complete')?.id !== runCall.id) return undefined;
  const edits: TextEdit[] = [{ start: statement.startIndex, end: next.startIndex, text: '' }];
  const mentions = [receiver.id];
  const close = closeStatement(next.nextNamedSibling, name.text);
  if (close) {
    edits.push({ start: next.endIndex, end: close.statement.endIndex, text: '' });
    mentions.push(close.receiver.id);
  }
  // Another mention of the loop (another run, a callback registered on it) needs it after all.
  const others = topLevelStatement(call)
    .descendantsOfType('identifier')
    .some((identifier) => identifier !== null && identifier.text === name.text && identifier.id !== name.id && !mentions.includes(identifier.id));
  return others ? undefined : runEdits(runCall, edits, context);
}

/** `<receiver>.<method>(…)` when the node is the receiver. */
function methodCallOn(receiver: Node, method: string): Node | undefined {
  const access = receiver.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== receiver.id || access.childForFieldName('attribute')?.text !== method) return undefined;
  const call = access.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === access.id ? call : undefined;
}

/** `loop.close()` as a statement of its own. */
function closeStatement(statement: Node | null, name: string): { statement: Node; receiver: Node } | undefined {
  const call = statement?.type === 'expression_statement' && namedChildren(statement).length === 1 ? statement.firstNamedChild : null;
  const receiver = call?.type === 'call' ? call.childForFieldName('function')?.childForFieldName('object') : null;
  if (!statement || !receiver || receiver.type !== 'identifier' || receiver.text !== name || methodCallOn(receiver, 'close')?.id !== call!.id) return undefined;
  return namedChildren(call!.childForFieldName('arguments')).length === 0 ? { statement, receiver } : undefined;
}

/** `….run_until_complete(main())` becomes `asyncio.run(main())`, when its one argument is a coroutine call. */
function runEdits(runCall: Node, edits: TextEdit[], context: RuleContext): FixSpec | undefined {
  const argumentList = runCall.childForFieldName('arguments');
  const argumentsOf = namedChildren(argumentList);
  const coroutine = argumentsOf.length === 1 && argumentsOf[0].type === 'call' ? argumentsOf[0] : undefined;
  if (!argumentList || !coroutine || !callsCoroutineFunction(coroutine, context)) return undefined;
  const spelled = runSpelling(runCall, context);
  if (!spelled) return undefined;
  return {
    title: 'Use asyncio.run()',
    safety: 'unsafe',
    edits: [...edits, { start: runCall.startIndex, end: runCall.endIndex, text: `${spelled.name}${context.text(argumentList)}` }],
    imports: spelled.imports,
  };
}

/** `main()`, `asyncio.sleep(1)`: not `asyncio.gather(…)` or another asyncio function that returns a future, which `asyncio.run` refuses. */
function callsCoroutineFunction(call: Node, context: RuleContext): boolean {
  const names = context.semantic.qualifiedNames(call.childForFieldName('function')!);
  return names.every((name) => !name.startsWith('asyncio.') || ASYNCIO_COROUTINES.includes(name));
}

function runSpelling(at: Node, context: RuleContext): { name: string; imports?: FixSpec['imports'] } | undefined {
  const { semantic } = context;
  const direct = semantic.spell('asyncio.run', at);
  if (direct) return { name: direct };
  const module = semantic.spell('asyncio', at);
  if (module) return { name: `${module}.run` };
  return semantic.isFree('asyncio', at) ? { name: 'asyncio.run', imports: [{ module: 'asyncio' }] } : undefined;
}

export default defineRule({
  meta: {
    code: 'PH403',
    name: 'get-event-loop-in-coroutine',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'async',
    severity: 'warning',
    minPython: [3, 7],
    message: '`asyncio.get_event_loop()`: use `asyncio.get_running_loop()` in coroutines and `asyncio.run()` at the top',
    docs: {
      what: [
        'Flags `asyncio.get_event_loop()` in the code of an `async def`, and at module level (a script, an',
        '`if __name__ == "__main__":` block), where no loop is running yet.',
      ].join(' '),
      why: [
        'At module level there is no running loop, so `get_event_loop()` falls back to creating one behind the scenes. That',
        'fallback is deprecated since Python 3.12 (a `DeprecationWarning`) and gone in 3.14, where the call raises',
        '`RuntimeError: There is no current event loop`. `asyncio.run(main())` creates the loop, runs the coroutine, cancels',
        'what is left, shuts down async generators and the default executor, and closes the loop.',
        '',
        'Inside a coroutine the call still works (it returns the running loop), but `asyncio.get_running_loop()` says what is',
        'meant and raises at once when no loop runs, instead of making a new, idle one.',
        '',
        'Calls in plain functions are not flagged: a function may be called where a loop was set on purpose. Nor are calls',
        'after an `asyncio.set_event_loop(…)` in the same statement, or under an `if` on `sys.version_info`.',
      ].join('\n'),
      example: [
        'import asyncio',
        '',
        '',
        'async def main():',
        '    loop = asyncio.get_event_loop()',
        '    await loop.run_in_executor(None, print, "ready")',
        '',
        '',
        'if __name__ == "__main__":',
        '    asyncio.get_event_loop().run_until_complete(main())',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        '',
        'async def main():',
        '    loop = asyncio.get_running_loop()',
        '    await loop.run_in_executor(None, print, "ready")',
        '',
        '',
        'if __name__ == "__main__":',
        '    asyncio.run(main())',
      ].join('\n'),
      fixSafety: [
        'In a coroutine the fix to `get_running_loop()` is safe: both return the running loop. At module level,',
        '`loop.run_until_complete(main())` becomes `asyncio.run(main())` only when that is all the statement does with the',
        'loop (a following `loop.close()` goes too). That fix is unsafe: `asyncio.run` closes the loop and cancels the tasks',
        'still pending when `main()` returns, and other modules or functions that fetch the loop later get a new one.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use asyncio.get_running_loop()' },
  },
  visit: { calls: { 'asyncio.get_event_loop': check }, sourceIncludes: 'asyncio' },
});
