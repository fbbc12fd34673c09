// An `if`/`elif` chain that compares one name to constants or tests its type → `match` (3.10):
// `x == 1` → `case 1:`, `x == 2 or x == 3` and `x in (2, 3)` → `case 2 | 3:`, `x == Color.RED` →
// `case Color.RED:`, `isinstance(x, (A, B))` → `case A() | B():`, `else` → `case _:`, and a test
// followed by `and …` → the pattern with a guard (`case 1 if ready:`), which, like the `elif`
// chain, falls through to the next branch when the rest is false.
//
// Every branch must convert, or nothing is offered. Literal and value patterns compare with `==`,
// as the tests did; `None`, `True` and `False` patterns compare by identity, so a chain that
// compares to them is left alone, and so is a bare name on the right (`x == limit`), which a
// pattern would read as a capture that always matches. A set (`x in {1, 2}`) hashes the name and
// raises `TypeError` for an unhashable value where the pattern just fails: left alone. A class
// pattern needs a class where `isinstance` also takes a tuple or a union alias, so only names the
// model knows for classes become `Name()`: builtins, classes of the file, and a few standard
// modules' classes. The subject is a plain name, read once by `match` where the chain read it
// per branch: the same value, unless a guard rebinds it (a walrus, or a call that may assign a
// global or closure variable), which keeps the chain as it is. An attribute subject (`self.kind`)
// may be a property that computes a new value on each read, so it is not offered for one.
//
// The bodies, and the comments between and inside the branches, are kept as written, one level
// deeper; a comment after a branch's colon stays after the `case`'s. A body with a multi-line
// string cannot be re-indented without changing the string, and a condition with a comment in it
// cannot be rewritten without losing it: neither is offered.

import type { Node } from 'web-tree-sitter';
import { defineRefactoring, type RefactoringContext } from '../engine/refactoring';
import { enclosingFunction, hasMultilineString, indentationOf, indentUnit, lineBreakOf, lineStartOf, namedChildren, nextLineStart } from '../engine/syntax';

/** One branch of the chain: `if`/`elif` with its condition, or `else`. */
interface Branch {
  clause: Node;
  condition?: Node;
  colon: Node;
  body: Node;
}

/** A branch's condition as a pattern, with the subject it tests and the rest of an `and` as a guard. */
interface Case {
  subject: Node;
  pattern: string;
  guard?: Node[];
}

export default defineRefactoring({
  id: 'if-to-match',
  minPython: [3, 10],
  nodeTypes: ['if_statement'],
  offer(statement, context) {
    const branches = branchesOf(statement);
    if (!branches) return undefined;
    const { start, end } = context.selection;
    // From a branch's header: a cursor there, or a selection from there to within the chain.
    if (end > statement.endIndex || !branches.some((branch) => start >= branch.clause.startIndex && start <= branch.colon.endIndex)) return undefined;
    const tests = branches.filter((branch) => branch.condition);
    if (tests.length < 2) return undefined;
    const cases: Case[] = [];
    for (const branch of tests) {
      const converted = caseOf(branch.condition!, context);
      if (!converted || converted.subject.text !== (cases[0]?.subject ?? converted.subject).text) return undefined;
      cases.push(converted);
    }
    if (!guardsKeepSubject(cases, statement, context)) return undefined;
    const { source } = context;
    const unit = indentUnit(branches[0].body, source);
    if (unit === undefined || branches.some((branch) => hasMultilineString(branch.body) || !bodyOnLaterLine(branch, source))) return undefined;
    const indent = indentationOf(statement, source);
    const lineBreak = lineBreakOf(source);
    let text = `match ${cases[0].subject.text}:${lineBreak}`;
    branches.forEach((branch, index) => {
      const converted = branch.condition ? cases[tests.indexOf(branch)] : undefined;
      const header = converted ? `case ${converted.pattern}${converted.guard ? ` if ${guardText(converted.guard, source)}` : ''}:` : 'case _:';
      const bodyStart = nextLineStart(source, branch.colon.endIndex);
      const restOfLine = source.slice(branch.colon.endIndex, bodyStart).replace(/\r\n$|\n$|\r$/, '');
      const next = branches[index + 1];
      const region = source.slice(bodyStart, next ? lineStartOf(source, next.clause.startIndex) : statement.endIndex);
      text += `${indent}${unit}${header}${restOfLine}${lineBreak}${deeper(region, indent, unit)}`;
    });
    return { title: `Convert if/elif chain to match ${cases[0].subject.text}`, fix: { edits: [{ start: statement.startIndex, end: statement.endIndex, text }] } };
  },
});

/** The chain's branches, in order; nothing when a condition has a comment in it. */
function branchesOf(statement: Node): Branch[] | undefined {
  const branches: Branch[] = [];
  const add = (clause: Node, body: Node | null) => {
    const colon = clause.children.find((child) => child?.type === ':');
    if (!colon || !body) return false;
    branches.push({ clause, condition: clause.childForFieldName('condition') ?? undefined, colon, body });
    return true;
  };
  if (!add(statement, statement.childForFieldName('consequence'))) return undefined;
  for (const alternative of statement.childrenForFieldName('alternative')) {
    if (!alternative) continue;
    const body = alternative.type === 'elif_clause' ? alternative.childForFieldName('consequence') : alternative.childForFieldName('body');
    if (!add(alternative, body)) return undefined;
  }
  return branches.some((branch) => branch.condition?.descendantsOfType('comment').length) ? undefined : branches;
}

