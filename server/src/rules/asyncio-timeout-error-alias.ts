import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext, type TextEdit } from '../engine/rule';
import { namedChildren, substringFirst } from '../engine/syntax';

/** The names of the builtin `TimeoutError` since Python 3.11 (`asyncio.exceptions` is where asyncio defines it). */
const ALIASES = ['asyncio.TimeoutError', 'asyncio.exceptions.TimeoutError', 'concurrent.futures.TimeoutError', 'concurrent.futures._base.TimeoutError'];

/** Every alias an `except` clause names, alone or in its tuple. */
const checkHandler: NodeHandler = (clause, context) => {
  const caught = caughtExpression(clause);
  if (!caught) return;
  const elements = caught.type === 'tuple' ? namedChildren(caught) : [caught];
  const dropped = duplicates(elements, context);
  elements.forEach((element, index) => {
    if (!isAlias(element, context)) return;
    const alias = context.text(element);
    if (dropped.has(index)) {
      context.report({ node: element, message: `\`${alias}\` is \`TimeoutError\`, which this \`except\` already catches`, fix: { title: `Remove the duplicate ${alias}`, edits: removal(caught, elements, index, dropped) } });
    } else {
      context.report({ node: element, message: `\`${alias}\` is the builtin \`TimeoutError\` since Python 3.11`, fix: replacement(element, context) });
    }
  });
};

/** `X` in `except X:`, `except X as e:` and `except* X:`, without redundant parentheses. */
function caughtExpression(clause: Node): Node | undefined {
  let caught = clause.childForFieldName('value');
  if (caught?.type === 'as_pattern') caught = caught.firstNamedChild;
  while (caught?.type === 'parenthesized_expression' && caught.namedChildCount === 1) caught = caught.firstNamedChild;
  return caught ?? undefined;
}

/**
 * An alias written as another name: `asyncio.TimeoutError`, or `AsyncTimeout` after `from asyncio
 * import TimeoutError as AsyncTimeout`. A bare `TimeoutError` imported from asyncio already reads
 * as the builtin; only its import is redundant.
 */
function isAlias(element: Node, context: RuleContext): boolean {
  return !(element.type === 'identifier' && context.text(element) === 'TimeoutError') && standsForAlias(element, context);
}

function standsForAlias(element: Node, context: RuleContext): boolean {
  return (element.type === 'identifier' || element.type === 'attribute') && context.semantic.matches(element, ...ALIASES);
}

/**
 * The indexes of the aliases a tuple can do without: all of them when it names the builtin
 * `TimeoutError` too, else every one after the first (which becomes the builtin).
 */
function duplicates(elements: readonly Node[], context: RuleContext): Set<number> {
  const builtin = elements.findIndex((element) => context.semantic.isBuiltin(element, 'TimeoutError'));
  const kept = builtin !== -1 ? builtin : elements.findIndex((element) => standsForAlias(element, context));
  return new Set(elements.flatMap((element, index) => (kept !== -1 && index !== kept && isAlias(element, context) ? [index] : [])));
}

/** `asyncio.TimeoutError` becomes `TimeoutError`, unless that name means something else where the handler stands. */
function replacement(element: Node, context: RuleContext): FixSpec | undefined {
  const builtin = context.semantic.spell('builtins.TimeoutError', element);
  return builtin ? { edits: [{ start: element.startIndex, end: element.endIndex, text: builtin }] } : undefined;
}

/**
 * The edits that take element `index` out of the tuple with its comma. A tuple of two is left as
 * its other element, without parentheses. The spans of several removed elements must not overlap
 * (their fixes are applied together): a removed element at the start of the tuple takes the comma
 * after it, any other the comma before it.
 */
function removal(tuple: Node, elements: readonly Node[], index: number, dropped: ReadonlySet<number>): TextEdit[] {
  const element = elements[index];
  if (elements.length === 2) {
    const other = elements[1 - index];
    return [
      { start: tuple.startIndex, end: other.startIndex, text: '' },
      { start: other.endIndex, end: tuple.endIndex, text: '' },
    ];
  }
  const leading = elements.slice(0, index).every((_, before) => dropped.has(before));
  return leading ? [{ start: element.startIndex, end: elements[index + 1].startIndex, text: '' }] : [{ start: elements[index - 1].endIndex, end: element.endIndex, text: '' }];
}

export default defineRule({
  meta: {
    code: 'PH409',
    name: 'asyncio-timeout-error-alias',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'async',
    severity: 'information',
    minPython: [3, 11],
    message: '`asyncio.TimeoutError` is the builtin `TimeoutError` since Python 3.11',
    docs: {
      what: [
        'Flags `asyncio.TimeoutError` in an `except` clause, alone or in a tuple, when the target is Python 3.11 or',
        'newer — and `concurrent.futures.TimeoutError`, which became the same class in the same release. Any spelling',
        'counts: `import asyncio as aio`, `from asyncio import TimeoutError as AsyncTimeout`. A bare `TimeoutError`',
        'imported from asyncio is left alone: the handler already reads as the builtin.',
      ].join(' '),
      why: [
        'Since Python 3.11 `asyncio.TimeoutError` and `concurrent.futures.TimeoutError` are the builtin `TimeoutError`',
        '(`asyncio.TimeoutError is TimeoutError` holds), and `asyncio.timeout()` and `asyncio.wait_for()` raise it.',
        'The old names remain for compatibility only. Writing the builtin says plainly what is caught; and catching',
        'both spellings in one tuple, a habit from code that ran before 3.11, catches the same class twice.',
      ].join('\n'),
      example: [
        'import asyncio',
        '',
        '',
        'async def ping(host, port):',
        '    try:',
        '        async with asyncio.timeout(2):',
        '            reader, writer = await asyncio.open_connection(host, port)',
        '    except asyncio.TimeoutError:',
        '        return False',
        '    writer.close()',
        '    return True',
      ].join('\n'),
      instead: [
        'import asyncio',
        '',
        '',
        'async def ping(host, port):',
        '    try:',
        '        async with asyncio.timeout(2):',
        '            reader, writer = await asyncio.open_connection(host, port)',
        '    except TimeoutError:',
        '        return False',
        '    writer.close()',
        '    return True',
      ].join('\n'),
      fixSafety: [
        'The fix is safe: on 3.11+ the alias and the builtin are one class. It writes `TimeoutError` only where that',
        'name is the builtin — not where a module-level assignment, an import, a parameter or a class attribute',
        'shadows it; there no fix is offered. In a tuple that already names `TimeoutError`, the alias is removed',
        'instead, and a tuple of two becomes its other element, without parentheses.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Use the builtin TimeoutError' },
    peers: [{ tool: 'ruff', code: 'UP041', name: 'timeout-error-alias' }],
    narrower: [
      'UP041 also rewrites `raise asyncio.TimeoutError` and calls of it, and `socket.timeout` (an alias since 3.10);',
      'this rule looks at `except` clauses only, and covers `concurrent.futures.TimeoutError`, which UP041 does not.',
    ].join(' '),
  },
  visit: {
    nodes: { except_clause: checkHandler },
    unitIncludes: substringFirst(/\bexcept\b/, 'except'),
    sourceIncludes: 'TimeoutError',
  },
});
