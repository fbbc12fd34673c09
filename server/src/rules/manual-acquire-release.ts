import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { namedChildren, ownScopeNodes, startsItsLine } from '../engine/syntax';

/** Locks, semaphores and conditions acquired with a plain call, and entered with `with`. */
const THREAD_LOCKS = [
  'threading.Lock',
  'threading.RLock',
  'threading.Semaphore',
  'threading.BoundedSemaphore',
  'threading.Condition',
  '_thread.allocate_lock',
  '_thread.RLock',
  'multiprocessing.Lock',
  'multiprocessing.RLock',
  'multiprocessing.Semaphore',
  'multiprocessing.BoundedSemaphore',
  'multiprocessing.Condition',
];
/** Those acquired with `await`, and entered with `async with`. */
const ASYNC_LOCKS = [
  'asyncio.Lock',
  'asyncio.Semaphore',
  'asyncio.BoundedSemaphore',
  'asyncio.Condition',
  'trio.Lock',
  'trio.StrictFIFOLock',
  'trio.Semaphore',
  'trio.Condition',
  'anyio.Lock',
  'anyio.Semaphore',
  'anyio.Condition',
];

/** Names that say "a lock": `lock`, `_write_lock`, `self.mutex`, `sem`, `self._cv`, `cond2`. */
const LOCK_NAME = /(^|_)(r?lock|mutex|mtx|sem|sema|semaphore|cond|condition|cv)_?\d*$/;

/** Nodes between the acquire and the release through which an exception or an early exit can leave the lock held. */
const RISKY = ['call', 'await', 'subscript', 'raise_statement', 'assert_statement', 'return_statement', 'yield', 'break_statement', 'continue_statement'];

type LockKind = 'thread' | 'async';

/** A lock and how sure we are of it: its constructor was seen (`known`), or only its name says so. */
interface Lock {
  kind: LockKind;
  known: boolean;
}

const check: NodeHandler = (definition, context) => {
  // The function's text first: its body's node is a call into wasm.
  if (!context.text(definition).includes('.acquire(')) return;
  const body = definition.childForFieldName('body');
  if (!body || !context.text(body).includes('.acquire(')) return;
  if (exercisesLocking(definition)) return;
  const scopeCalls = ownScopeNodes(body, ['call']);
  for (const call of scopeCalls) {
    const receiver = receiverOf(call, 'acquire');
    const statement = receiver ? acquireStatement(call) : undefined;
    if (!receiver || !statement) continue;
    const lock = lockOf(receiver, call, context);
    if (!lock) continue;
    const name = spelled(receiver);
    const enter = lock.kind === 'async' ? 'async with' : 'with';
    const ownReleases = scopeCalls.filter((release) => release.startIndex > call.startIndex && isCallOf(release, 'release', name));
    if (ownReleases.length === 0) continue;
    const guarded = tryFinallyAfter(statement, name, scopeCalls);
    if (guarded) {
      context.report({
        node: call,
        message: `\`${name}.acquire()\` followed by \`try\`/\`finally: ${name}.release()\` is \`${enter} ${name}:\``,
        fix: enterWith(statement, guarded, `${enter} ${name}`, lock, context),
      });
      continue;
    }
    // A release in `finally` or `except` handles the exceptions its own way.
    if (ownReleases.some(inHandler)) continue;
    const release = ownReleases[0];
    if (!within(release, statement.parent) || !riskyBetween(statement, release, body)) continue;
    context.report({
      node: call,
      message: `\`${name}.release()\` is not in a \`finally\`: if the code in between raises or returns, \`${name}\` stays acquired; use \`${enter} ${name}:\``,
    });
  }
};

/** Functions that acquire and return holding the lock on purpose. */
const ACQUIRING_FUNCTIONS = new Set(['acquire', '_acquire', '__enter__', '__aenter__', 'lock']);

/**
 * A function that is itself an acquire (a lock wrapper's `acquire`, a manager's `__enter__`), or a
 * test or a function inside one: tests of locking code exercise `acquire` and `release` themselves.
 */
function exercisesLocking(definition: Node): boolean {
  if (ACQUIRING_FUNCTIONS.has(definition.childForFieldName('name')?.text ?? '')) return true;
  for (let node: Node | null = definition; node; node = node.parent) {
    if (node.type === 'function_definition' && /^test/.test(node.childForFieldName('name')?.text ?? '')) return true;
  }
  return false;
}

