// PH301: a file, socket or temporary file opened without `with` and not closed on every path.
// The handle's fate is read from its uses in the function: returned, yielded, stored, entered in a
// `with` or an `ExitStack`, or closed in a `finally` (PH304's case) all mean someone manages it.

import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type RuleContext } from '../engine/rule';
import type { Binding } from '../engine/semantic/binding';
import { valueUses, type ValueUses } from '../engine/semantic/value-uses';
import { endsItsLine, hasMultilineString, indented, indentUnit, lineStartOf, namedChildren, nextLineStart, startsItsLine } from '../engine/syntax';
import { isTestCode } from '../engine/semantic/test-code';

/**
 * Calls that open a file, socket or temporary file whose `with` block closes it (`__exit__` is
 * `close()`). Not `zipfile.ZipFile`: over a file object it holds no descriptor of its own.
 */
export const OPENERS = [
  'builtins.open', 'io.open', 'codecs.open', 'os.fdopen', 'gzip.open', 'bz2.open', 'lzma.open',
  'tempfile.TemporaryFile', 'tempfile.NamedTemporaryFile', 'tempfile.SpooledTemporaryFile', 'socket.socket', 'socket.create_connection',
];
/** Methods of a `Path` that give another `Path`. */
const PATH_METHODS = new Set(['with_name', 'with_suffix', 'with_stem', 'joinpath', 'resolve', 'absolute', 'expanduser']);
/** Calls that read or write a handle to the end and keep nothing of it. */
const CONSUMERS = new Set([
  'json.load', 'json.dump', 'pickle.load', 'pickle.dump', 'marshal.load', 'marshal.dump', 'tomllib.load', 'plistlib.load', 'plistlib.dump',
  'yaml.safe_load', 'yaml.load', 'yaml.full_load', 'yaml.safe_dump', 'yaml.dump', 'toml.load', 'toml.dump', 'shutil.copyfileobj', 'hashlib.file_digest',
  'xml.etree.ElementTree.parse', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output',
  ...['print', 'list', 'tuple', 'set', 'frozenset', 'sorted', 'next', 'sum', 'any', 'all', 'max', 'min'].map((name) => `builtins.${name}`),
]);
/** Calls whose result reads the handle lazily: the handle lives as long as that result does. */
const WRAPPERS = new Set(['csv.reader', 'csv.writer', 'csv.DictReader', 'csv.DictWriter', 'itertools.islice', ...['enumerate', 'zip', 'map', 'filter', 'iter'].map((name) => `builtins.${name}`)]);
/** Methods that hand a handle to a manager that closes it: `ExitStack.enter_context`, unittest's `enterContext`. */
const MANAGING_METHODS = new Set(['enter_context', 'enter_async_context', 'enterContext', 'enterAsyncContext', 'enterClassContext', 'push', 'callback']);
const NESTED_SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);
/** Expressions that carry a part of them along: a handle inside one goes wherever the whole goes. */
const CONTAINERS = new Set(['tuple', 'list', 'set', 'dictionary', 'pair', 'expression_list', 'parenthesized_expression', 'conditional_expression', 'boolean_operator']);

interface Leak {
  message: string;
  fix?: FixSpec;
}

/** What a reference to a bound handle does with it. */
type Role = 'close' | 'read' | 'unknown-call' | 'escape';

const checkOpener: CallHandler = (call, context, qualified) => {
  if (wrapsDescriptor(call)) return;
  check(call, `${context.text(call.childForFieldName('function')!)}()`, nounOf(qualified), context);
};

/** `Path(…).open()`, also through `/` and path methods, or through a local variable bound to the path once. */
const checkPath: CallHandler = (pathCall, context) => {
  const path = pathMadeFrom(pathCall);
  const direct = openCallOn(path);
  if (direct) return check(direct, 'Path.open()', 'file', context);
  const binding = localBinding(path, context);
  if (!binding || context.semantic.bindingsOf(binding).length !== 1) return;
  for (const reference of valueUses(context.semantic, binding).references) {
    const call = openCallOn(reference);
    if (call) check(call, `${reference.text}.open()`, 'file', context);
  }
};

function check(call: Node, label: string, noun: string, context: RuleContext): void {
  if (isTestCode(call, context.semantic) || context.semantic.expectsRaise(call)) return;
  const leak = leakOf(call, label, noun, context);
  if (leak) context.report({ node: call, ...leak });
}

