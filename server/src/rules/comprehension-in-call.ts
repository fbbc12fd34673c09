import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type RuleContext, type TextEdit } from '../engine/rule';
import { namedChildren } from '../engine/syntax';

/** Builtins that consume an iterable once, so a generator does the same work as a list. */
const CONSUMERS = ['sum', 'any', 'all', 'min', 'max', 'sorted'] as const;
const SHORT_CIRCUITING = new Set(['builtins.any', 'builtins.all']);
/**
 * Calls that only compute a value, so skipping them after `any()`/`all()` has its answer changes
 * nothing: the builtins that inspect, and string and mapping methods that read.
 */
const PURE_BUILTINS = new Set(['isinstance', 'issubclass', 'hasattr', 'getattr', 'callable', 'len', 'str', 'int', 'float', 'bool', 'repr', 'type', 'id', 'hash', 'ord', 'chr', 'abs', 'round', 'min', 'max', 'sum', 'any', 'all', 'sorted', 'set', 'frozenset', 'tuple', 'list', 'dict', 'range', 'zip', 'enumerate'].map((name) => `builtins.${name}`));
const PURE_METHODS = /^(startswith|endswith|isalpha|isalnum|isascii|isdecimal|isdigit|isidentifier|islower|isnumeric|isprintable|isspace|istitle|isupper|lower|upper|casefold|strip|lstrip|rstrip|split|rsplit|partition|rpartition|find|rfind|index|rindex|count|replace|get|keys|values|items|match|fullmatch|search|__contains__)$/;

const check: CallHandler = (call, context, qualified) => {
  const callee = context.text(call.childForFieldName('function')!);
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return;
  const args = namedChildren(argumentList);
  const comprehension = args[0];
  if (comprehension?.type !== 'list_comprehension') return;
  // An `await` or `async for` inside makes the generator asynchronous, which builtins cannot consume.
  if (isAsync(comprehension, context.text(comprehension))) return;
  // any()/all() stop at the first decisive element: a list whose elements call something may be
  // built on purpose, so that every call happens.
  const shortCircuits = SHORT_CIRCUITING.has(qualified);
  if (shortCircuits && !onlyPureCalls(comprehension, context)) return;

  const inner = context.text(comprehension).slice(1, -1);
  const edits: TextEdit[] = [{ start: comprehension.startIndex, end: comprehension.endIndex, text: args.length === 1 ? inner : `(${inner})` }];
  // `any(x for x in y,)` is a SyntaxError: a lone generator argument takes no trailing comma.
  const comma = args.length === 1 ? trailingComma(comprehension) : undefined;
  if (comma) edits.push({ start: comma.startIndex, end: comma.endIndex, text: '' });
  context.report({
    node: comprehension,
    message: shortCircuits
      ? `\`${callee}()\` over a list comprehension builds the whole list first; a generator expression stops at the first decisive element`
      : `\`${callee}()\` over a list comprehension builds a throwaway list; pass a generator expression`,
    fix: { edits },
  });
};

/** Whether every call in the comprehension only computes a value (a builtin that inspects, a reading method). */
function onlyPureCalls(comprehension: Node, context: RuleContext): boolean {
  return comprehension.descendantsOfType('call').every((call) => {
    const callee = call?.childForFieldName('function');
    if (!callee) return false;
    if (callee.type === 'attribute') return PURE_METHODS.test(callee.childForFieldName('attribute')?.text ?? '');
    return context.semantic.matches(callee, ...PURE_BUILTINS);
  });
}

/** The `,` after the argument, before the closing parenthesis. */
function trailingComma(argument: Node): Node | undefined {
  for (let next = argument.nextSibling; next; next = next.nextSibling) {
    if (next.type === ',') return next;
    if (next.type !== 'comment') return undefined;
  }
  return undefined;
}

function isAsync(comprehension: Node, text: string): boolean {
  if (!/\bawait\b|\basync\b/.test(text)) return false;
  return comprehension.descendantsOfType(['await', 'for_in_clause']).some((node) => node?.type === 'await' || node?.text.startsWith('async'));
}

export default defineRule({
  meta: {
    code: 'PH502',
    name: 'comprehension-in-call',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'performance',
    severity: 'information',
    minPython: [3, 0],
    message: 'A list comprehension passed to a builtin that only iterates it once; use a generator expression',
    docs: {
      what: [
        'Flags the builtins `sum`, `any`, `all`, `min`, `max` and `sorted` called with a list comprehension as their',
        'iterable. For `any` and `all` only when every call in the comprehension just computes a value (`isinstance`,',
        '`str.startswith`, `dict.get` …): a list whose elements call other functions may be built on purpose, so that',
        'every call happens. Names that are not the builtins (a local `sum`, `from numpy import *`) are left alone.',
      ].join(' '),
      why: [
        'These builtins walk their argument once. Square brackets make Python build the complete list in memory',
        'before the call even starts, only to drop it afterwards. A generator expression hands over one item at a',
        'time, so memory stays flat however long the input is.',
        '',
        '`any()` and `all()` gain more: with a generator they stop as soon as the answer is known, while a list',
        'comprehension has already computed every element by then.',
      ].join('\n'),
      example: ['has_admin = any([user.is_admin for user in users])', 'total = sum([line.count for line in invoice])'].join('\n'),
      instead: ['has_admin = any(user.is_admin for user in users)', 'total = sum(line.count for line in invoice)'].join('\n'),
      fixSafety: [
        'Dropping the brackets is safe: `sum`, `min`, `max` and `sorted` consume every element either way, and `any`',
        'and `all` are only flagged when skipping the remaining elements skips nothing but computation. A trailing',
        'comma after a lone comprehension is removed with the brackets, since a generator argument cannot have one.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use a generator expression' },
    peers: [
      { tool: 'ruff', code: 'C419', name: 'unnecessary-comprehension-in-call' },
      { tool: 'flake8-comprehensions', code: 'C419', name: 'unnecessary-comprehension-in-call' },
      { tool: 'pylint', code: 'R1729', name: 'use-a-generator' },
    ],
  },
  visit: {
    calls: Object.fromEntries(CONSUMERS.map((name) => [`builtins.${name}`, check])),
  },
});
