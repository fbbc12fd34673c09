import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type ImportRequirement, type NodeHandler, type RuleContext } from '../engine/rule';
import { qualifiedInModule } from '../engine/semantic/model';
import { namedChildren, substringFirst } from '../engine/syntax';

/** The threading primitives by qualified name, with the name of their multiprocessing counterparts. */
const PRIMITIVES: Readonly<Record<string, string>> = {
  'threading.Lock': 'Lock',
  'threading.RLock': 'RLock',
  'threading.Semaphore': 'Semaphore',
  'threading.BoundedSemaphore': 'BoundedSemaphore',
  'threading.Event': 'Event',
  'threading.Condition': 'Condition',
};
const PROCESSES = ['multiprocessing.Process', 'multiprocessing.context.Process'];
const POOLS = ['multiprocessing.Pool', 'multiprocessing.pool.Pool'];
const EXECUTORS = ['concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.process.ProcessPoolExecutor'];
/** Calls whose arguments reach the child by inheritance, where a multiprocessing lock works: the processes themselves and the pools' initializers. */
const INHERITING: Readonly<Record<string, readonly { keyword: string; position: number }[]>> = {
  ...Object.fromEntries(PROCESSES.map((name) => [name, [{ keyword: 'args', position: 3 }, { keyword: 'kwargs', position: 4 }]])),
  ...Object.fromEntries(POOLS.map((name) => [name, [{ keyword: 'initargs', position: 2 }]])),
  ...Object.fromEntries(EXECUTORS.map((name) => [name, [{ keyword: 'initargs', position: 3 }]])),
};
/** Pool methods, and where their work's arguments go (pickled with each task). */
const POOL_METHODS: Readonly<Record<string, readonly { keyword: string; position: number }[]>> = {
  apply: [{ keyword: 'args', position: 1 }, { keyword: 'kwds', position: 2 }],
  apply_async: [{ keyword: 'args', position: 1 }, { keyword: 'kwds', position: 2 }],
  ...Object.fromEntries(['map', 'map_async', 'imap', 'imap_unordered', 'starmap', 'starmap_async'].map((name) => [name, [{ keyword: 'iterable', position: 1 }]])),
};
const CONTAINERS = new Set(['tuple', 'list', 'set', 'parenthesized_expression', 'expression_list']);

interface Primitive {
  /** The argument expression that is (or names) the threading object. */
  node: Node;
  qualified: string;
  /** The `threading.X(…)` call that makes it, when it lies in the finding's unit. */
  creation?: Node;
}

/** `Process(args=…, kwargs=…)`, `Pool(initargs=…)`, `ProcessPoolExecutor(initargs=…)`. */
const checkInheriting: CallHandler = (call, context, qualified) => {
  for (const slot of INHERITING[qualified]) {
    const argument = argumentAt(call, slot.keyword, slot.position);
    for (const primitive of argument ? primitivesIn(argument, context) : []) {
      context.report({
        node: primitive.node,
        message: `\`${context.text(primitive.node)}\` is a \`${primitive.qualified}\`: a child process gets a copy under fork and cannot receive it under spawn; use \`multiprocessing.${PRIMITIVES[primitive.qualified]}\``,
        fix: counterpart(primitive, context),
      });
    }
  }
};

/** `pool.apply_async(f, (lock,))`, `pool.starmap(f, [(lock, x) …])`, `executor.submit(f, lock)`, and `partial(f, lock)` as the work. */
const checkTask: NodeHandler = (call, context) => {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')!.text : '';
  if (!(method in POOL_METHODS) && method !== 'submit') return;
  const receiver = poolKind(callee!.childForFieldName('object')!, context);
  const taskArguments = receiver ? taskArgumentsOf(call, receiver, method) : undefined;
  if (!taskArguments) return;
  const work = argumentAt(call, receiver === 'pool' ? 'func' : 'fn', 0);
  const values = [...taskArguments, ...(work ? partialArguments(work, context) : [])];
  for (const primitive of values.flatMap((value) => primitivesIn(value, context))) {
    context.report({
      node: primitive.node,
      message: `\`${context.text(primitive.node)}\` is a \`${primitive.qualified}\`: the arguments of pool tasks are pickled, and threading objects cannot be; pass a \`multiprocessing.${PRIMITIVES[primitive.qualified]}\` through the pool's \`initargs\`, or use \`Manager().${PRIMITIVES[primitive.qualified]}()\``,
    });
  }
};