function nounOf(qualified: string): string {
  if (qualified.startsWith('socket.')) return 'socket';
  return qualified.startsWith('tempfile.') ? 'temporary file' : 'file';
}

/** `open(fd, closefd=False)` and `socket.socket(fileno=fd)` wrap a descriptor someone else owns. */
function wrapsDescriptor(call: Node): boolean {
  return namedChildren(call.childForFieldName('arguments')).some((argument) => {
    if (argument.type !== 'keyword_argument') return false;
    const name = argument.childForFieldName('name')?.text;
    return name === 'fileno' || (name === 'closefd' && argument.childForFieldName('value')?.type === 'false');
  });
}

function leakOf(call: Node, label: string, noun: string, context: RuleContext): Leak | undefined {
  const value = outermost(call);
  const parent = value.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === value.id) {
    const left = parent.childForFieldName('left');
    return left?.type === 'identifier' && !parent.childForFieldName('type') ? boundLeak(call, parent, left, noun, context) : undefined;
  }
  if (!droppedHere(value, context)) return undefined;
  return { message: `\`${label}\` is never closed: the ${noun} stays open until garbage collection; use \`with\`` };
}

/**
 * Whether a handle that is bound to no name is used here and then dropped: a method called on it
 * (`open(p).read()`, not `.close()`), a loop over it, a call that reads it to the end
 * (`json.load(open(p))`), or a statement of its own. Anything else — returned, yielded, entered in
 * `with`, handed to a call that may keep it (`io.TextIOWrapper(open(p))`, `FileResponse(…)`) — is
 * somebody else's to close.
 */
function droppedHere(value: Node, context: RuleContext): boolean {
  const parent = value.parent!;
  switch (parent.type) {
    case 'expression_statement':
      return true;
    case 'attribute':
      return isMethodCall(parent) && parent.childForFieldName('attribute')?.text !== 'close';
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('right')?.id === value.id && loopEndsHere(parent, context);
    case 'argument_list':
    case 'keyword_argument':
      return readsToTheEnd(callOfArgument(value), context);
    default:
      return false;
  }
}

/** A `for` statement or comprehension runs here; a generator expression only if something here consumes it. */
function loopEndsHere(loop: Node, context: RuleContext): boolean {
  return loop.type === 'for_statement' || loop.parent?.type !== 'generator_expression' || consumedHere(loop.parent, context);
}

/** Whether a call given the handle reads it to the end here, itself or through a lazy wrapper that is consumed here. */
function readsToTheEnd(call: Node | undefined, context: RuleContext): boolean {
  const qualified = call ? context.semantic.qualifiedName(call.childForFieldName('function')!) : undefined;
  if (!call || !qualified) return false;
  return CONSUMERS.has(qualified) || (WRAPPERS.has(qualified) && consumedHere(call, context));
}

/**
 * Whether a lazy value (a `csv.reader(…)`, a generator expression) is used up within the function:
 * looped over, a method called on it, read by a consumer, or bound to a local that goes nowhere.
 */
function consumedHere(expression: Node, context: RuleContext): boolean {
  const value = outermost(expression);
  const parent = value.parent;
  switch (parent?.type) {
    case 'for_statement':
    case 'for_in_clause':
      return parent.childForFieldName('right')?.id === value.id && loopEndsHere(parent, context);
    case 'attribute':
      return isMethodCall(parent);
    case 'call':
      // `sum(1 for _ in f)`: the generator expression is the call's whole argument list.
      return parent.childForFieldName('arguments')?.id === value.id && readsToTheEnd(parent, context);
    case 'argument_list':
    case 'keyword_argument':
      return readsToTheEnd(callOfArgument(value), context);
    case 'assignment': {
      const binding = parent.childForFieldName('right')?.id === value.id ? localBinding(value, context) : undefined;
      return binding !== undefined && staysLocal(binding, context);
    }
    default:
      return false;
  }
}

/** The variables `staysLocal` is looking at: `g = (x for x in g)` must not send it round in circles. */
const following = new Set<number>();

/** Whether a local's value goes nowhere: not returned, stored or passed on, nor kept by a nested function. */
function staysLocal(binding: Binding, context: RuleContext): boolean {
  const id = binding.node!.id;
  if (following.has(id)) return false;
  following.add(id);
  try {
    const uses = valueUses(context.semantic, binding);
    return uses.returned.length + uses.stored.length + uses.passed.length === 0 && uses.references.every((reference) => usedInPlace(reference, binding, context));
  } finally {
    following.delete(id);
  }
}

