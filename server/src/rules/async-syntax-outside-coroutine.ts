import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { isAsync, substringFirst } from '../engine/syntax';

const DEFINITIONS = new Set(['function_definition', 'lambda', 'class_definition']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension']);

/** `await x`. */
const checkAwait: NodeHandler = (node, context) => {
  const outside = outsideCoroutine(node, context);
  if (outside !== undefined) context.report({ node, message: messageFor('await', outside, context) });
};

/** `async with`, `async for` (a statement) and `… async for x in y` (a comprehension clause). */
const checkAsyncKeyword: NodeHandler = (node, context) => {
  const keyword = node.firstChild;
  const next = keyword?.nextSibling;
  if (keyword?.type !== 'async' || !next) return;
  const outside = outsideCoroutine(node, context);
  if (outside === undefined) return;
  context.report({ start: keyword.startIndex, end: next.endIndex, message: messageFor(`async ${next.type}`, outside, context) });
};

/**
 * Where Python refuses an asynchronous construct at `node`: the plain function, lambda or class body
 * whose code it would be part of, or `null` for the module. Nothing when the code runs in a
 * coroutine, or in a generator expression (which then is an asynchronous generator, legal anywhere),
 * or at a notebook's top level, which IPython runs in an event loop.
 */
function outsideCoroutine(node: Node, context: RuleContext): Node | null | undefined {
  const outside = outsideCoroutineAt(node);
  return outside === null && context.kind === 'notebook' ? undefined : outside;
}

function outsideCoroutineAt(node: Node): Node | null | undefined {
  for (let scope = runsIn(node); ; scope = runsIn(scope)) {
    if (scope === null) return null;
    if (scope.type === 'generator_expression') return undefined;
    if (scope.type === 'function_definition') return isAsync(scope) ? undefined : scope;
    if (scope.type === 'lambda' || scope.type === 'class_definition') return scope;
    // A list, set or dict comprehension runs as part of where it stands (since 3.11 inside another comprehension too).
  }
}

/**
 * The function, lambda, class or comprehension whose own code `node` is, or `null` at module level.
 * What a definition evaluates where it stands — decorators, defaults, annotations, bases, and a
 * comprehension's first iterable — belongs to the code around it.
 */
function runsIn(node: Node): Node | null {
  // `below` is the node the walk came through to reach `child`.
  let below = node;
  let child = node;
  for (let parent = node.parent; parent; below = child, child = parent, parent = parent.parent) {
    if (DEFINITIONS.has(parent.type)) {
      if (parent.childForFieldName('body')?.id === child.id) return parent;
    } else if (parent.type === 'generator_expression' || COMPREHENSIONS.has(parent.type)) {
      if (!isFirstIterable(parent, child, below)) return parent;
    }
  }
  return null;
}

/** Whether `part` lies in the iterable of the comprehension's first `for … in` clause, `clause`: the one part evaluated outside it. */
function isFirstIterable(comprehension: Node, clause: Node, part: Node): boolean {
  if (clause.type !== 'for_in_clause' || comprehension.namedChildren.find((child) => child?.type === 'for_in_clause')?.id !== clause.id) return false;
  return clause.childrenForFieldName('right').some((iterable) => iterable?.id === part.id);
}


function messageFor(construct: string, outside: Node | null, context: RuleContext): string {
  if (outside === null) return `\`${construct}\` at module level is a SyntaxError (only notebooks and the asyncio REPL allow it)`;
  if (outside.type === 'lambda') return `\`${construct}\` in a lambda is a SyntaxError: a lambda cannot be a coroutine`;
  if (outside.type === 'class_definition') return `\`${construct}\` in a class body is a SyntaxError: a class body never runs as a coroutine`;
  const name = outside.childForFieldName('name');
  return `\`${construct}\` in \`def ${name ? context.text(name) : ''}\`, which is not \`async def\`, is a SyntaxError`;
}

export default defineRule({
  meta: {
    code: 'PH411',
    name: 'async-syntax-outside-coroutine',
    kind: 'correctness',
    selection: 'default',
    category: 'async',
    severity: 'warning',
    minPython: [3, 7],
    message: '`await`, `async with` or `async for` outside an `async def` is a SyntaxError',
    docs: {
      what: [
        'Flags `await`, `async with` and `async for` (also the `async for` of a list, set or dict comprehension) where',
        'Python refuses them: in the body of a plain `def` — a function nested in a coroutine included — in a lambda, in',
        'a class body, or at module level. It follows the compiler: what a definition evaluates where it stands',
        '(decorators, defaults, annotations, base classes) and the first iterable of a comprehension belong to the code',
        'around it, and a generator expression may hold `await` and `async for` anywhere: it is then an asynchronous',
        'generator.',
      ].join(' '),
      why: [
        'CPython rejects the whole module with a SyntaxError before any of it runs, so every import of the module',
        'fails too. The usual cause is an `async` missing from a `def`, or a helper function or lambda written inside a',
        'coroutine: its body is a function of its own, not part of the coroutine, and a lambda can never be one.',
        '',
        'Top-level `await` is legal in Jupyter notebooks (IPython runs cells in an event loop) and in the',
        '`python -m asyncio` REPL: the top level of a notebook\'s cells (in the editor and in `pyhints check`) is exempt. A',
        '`.py` file meant to be pasted into such a session is reported like any module. Stubs are never checked.',
      ].join('\n'),
      example: [
        'async def fetch(session, url):',
        '    async with session.get(url) as response:',
        '        return await response.text()',
        '',
        '',
        'def fetch_all(session, urls):',
        '    return [await fetch(session, url) for url in urls]',
      ].join('\n'),
      instead: [
        'async def fetch(session, url):',
        '    async with session.get(url) as response:',
        '        return await response.text()',
        '',
        '',
        'async def fetch_all(session, urls):',
        '    return [await fetch(session, url) for url in urls]',
      ].join('\n'),
    },
    peers: [
      { tool: 'ruff', code: 'PLE1142', name: 'await-outside-async' },
      { tool: 'pylint', code: 'E1142', name: 'await-outside-async' },
    ],
  },
  visit: {
    nodes: { await: checkAwait, with_statement: checkAsyncKeyword, for_statement: checkAsyncKeyword, for_in_clause: checkAsyncKeyword },
    unitIncludes: substringFirst(/\ba(?:wait|sync)\b/, 'await', 'async'),
  },
});