/** Whether the body starts on the line after the header (`if x == 1: return` keeps its statement on the header line). */
function bodyOnLaterLine(branch: Branch, source: string): boolean {
  return branch.body.startIndex >= nextLineStart(source, branch.colon.endIndex) && /^[ \t]*(#[^\r\n]*)?$/.test(source.slice(branch.colon.endIndex, nextLineStart(source, branch.colon.endIndex)).replace(/\r\n$|\n$|\r$/, ''));
}

/** The region's lines one level deeper: `unit` after the chain's own indentation (so tabs stay with tabs). */
function deeper(region: string, indent: string, unit: string): string {
  return region.replace(/^([ \t]*)(?=\S)/gm, (lead: string) => (lead.startsWith(indent) ? indent + unit + lead.slice(indent.length) : unit + lead));
}

/** `x == 1 and ready` → the pattern of `x == 1` and the guard `ready`; a condition without `and` is all pattern. */
function caseOf(condition: Node, context: RefactoringContext): Case | undefined {
  const guard: Node[] = [];
  let test = condition;
  while (test.type === 'boolean_operator' && test.childForFieldName('operator')?.type === 'and') {
    guard.unshift(test.childForFieldName('right')!);
    test = test.childForFieldName('left')!;
  }
  const found = alternatives(test, context);
  if (!found || found.length === 0 || found.some((each) => each.subject.text !== found[0].subject.text)) return undefined;
  return { subject: found[0].subject, pattern: found.map((each) => each.pattern).join(' | '), guard: guard.length > 0 ? guard : undefined };
}

/** The guard's text: the `and` operands after the pattern's test, as written. */
function guardText(guard: readonly Node[], source: string): string {
  return source.slice(guard[0].startIndex, guard[guard.length - 1].endIndex);
}

/** The alternatives of an or-pattern a test stands for: `x == 1 or x in (2, 3)` → `1`, `2`, `3`. */
function alternatives(test: Node, context: RefactoringContext): { subject: Node; pattern: string }[] | undefined {
  switch (test.type) {
    case 'parenthesized_expression': {
      const inner = namedChildren(test);
      return inner.length === 1 ? alternatives(inner[0], context) : undefined;
    }
    case 'boolean_operator': {
      if (test.childForFieldName('operator')?.type !== 'or') return undefined;
      const left = alternatives(test.childForFieldName('left')!, context);
      const right = alternatives(test.childForFieldName('right')!, context);
      return left && right ? [...left, ...right] : undefined;
    }
    case 'comparison_operator': {
      const operands = namedChildren(test);
      const operators = test.childrenForFieldName('operators');
      const [subject, value] = operands;
      if (operands.length !== 2 || operators.length !== 1 || subject.type !== 'identifier') return undefined;
      const operator = operators[0]!.type;
      if (operator === '==') return isValuePattern(value) ? [{ subject, pattern: context.text(value) }] : undefined;
      if (operator !== 'in' || (value.type !== 'tuple' && value.type !== 'list')) return undefined;
      const items = namedChildren(value);
      return items.length > 0 && items.every(isValuePattern) ? items.map((item) => ({ subject, pattern: context.text(item) })) : undefined;
    }
    case 'call': {
      const callee = test.childForFieldName('function')!;
      const argumentList = test.childForFieldName('arguments');
      if (!context.semantic.isBuiltin(callee, 'isinstance') || argumentList?.type !== 'argument_list') return undefined;
      const [subject, classes, ...rest] = namedChildren(argumentList);
      if (subject?.type !== 'identifier' || !classes || rest.length > 0) return undefined;
      const named = classNames(classes);
      return named?.every((each) => isKnownClass(each, context)) ? named.map((each) => ({ subject, pattern: `${context.text(each)}()` })) : undefined;
    }
    default:
      return undefined;
  }
}

/** The classes of `isinstance`'s second argument: `A`, `(A, B)`, `A | B`. */
function classNames(expression: Node): Node[] | undefined {
  if (expression.type === 'identifier' || expression.type === 'attribute') return [expression];
  if (expression.type === 'tuple') {
    const items = namedChildren(expression).map(classNames);
    return items.length > 0 && items.every((item) => item !== undefined) ? items.flat() : undefined;
  }
  if (expression.type === 'binary_operator' && expression.childForFieldName('operator')?.type === '|') {
    const left = classNames(expression.childForFieldName('left')!);
    const right = classNames(expression.childForFieldName('right')!);
    return left && right ? [...left, ...right] : undefined;
  }
  return undefined;
}

const BUILTIN_CLASSES = new Set(['bool', 'bytearray', 'bytes', 'complex', 'dict', 'float', 'frozenset', 'int', 'list', 'memoryview', 'object', 'range', 'set', 'slice', 'str', 'tuple', 'type']);
/** Standard modules whose capitalised names are all classes (`ast.Name`, `collections.abc.Mapping`, `pathlib.Path`). */
const CLASS_MODULES = /^(ast|collections\.abc|numbers|pathlib)\.[A-Z][A-Za-z0-9]*$/;
const STANDARD_CLASSES = new Set([
  'collections.ChainMap', 'collections.Counter', 'collections.OrderedDict', 'collections.defaultdict', 'collections.deque',
  'datetime.date', 'datetime.datetime', 'datetime.time', 'datetime.timedelta', 'datetime.timezone', 'datetime.tzinfo',
  'decimal.Decimal', 'fractions.Fraction', 'uuid.UUID', 'enum.Enum', 'enum.IntEnum', 'enum.Flag', 'enum.IntFlag',
]);

/**
 * Whether a name certainly stands for a class, which a class pattern needs (`isinstance` also
 * takes tuples and union aliases such as `Number = int | float`, with which `Number()` raises).
 */
function isKnownClass(name: Node, context: RefactoringContext): boolean {
  const { semantic } = context;
  if (name.type === 'identifier') {
    const binding = semantic.resolve(name);
    if (binding?.kind === 'builtin') return BUILTIN_CLASSES.has(name.text) || /^[A-Z]\w*(Error|Exception|Warning)$|^(BaseException|BaseExceptionGroup|ExceptionGroup|KeyboardInterrupt|SystemExit|GeneratorExit|StopIteration|StopAsyncIteration)$/.test(name.text);
    if (binding?.kind === 'class') return semantic.bindingsOf(binding).every((each) => each.kind === 'class');
  }
  return semantic.qualifiedNames(name).some((qualified) => CLASS_MODULES.test(qualified) || STANDARD_CLASSES.has(qualified)) && semantic.qualifiedNames(name).every((qualified) => CLASS_MODULES.test(qualified) || STANDARD_CLASSES.has(qualified));
}

/**
 * Whether an expression is a pattern that compares with `==`: a number (signed, complex), a
 * string or bytes literal (no f-string), or a dotted name (`Color.RED`). Not `None`, `True`,
 * `False` (identity), a bare name (a capture), or anything computed.
 */
function isValuePattern(value: Node): boolean {
  switch (value.type) {
    case 'integer':
    case 'float':
      return true;
    case 'unary_operator':
      return value.childForFieldName('operator')?.type === '-' && isRealNumber(value.childForFieldName('argument'));
    case 'binary_operator': {
      // A complex literal: a real part, `+` or `-`, an imaginary part.
      const left = value.childForFieldName('left');
      const operator = value.childForFieldName('operator')?.type;
      const right = value.childForFieldName('right');
      const signedReal = isRealNumber(left) || (left?.type === 'unary_operator' && left.childForFieldName('operator')?.type === '-' && isRealNumber(left.childForFieldName('argument')));
      return signedReal && (operator === '+' || operator === '-') && (right?.type === 'integer' || right?.type === 'float') && /[jJ]$/.test(right.text);
    }
    case 'string':
      return isPlainString(value);
    case 'concatenated_string':
      return namedChildren(value).every(isPlainString);
    case 'attribute':
      return isDottedName(value);
    default:
      return false;
  }
}

function isRealNumber(node: Node | null): boolean {
  return (node?.type === 'integer' || node?.type === 'float') && !/[jJ]$/.test(node.text);
}

/** A string literal without interpolation: no `f` (or `t`) prefix. */
function isPlainString(node: Node): boolean {
  const start = node.firstChild;
  return node.type === 'string' && start?.type === 'string_start' && !/[fFtT]/.test(start.text) && !node.namedChildren.some((child) => child?.type === 'interpolation');
}

function isDottedName(node: Node): boolean {
  if (node.type === 'identifier') return true;
  if (node.type !== 'attribute') return false;
  const object = node.childForFieldName('object');
  return object !== null && isDottedName(object);
}

/**
 * Whether the subject keeps its value through the guards, as `match` reads it once: no guard
 * assigns it (a walrus), and when it is not a local of the function (a global, a closure's
 * variable), no guard calls anything that might assign it.
 */
function guardsKeepSubject(cases: readonly Case[], statement: Node, context: RefactoringContext): boolean {
  const guards = cases.flatMap((each) => each.guard ?? []);
  if (guards.length === 0) return true;
  if (guards.some((guard) => guard.type === 'named_expression' || guard.descendantsOfType('named_expression').length > 0)) return false;
  const subject = cases[0].subject;
  const binding = context.semantic.resolve(subject);
  const owner = enclosingFunction(statement);
  const local = binding !== undefined && owner !== null && binding.scope.node?.id === owner.id && !new RegExp(`\\bnonlocal\\b[^\\n]*\\b${subject.text}\\b`).test(owner.text);
  return local || !guards.some((guard) => guard.type === 'call' || guard.descendantsOfType('call').length > 0);
}