/**
 * What a task call pickles besides its function: a pool method's `args`/`kwds` or iterable;
 * everything after `executor.submit`'s function, and `executor.map`'s iterables. Nothing for other methods.
 */
function taskArgumentsOf(call: Node, receiver: 'pool' | 'executor', method: string): Node[] | undefined {
  if (receiver === 'pool') return POOL_METHODS[method]?.map((slot) => argumentAt(call, slot.keyword, slot.position)).filter((each): each is Node => each !== undefined);
  if (method !== 'submit' && method !== 'map') return undefined;
  return namedChildren(call.childForFieldName('arguments')).flatMap((argument, index) => {
    if (argument.type !== 'keyword_argument') return index === 0 ? [] : [argument];
    return method === 'submit' ? [argument.childForFieldName('value')!] : [];
  });
}

/** The arguments bound by `functools.partial(f, …)` given as a task's function: pickled with it. */
function partialArguments(work: Node, context: RuleContext): Node[] {
  const callee = work.type === 'call' ? work.childForFieldName('function') : null;
  if (!callee || !context.semantic.matches(callee, 'functools.partial')) return [];
  return namedChildren(work.childForFieldName('arguments'))
    .slice(1)
    .map((argument) => (argument.type === 'keyword_argument' ? argument.childForFieldName('value')! : argument));
}

/** An argument by keyword or by position (before any keyword); nothing after a `*args`. */
function argumentAt(call: Node, keyword: string, position: number): Node | undefined {
  const all = namedChildren(call.childForFieldName('arguments'));
  const named = all.find((argument) => argument.type === 'keyword_argument' && argument.childForFieldName('name')?.text === keyword);
  if (named) return named.childForFieldName('value') ?? undefined;
  const positional = all.slice(0, position + 1);
  if (positional.some((argument) => argument.type !== 'keyword_argument' && argument.type.endsWith('splat'))) return undefined;
  const found = positional[position];
  return found && found.type !== 'keyword_argument' ? found : undefined;
}

/** The threading primitives among the values an argument holds: `(lock, n)`, `{"done": event}`, `dict(lock=lock)`, `[(lock, x) for x in xs]`. */
function primitivesIn(expression: Node, context: RuleContext): Primitive[] {
  if (CONTAINERS.has(expression.type)) return namedChildren(expression).flatMap((part) => primitivesIn(part, context));
  if (expression.type === 'dictionary') return namedChildren(expression).flatMap((pair) => (pair.type === 'pair' ? primitivesIn(pair.childForFieldName('value')!, context) : []));
  if (expression.type === 'list_comprehension') return primitivesIn(expression.childForFieldName('body')!, context);
  if (expression.type === 'binary_operator') return namedChildren(expression).flatMap((part) => primitivesIn(part, context));
  if (expression.type === 'call') {
    const callee = expression.childForFieldName('function')!;
    const qualified = primitiveName(callee, context);
    if (qualified) return [{ node: expression, qualified, creation: expression }];
    if (!context.semantic.isBuiltin(callee, 'dict')) return [];
    return namedChildren(expression.childForFieldName('arguments')).flatMap((argument) => (argument.type === 'keyword_argument' ? primitivesIn(argument.childForFieldName('value')!, context) : []));
  }
  const primitive = expression.type === 'identifier' ? heldPrimitive(expression, context) : undefined;
  return primitive ? [primitive] : [];
}

function primitiveName(callee: Node, context: RuleContext): string | undefined {
  const qualified = context.semantic.qualifiedName(callee);
  return qualified !== undefined && qualified in PRIMITIVES ? qualified : undefined;
}

/**
 * The primitive a name holds: a local bound once to `threading.X(…)`, or a module-level name the
 * module binds once to it (whose assignment may lie in another unit; then there is no fix).
 */
function heldPrimitive(name: Node, context: RuleContext): Primitive | undefined {
  const binding = context.semantic.resolve(name);
  if (!binding) return undefined;
  if (binding.scope !== context.semantic.module) {
    const value = context.semantic.bindingsOf(binding).length === 1 && binding.kind === 'assignment' ? binding.value : undefined;
    const qualified = value?.type === 'call' ? primitiveName(value.childForFieldName('function')!, context) : undefined;
    return qualified ? { node: name, qualified, creation: value } : undefined;
  }
  const bindings = context.facts.bindings.get(name.text)?.filter((each) => !each.fallback) ?? [];
  const callee = bindings.length === 1 && bindings[0].kind === 'assignment' ? bindings[0].callee : undefined;
  const names = callee === undefined ? [] : qualifiedInModule(context.facts, callee);
  const qualified = names.length === 1 && names[0] in PRIMITIVES ? names[0] : undefined;
  return qualified ? { node: name, qualified, creation: moduleAssignmentNear(name, context) } : undefined;
}