/** `x` for a call `x.<method>()` without arguments on a dotted name (`lock`, `self._lock`). */
function receiverOf(call: Node, method: string): Node | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== method) return undefined;
  if (namedChildren(call.childForFieldName('arguments')).length > 0) return undefined;
  const object = callee.childForFieldName('object');
  return object && isDottedName(object) ? object : undefined;
}

/** Whether `call` is `<name>.<method>()`, the name written with or without spaces around its dots. */
function isCallOf(call: Node, method: string, name: string): boolean {
  const receiver = receiverOf(call, method);
  return receiver !== undefined && spelled(receiver) === name;
}

function spelled(name: Node): string {
  return name.text.replace(/\s+/g, '');
}

function isDottedName(node: Node): boolean {
  if (node.type === 'identifier') return true;
  const object = node.type === 'attribute' ? node.childForFieldName('object') : null;
  return object !== null && isDottedName(object);
}

/** The statement `x.acquire()` or `await x.acquire()`, whose result is not used (a timeout's or `blocking=False`'s would be). */
function acquireStatement(call: Node): Node | undefined {
  const expression = call.parent?.type === 'await' ? call.parent : call;
  const statement = expression.parent;
  return statement?.type === 'expression_statement' && statement.namedChildCount === 1 && statement.parent?.type === 'block' ? statement : undefined;
}

/**
 * What the receiver is: a lock whose constructor the model resolves (a local, module-level or
 * annotated name), else one whose name says so. Acquired with `await`, it is an asyncio-style lock.
 */
function lockOf(receiver: Node, call: Node, context: RuleContext): Lock | undefined {
  const awaited = call.parent?.type === 'await';
  const known = receiver.type === 'identifier' ? constructedAs(receiver, context) : undefined;
  if (known) return known === (awaited ? 'async' : 'thread') ? { kind: known, known: true } : undefined;
  const last = receiver.type === 'attribute' ? receiver.childForFieldName('attribute')!.text : receiver.text;
  const snake = last.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/^_+/, '');
  return LOCK_NAME.test(snake) ? { kind: awaited ? 'async' : 'thread', known: false } : undefined;
}

/** The kind of lock a name was made as (`lock = threading.Lock()`, `lock: asyncio.Lock`), if the model can tell. */
function constructedAs(name: Node, context: RuleContext): LockKind | undefined {
  const binding = context.semantic.resolve(name);
  if (!binding) return undefined;
  let qualified: string[] = [];
  if (binding.kind === 'parameter' && binding.annotation) qualified = context.semantic.qualifiedNames(binding.annotation);
  else if (binding.value?.type === 'call') qualified = context.semantic.qualifiedNames(binding.value.childForFieldName('function')!);
  else if (binding.scope === context.semantic.module && !binding.alternatives) {
    const callee = context.facts.bindings.get(name.text)?.at(-1)?.callee;
    if (callee) qualified = context.semantic.qualifiedNamesOf(callee, name);
  }
  if (qualified.length === 0) return undefined;
  if (qualified.every((each) => THREAD_LOCKS.includes(each))) return 'thread';
  if (qualified.every((each) => ASYNC_LOCKS.includes(each))) return 'async';
  return undefined;
}

/**
 * The `try` right after the acquire whose only other clause is a `finally` holding just the release,
 * with no other acquire or release of the lock inside: exactly what `with` does.
 */
function tryFinallyAfter(statement: Node, name: string, scopeCalls: readonly Node[]): Node | undefined {
  let next = statement.nextNamedSibling;
  while (next?.type === 'comment') next = next.nextNamedSibling;
  if (next?.type !== 'try_statement') return undefined;
  const clauses = namedChildren(next);
  if (clauses.length !== 2 || clauses[0].type !== 'block' || clauses[1].type !== 'finally_clause') return undefined;
  const [cleanup, ...rest] = namedChildren(namedChildren(clauses[1]).find((child) => child.type === 'block'));
  const call = cleanup?.type === 'expression_statement' && cleanup.namedChildCount === 1 ? cleanup.firstNamedChild : null;
  if (rest.length > 0 || call?.type !== 'call' || !isCallOf(call, 'release', name)) return undefined;
  const body = clauses[0];
  const touchesLock = scopeCalls.some((each) => within(each, body) && (isCallOf(each, 'release', name) || isCallOf(each, 'acquire', name)));
  return touchesLock ? undefined : next;
}

/**
 * `with x:` in place of the acquire and the `try:`, the `finally` clause gone; the body keeps its
 * indentation. Safe for a lock the model knows; for one known by its name only it is unsafe, since
 * the object may lack `__enter__`. Not offered when it would delete a comment.
 */
