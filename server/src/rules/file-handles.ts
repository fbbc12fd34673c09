// Files, sockets and temporary files a function opens: which calls open one, what the function does
// with a handle (returns it, stores it, reads it, closes it), and the `with` block that closes it on
// every path. PH301 reports from these answers and the `open-in-with-block` refactoring rewrites by them.

import type { Node } from 'web-tree-sitter';
import type { DocumentContext, FixSpec } from '../engine/rule';
import type { Binding } from '../engine/semantic/binding';
import { valueUses, type ValueUses } from '../engine/semantic/value-uses';
import { endsItsLine, hasMultilineString, indented, indentUnit, lineStartOf, namedChildren, nextLineStart, startsItsLine } from '../engine/syntax';

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

/** What a reference to a bound handle does with it. */
type Role = 'close' | 'read' | 'unknown-call' | 'escape';

/** A handle bound to a function's local variable (`name = <call>`), and what the function does with it. */
export interface LocalHandle {
  /** The `name = <call>` statement. */
  statement: Node;
  /** The name where the statement binds it. */
  name: Node;
  call: Node;
  /** The variable's other bindings in the function: `del f`, `f = None`, another handle. */
  others: readonly Binding[];
  /** The references that see this binding. */
  references: readonly Node[];
  /** Its `name.close()` calls. */
  closes: readonly Node[];
  /** Passed to a call that may take it over (`parser.feed(f)`). */
  passedOn: boolean;
}

/** Whether a call opens a handle: one of `OPENERS` (over a descriptor of its own), or `open()` on a `Path` built in view. */
export function opensHandle(call: Node, context: DocumentContext): boolean {
  const callee = call.childForFieldName('function');
  if (!callee) return false;
  if (context.semantic.matches(callee, ...OPENERS)) return !wrapsDescriptor(call);
  const receiver = callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'open' ? callee.childForFieldName('object') : null;
  if (!receiver) return false;
  if (isPathExpression(receiver, context)) return true;
  // `config = Path(root).with_suffix(".ini")` bound once, then `config.open()`.
  const binding = receiver.type === 'identifier' ? context.semantic.resolve(receiver) : undefined;
  return binding?.scope.kind === 'function' && binding.value !== undefined && context.semantic.bindingsOf(binding).length === 1 && isPathExpression(binding.value, context);
}

/** `open(fd, closefd=False)` and `socket.socket(fileno=fd)` wrap a descriptor someone else owns. */
export function wrapsDescriptor(call: Node): boolean {
  return namedChildren(call.childForFieldName('arguments')).some((argument) => {
    if (argument.type !== 'keyword_argument') return false;
    const name = argument.childForFieldName('name')?.text;
    return name === 'fileno' || (name === 'closefd' && argument.childForFieldName('value')?.type === 'false');
  });
}

/**
 * Whether a handle that is bound to no name is used here and then dropped: a method called on it
 * (`open(p).read()`, not `.close()`), a loop over it, a call that reads it to the end
 * (`json.load(open(p))`), or a statement of its own. Anything else — returned, yielded, entered in
 * `with`, handed to a call that may keep it (`io.TextIOWrapper(open(p))`, `FileResponse(…)`) — is
 * somebody else's to close.
 */
