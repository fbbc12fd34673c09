import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type NodeHandler, type RuleContext } from '../engine/rule';
import { isOneOf } from '../engine/semantic/classes';
import { qualifiedInModule } from '../engine/semantic/model';
import { namedChildren, substringFirst } from '../engine/syntax';

/** Start their processes as soon as they are created. */
const STARTS_WHEN_CREATED = ['multiprocessing.Pool', 'multiprocessing.pool.Pool', 'multiprocessing.Manager'];
/** Starts its processes when work is submitted: creating one at import time is harmless. */
const EXECUTORS = ['concurrent.futures.ProcessPoolExecutor', 'concurrent.futures.process.ProcessPoolExecutor'];
const PROCESSES = ['multiprocessing.Process', 'multiprocessing.context.Process'];
const SUBMITTING = new Set(['submit', 'map']);

/** `Pool(…)` or `Manager()` at import time. */
const checkCreation: CallHandler = (call, context) => {
  if (runsAtImport(call)) report(call, `${calleeText(call, context)}()`, context);
};

/** `with ProcessPoolExecutor() as pool:` or `ProcessPoolExecutor().map(…)` at import time: work is submitted there. */
const checkExecutor: CallHandler = (call, context) => {
  if (!runsAtImport(call)) return;
  if (isWithItem(call) || SUBMITTING.has(chainedMethod(call) ?? '')) report(call, `${calleeText(call, context)}()`, context);
};

/** `Process(…).start()` at import time. */
const checkProcess: CallHandler = (call, context) => {
  if (chainedMethod(call) === 'start' && runsAtImport(call)) report(call.parent!.parent!, `${calleeText(call, context)}(…).start()`, context);
};

/** `worker.start()` at import time, where `worker` holds a `Process` (or an instance of the module's subclass of it). */
const checkStartStatement: NodeHandler = (statement, context) => {
  const call = statement.firstNamedChild;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  if (receiver?.type !== 'identifier' || callee!.childForFieldName('attribute')?.text !== 'start') return;
  if (holdsProcess(receiver, context) && runsAtImport(call!)) report(call!, `${receiver.text}.start()`, context);
};

function report(node: Node, label: string, context: RuleContext): void {
  context.report({ node, message: `\`${label}\` starts processes when the module is imported, and spawned children import it again: guard it with \`if __name__ == "__main__":\`` });
}

function calleeText(call: Node, context: RuleContext): string {
  return context.text(call.childForFieldName('function')!).replace(/\s+/g, '');
}

/** The method called on the result of `call` right away: `start` in `Process(…).start()`. */
function chainedMethod(call: Node): string | undefined {
  const access = call.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== call.id) return undefined;
  return access.parent?.type === 'call' ? access.childForFieldName('attribute')?.text : undefined;
}

function isWithItem(call: Node): boolean {
  const item = call.parent?.type === 'as_pattern' ? call.parent.parent : call.parent;
  return item?.type === 'with_item';
}

/**
 * Whether a name holds a process: the module binds it once, to a call of `Process` or of a
 * module-level subclass of it (the facts keep the callee of each module-level assignment).
 */
function holdsProcess(name: Node, context: RuleContext): boolean {
  const bindings = context.facts.bindings.get(name.text)?.filter((each) => !each.fallback) ?? [];
  if (bindings.length !== 1 || bindings[0].callee === undefined) return false;
  const callee = bindings[0].callee;
  const qualified = qualifiedInModule(context.facts, callee);
  const process = qualified.length > 0 && qualified.every((each) => PROCESSES.includes(each));
  if (!process && !context.facts.classes.get(callee)?.bases.some((base) => isOneOf(base, PROCESSES))) return false;
  // Last, as the dearest: the name is the module's, not a local one of the same name.
  return context.semantic.resolve(name)?.scope === context.semantic.module;
}

/**
 * Whether code runs when the module is imported: not in a function's or lambda's body (its
 * defaults and decorators do run), not under a main guard, not under `if TYPE_CHECKING:`. A class
 * body runs at import time too.
 */
function runsAtImport(node: Node): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case 'function_definition':
      case 'lambda':
        if (parent.childForFieldName('body')?.id === child.id) return false;
        break;
      case 'if_statement': {
        const condition = parent.childForFieldName('condition');
        if (parent.childForFieldName('consequence')?.id === child.id) {
          if (isMainGuard(condition, true) || isTypeChecking(condition)) return false;
        } else if (child.type === 'elif_clause' || child.type === 'else_clause') {
          // `if __name__ != "__main__": … else: …`
          if (isMainGuard(condition, false)) return false;
        }
        break;
      }
      case 'elif_clause':
        if (parent.childForFieldName('consequence')?.id === child.id && isMainGuard(parent.childForFieldName('condition'), true)) return false;
        break;
    }
  }
  return true;
}