function enterWith(statement: Node, tryStatement: Node, header: string, lock: Lock, context: RuleContext): FixSpec | undefined {
  const keyword = tryStatement.firstChild!;
  const [body, cleanup] = namedChildren(tryStatement);
  if (!startsItsLine(statement, context.source)) return undefined;
  const removed = [
    [statement.startIndex, keyword.endIndex],
    [body.endIndex, cleanup.endIndex],
  ];
  const comments = tryStatement.parent!.descendantsOfType('comment');
  if (comments.some((comment) => comment !== null && removed.some(([start, end]) => comment.startIndex >= start && comment.endIndex <= end))) return undefined;
  return {
    edits: removed.map(([start, end], index) => ({ start, end, text: index === 0 ? header : '' })),
    safety: lock.known ? 'safe' : 'unsafe',
  };
}

/** Whether a release lies in a `finally` or `except` clause. */
function inHandler(release: Node): boolean {
  for (let node = release.parent; node && node.type !== 'function_definition'; node = node.parent) {
    if (node.type === 'finally_clause' || node.type === 'except_clause' || node.type === 'except_group_clause') return true;
  }
  return false;
}

function within(node: Node, container: Node | null): boolean {
  return container !== null && node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}

/** Whether anything between the acquire and the release can raise or leave early (a call, an await, a subscript, a return …). */
function riskyBetween(statement: Node, release: Node, body: Node): boolean {
  return ownScopeNodes(body, RISKY).some((node) => node.startIndex >= statement.endIndex && node.endIndex <= release.startIndex && !within(release, node));
}

export default defineRule({
  meta: {
    code: 'PH303',
    name: 'manual-acquire-release',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'concurrency',
    severity: 'warning',
    minPython: [3, 0],
    message: 'A lock acquired with `acquire()` and released with `release()` by hand: use `with lock:`',
    docs: {
      what: [
        'Flags `x.acquire()` (or `await x.acquire()`) as a statement followed in the same function by `x.release()`, where',
        '`x` is a lock, semaphore or condition: made by `threading`, `multiprocessing`, `asyncio`, trio or anyio, or named',
        'like one (`lock`, `self._mutex`, `sem`, `cond`). Two shapes are reported: a release that is not in a `finally` or',
        '`except` clause, with code in between that can raise or return; and the correct but longhand',
        '`acquire()` + `try`/`finally: release()`, which is what `with x:` does. An acquire whose result is used',
        '(`if lock.acquire(timeout=1):`, `blocking=False`), a release in another function or in another branch, an',
        'acquire in a loop released in another one (a semaphore used for counting), and test functions are left alone.',
      ].join(' '),
      why: [
        'A lock released by a plain call after the protected code stays held when that code raises or returns early:',
        'every other thread or task that needs it then waits forever. `with lock:` (`async with lock:` for asyncio, trio',
        'and anyio locks) acquires it and releases it on every way out of the block, and shows which code the lock covers.',
        '',
        '`acquire()` followed by a `try` whose `finally` releases the lock is correct, and is exactly what `with` does in',
        'two lines fewer; nothing can slip in between the acquire and the `try` later on.',
      ].join('\n'),
      example: [
        'import threading',
        '',
        'lock = threading.Lock()',
        '',
        'def record(entries, entry):',
        '    lock.acquire()',
        '    entries.append(entry.validate())',
        '    lock.release()',
      ].join('\n'),
      instead: ['import threading', '', 'lock = threading.Lock()', '', 'def record(entries, entry):', '    with lock:', '        entries.append(entry.validate())'].join('\n'),
      fixSafety: [
        'Only the `acquire()` + `try`/`finally: release()` shape is fixed, into `with x:`, when nothing else is in the',
        '`finally` and the `try` has no `except` or `else`: the same calls in the same order. It is safe when the lock\'s',
        'constructor is known (`threading.Lock()`, `asyncio.Semaphore()` …); when only the name says it is a lock, the fix',
        'is unsafe, as the object might have `acquire` and `release` without supporting `with`. A release outside',
        '`finally` gets no fix: moving it changes when the lock is released.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use a with statement' },
    peers: [{ tool: 'pylint', code: 'R1732', name: 'consider-using-with' }],
    narrower: 'Pylint flags every `acquire()` of a threading lock; this rule only flags one released by hand later in the same function, and also covers asyncio, trio and anyio locks.',
  },
  visit: {
    sourceIncludes: 'acquire',
    nodes: { function_definition: check },
  },
});