export function droppedHere(value: Node, context: DocumentContext): boolean {
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
function loopEndsHere(loop: Node, context: DocumentContext): boolean {
  return loop.type === 'for_statement' || loop.parent?.type !== 'generator_expression' || consumedHere(loop.parent, context);
}

/** Whether a call given the handle reads it to the end here, itself or through a lazy wrapper that is consumed here. */
function readsToTheEnd(call: Node | undefined, context: DocumentContext): boolean {
  const qualified = call ? context.semantic.qualifiedName(call.childForFieldName('function')!) : undefined;
  if (!call || !qualified) return false;
  return CONSUMERS.has(qualified) || (WRAPPERS.has(qualified) && consumedHere(call, context));
}

/**
 * Whether a lazy value (a `csv.reader(…)`, a generator expression) is used up within the function:
 * looped over, a method called on it, read by a consumer, or bound to a local that goes nowhere.
 */
function consumedHere(expression: Node, context: DocumentContext): boolean {
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
function staysLocal(binding: Binding, context: DocumentContext): boolean {
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
function usedInPlace(reference: Node, binding: Binding, context: DocumentContext): boolean {
  for (let node = reference.parent; node && node.id !== binding.scope.node?.id; node = node.parent) {
    if (NESTED_SCOPES.has(node.type) || (node.type === 'generator_expression' && !consumedHere(node, context))) return false;
  }
  return true;
}

/**
 * The handle an opening call binds to a function's local variable (`f = open(p)`), unless someone
 * else manages it: a use hands it on (returned, stored, aliased, entered in `with`, registered for
 * cleanup, used in a nested function), a close is planned for the error path (in a `finally`, an
 * `except`, or under `if f:`), or another binding of the name may be the one later uses see.
 */
export function localHandle(call: Node, context: DocumentContext): LocalHandle | undefined {
  const value = outermost(call);
  const assignment = value.parent;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('right')?.id !== value.id || assignment.childForFieldName('type')) return undefined;
  const left = assignment.childForFieldName('left');
  const binding = left?.type === 'identifier' ? bindingAt(left, context) : undefined;
  const statement = assignment.parent;
  if (!left || !binding || binding.scope.kind !== 'function' || statement?.type !== 'expression_statement') return undefined;
  const others = context.semantic.bindingsOf(binding).filter((each) => each.node?.id !== left.id);
  if (!others.every((each) => holdsHandleOrNothing(each, context))) return undefined;
  const uses = valueUses(context.semantic, binding);
  const references = uses.references.filter((reference) => context.semantic.resolve(reference)?.node?.id === left.id);
  // Another binding of the name may be the one later uses see (`f = open(p)` / `else: f = sys.stdout`).
  if (references.length === 0 && others.length > 0) return undefined;
  const roles = references.map((reference) => roleOf(reference, binding, uses, context));
  if (roles.includes('escape')) return undefined;
  // Through any binding of the name: `f = None` after the close may be what a `finally` sees.
  if (uses.references.some((reference) => isCloseOf(reference) && managedAt(reference.parent!.parent!, binding))) return undefined;
  const closes = references.filter((_, index) => roles[index] === 'close').map((reference) => reference.parent!.parent!);
  return { statement, name: left, call, others, references, closes, passedOn: roles.includes('unknown-call') };
}

/** Another binding of the handle's variable that leaves the analysis sound: `del f`, `f = None`, another handle. */
function holdsHandleOrNothing(binding: Binding, context: DocumentContext): boolean {
  if (binding.kind === 'deletion' || binding.kind === 'with') return true;
  if (binding.kind !== 'assignment' || !binding.value) return false;
  const value = binding.value;
  return value.type === 'none' || (value.type === 'call' && context.semantic.matches(value.childForFieldName('function')!, ...OPENERS));
}

function roleOf(reference: Node, binding: Binding, uses: ValueUses, context: DocumentContext): Role {
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

function passedRole(reference: Node, context: DocumentContext): Role {
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
 * between, and the close goes. None when a line of the block would have to move inside a string
 * (a multi-line string literal) or a comment would be lost (one after the `close()`).
 */
export function withBlockFix(handle: LocalHandle, closeStatement: Node, context: DocumentContext): FixSpec | undefined {
  const { source } = context;
  const { statement } = handle;
  if (!startsItsLine(statement, source) || !endsItsLine(closeStatement, source) || !startsItsLine(closeStatement, source)) return undefined;
  const tail = source.slice(statement.endIndex, nextLineStart(source, statement.endIndex));
  if (!/^[ \t]*(#.*)?(\r\n|\n|\r)?$/.test(tail)) return undefined;
  const bodyStart = nextLineStart(source, statement.endIndex);
  const bodyEnd = lineStartOf(source, closeStatement.startIndex);
  const between = namedChildren(statement.parent).filter((each) => each.startIndex > statement.startIndex && each.startIndex < closeStatement.startIndex);
  const unit = indentUnit(statement.parent!, source);
  if (!unit || between.some(hasMultilineString)) return undefined;
  const text = `with ${context.text(handle.call)} as ${handle.name.text}:${tail}${indented(source.slice(bodyStart, bodyEnd), unit)}`;
  return { edits: [{ start: statement.startIndex, end: nextLineStart(source, closeStatement.endIndex), text }] };
}

/** The path a `Path(…)` call starts: `Path(p) / "name"`, `Path(p).with_suffix(".txt")`, `Path(p).parent`. */
export function pathMadeFrom(pathCall: Node): Node {
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
export function isPathExpression(expression: Node, context: DocumentContext): boolean {
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
export function openCallOn(receiver: Node): Node | undefined {
  const access = receiver.parent;
  if (access?.type !== 'attribute' || access.childForFieldName('object')?.id !== receiver.id || access.childForFieldName('attribute')?.text !== 'open') return undefined;
  return isMethodCall(access) ? access.parent! : undefined;
}

/** The binding of a function's local variable when `value` is assigned to it alone (`name = value`). */
export function localBinding(value: Node, context: DocumentContext): Binding | undefined {
  const assignment = value.parent;
  const left = assignment?.type === 'assignment' && assignment.childForFieldName('right')?.id === value.id ? assignment.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return undefined;
  const binding = bindingAt(left, context);
  return binding?.scope.kind === 'function' ? binding : undefined;
}

/** The binding an assignment's target creates (`resolve` gives the one in effect before it). */
function bindingAt(target: Node, context: DocumentContext): Binding | undefined {
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
export function outermost(expression: Node): Node {
  let value = expression;
  while (value.parent?.type === 'parenthesized_expression') value = value.parent;
  return value;
}

