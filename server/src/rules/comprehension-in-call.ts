import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler } from '../engine/rule';
import { namedChildren } from '../engine/syntax';

/** Builtins that consume an iterable once, so a generator does the same work as a list. */
const CONSUMERS = ['sum', 'any', 'all', 'min', 'max', 'sorted'] as const;
const SHORT_CIRCUITING = new Set(['any', 'all']);

const check: NodeHandler = (call, context) => {
  const callee = context.text(call.childForFieldName('function')!);
  // `from numpy import sum` and the like do not take generators the same way.
  if (context.facts.imports.some((binding) => binding.local === callee)) return;
  const argumentList = call.childForFieldName('arguments');
  if (argumentList?.type !== 'argument_list') return;
  const args = namedChildren(argumentList);
  const comprehension = args[0];
  if (comprehension?.type !== 'list_comprehension') return;
  // An `await` or `async for` inside makes the generator asynchronous, which builtins cannot consume.
  if (isAsync(comprehension, context.text(comprehension))) return;

  const inner = context.text(comprehension).slice(1, -1);
  const replacement = args.length === 1 ? inner : `(${inner})`;
  // any()/all() stop at the first decisive element: calls after it would no longer run.
  const skipsCalls = SHORT_CIRCUITING.has(callee) && comprehension.descendantsOfType('call').length > 0;
  context.report({
    node: comprehension,
    message: SHORT_CIRCUITING.has(callee)
      ? `\`${callee}()\` over a list comprehension builds the whole list first; a generator expression stops at the first decisive element`
      : `\`${callee}()\` over a list comprehension builds a throwaway list; pass a generator expression`,
    fix: {
      edits: [{ start: comprehension.startIndex, end: comprehension.endIndex, text: replacement }],
      safety: skipsCalls ? 'unsafe' : undefined,
    },
  });
};

function isAsync(comprehension: Node, text: string): boolean {
  if (!/\bawait\b|\basync\b/.test(text)) return false;
  return comprehension.descendantsOfType(['await', 'for_in_clause']).some((node) => node?.type === 'await' || node?.text.startsWith('async'));
}

export default defineRule({
  meta: {
    code: 'PH502',
    name: 'comprehension-in-call',
    category: 'performance',
    severity: 'information',
    minPython: [3, 0],
    message: 'A list comprehension passed to a builtin that only iterates it once; use a generator expression',
    docs: {
      what: 'Flags `sum`, `any`, `all`, `min`, `max` and `sorted` called with a list comprehension as their iterable.',
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
        'Dropping the brackets is safe for `sum`, `min`, `max` and `sorted`, which consume every element either way.',
        'For `any` and `all` it is marked unsafe when the comprehension calls a function: after short-circuiting, the',
        'calls for the remaining elements no longer happen, which matters if they have side effects.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use a generator expression' },
  },
  visit: {
    calls: Object.fromEntries(CONSUMERS.map((name) => [name, check])),
  },
});
