import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { decoratorsOf, indentationOf, lineBreakOf, lineStartOf, namedChildren, nextLineStart, ownScopeNodes, startsItsLine } from '../engine/syntax';

const CONTEXT_MANAGERS = ['contextlib.contextmanager', 'contextlib.asynccontextmanager'];

/** Words of a call's name that mean undoing or releasing something: `close`, `os.chdir`'s partner `restore_cwd`, `removeHandler`. */
const RELEASES = new Set([
  'close', 'aclose', 'release', 'cleanup', 'clean', 'teardown', 'shutdown', 'terminate', 'kill', 'unlink', 'rmtree', 'rmdir',
  'remove', 'delete', 'destroy', 'dispose', 'detach', 'disconnect', 'unregister', 'unsubscribe', 'uninstall', 'unpatch', 'unlock',
  'unmount', 'unload', 'unset', 'unsetenv', 'unbind', 'unhook', 'restore', 'reset', 'rollback', 'revert', 'undo', 'stop', 'stopall',
  'cancel', 'join', 'exit', 'deactivate', 'free', 'drop', 'pop', 'popleft', 'discard',
]);

/** Verbs that undo another only when that other was called before the `yield`: `enable` after `disable`, `end` after `start`. */
const UNDOES: Readonly<Record<string, readonly string[]>> = {
  enable: ['disable'],
  disable: ['enable'],
  end: ['begin', 'start'],
  resume: ['pause', 'suspend'],
  show: ['hide'],
  hide: ['show'],
};