/** Not inside a nested function, lambda or class, nor a generator expression that outlives this code. */
function usedInPlace(reference: Node, binding: Binding, context: RuleContext): boolean {
  for (let node = reference.parent; node && node.id !== binding.scope.node?.id; node = node.parent) {
    if (NESTED_SCOPES.has(node.type) || (node.type === 'generator_expression' && !consumedHere(node, context))) return false;
  }
  return true;
}

/**
 * A handle bound to a local variable: not flagged when any use hands it on (returned, stored,
 * aliased, entered in `with`, registered for cleanup, used in a nested function), when a close is
 * planned for the error path (in a `finally` — PH304's case — an `except`, or under `if f:`), when
 * nothing runs between the open and the close, or when it is never closed but passed to a call that
 * may take it over.
 */
function boundLeak(call: Node, assignment: Node, left: Node, noun: string, context: RuleContext): Leak | undefined {
  const binding = bindingAt(left, context);
  const statement = assignment.parent;
  if (!binding || binding.scope.kind !== 'function' || statement?.type !== 'expression_statement') return undefined;
  const others = context.semantic.bindingsOf(binding).filter((each) => each.node?.id !== left.id);
  if (!others.every((each) => holdsHandleOrNothing(each, context))) return undefined;
  const uses = valueUses(context.semantic, binding);
  const references = uses.references.filter((reference) => context.semantic.resolve(reference)?.node?.id === left.id);
  // Another binding of the name may be the one later uses see (`f = open(p)` / `else: f = sys.stdout`).
  if (references.length === 0 && others.length > 0) return undefined;
  const roles = references.map((reference) => roleOf(reference, binding, uses, context));
  if (roles.includes('escape')) return undefined;
  const name = left.text;
  // Through any binding of the name: `f = None` after the close may be what a `finally` sees.
  if (uses.references.some((reference) => isCloseOf(reference) && managedAt(reference.parent!.parent!, binding))) return undefined;
  const closes = references.filter((_, index) => roles[index] === 'close').map((reference) => reference.parent!.parent!);
  if (closes.length === 0) {
    if (roles.includes('unknown-call')) return undefined;
    return { message: `\`${name}\` is never closed: the ${noun} stays open until garbage collection; open it with \`with\`` };
  }
  const closeStatement = closes.length === 1 && closes[0].parent?.type === 'expression_statement' ? closes[0].parent : undefined;
  if (closeStatement && closedRightAway(statement, closeStatement)) return undefined;
  const straight = closeStatement?.parent?.id === statement.parent?.id && others.length === 0;
  return {
    message: `\`${name}\` is closed only if nothing before \`${name}.close()\` raises or leaves early: open it with \`with\``,
    fix: straight ? withBlockFix(statement, left, call, closeStatement!, context) : undefined,
  };
}

/**
 * Nothing runs between the open and the close: the close is the next statement, or the open ends a
 * `try` body and the close starts its `else` (`try: f = open(p) / except OSError: … / else: f.close()`).
 */
function closedRightAway(statement: Node, closeStatement: Node): boolean {
  if (nextStatement(statement)?.id === closeStatement.id) return true;
  const body = statement.parent;
  const elseBlock = body?.parent?.type === 'try_statement' ? namedChildren(body.parent).find((clause) => clause.type === 'else_clause')?.childForFieldName('body') : undefined;
  return namedChildren(body).at(-1)?.id === statement.id && namedChildren(elseBlock).at(0)?.id === closeStatement.id;
}

/** Another binding of the handle's variable that leaves the analysis sound: `del f`, `f = None`, another handle. */
function holdsHandleOrNothing(binding: Binding, context: RuleContext): boolean {
  if (binding.kind === 'deletion' || binding.kind === 'with') return true;
  if (binding.kind !== 'assignment' || !binding.value) return false;
  const value = binding.value;
  return value.type === 'none' || (value.type === 'call' && context.semantic.matches(value.childForFieldName('function')!, ...OPENERS));
}

