import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { enclosingFunction, namedChildren, substringFirst } from '../engine/syntax';

/**
 * Targets that run for as long as the program does (a server, a watcher, a queue consumer): a
 * thread each is the point, and an executor capped at `max_workers` would leave some never started.
 */
const LONG_RUNNING = /serve|server|listen|forever|loop|poll|watch|monitor|consume|daemon|heartbeat|keepalive/i;

/** The threads made per item, and the statements of the block that handle them. */
interface ThreadLoop {
  /** The `threading.Thread(…)` call. */
  thread: Node;
  /** The names the items are bound to, which the thread's arguments must read: one thread per piece of work. */
  itemNames: ReadonlySet<string>;
  /** Whether each thread is started where it is made. */
  started: boolean;
  /** The references to the list this construct is allowed: its binding and `append` receivers. */
  listReferences: Node[];
}

/** `for thread in threads: thread.join()`, after the threads were made per item and started. */
const check: NodeHandler = (joinLoop, context) => {
  const joined = loopOverList(joinLoop, 'join');
  // At module level the statements before the loop are other analysis units: out of a handler's sight.
  if (!joined || joinLoop.parent?.type !== 'block' || meantToRunTogether(joinLoop)) return;
  const statements = namedChildren(joinLoop.parent);
  const before = statements.slice(0, statements.findIndex((statement) => statement.id === joinLoop.id));
  const listReferences = [joined];
  let made: ThreadLoop | undefined;
  for (let index = before.length - 1; index >= 0 && !made; index--) {
    const statement = before[index];
    const startLoop = loopOverList(statement, 'start');
    if (startLoop?.text === joined.text) listReferences.push(startLoop);
    else made = madePerItem(statement, joined.text, before[index - 1], context);
    // Statements in between may do other things, not with the threads.
    if (!made && startLoop?.text !== joined.text && mentions(statement, joined.text)) return;
  }
  if (!made || (!made.started && listReferences.length < 2) || !isPoolOfWork(made, context)) return;
  if (!onlyUsedHere(joined, [...listReferences, ...made.listReferences], context)) return;
  context.report({ node: made.thread });
};

/**
 * Threads that must all run at once, which an executor with fewer workers would not give: in a
 * test (of thread safety, a race, a lock), or meeting at a `threading.Barrier`.
 */
function meantToRunTogether(loop: Node): boolean {
  for (let scope = enclosingFunction(loop); scope; scope = enclosingFunction(scope)) {
    if (/^test/i.test(scope.childForFieldName('name')?.text ?? '') || /\bBarrier\s*\(/.test(scope.text)) return true;
  }
  return false;
}

/** The list a `for t in NAME: t.<method>()` loop goes over (its body that one call, no arguments, no `else`). */
function loopOverList(statement: Node, method: string): Node | undefined {
  if (statement.type !== 'for_statement' || statement.childForFieldName('alternative')) return undefined;
  const variable = statement.childForFieldName('left');
  const list = statement.childForFieldName('right');
  const body = namedChildren(statement.childForFieldName('body'));
  if (variable?.type !== 'identifier' || list?.type !== 'identifier' || body.length !== 1) return undefined;
  return isMethodCall(body[0], variable.text, method) ? list : undefined;
}

/** `name.method()` as a statement. */
function isMethodCall(statement: Node, name: string, method: string): boolean {
  const call = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (callee?.type !== 'attribute' || namedChildren(call!.childForFieldName('arguments')).length > 0) return false;
  return callee.childForFieldName('object')?.text === name && callee.childForFieldName('attribute')?.text === method;
}

/**
 * `threads = [Thread(…) for x in xs]`, or `threads = []` (the statement before) followed by a loop
 * that makes a thread per item, appends it and maybe starts it.
 */
function madePerItem(statement: Node, list: string, previous: Node | undefined, context: RuleContext): ThreadLoop | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === list) {
    const right = assignment.childForFieldName('right');
    const body = right?.type === 'list_comprehension' ? right.childForFieldName('body') : null;
    if (!body || !isThread(body, context)) return undefined;
    const itemNames = new Set(namedChildren(right).flatMap((clause) => (clause.type === 'for_in_clause' ? identifiersIn(clause.childForFieldName('left')) : [])));
    return { thread: body, itemNames, started: false, listReferences: [assignment.childForFieldName('left')!] };
  }
  const emptied = previous?.type === 'expression_statement' ? previous.firstNamedChild : null;
  const empty = emptied?.type === 'assignment' && emptied.childForFieldName('left')?.text === list && emptied.childForFieldName('right')?.text === '[]';
  if (statement.type !== 'for_statement' || !empty || statement.childForFieldName('alternative')) return undefined;
  const made = loopBody(namedChildren(statement.childForFieldName('body')), list, context);
  if (!made) return undefined;
  const itemNames = new Set(identifiersIn(statement.childForFieldName('left')));
  return { ...made, itemNames, listReferences: [...made.listReferences, emptied.childForFieldName('left')!] };
}