/** `name = threading.X(…)` at module level in the same top-level statement as the reference (a main guard's block, say). */
function moduleAssignmentNear(name: Node, context: RuleContext): Node | undefined {
  let statement = name;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  const assignments = statement.descendantsOfType('assignment').filter((assignment): assignment is Node => {
    if (!assignment || assignment.childForFieldName('left')?.text !== name.text) return false;
    const right = assignment.childForFieldName('right');
    return right?.type === 'call' && primitiveName(right.childForFieldName('function')!, context) !== undefined && context.semantic.resolve(assignment.childForFieldName('left')!)?.scope === context.semantic.module;
  });
  return assignments.length === 1 ? assignments[0].childForFieldName('right')! : undefined;
}

/** Whether an expression is a multiprocessing pool or a process pool executor: made right there, or held by a name bound once. */
function poolKind(expression: Node, context: RuleContext): 'pool' | 'executor' | undefined {
  const names = expression.type === 'call' ? context.semantic.qualifiedNames(expression.childForFieldName('function')!) : expression.type === 'identifier' ? heldCall(expression, context) : [];
  if (names.length === 0) return undefined;
  if (names.every((name) => POOLS.includes(name))) return 'pool';
  return names.every((name) => EXECUTORS.includes(name)) ? 'executor' : undefined;
}

/** The qualified names of the call a name was bound to: `p = Pool()`, `with Pool() as p:`. */
function heldCall(name: Node, context: RuleContext): string[] {
  const binding = context.semantic.resolve(name);
  if (!binding) return [];
  if (binding.scope === context.semantic.module) {
    const bindings = context.facts.bindings.get(name.text)?.filter((each) => !each.fallback) ?? [];
    if (bindings.length !== 1) return [];
    if (bindings[0].callee !== undefined) return qualifiedInModule(context.facts, bindings[0].callee);
    return bindings[0].kind === 'with' ? calleeNames(enclosingWithValue(name), context) : [];
  }
  if (context.semantic.bindingsOf(binding).length !== 1) return [];
  if (binding.kind === 'assignment') return calleeNames(binding.value, context);
  return binding.kind === 'with' && binding.node ? calleeNames(withValueOf(binding.node), context) : [];
}

function calleeNames(value: Node | null | undefined, context: RuleContext): string[] {
  return value?.type === 'call' ? context.semantic.qualifiedNames(value.childForFieldName('function')!) : [];
}

/** The value of the `with … as name` that a reference inside its block names: module-level names keep no nodes. */
function enclosingWithValue(name: Node): Node | undefined {
  for (let node = name.parent; node && node.type !== 'function_definition'; node = node.parent) {
    if (node.type !== 'with_statement') continue;
    const alias = node.descendantsOfType('as_pattern_target').find((target) => target?.firstNamedChild?.type === 'identifier' && target.firstNamedChild.text === name.text);
    if (alias) return withValueOf(alias.firstNamedChild!);
  }
  return undefined;
}

/** `Pool()` for the `p` of `with Pool() as p:`. */
function withValueOf(alias: Node): Node | undefined {
  const pattern = alias.parent?.type === 'as_pattern_target' ? alias.parent.parent : undefined;
  return pattern?.type === 'as_pattern' && pattern.parent?.type === 'with_item' ? (pattern.firstNamedChild ?? undefined) : undefined;
}

/** `multiprocessing.X(…)` in place of `threading.X(…)`, spelled through the module's imports. */
function counterpart({ creation, qualified }: Primitive, context: RuleContext): FixSpec | undefined {
  if (!creation) return undefined;
  const kind = PRIMITIVES[qualified];
  // `Condition(lock)` takes a threading lock, which would have to change with it.
  if (kind === 'Condition' && namedChildren(creation.childForFieldName('arguments')).length > 0) return undefined;
  const spelled = spelling(`multiprocessing.${kind}`, kind, creation, context);
  if (!spelled) return undefined;
  const callee = creation.childForFieldName('function')!;
  return { edits: [{ start: callee.startIndex, end: callee.endIndex, text: spelled.text }], imports: spelled.imports };
}