const MAIN = /^(['"])__main__\1$/;
const MAIN_PROCESS = /^(['"])MainProcess\1$/;

/**
 * Whether a condition holds only in the main process (`main`), or fails only there: `__name__ ==
 * "__main__"` either way round, the older `current_process().name == "MainProcess"`, and `and`
 * (for `or`, negated) with other conditions.
 */
function isMainGuard(condition: Node | null, main: boolean): boolean {
  if (!condition) return false;
  if (condition.type === 'parenthesized_expression') return isMainGuard(condition.firstNamedChild, main);
  if (condition.type === 'boolean_operator') {
    const operator = condition.childForFieldName('operator')?.type;
    const either = isMainGuard(condition.childForFieldName('left'), main) || isMainGuard(condition.childForFieldName('right'), main);
    return either && operator === (main ? 'and' : 'or');
  }
  if (condition.type !== 'comparison_operator') return false;
  const operands = namedChildren(condition);
  const operator = condition.childForFieldName('operators')?.text;
  if (operands.length !== 2 || operator !== (main ? '==' : '!=')) return false;
  const [left, right] = operands;
  const isName = (node: Node) => node.type === 'identifier' && node.text === '__name__';
  const isProcessName = (node: Node) => node.type === 'attribute' && node.childForFieldName('attribute')?.text === 'name' && /current_process\s*\(\s*\)$/.test(node.childForFieldName('object')?.text ?? '');
  const pair = (name: Node, value: Node) => (isName(name) && MAIN.test(value.text)) || (isProcessName(name) && MAIN_PROCESS.test(value.text));
  return pair(left, right) || pair(right, left);
}

function isTypeChecking(condition: Node | null): boolean {
  if (condition?.type === 'identifier') return condition.text === 'TYPE_CHECKING';
  return condition?.type === 'attribute' && condition.childForFieldName('attribute')?.text === 'TYPE_CHECKING';
}

export default defineRule({
  meta: {
    code: 'PH405',
    name: 'process-start-without-main-guard',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'concurrency',
    severity: 'warning',
    minPython: [3, 0],
    message: 'Processes started when the module is imported: guard them with `if __name__ == "__main__":`',
    docs: {
      what: [
        'Flags code that starts processes when the module is imported — outside functions and outside an',
        '`if __name__ == "__main__":` block: creating a `multiprocessing.Pool` or `Manager()`, entering',
        '`with ProcessPoolExecutor() as pool:` or calling `.map`/`.submit` on a new executor, and `.start()` on a',
        '`multiprocessing.Process` (or the module\'s subclass of it) created inline or held by a module-level name.',
        'Code under `if TYPE_CHECKING:` never runs and is left alone; so is merely creating a `Process` or a',
        '`ProcessPoolExecutor`, which starts nothing.',
      ].join(' '),
      why: [
        'With the *spawn* start method (the default on Windows and macOS) and *forkserver* (the default on Linux',
        'from Python 3.14), a child process starts a fresh interpreter and imports the main module again to find',
        'the function it should run. If that import starts processes itself, the child fails with "An attempt has',
        'been made to start a new process before the current process has finished its bootstrapping phase", and',
        'the pool breaks or the program hangs. A library module that does it starts processes in every program',
        'that merely imports it, tests included.',
        '',
        'Code that works on Linux today only does so because *fork* copies the parent instead of re-importing.',
        'Put the work in a function and call it under `if __name__ == "__main__":`.',
      ].join('\n'),
      example: ['from multiprocessing import Pool', '', 'def square(n):', '    return n * n', '', 'with Pool(4) as pool:', '    print(pool.map(square, range(10)))'].join('\n'),
      instead: ['from multiprocessing import Pool', '', 'def square(n):', '    return n * n', '', 'if __name__ == "__main__":', '    with Pool(4) as pool:', '        print(pool.map(square, range(10)))'].join('\n'),
    },
  },
  visit: {
    calls: {
      ...Object.fromEntries(STARTS_WHEN_CREATED.map((name) => [name, checkCreation])),
      ...Object.fromEntries(EXECUTORS.map((name) => [name, checkExecutor])),
      ...Object.fromEntries(PROCESSES.map((name) => [name, checkProcess])),
    },
    nodes: { expression_statement: checkStartStatement },
    unitIncludes: substringFirst(/\.[\s\\]*start[\s\\]*\(/, 'start'),
    // Every name the rule looks for is spelled with it: `multiprocessing`, `Process`, `ProcessPoolExecutor`.
    sourceIncludes: 'rocess',
  },
});