function roleOf(reference: Node, binding: Binding, uses: ValueUses, context: RuleContext): Role {
  if (!usedInPlace(reference, binding, context)) return 'escape';
  const parent = reference.parent!;
  if (parent.type === 'attribute') {
    if (isCloseOf(reference)) return 'close';
    // `atexit.register(f.close)`, `f.detach()`: someone else closes it, or nothing is left to close.
    return ['close', '__exit__', 'detach'].includes(parent.childForFieldName('attribute')?.text ?? '') ? 'escape' : 'read';
  }
  if (parent.type === 'with_item' || (parent.type === 'as_pattern' && parent.parent?.type === 'with_item') || isHandedOn(reference)) return 'escape';
  if (uses.returned.includes(reference) || uses.stored.includes(reference)) return 'escape';
  if (uses.passed.includes(reference)) return passedRole(reference, context);
  const classified = uses.read.includes(reference) || uses.copied.includes(reference) || uses.mutated.includes(reference);
  return classified ? 'read' : 'escape';
}

function passedRole(reference: Node, context: RuleContext): Role {
  const call = callOfArgument(reference);
  const callee = call?.childForFieldName('function');
  if (!call || !callee) return 'escape';
  if (callee.type === 'attribute' && MANAGING_METHODS.has(callee.childForFieldName('attribute')?.text ?? '')) return 'escape';
  const qualified = context.semantic.qualifiedName(callee);
  if (qualified === 'contextlib.closing') return 'escape';
  // `cast(BinaryIO, f)` is `f` itself.
  if (qualified === 'typing.cast') return isHandedOn(call) ? 'escape' : 'read';
  if (qualified && CONSUMERS.has(qualified)) return 'read';
  if (qualified && WRAPPERS.has(qualified)) return consumedHere(call, context) ? 'read' : 'escape';
  return 'unknown-call';
}

/** `f.close()` when the node is its `f`. */
function isCloseOf(reference: Node): boolean {
  const access = reference.parent;
  return access?.type === 'attribute' && access.childForFieldName('object')?.id === reference.id && access.childForFieldName('attribute')?.text === 'close' && isMethodCall(access);
}

/**
 * A close the function planned the error path for: in a `finally` (PH304's pattern), in an `except`
 * handler, or under a test of the handle itself (`if sock: sock.close()`, after a `try` that may not
 * have opened it).
 */
function managedAt(close: Node, binding: Binding): boolean {
  for (let node = close.parent; node && node.id !== binding.scope.node?.id; node = node.parent) {
    if (node.type === 'finally_clause' || node.type === 'except_clause') return true;
    const condition = node.type === 'if_statement' || node.type === 'elif_clause' ? node.childForFieldName('condition') : null;
    if (condition && mentions(condition, binding.name)) return true;
  }
  return false;
}

function mentions(expression: Node, name: string): boolean {
  return (expression.type === 'identifier' && expression.text === name) || expression.descendantsOfType('identifier').some((identifier) => identifier?.text === name);
}

/** Whether a value is returned, yielded or assigned (possibly inside a tuple, list or dict). */
function isHandedOn(expression: Node): boolean {
  let value = expression;
  while (value.parent && CONTAINERS.has(value.parent.type)) value = value.parent;
  const parent = value.parent;
  return parent?.type === 'return_statement' || parent?.type === 'yield' || (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === value.id);
}

/**
 * `f = open(p)` … `f.close()` in one block becomes `with open(p) as f:` around the statements in
 * between, and the close goes. Not offered when a line of the block would have to move inside a
 * string (a multi-line string literal) or a comment would be lost.
 */
