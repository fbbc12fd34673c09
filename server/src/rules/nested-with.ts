import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { indentationOf, isAsync, isWordCharAt, lineBreakOf, lineStartOf, namedChildren, nextLineStart } from '../engine/syntax';

/**
 * Scopes that bound the time of what they hold: Ruff's SIM117 leaves them on a line of their own,
 * since merging hides which statements the deadline covers.
 */
const DEADLINES = [
  'asyncio.timeout',
  'asyncio.timeout_at',
  'anyio.CancelScope',
  'anyio.fail_after',
  'anyio.move_on_after',
  'trio.fail_after',
  'trio.fail_at',
  'trio.move_on_after',
  'trio.move_on_at',
];

/** The line length past which the merged header is split, as Black and Ruff count by default. */
const MAX_LINE = 88;

/** Parenthesized context managers: accepted by CPython's parser from 3.9, part of the language from 3.10. */
const PARENTHESIZED_ITEMS: readonly [number, number] = [3, 10];

/**
 * Whether a `with` (or `async with`) starts a line whose previous line of code, past blank lines
 * and comments, ends in a colon: where a nested one may be. Scanned back from each `with`; a
 * pattern starting at every colon cost a fifth of the whole analysis.
 */
function mayNestWith(text: string): boolean {
  for (let at = text.indexOf('with'); at >= 0; at = text.indexOf('with', at + 4)) {
    if (isWordCharAt(text, at - 1) || isWordCharAt(text, at + 4)) continue;
    let lineStart = skipBlanksBack(text, at);
    if (text.startsWith('async', lineStart - 5) && lineStart < at) lineStart = skipBlanksBack(text, lineStart - 5);
    if (lineStart > 0 && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') continue;
    while (lineStart > 0) {
      const lineEnd = text[lineStart - 1] === '\n' && text[lineStart - 2] === '\r' ? lineStart - 2 : lineStart - 1;
      const previous = lineStartOf(text, lineEnd);
      const line = text.slice(previous, lineEnd).trim();
      if (line !== '' && !line.startsWith('#')) {
        if (endsHeader(line)) return true;
        break;
      }
      lineStart = previous;
    }
  }
  return false;
}

/** The offset after the spaces and tabs that end at `offset`. */
function skipBlanksBack(text: string, offset: number): number {
  while (offset > 0 && (text[offset - 1] === ' ' || text[offset - 1] === '\t' || text[offset - 1] === '\f')) offset--;
  return offset;
}

/** Whether a line of code ends in a colon, before a comment or a continuation backslash; any `#` may start the comment. */
function endsHeader(line: string): boolean {
  const ends = (code: string) => code.replace(/[\s\\]+$/, '').endsWith(':');
  if (ends(line)) return true;
  for (let hash = line.indexOf('#'); hash >= 0; hash = line.indexOf('#', hash + 1)) if (ends(line.slice(0, hash))) return true;
  return false;
}

const check: NodeHandler = (statement, context) => {
  const inner = soleWith(statement);
  if (!inner) return;
  const mergeable = mergeableIn(context);
  const parent = enclosingWith(statement);
  // The outermost `with` of a run reports the run; one that a comment separates starts its own.
  if (parent && mergeable(parent, statement) && !commentBetween(parent, statement)) return;
  if (!mergeable(statement, inner)) return;
  const run = cleanRun(statement, mergeable);
  // Below 3.10 a header too long for one line could only be split with backslashes: the nesting reads better.
  if (!atLeast(context.facts.target, PARENTHESIZED_ITEMS) && oneLineHeader(run, indentationOf(statement, context.source), context) === undefined) return;
  context.report({
    start: statement.startIndex,
    end: colonOf(statement).endIndex,
    message: `\`${isAsync(statement) ? 'async with' : 'with'}\` whose body is only another one: combine them into one statement with several context managers`,
    fix: merge(run, context),
  });
};

/** The `with` statement whose body holds this one, if any. */
function enclosingWith(statement: Node): Node | undefined {
  const block = statement.parent;
  return block?.type === 'block' && block.parent?.type === 'with_statement' ? block.parent : undefined;
}

/** The `with` statement that is the whole body of `statement`, if it is one. */
function soleWith(statement: Node): Node | undefined {
  const body = statement.childForFieldName('body');
  const only = body?.namedChildCount === 1 ? body.firstNamedChild : null;
  return only?.type === 'with_statement' ? only : undefined;
}

type Mergeable = (outer: Node, inner: Node) => boolean;

/**
 * Whether two `with`s are of the same kind, the inner the outer's whole body, neither a scope that
 * stands alone. One check asks it of the same statements several times, and each answer resolves
 * a callee, so it is made per check and remembers them.
 */
function mergeableIn(context: RuleContext): Mergeable {
  const alone = new Map<number, boolean>();
  const standsAloneOnce = (statement: Node) => {
    let known = alone.get(statement.id);
    if (known === undefined) alone.set(statement.id, (known = standsAlone(statement, context)));
    return known;
  };
  return (outer, inner) => soleWith(outer)?.id === inner.id && isAsync(outer) === isAsync(inner) && !standsAloneOnce(outer) && !standsAloneOnce(inner);
}


function itemsOf(statement: Node): Node[] {
  return namedChildren(statement.namedChildren.find((child) => child?.type === 'with_clause')).filter((item) => item.type === 'with_item');
}

/** A `with` of one item that is a timeout or cancel scope (`asyncio.timeout(5)`). */
/**
 * A `with` of one scope whose extent is the point: a deadline, or a test's expected exception
 * (`self.assertRaises(…)`, `pytest.raises(…)`), which on its own line shows what should raise.
 */
function standsAlone(statement: Node, context: RuleContext): boolean {
  const items = itemsOf(statement);
  if (items.length !== 1) return false;
  let value = items[0].childForFieldName('value');
  if (value?.type === 'as_pattern') value = value.firstNamedChild;
  const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
  return callee !== null && (context.semantic.matches(callee, ...DEADLINES) || context.semantic.expectsRaiseBy(callee));
}

function colonOf(statement: Node): Node {
  return statement.children.find((child) => child?.type === ':')!;
}

/** Whether a comment lies between the outer `with` and the colon of the inner one (their headers and the lines between). */
function commentBetween(outer: Node, inner: Node): boolean {
  const end = colonOf(inner).endIndex;
  return outer.descendantsOfType('comment').some((comment) => comment !== null && comment.startIndex < end && comment.endIndex <= end);
}

/** The `with`s from `statement` down that merge into it: each the whole body of the one above, with no comment in between. */
function cleanRun(statement: Node, mergeable: Mergeable): Node[] {
  const run = [statement];
  for (let inner = soleWith(statement); inner && mergeable(run[run.length - 1], inner) && !commentBetween(run[run.length - 1], inner); inner = soleWith(inner)) {
    run.push(inner);
  }
  return run;
}

/**
 * One header with every item in order (the same evaluation order as the nesting), and the innermost
 * body moved out to the outer body's indentation. The header stays on one line when it fits, is
 * parenthesized one item a line when it does not (3.10+), and is not fixed otherwise.
 */
function merge(run: Node[], context: RuleContext): FixSpec | undefined {
  if (run.length < 2) return undefined;
  const { source } = context;
  const [outer, innermost] = [run[0], run[run.length - 1]];
  const indent = indentationOf(outer, source);
  const innerIndent = indentationOf(innermost, source);
  if (!innerIndent.startsWith(indent) || innerIndent === indent) return undefined;
  const header = mergedHeader(run, indent, innerIndent.slice(indent.length), context);
  if (!header) return undefined;
  const colon = colonOf(innermost);
  const lineEnd = nextLineStart(source, colon.endIndex);
  // A body on the header's line (`with b: run()`) stays there; the lines below move left.
  const sameLine = source.slice(colon.endIndex, Math.min(lineEnd, innermost.endIndex));
  const below = lineEnd < innermost.endIndex ? dedented(innermost, lineEnd, indent, innerIndent, source) : '';
  return { edits: [{ start: outer.startIndex, end: innermost.endIndex, text: header + sameLine + below }] };
}

function mergedHeader(run: Node[], indent: string, unit: string, context: RuleContext): string | undefined {
  const line = oneLineHeader(run, indent, context);
  if (line !== undefined) return line;
  if (!atLeast(context.facts.target, PARENTHESIZED_ITEMS)) return undefined;
  const keyword = isAsync(run[0]) ? 'async with' : 'with';
  const items = run.flatMap(itemsOf).map((item) => context.text(item));
  const eol = lineBreakOf(context.source);
  return [`${keyword} (`, ...items.map((item) => `${indent}${unit}${item},`), `${indent}):`].join(eol);
}

/** The merged header on one line, when it fits in `MAX_LINE` characters at `indent`. */
function oneLineHeader(run: Node[], indent: string, context: RuleContext): string | undefined {
  const keyword = isAsync(run[0]) ? 'async with' : 'with';
  const line = `${keyword} ${run.flatMap(itemsOf).map((item) => context.text(item)).join(', ')}:`;
  const longest = Math.max(...`${indent}${line}`.split(/\r\n|\r|\n/).map((each) => each.length));
  return longest <= MAX_LINE ? line : undefined;
}

/**
 * The text from `start` to the statement's end, each line that starts with `inner` indentation
 * given `outer` instead; lines that start inside a string (a multi-line literal's own text) are
 * left alone.
 */
function dedented(statement: Node, start: number, outer: string, inner: string, source: string): string {
  const strings = statement.descendantsOfType('string').filter((string): string is Node => string !== null);
  const insideString = (offset: number) => strings.some((string) => string.startIndex < offset && offset < string.endIndex);
  let text = '';
  for (let at = start; at < statement.endIndex; ) {
    const next = Math.min(nextLineStart(source, at), statement.endIndex);
    const line = source.slice(at, next);
    text += !insideString(at) && line.startsWith(inner) ? outer + line.slice(inner.length) : line;
    at = next;
  }
  return text;
}

export default defineRule({
  meta: {
    code: 'PH305',
    name: 'nested-with',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'resources',
    severity: 'information',
    minPython: [3, 1],
    message: 'A `with` whose body is only another `with`: combine them into one statement with several context managers',
    docs: {
      what: [
        'Flags a `with` statement whose whole body is another `with` statement of the same kind (`with` in `with`,',
        '`async with` in `async with`). A `with` that holds only a timeout or cancel scope (`asyncio.timeout`, anyio\'s and',
        'trio\'s `fail_after`, `move_on_after` …) is left alone, as Ruff leaves it: on its own line it shows what the',
        'deadline covers; so is a test\'s expected exception (`self.assertRaises(…)`, `pytest.raises(…)`), which on its own',
        `line shows what should raise. Below Python 3.10, a pair whose combined header would not fit in ${MAX_LINE} characters is left`,
        'alone too: it could only be split with backslashes, and the nesting reads better.',
      ].join(' '),
      why: [
        'One `with` statement takes several context managers, and the language defines it as exactly the nested form:',
        'the managers are entered left to right (a later one may use the name an earlier one bound with `as`) and exited',
        'in reverse order, also when one of them raises. Writing them in one header saves a level of indentation for the',
        'whole body and says that the resources belong together.',
        '',
        'A `with` and an `async with` cannot share a header, so such pairs are not flagged.',
      ].join('\n'),
      example: ['def copy(source, target):', '    with open(source, "rb") as reader:', '        with open(target, "wb") as writer:', '            writer.write(reader.read())'].join('\n'),
      instead: ['def copy(source, target):', '    with open(source, "rb") as reader, open(target, "wb") as writer:', '        writer.write(reader.read())'].join('\n'),
      fixSafety: [
        'The fix is safe: the merged statement enters and exits the same managers in the same order. It joins every level',
        'of a run of nested statements, and moves the innermost body out; comments in the body move with it. The header',
        `stays on one line when it fits in ${MAX_LINE} characters; otherwise, from Python 3.10, it puts one manager a line`,
        'between parentheses. No fix is offered when a comment sits between the headers, since it could not stay where it',
        'is.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Combine the with statements' },
    peers: [{ tool: 'ruff', code: 'SIM117', name: 'multiple-with-statements' }],
  },
  visit: {
    sourceIncludes: 'with',
    nodes: { with_statement: check },
    unitIncludes: { test: mayNestWith, substrings: ['with'] },
  },
});
