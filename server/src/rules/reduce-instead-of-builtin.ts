import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { localName, qualifiedName, refersTo } from '../engine/facts';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { namedChildren } from '../engine/syntax';

type Operation = 'sum' | 'product';

const OPERATOR_FUNCTIONS: ReadonlyMap<string, Operation> = new Map([
  ['operator.add', 'sum'],
  ['operator.mul', 'product'],
]);
const LAMBDA_OPERATORS: ReadonlyMap<string, Operation> = new Map([
  ['+', 'sum'],
  ['*', 'product'],
]);
/** reduce() takes its arguments by position only; anything else is not a call we can rewrite. */
const UNFOLDABLE_ARGUMENTS = new Set(['keyword_argument', 'list_splat', 'dictionary_splat', 'parenthesized_list_splat']);
/** Initial values that mean sequence concatenation, where `sum()` refuses strings and is quadratic for lists. */
const SEQUENCE_LITERALS = new Set(['string', 'concatenated_string', 'list', 'tuple', 'list_comprehension']);

const check: NodeHandler = (call, context) => {
  const callee = call.childForFieldName('function')!;
  const calleeText = context.text(callee);
  // Only functools' reduce: `reduce` bound by some other module's import is not ours to judge.
  if (!refersTo(context.facts, calleeText, 'functools.reduce')) return;
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return;
  const args = namedChildren(argumentList);
  if (args.length < 2 || args.length > 3 || args.some((arg) => UNFOLDABLE_ARGUMENTS.has(arg.type))) return;
  const [callback, iterable, initial] = args;
  const operation = operationOf(callback, context);
  if (!operation) return;
  if (initial && SEQUENCE_LITERALS.has(initial.type)) return;
  // math.prod() arrived in Python 3.8; below it there is nothing to suggest.
  if (operation === 'product' && !atLeast(context.facts.target, [3, 8])) return;

  context.report({
    node: callee,
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
    return OPERATOR_FUNCTIONS.get(qualifiedName(context.facts, context.text(callback)));
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

function replacement(call: Node, operation: Operation, iterable: Node, initial: Node | undefined, context: RuleContext): FixSpec | undefined {
  // A lone generator expression needs no parentheses of its own: `sum(x for x in xs)`.
  const items = iterable.type === 'generator_expression' && !initial ? context.text(iterable).slice(1, -1) : context.text(iterable);
  const edit = (text: string) => ({ start: call.startIndex, end: call.endIndex, text });
  if (operation === 'sum') {
    // A module that imports its own `sum` (numpy's, say) would get a different function.
    if (context.facts.imports.some((binding) => binding.local === 'sum')) return undefined;
    return { edits: [edit(initial ? `sum(${items}, ${context.text(initial)})` : `sum(${items})`)] };
  }
  const imported = localName(context.facts, 'math', 'prod');
  const prod = imported ?? 'math.prod';
  const start = initial ? `, start=${context.text(initial)}` : '';
  return { edits: [edit(`${prod}(${items}${start})`)], imports: imported ? undefined : [{ module: 'math' }] };
}

export default defineRule({
  meta: {
    code: 'PH106',
    name: 'reduce-instead-of-builtin',
    category: 'functions',
    severity: 'information',
    minPython: [3, 0],
    message: '`reduce()` that only adds or multiplies; use `sum()` or `math.prod()`',
    docs: {
      what: [
        'Flags `functools.reduce` whose function only adds or multiplies its two arguments: `lambda a, b: a + b`,',
        '`lambda a, b: a * b` (either operand order), `operator.add` or `operator.mul`.',
      ].join(' '),
      why: [
        'A fold hides a simple intent behind a callback the reader has to decode. `sum()` and `math.prod()`',
        '(Python 3.8+) name the operation, run in C without a Python-level call per item, and return the neutral',
        'value (`0` or `1`) for an empty iterable, where `reduce()` without an initial value raises `TypeError`.',
        '',
        'Concatenation is left alone when the initial value is a string, list or tuple literal: `sum()` refuses',
        'strings, and joining many lists with `+` is quadratic either way; `"".join()` and `itertools.chain` fit there.',
      ].join('\n'),
      example: [
        'from functools import reduce',
        'import operator',
        '',
        'total = reduce(lambda acc, n: acc + n, amounts, 0)',
        'volume = reduce(operator.mul, dimensions)',
      ].join('\n'),
      instead: ['import math', '', 'total = sum(amounts)', 'volume = math.prod(dimensions)'].join('\n'),
      fixSafety: [
        'The fix is unsafe because the results can differ for values that are not plain numbers or for empty input.',
        '`sum()` and `math.prod()` start from `0` and `1` when there is no initial value, so an empty iterable no',
        'longer raises `TypeError`, and an object whose `+` does not accept `0` first now fails. `sum()` rejects',
        'strings, which `reduce(operator.add, words)` happily concatenates. A lambda written `b + a` added in the',
        'reverse order, which matters for anything that is not commutative. And since Python 3.12 `sum()` adds floats',
        'with extra precision, so the last digits of a float total may change.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Use sum() or math.prod()' },
  },
  visit: {
    calls: { reduce: check, 'functools.reduce': check },
  },
});