function withBlockFix(statement: Node, name: Node, call: Node, closeStatement: Node, context: RuleContext): FixSpec | undefined {
  const { source } = context;
  if (!startsItsLine(statement, source) || !endsItsLine(closeStatement, source) || !startsItsLine(closeStatement, source)) return undefined;
  const tail = source.slice(statement.endIndex, nextLineStart(source, statement.endIndex));
  if (!/^[ \t]*(#.*)?(\r\n|\n|\r)?$/.test(tail)) return undefined;
  const bodyStart = nextLineStart(source, statement.endIndex);
  const bodyEnd = lineStartOf(source, closeStatement.startIndex);
  const between = namedChildren(statement.parent).filter((each) => each.startIndex > statement.startIndex && each.startIndex < closeStatement.startIndex);
  const unit = indentUnit(statement.parent!, source);
  if (!unit || between.some(hasMultilineString)) return undefined;
  const text = `with ${context.text(call)} as ${name.text}:${tail}${indented(source.slice(bodyStart, bodyEnd), unit)}`;
  return { edits: [{ start: statement.startIndex, end: nextLineStart(source, closeStatement.endIndex), text }] };
}

/** The path a `Path(…)` call starts: `Path(p) / "name"`, `Path(p).with_suffix(".txt")`, `Path(p).parent`. */
function pathMadeFrom(pathCall: Node): Node {
  let path = pathCall;
  for (;;) {
    const parent = path.parent;
    if (parent?.type === 'parenthesized_expression') path = parent;
    else if (parent?.type === 'binary_operator' && parent.childForFieldName('left')?.id === path.id && parent.childForFieldName('operator')?.text === '/') path = parent;
    else if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'parent') path = parent;
    else if (parent?.type === 'attribute' && PATH_METHODS.has(parent.childForFieldName('attribute')?.text ?? '') && isMethodCall(parent)) path = parent.parent!;
    else return path;
  }
}

/** Whether an expression builds a `Path` (what `pathMadeFrom` climbs, read downwards): for a fix that must know a receiver's type. */
export function isPathExpression(expression: Node, context: RuleContext): boolean {
  switch (expression.type) {
    case 'parenthesized_expression':
      return expression.firstNamedChild !== null && isPathExpression(expression.firstNamedChild, context);
    case 'binary_operator':
      return expression.childForFieldName('operator')?.text === '/' && isPathExpression(expression.childForFieldName('left')!, context);
    case 'attribute':
      return expression.childForFieldName('attribute')?.text === 'parent' && isPathExpression(expression.childForFieldName('object')!, context);
    case 'call': {
      const callee = expression.childForFieldName('function')!;
      if (context.semantic.matches(callee, 'pathlib.Path')) return true;
      return callee.type === 'attribute' && PATH_METHODS.has(callee.childForFieldName('attribute')?.text ?? '') && isPathExpression(callee.childForFieldName('object')!, context);
    }
    default:
      return false;
  }
}

/** `receiver.open(…)` when the node is its receiver. */
function openCallOn(receiver: Node): Node | undefined {
  const access = receiver.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== receiver.id || access.childForFieldName('attribute')?.text !== 'open') return undefined;
  return isMethodCall(access) ? access.parent! : undefined;
}

/** The binding of a function's local variable when `value` is assigned to it alone (`name = value`). */
function localBinding(value: Node, context: RuleContext): Binding | undefined {
  const assignment = value.parent;
  const left = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === value.id ? assignment.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return undefined;
  const binding = bindingAt(left, context);
  return binding?.scope.kind === 'function' ? binding : undefined;
}

/** The binding an assignment's target creates (`resolve` gives the one in effect before it). */
function bindingAt(target: Node, context: RuleContext): Binding | undefined {
  const binding = context.semantic.resolve(target);
  return binding ? context.semantic.bindingsOf(binding).find((each) => each.node?.id === target.id) : undefined;
}

function isMethodCall(access: Node): boolean {
  const call = access.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === access.id;
}

/** The call an argument (positional or keyword) is passed to. */
function callOfArgument(argument: Node): Node | undefined {
  let list = outermost(argument).parent;
  if (list?.type === 'keyword_argument') list = list.parent;
  return list?.type === 'argument_list' && list.parent?.type === 'call' ? list.parent : undefined;
}

/** The expression with the parentheses around it. */
function outermost(expression: Node): Node {
  let value = expression;
  while (value.parent?.type === 'parenthesized_expression') value = value.parent;
  return value;
}

/** The statement after this one in its block, comments skipped. */
export function nextStatement(statement: Node): Node | undefined {
  const siblings = namedChildren(statement.parent);
  return siblings[siblings.findIndex((each) => each.id === statement.id) + 1];
}

