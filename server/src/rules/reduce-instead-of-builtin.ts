import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { defineRule, type CallHandler, type FixSpec, type RuleContext } from '../engine/rule';
import { namedChildren } from '../engine/syntax';

type Operation = 'sum' | 'product';

const LAMBDA_OPERATORS: ReadonlyMap<string, Operation> = new Map([
  ['+', 'sum'],
  ['*', 'product'],
]);
/** reduce() takes its arguments by position only; anything else is not a call we can rewrite. */
const UNFOLDABLE_ARGUMENTS = new Set(['keyword_argument', 'list_splat', 'dictionary_splat', 'parenthesized_list_splat']);
/** Builtins whose result is always a number. */
const NUMERIC_CALLS = new Set(['len', 'int', 'float', 'abs', 'ord', 'hash', 'round', 'complex', 'sum'].map((name) => `builtins.${name}`));

const check: CallHandler = (call, context) => {
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return;
  const args = namedChildren(argumentList);
  if (args.length < 2 || args.length > 3 || args.some((arg) => UNFOLDABLE_ARGUMENTS.has(arg.type))) return;
  const [callback, iterable, initial] = args;
  const operation = operationOf(callback, context);
  if (!operation) return;
  // `+` also concatenates strings, lists and tuples, where `sum()` raises or needs a start value, and
  // `*` multiplies arrays, polynomials and symbolic expressions, which `math.prod()` is not for: only
  // numbers (shown by the start value or the items) make the advice right.
  if (!(initial ? isNumeric(initial, context) : hasNumericItems(iterable, context))) return;
  // math.prod() arrived in Python 3.8; below it there is nothing to suggest.
  if (operation === 'product' && !atLeast(context.facts.target, [3, 8])) return;

  context.report({
    node: call.childForFieldName('function')!,
    message:
      operation === 'sum'
        ? '`reduce()` that only adds its items up; `sum()` says so directly'
        : '`reduce()` that only multiplies its items; `math.prod()` says so directly',
    fix: replacement(call, operation, iterable, initial, context),
  });
};

/** Whether a reduce callback only adds or multiplies its two arguments. */
function operationOf(callback: Node, context: RuleContext): Operation | undefined {
  if (callback.type === 'identifier' || callback.type === 'attribute') {
    if (context.semantic.matches(callback, 'operator.add', 'operator.__add__')) return 'sum';
    if (context.semantic.matches(callback, 'operator.mul', 'operator.__mul__')) return 'product';
    return undefined;
  }
  if (callback.type !== 'lambda') return undefined;
  const parameters = namedChildren(callback.childForFieldName('parameters'));
  if (parameters.length !== 2 || parameters.some((parameter) => parameter.type !== 'identifier')) return undefined;
  let body = callback.childForFieldName('body');
  while (body?.type === 'parenthesized_expression') body = body.firstNamedChild;
  if (body?.type !== 'binary_operator') return undefined;
  const operation = LAMBDA_OPERATORS.get(context.text(body.childForFieldName('operator')!));
  const left = body.childForFieldName('left');
  const right = body.childForFieldName('right');
  if (!operation || left?.type !== 'identifier' || right?.type !== 'identifier') return undefined;
  const names = parameters.map((parameter) => context.text(parameter));
  const operands = [context.text(left), context.text(right)];
  const inEitherOrder = (operands[0] === names[0] && operands[1] === names[1]) || (operands[0] === names[1] && operands[1] === names[0]);
  return inEitherOrder ? operation : undefined;
}

/** A number literal, a builtin that returns one, or arithmetic of those. */
function isNumeric(expression: Node, context: RuleContext): boolean {
  switch (expression.type) {
    case 'integer':
    case 'float':
      return true;
    case 'unary_operator':
    case 'parenthesized_expression':
      return expression.lastNamedChild !== null && isNumeric(expression.lastNamedChild, context);
    case 'binary_operator':
      return namedChildren(expression).every((side) => isNumeric(side, context));
    case 'call': {
      const callee = expression.childForFieldName('function');
      return callee !== null && context.semantic.matches(callee, ...NUMERIC_CALLS);
    }
    default:
      return false;
  }
}