/** Logging methods: what only reports, and may move into `finally` along with the cleanup. */
const LOG_METHODS = new Set(['debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'fatal', 'log']);

/** What happens after a `yield` when the `with` body does not raise. */
interface SuccessPath {
  /** The statement holding the `yield`. */
  statement: Node;
  /** The statements that run after it, up to the end of the function or a `return`/`raise`. */
  after: Node[];
  /** Whether those statements all follow it in its own block (and nothing runs after that block). */
  ownBlock: boolean;
}

/** What the generator did before a `yield`: the names it called, the targets it assigned, the objects it changed. */
interface Setup {
  callees: Set<string>;
  verbs: Set<string>;
  changed: Set<string>;
  /** The receivers of its method calls and the objects whose attributes or items it assigned (`self.stack`, `os.environ`). */
  touched: Set<string>;
  yieldAt: Node;
  scope: Node;
}

const check: NodeHandler = (definition, context) => {
  if (!decoratorsOf(definition).some((decorator) => context.semantic.matches(decorator, ...CONTEXT_MANAGERS))) return;
  const body = definition.childForFieldName('body');
  if (!body) return;
  // The `yield` keyword inside each `yield` expression has the same type: only the expressions count.
  for (const point of ownScopeNodes(body, ['yield']).filter((node) => node.isNamed)) {
    const path = successPath(point, definition);
    if (!path) continue;
    const setup = setupBefore(point, definition, body);
    const cleanup = path.after.map((statement) => cleanupIn(statement, setup, context)).find((found) => found !== undefined);
    if (!cleanup) continue;
    context.report({
      node: point,
      message: `\`${firstLine(context.text(cleanup))}\` after the \`yield\` does not run when the \`with\` body raises: put it in a \`finally\``,
      fix: wrapInFinally(path, setup, context),
    });
  }
};

/**
 * The statements that run after the `yield` only when the body succeeds: those after it in its
 * block, then after each enclosing statement. Nothing when a `try` already guards the `yield` (any
 * `except` or `finally` shows the author handled exceptions), or when it is in a loop.
 */
function successPath(point: Node, definition: Node): SuccessPath | undefined {
  let statement = point;
  while (statement.parent && !isStatementBlock(statement.parent)) statement = statement.parent;
  const after: Node[] = [];
  for (let current = statement; ; ) {
    const block = current.parent!;
    for (const sibling of namedChildren(block).filter((each) => each.startIndex >= current.endIndex)) {
      after.push(sibling);
      if (sibling.type === 'return_statement' || sibling.type === 'raise_statement') return { statement, after, ownBlock: false };
    }
    if (block.parent?.id === definition.id) return { statement, after, ownBlock: after.every((each) => each.parent?.id === statement.parent!.id) };
    // Up to the statement that holds the block: an `if`, `with`, `try` or `match`, through its clauses.
    let part: Node = block;
    while (part.parent && !isStatementBlock(part.parent)) {
      if (guards(part.parent, part) || part.parent.type === 'for_statement' || part.parent.type === 'while_statement') return undefined;
      part = part.parent;
    }
    if (!part.parent) return undefined;
    current = part;
  }
}

/** A block of statements (not the block of `case` clauses a `match` holds). */
function isStatementBlock(node: Node): boolean {
  return node.type === 'block' && node.parent?.type !== 'match_statement';
}

/** Whether a `try` protects what lies in `part`: its body when it has handlers, every clause but `finally` when it has a `finally`. */
function guards(statement: Node, part: Node): boolean {
  if (statement.type !== 'try_statement') return false;
  const clauses = namedChildren(statement);
  if (clauses.some((clause) => clause.type === 'finally_clause')) return part.type !== 'finally_clause';
  return part.id === clauses[0]?.id;
}

function setupBefore(point: Node, definition: Node, body: Node): Setup {
  const setup: Setup = { callees: new Set(), verbs: new Set(), changed: new Set(), touched: new Set(), yieldAt: point, scope: definition };
  for (const node of ownScopeNodes(body, ['call', 'assignment', 'augmented_assignment'])) {
    if (node.startIndex >= point.startIndex) continue;
    if (node.type === 'call') {
      const callee = node.childForFieldName('function');
      if (!callee) continue;
      setup.callees.add(spelled(callee));
      for (const word of words(nameOf(callee))) setup.verbs.add(word);
      const receiver = containerOf(callee);
      if (receiver) setup.touched.add(spelled(receiver));
    } else {
      const target = node.childForFieldName('left');
      if (!target) continue;
      setup.changed.add(spelled(target));
      const container = containerOf(target);
      if (container) setup.touched.add(spelled(container));
    }
  }
  return setup;
}

/**
 * The first statement in `statement` (itself or one nested in it) that undoes or releases
 * something, outside blocks that end by raising: those handle an error the body reported
 * some other way (`if self._exception: self.close(); raise ...`).
 */
function cleanupIn(statement: Node, setup: Setup, context: RuleContext): Node | undefined {
  const candidates = [statement, ...ownScopeNodes(statement, ['expression_statement', 'delete_statement'])];
  return candidates.find((each) => isCleanup(each, setup, context) && !inRaisingBlock(each, statement));
}

function inRaisingBlock(node: Node, root: Node): boolean {
  for (let block = node.parent; block && block.id !== root.parent?.id; block = block.parent) {
    if (block.type === 'block' && namedChildren(block).at(-1)?.type === 'raise_statement') return true;
  }
  return false;
}

/** The object whose attribute or item an expression is: `self.stack` in `self.stack.append` and in `self.stack[-1]`. */
function containerOf(node: Node): Node | undefined {
  if (node.type === 'attribute') return node.childForFieldName('object') ?? undefined;
  if (node.type === 'subscript') return node.childForFieldName('value') ?? undefined;
  return undefined;
}

function isCleanup(statement: Node, setup: Setup, context: RuleContext): boolean {
  if (statement.type === 'delete_statement') return namedChildren(statement).flatMap(targetsOf).some((target) => deletesSetUpState(target, setup));
  if (statement.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  let expression = statement.firstNamedChild!;
  if (expression.type === 'await') expression = expression.firstNamedChild ?? expression;
  switch (expression.type) {
    case 'call':
      return isCleanupCall(expression, setup, context);
    case 'assignment':
    case 'augmented_assignment':
      return restores(expression, setup, context);
    default:
      return false;
  }
}

/**
 * A call that releases (`conn.close()`, `shutil.rmtree(tmp)`, `var.reset(token)`), undoes a call made
 * before the `yield` (`gc.enable()` after `gc.disable()`), calls the same setter with a value saved
 * before (`os.chdir(old)`), or restores an attribute (`setattr`, `delattr`).
 */
function isCleanupCall(call: Node, setup: Setup, context: RuleContext): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  if (context.semantic.isBuiltin(callee, 'setattr') || context.semantic.isBuiltin(callee, 'delattr')) return true;
  const own = words(nameOf(callee));
  if (own.some((word) => RELEASES.has(word))) return true;
  if (own.length > 0 && (UNDOES[own[0]] ?? []).some((verb) => setup.verbs.has(verb))) return true;
  return setup.callees.has(spelled(callee)) && namedChildren(call.childForFieldName('arguments')).some((argument) => isSaved(argument, setup, context));
}

/** Values that put state back as it was: a saved name, a constant, another attribute (`sys.__stdout__`). */
const RESTORED_VALUES = new Set(['identifier', 'attribute', 'true', 'false', 'none', 'integer', 'float', 'string', 'unary_operator']);

/**
 * `sys.stdout = old`, `self._busy = False` after `self._busy = True`, `self.depth -= 1` after
 * `+= 1`: state outside the generator put back. A computed value (`self.elapsed = time() - start`)
 * records a result instead.
 */
function restores(assignment: Node, setup: Setup, context: RuleContext): boolean {
  const target = assignment.childForFieldName('left');
  if (!target || !outlivesCall(target, setup)) return false;
  const changedBefore = setup.changed.has(spelled(target));
  if (assignment.type === 'augmented_assignment') return changedBefore;
  const value = assignment.childForFieldName('right');
  if (!value || !RESTORED_VALUES.has(value.type)) return false;
  return changedBefore || savedName(value, setup, context);
}

/**
 * Whether a target is state that outlives the generator's frame and the code that called it: an
 * attribute, an item, or a `global` name. A `nonlocal` name belongs to the enclosing function,
 * which the exception is already unwinding (in practice a counter a test reads back).
 */
function outlivesCall(target: Node, setup: Setup): boolean {
  if (target.type === 'attribute' || target.type === 'subscript') return true;
  return target.type === 'identifier' && localScope(setup.scope).globals.has(target.text);
}

/** `del os.environ["X"]` after setting it, `del self.stack[-1]` after `self.stack.append(…)`: what the setup added taken away. */
function deletesSetUpState(target: Node, setup: Setup): boolean {
  if (!outlivesCall(target, setup)) return false;
  const container = containerOf(target);
  return setup.changed.has(spelled(target)) || (container !== undefined && setup.touched.has(spelled(container)));
}

function targetsOf(node: Node): Node[] {
  return node.type === 'expression_list' || node.type === 'tuple' ? namedChildren(node) : [node];
}

/** An argument that is (or unpacks) a local the generator bound before the `yield`: a value saved to restore. */
function isSaved(argument: Node, setup: Setup, context: RuleContext): boolean {
  const value = argument.type === 'keyword_argument' ? argument.childForFieldName('value') : argument.type === 'list_splat' || argument.type === 'dictionary_splat' ? argument.firstNamedChild : argument;
  return value !== null && savedName(value, setup, context);
}

/** A name that refers to a local (not a parameter) bound before the `yield`. */
function savedName(name: Node, setup: Setup, context: RuleContext): boolean {
  if (name.type !== 'identifier') return false;
  const binding = context.semantic.resolve(name);
  return binding?.scope.node?.id === setup.scope.id && binding.kind !== 'parameter' && (binding.effective ?? 0) < setup.yieldAt.startIndex;
}

/** The last part of a callee's name: `close` in `self.conn.close`. */
function nameOf(callee: Node): string {
  return (callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.type === 'identifier' ? callee.text : undefined) ?? '';
}

/** `removeHandler` as `remove handler`, `tear_down` as `tear down teardown`, `__exit__` as `exit`: the words to look verbs up by. */
function words(name: string): string[] {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().split('_').filter((part) => part !== '');
  return parts.length > 1 ? [...parts, parts[0] + parts[1]] : parts;
}

function spelled(node: Node): string {
  return node.text.replace(/\s+/g, '');
}

function firstLine(text: string): string {
  const line = text.split(/\r\n|\r|\n/, 1)[0];
  return line.length < text.length ? `${line} …` : line;
}

/**
 * `try:` around the `yield` and the rest of its block in `finally:`, when that rest is all the
 * success path holds and it is all cleanup, logging or local bookkeeping: moving a commit or a
 * check into `finally` would run it after a failure too.
 */
function wrapInFinally(path: SuccessPath, setup: Setup, context: RuleContext): FixSpec | undefined {
  const { source } = context;
  const { statement, after } = path;
  if (!path.ownBlock || after.length === 0 || !after.every((each) => movable(each, setup, context))) return undefined;
  const first = after[0];
  const last = after[after.length - 1];
  if (!startsItsLine(statement, source) || !startsItsLine(first, source)) return undefined;
  const owner = statement.parent!.parent!;
  const indent = indentationOf(statement, source);
  const outer = indentationOf(owner, source);
  if (!indent.startsWith(outer) || indent === outer) return undefined;
  const unit = indent.slice(outer.length);
  const eol = lineBreakOf(source);
  const start = lineStartOf(source, statement.startIndex);
  const yieldEnd = nextLineStart(source, statement.endIndex);
  const strings = owner.descendantsOfType('string').filter((string): string is Node => string !== null);
  const indented = (from: number, to: number) => indentLines(source, from, to, unit, strings);
  const text = `${indent}try:${eol}${indented(start, yieldEnd)}${indent}finally:${eol}${indented(yieldEnd, last.endIndex)}`;
  return { edits: [{ start, end: last.endIndex, text }] };
}

/** A statement that may run in `finally`: only cleanup, logging and local assignments, and no `return`, `raise`, `yield` or `assert`. */
function movable(statement: Node, setup: Setup, context: RuleContext): boolean {
  const exits = ['return_statement', 'raise_statement', 'yield', 'assert_statement', 'break_statement', 'continue_statement'];
  if (exits.includes(statement.type) || ownScopeNodes(statement, exits).length > 0) return false;
  const simple = [statement, ...ownScopeNodes(statement, ['expression_statement', 'delete_statement'])].filter((each) => each.type === 'expression_statement' || each.type === 'delete_statement');
  return simple.every((each) => isCleanup(each, setup, context) || isLogging(each, context) || assignsLocal(each, setup));
}

function isLogging(statement: Node, context: RuleContext): boolean {
  const call = statement.firstNamedChild;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  if (!callee) return false;
  if (context.semantic.isBuiltin(callee, 'print') || context.semantic.matches(callee, 'warnings.warn')) return true;
  const receiver = callee.type === 'attribute' ? callee.childForFieldName('object') : null;
  return receiver !== null && LOG_METHODS.has(nameOf(callee)) && /log/i.test(receiver.text);
}

/** `status = "done"`: a local of the generator bound to a value that calls nothing. */
function assignsLocal(statement: Node, setup: Setup): boolean {
  const assignment = statement.firstNamedChild;
  if (assignment?.type !== 'assignment') return false;
  const target = assignment.childForFieldName('left');
  return target?.type === 'identifier' && !outlivesCall(target, setup) && ownScopeNodes(assignment, ['call']).length === 0;
}

/** The lines of `[from, to)` with `unit` more indentation; blank lines, and lines that start inside a string literal, as they are. */
function indentLines(source: string, from: number, to: number, unit: string, strings: readonly Node[]): string {
  let text = '';
  for (let at = from; at < to; ) {
    const next = Math.min(nextLineStart(source, at), to);
    const line = source.slice(at, next);
    const inString = strings.some((string) => string.startIndex < at && at < string.endIndex);
    text += inString || line.trim() === '' ? line : unit + line;
    at = next;
  }
  return text;
}

export default defineRule({
  meta: {
    code: 'PH302',
    name: 'contextmanager-yield-without-finally',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'resources',
    severity: 'warning',
    minPython: [3, 0],
    message: 'Cleanup after the `yield` of a `@contextmanager` does not run when the `with` body raises: put it in a `finally`',
    docs: {
      what: [
        'Flags the `yield` of a `@contextlib.contextmanager` or `@asynccontextmanager` generator when code after it',
        'undoes or releases something — `close()`, `release()`, `os.remove()`, `shutil.rmtree()`, `token.reset()`, a call',
        'made before the `yield` undone (`os.chdir(old)`, `gc.enable()` after `gc.disable()`), an attribute, item or global',
        'set back (`sys.stdout = saved`) — and no `try` guards the `yield`. Code after the `yield` that only logs, checks',
        'the outcome or commits is not cleanup: it may well be meant for success only. A `yield` inside a `try` with an',
        '`except` or a `finally` is left alone (the author decided what happens on errors), and so is the exit of a `with`',
        'block around the `yield`, which runs anyway.',
      ].join(' '),
      why: [
        'When the body of the `with` statement raises, `contextmanager` throws the exception into the generator at the',
        '`yield`. Without a `try`, it propagates from there: the statements after the `yield` never run. The directory is',
        'not changed back, the file not removed, the connection not closed, the patched attribute stays patched — and the',
        'next, unrelated code sees the leftovers.',
        '',
        'Put the `yield` in a `try` and the cleanup in its `finally`. Code that must run only when the body succeeded',
        'belongs in the `try` after the `yield` (or in an `else`), with what undoes it in an `except` that re-raises.',
      ].join('\n'),
      example: [
        'import os',
        'from contextlib import contextmanager',
        '',
        '@contextmanager',
        'def working_directory(path):',
        '    previous = os.getcwd()',
        '    os.chdir(path)',
        '    yield',
        '    os.chdir(previous)',
      ].join('\n'),
      instead: [
        'import os',
        'from contextlib import contextmanager',
        '',
        '@contextmanager',
        'def working_directory(path):',
        '    previous = os.getcwd()',
        '    os.chdir(path)',
        '    try:',
        '        yield',
        '    finally:',
        '        os.chdir(previous)',
      ].join('\n'),
      fixSafety: [
        'The fix puts the `yield` in a `try` and the statements after it in its `finally`. It is offered only when those',
        'statements are the rest of the `yield`\'s block, nothing runs after it, and each is cleanup, logging or a local',
        'assignment (no `return`, `raise`, `assert` or other calls, which may be meant for success only). It is unsafe',
        'because it changes what happens when the body raises — which is its purpose: the cleanup now runs then too, and',
        'an exception raised by the cleanup itself is chained to the body\'s.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Move the cleanup into a finally clause' },
    peers: [{ tool: 'ruff', code: 'RUF075', name: 'fallible-context-manager' }],
    narrower: 'Ruff flags every unguarded `yield` followed by any code; this rule only when the code after it undoes or releases something, not when it logs, checks or commits.',
  },
  visit: {
    sourceIncludes: 'contextmanager',
    nodes: { function_definition: check },
  },
});