/**
 * A loop body that makes one thread and appends it — `t = Thread(…)`, `t.start()`,
 * `threads.append(t)`, or `threads.append(Thread(…))` — besides statements that touch neither.
 */
function loopBody(statements: readonly Node[], list: string, context: RuleContext): Omit<ThreadLoop, 'itemNames'> | undefined {
  let thread: Node | undefined;
  let variable: string | undefined;
  let started = false;
  const appends: Node[] = [];
  for (const statement of statements) {
    const expression = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    const appended = expression ? appendedTo(expression, list) : undefined;
    if (expression?.type === 'assignment' && expression.childForFieldName('left')?.type === 'identifier' && isThread(expression.childForFieldName('right'), context) && !thread) {
      thread = expression.childForFieldName('right')!;
      variable = expression.childForFieldName('left')!.text;
    } else if (appended && !thread && isThread(appended.value, context)) {
      thread = appended.value;
      appends.push(appended.receiver);
    } else if (appended && variable !== undefined && appended.value.text === variable) {
      appends.push(appended.receiver);
    } else if (variable !== undefined && isMethodCall(statement, variable, 'start')) {
      started = true;
    } else if (mentions(statement, list) || (variable !== undefined && mentions(statement, variable))) {
      return undefined;
    }
  }
  return thread && appends.length === 1 ? { thread, started, listReferences: appends } : undefined;
}

/** `list.append(value)`: the receiver and the value. */
function appendedTo(expression: Node, list: string): { receiver: Node; value: Node } | undefined {
  const callee = expression.type === 'call' ? expression.childForFieldName('function') : null;
  const args = namedChildren(expression.childForFieldName('arguments'));
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver?.type !== 'identifier' || receiver.text !== list || callee!.childForFieldName('attribute')?.text !== 'append' || args.length !== 1) return undefined;
  return { receiver, value: args[0] };
}

function isThread(expression: Node | null, context: RuleContext): expression is Node {
  const callee = expression?.type === 'call' ? expression.childForFieldName('function') : null;
  return callee !== null && callee !== undefined && context.semantic.matches(callee, 'threading.Thread');
}

/**
 * Threads that each do one piece of work: a `target`, not a long-running loop by its name, not
 * daemons (an executor's workers are joined at exit, so abandoning them is not on offer), and
 * arguments that read the item.
 */
function isPoolOfWork({ thread, itemNames }: ThreadLoop, context: RuleContext): boolean {
  const keywords = new Map(
    namedChildren(thread.childForFieldName('arguments'))
      .filter((argument) => argument.type === 'keyword_argument')
      .map((argument) => [argument.childForFieldName('name')!.text, argument.childForFieldName('value')!]),
  );
  const target = keywords.get('target');
  const daemon = keywords.get('daemon');
  if (!target || LONG_RUNNING.test(context.text(target)) || (daemon && daemon.text !== 'False')) return false;
  const readsItem = (node: Node | undefined) => node !== undefined && identifiersIn(node).some((name) => itemNames.has(name));
  // The item reaches the work through the arguments, a `lambda: work(item)` or a `partial(work, item)`;
  // `target=a if i % 2 else b` picks which work, and gives it nothing.
  const boundTarget = target.type === 'lambda' || target.type === 'call';
  return readsItem(keywords.get('args')) || readsItem(keywords.get('kwargs')) || (boundTarget && readsItem(target));
}