/** Items that are numbers: `range(…)`, a display of numbers, or a comprehension computing one. */
function hasNumericItems(iterable: Node, context: RuleContext): boolean {
  switch (iterable.type) {
    case 'call': {
      const callee = iterable.childForFieldName('function');
      return callee !== null && context.semantic.matches(callee, 'builtins.range');
    }
    case 'list':
    case 'tuple':
    case 'set':
      return namedChildren(iterable).length > 0 && namedChildren(iterable).every((item) => isNumeric(item, context));
    case 'generator_expression':
    case 'list_comprehension':
    case 'set_comprehension': {
      const body = iterable.childForFieldName('body');
      return body !== null && isNumeric(body, context);
    }
    default:
      return false;
  }
}

function replacement(call: Node, operation: Operation, iterable: Node, initial: Node | undefined, context: RuleContext): FixSpec | undefined {
  // A lone generator expression needs no parentheses of its own: `sum(x for x in xs)`.
  const items = iterable.type === 'generator_expression' && !initial ? context.text(iterable).slice(1, -1) : context.text(iterable);
  const edit = (text: string) => ({ start: call.startIndex, end: call.endIndex, text });
  if (operation === 'sum') {
    // A local or imported `sum` (numpy's, say) would be a different function.
    const sum = context.semantic.spell('builtins.sum', call);
    if (!sum) return undefined;
    return { edits: [edit(initial ? `${sum}(${items}, ${context.text(initial)})` : `${sum}(${items})`)] };
  }
  const start = initial ? `, start=${context.text(initial)}` : '';
  const imported = context.semantic.spell('math.prod', call);
  if (imported) return { edits: [edit(`${imported}(${items}${start})`)] };
  const math = context.semantic.spell('math', call);
  if (math) return { edits: [edit(`${math}.prod(${items}${start})`)] };
  if (!context.semantic.isFree('math', call)) return undefined;
  return { edits: [edit(`math.prod(${items}${start})`)], imports: [{ module: 'math' }] };
}

export default defineRule({
  meta: {
    code: 'PH106',
    name: 'reduce-instead-of-builtin',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'functions',
    severity: 'information',
    minPython: [3, 0],
    message: '`reduce()` that only adds or multiplies; use `sum()` or `math.prod()`',
    docs: {
      what: [
        'Flags `functools.reduce` whose function only adds or multiplies its two arguments: `lambda a, b: a + b`,',
        '`lambda a, b: a * b` (either operand order), `operator.add` or `operator.mul` — when the values are numbers,',
        'as a number start value (`reduce(add, xs, 0)`) or the items (`range(…)`, a comprehension computing `len(…)`)',
        'show. `+` also joins strings, lists and tuples, and `*` multiplies arrays, polynomials and symbolic',
        'expressions: there `sum()` and `math.prod()` are the wrong tools.',
      ].join(' '),
      why: [
        'A fold hides a simple intent behind a callback the reader has to decode. `sum()` and `math.prod()`',
        '(Python 3.8+) name the operation, run in C without a Python-level call per item, and return the neutral',
        'value (`0` or `1`) for an empty iterable, where `reduce()` without an initial value raises `TypeError`.',
        '',
        'Concatenation is left alone: `sum()` refuses strings, needs a start value for lists and tuples, and joining',
        'many of them with `+` is quadratic either way; `"".join()` and `itertools.chain` fit there.',
      ].join('\n'),
      example: [
        'from functools import reduce',
        'import operator',
        '',
        'total = reduce(lambda acc, n: acc + n, amounts, 0)',
        'cells = reduce(operator.mul, [len(axis) for axis in axes], 1)',
      ].join('\n'),
      instead: ['import math', '', 'total = sum(amounts)', 'cells = math.prod(len(axis) for axis in axes)'].join('\n'),
      fixSafety: [
        'The fix is unsafe because the results can differ in corner cases. `sum()` and `math.prod()` start from `0` and',
        '`1` when there is no initial value, so an empty iterable no longer raises `TypeError`. A lambda written `b + a`',
        'added in the reverse order, which matters for anything that is not commutative. Since Python 3.12 `sum()` adds',
        'floats with extra precision, so the last digits of a float total may change. No fix is offered when `sum`',
        'or `math` means something else in the module.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Use sum() or math.prod()' },
  },
  visit: {
    calls: { 'functools.reduce': check },
  },
});