/** How to write `qualified` at `at`: an existing name, else a new `from multiprocessing import X` beside others, else `import multiprocessing`. */
function spelling(qualified: string, name: string, at: Node, context: RuleContext): { text: string; imports: ImportRequirement[] } | undefined {
  const existing = context.semantic.spell(qualified, at);
  if (existing) return { text: existing, imports: [] };
  const importsFrom = [...context.facts.bindings.values()].some((bindings) => bindings.some((binding) => binding.kind === 'from-import' && binding.qualified?.startsWith('multiprocessing.')));
  if (importsFrom && context.semantic.isFree(name, at)) return { text: name, imports: [{ module: 'multiprocessing', name }] };
  return context.semantic.isFree('multiprocessing', at) ? { text: qualified, imports: [{ module: 'multiprocessing' }] } : undefined;
}

export default defineRule({
  meta: {
    code: 'PH406',
    name: 'threading-lock-in-process',
    kind: 'correctness',
    selection: 'default',
    category: 'concurrency',
    severity: 'warning',
    minPython: [3, 0],
    message: 'A `threading` lock handed to another process does not synchronise with it: use the `multiprocessing` one',
    docs: {
      what: [
        'Flags a `threading.Lock`, `RLock`, `Semaphore`, `BoundedSemaphore`, `Event` or `Condition` passed to a',
        '`multiprocessing.Process` (in `args` or `kwargs`), to a `multiprocessing.Pool` or `ProcessPoolExecutor`',
        'through `initargs`, or to a pool\'s tasks (`apply`, `apply_async`, `map`, `starmap` and their variants,',
        '`executor.submit`/`map`, also bound with `functools.partial`). The object may be made right there or held',
        'by a name bound once to it. A threading lock shared by threads of one process is fine and left alone; so are',
        '`multiprocessing` locks and `Manager().Lock()` proxies.',
      ].join(' '),
      why: [
        'A threading primitive lives in one process\'s memory. Under the *spawn* and *forkserver* start methods the',
        'arguments are pickled and the call fails with `TypeError: cannot pickle \'_thread.lock\' object`. Under',
        '*fork* it is worse: each child gets its own copy, so the lock excludes nobody and an event set in the parent',
        'is never seen by a child waiting on it.',
        '',
        'The `multiprocessing` versions share one lock between processes (and between threads, too). They reach a',
        'child by inheritance — as `Process` arguments or a pool\'s `initargs` — but not as arguments of a pool task,',
        'which are pickled: there, pass the lock through `initializer`/`initargs`, or use a `Manager().Lock()`.',
      ].join('\n'),
      example: [
        'import threading',
        'from multiprocessing import Process',
        '',
        'def append_line(lock, path, line):',
        '    with lock:',
        '        with open(path, "a") as log:',
        '            log.write(line + "\\n")',
        '',
        'def main():',
        '    lock = threading.Lock()',
        '    workers = [Process(target=append_line, args=(lock, "run.log", str(n))) for n in range(4)]',
        '    for worker in workers:',
        '        worker.start()',
      ].join('\n'),
      instead: [
        'import multiprocessing',
        'from multiprocessing import Process',
        '',
        'def append_line(lock, path, line):',
        '    with lock:',
        '        with open(path, "a") as log:',
        '            log.write(line + "\\n")',
        '',
        'def main():',
        '    lock = multiprocessing.Lock()',
        '    workers = [Process(target=append_line, args=(lock, "run.log", str(n))) for n in range(4)]',
        '    for worker in workers:',
        '        worker.start()',
      ].join('\n'),
      fixSafety: [
        'The fix replaces `threading.X(…)` by `multiprocessing.X(…)` where the object is made in the same function or',
        'block as the process (importing `multiprocessing` when needed), and is unsafe: it changes what the program',
        'does under *fork*, where the code runs today. Processes that each had their own copy now exclude one another,',
        'so a parent holding the lock while it joins its children now waits forever. And the code that uses the lock,',
        'usually the worker function, is out of sight: `acquire(blocking=False)` raises with multiprocessing, which',
        'names the parameter `block`; a negative timeout means "forever" to threading and "do not wait" to',
        'multiprocessing; `Semaphore.release(n)` takes no count there, and `Lock.locked()` only exists from Python',
        '3.14. `Condition(lock)` with a lock of its own gets no fix.'
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Use the multiprocessing counterpart' },
  },
  visit: {
    calls: Object.fromEntries(Object.keys(INHERITING).map((name) => [name, checkInheriting])),
    nodes: { call: checkTask },
    unitIncludes: substringFirst(new RegExp(`\\b(?:submit|${Object.keys(POOL_METHODS).join('|')})[\\s\\\\]*\\(`), 'submit', ...Object.keys(POOL_METHODS)),
    sourceIncludes: 'threading',
  },
});