/**
 * Whether the list of threads is used only by this construct: nothing returns it, keeps it or
 * looks at the threads otherwise, in the function (or the top-level statement) that holds it.
 */
function onlyUsedHere(list: Node, allowed: readonly Node[], context: RuleContext): boolean {
  let region = enclosingFunction(list);
  if (!region) for (region = list; region.parent && region.parent.type !== 'module'; region = region.parent);
  const variable = context.semantic.resolve(list);
  if (!variable) return false;
  const allowedIds = new Set(allowed.map((node) => node.id));
  return region.descendantsOfType('identifier').every((identifier) => {
    if (!identifier || identifier.text !== list.text || allowedIds.has(identifier.id)) return true;
    const parent = identifier.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === identifier.id) return true;
    const binding = context.semantic.resolve(identifier);
    return binding === undefined || binding.scope !== variable.scope;
  });
}

/** The plain names a target or expression holds. */
function identifiersIn(node: Node | null): string[] {
  if (!node) return [];
  if (node.type === 'identifier') return [node.text];
  return node.descendantsOfType('identifier').flatMap((identifier) => (identifier ? [identifier.text] : []));
}

function mentions(statement: Node, name: string): boolean {
  return identifiersIn(statement).includes(name);
}

export default defineRule({
  meta: {
    code: 'PH408',
    name: 'manual-thread-pool',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'concurrency',
    severity: 'information',
    minPython: [3, 2],
    message: 'A thread per item, started and joined by hand: `concurrent.futures.ThreadPoolExecutor` does this',
    docs: {
      what: [
        'Flags a `threading.Thread(target=…)` made once per item — in a list comprehension, or in a loop that appends',
        'it to a list — whose threads are then started (in that loop or a loop of its own) and joined in a loop',
        '`for t in threads: t.join()`. Left alone: threads whose arguments do not depend on the item (a fixed set of',
        'workers), targets named like long-running loops (`serve_forever`, `listen`, `poll`, `consume` …), daemon',
        'threads, a list of threads used for anything else, and code at module level, whose statements the rule',
        'does not see together.',
      ].join(' '),
      why: [
        'This is what `ThreadPoolExecutor` is for, and the executor does it better. `executor.map(work, items)` runs',
        'the work on a bounded number of threads (`max_workers`) instead of one thread per item, which matters when',
        'the items are many. It hands back each result, and an exception raised in the work is re-raised where the',
        'result is read — a plain thread prints it to stderr and the caller never learns the work failed. The',
        '`with` block waits for everything, so no join loop is needed. Use `submit` and `as_completed` to handle',
        'results as they finish.',
        '',
        'The executor runs at most `max_workers` items at once: work that must all run at the same time (threads',
        'waiting on each other) needs `max_workers=len(items)`.',
      ].join('\n'),
      example: [
        'import threading',
        '',
        'def fetch_all(urls):',
        '    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]',
        '    for thread in threads:',
        '        thread.start()',
        '    for thread in threads:',
        '        thread.join()',
      ].join('\n'),
      instead: ['from concurrent.futures import ThreadPoolExecutor', '', 'def fetch_all(urls):', '    with ThreadPoolExecutor(max_workers=8) as executor:', '        return list(executor.map(fetch, urls))'].join('\n'),
    },
  },
  visit: {
    nodes: { for_statement: check },
    // The threads are joined in a loop of the same unit.
    unitIncludes: substringFirst(/\bjoin\s*\(/, 'join'),
    sourceIncludes: 'Thread',
  },
});