export default defineRule({
  meta: {
    code: 'PH301',
    name: 'open-without-context-manager',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'resources',
    severity: 'warning',
    minPython: [3, 0],
    message: 'Opened without `with`: the handle is not closed on every path',
    docs: {
      what: [
        'Flags a file, socket or temporary file — from `open()`, `io.open()`, `codecs.open()`, `os.fdopen()`,',
        '`gzip`/`bz2`/`lzma.open()`, `Path(…).open()`, `tempfile.TemporaryFile()`/`NamedTemporaryFile()`/`SpooledTemporaryFile()`,',
        '`socket.socket()` or `socket.create_connection()` — that is not opened in a `with` block and is not closed on every',
        'path: one used and dropped at once (`open(p).read()`, `json.load(open(p))`, `for line in open(p)`), one bound to a',
        'local variable and never closed, and one closed by a `close()` that an exception or an early `return` can skip.',
        '`Path.open()` counts only when the receiver is built as a `Path` in view (`Path(p).open()`, `(Path(p) / "name").open()`,',
        'or a local bound once to such a path).',
        '',
        'It stays silent when someone else manages the handle: it is returned, yielded, stored (on `self`, in a container,',
        'in a global), assigned to another name, used in a nested function, entered with `with f:`, `contextlib.closing()`,',
        '`ExitStack.enter_context()` or unittest\'s `enterContext()`, or has its `close` registered as a callback; when it',
        'is closed in a `finally` (PH304 suggests `with` for that shape), in an `except` handler or under a test of the',
        'handle (`if sock: sock.close()`); when nothing runs between the open and the close; and when it is never closed',
        'here but is passed to a call that may take it over (`io.TextIOWrapper(f)`, `FileResponse(f)`). Calls known to only',
        'read or write the handle do not take it over: `json.load`/`dump`, `pickle`, `csv.reader`/`writer` (when the reader',
        'is used up here), `shutil.copyfileobj`, `print(file=…)`, `subprocess.run(stdout=…)` and the like. Module-level',
        'handles (a log kept for the life of the program), `open(fd, closefd=False)` and `socket.socket(fileno=fd)`, code',
        'expecting an error (`pytest.raises`), and test code (`test*` functions, `Test*` classes, pytest fixtures) are left alone.',
      ].join('\n'),
      why: [
        'A handle that is not closed holds an operating-system descriptor, and for a file opened for writing, data still',
        'in its buffer. CPython usually closes a dropped handle at once through reference counting — but only usually:',
        'when an exception is raised, the traceback keeps the frame and its handle alive; PyPy and other implementations',
        'close it whenever their garbage collector runs, so writes may land late or, at exit, never; and every such close',
        'emits a `ResourceWarning`, which `python -X dev` and test runners show. In a long-running process a leak on the',
        'error path adds up until `OSError: [Errno 24] Too many open files`.',
        '',
        'A `with` block closes the handle when the block ends, however it ends: normally, by `return`, `break`, or an',
        'exception. To read or write a whole file at once, `Path(p).read_text()` and `write_text()` open and close it in one call.',
      ].join('\n'),
      example: [
        'import json',
        '',
        '',
        'def load_settings(path):',
        '    return json.load(open(path))',
        '',
        '',
        'def save_report(path, lines):',
        '    out = open(path, "w")',
        '    for line in lines:',
        '        out.write(line + "\\n")',
        '    out.close()',
      ].join('\n'),
      instead: [
        'import json',
        '',
        '',
        'def load_settings(path):',
        '    with open(path) as settings:',
        '        return json.load(settings)',
        '',
        '',
        'def save_report(path, lines):',
        '    with open(path, "w") as out:',
        '        for line in lines:',
        '            out.write(line + "\\n")',
      ].join('\n'),
      fixSafety: [
        'The fix is offered for the straight-line case only: the handle is bound to a local variable and closed by one',
        '`name.close()` later in the same block. It becomes `with <call> as name:` around the statements in between, indented',
        'one level, and the `close()` goes. On the normal path nothing changes: the handle is closed where `close()` stood,',
        'and the name stays bound after the block. What changes is the other paths — an exception, a `return`, `break` or',
        '`continue` between the two now closes the handle instead of leaving it open — which is the point, but code that',
        'relied on the handle staying open there would see it closed, so the fix is unsafe. No fix is offered when the lines',
        'to indent hold a multi-line string literal (indenting would change its text), when the `close()` line carries a',
        'comment, or when the variable is bound more than once.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Open it in a `with` block' },
    peers: [
      { tool: 'ruff', code: 'SIM115', name: 'open-file-with-context-handler' },
      { tool: 'pylint', code: 'R1732', name: 'consider-using-with' },
    ],
    narrower: [
      'SIM115 flags every open call outside a `with` statement except one that is returned, closed at once or entered in',
      'an exit stack; R1732 every one not entered in a `with` later in the function. This rule also stays silent when',
      'the handle is yielded, stored, handed to a call that may take it over, closed in a `finally` or an `except`',
      'handler, or closed before anything else runs; for module-level handles; and in test code. It does not cover',
      '`zipfile`, `tarfile`, `dbm` or `shelve` (which SIM115 does) nor `subprocess.Popen` and `urlopen` (which R1732 does).',
    ].join(' '),
  },
  visit: {
    calls: { ...Object.fromEntries(OPENERS.map((name) => [name, checkOpener])), 'pathlib.Path': checkPath },
  },
});
