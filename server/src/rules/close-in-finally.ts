// PH304: `x = make()` then `try: … finally: x.close()` — the hand-written form of a `with` block.
// The shape (an acquisition, the `try` right after it, a release in its `finally`) and its rewrite
// into `with … as x:` are shared with PH307, which releases a temporary directory the same way.

import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext, type TextEdit } from '../engine/rule';
import { endsItsLine, hasMultilineString, indentationOf, indented, indentUnit, lineBreakOf, lineStartOf, namedChildren, nextLineStart, startsItsLine, substringFirst } from '../engine/syntax';
import { isPathExpression, OPENERS } from './file-handles';

/** Calls whose result a `with` block closes exactly as `close()` does (`__exit__` calls `close()`). */
const CLOSED_BY_WITH = new Set([...OPENERS, 'zipfile.ZipFile']);

/** `x = make()`, alone on its line, followed by a `try` whose `finally` releases `x`. */
export interface Release {
  /** The `x = make()` statement. */
  acquisition: Node;
  /** `x`. */
  name: Node;
  /** `make()`. */
  value: Node;
  tryStatement: Node;
  /** The statement of the `finally` block that releases `x`. */
  release: Node;
}

const checkTry: NodeHandler = (tryStatement, context) => {
  // The release is a call of `close`: most `try` statements are ruled out by their text.
  if (!context.text(tryStatement).includes('close')) return;
  const acquisition = previousStatement(tryStatement);
  const assigned = acquisition ? assignedCall(acquisition) : undefined;
  if (!acquisition || !assigned) return;
  const name = assigned.name.text;
  const release = releaseIn(tryStatement, (call) => isCloseOf(call, name));
  if (!release || !holdsThroughout(assigned.name, tryStatement, context)) return;
  const shape: Release = { acquisition, ...assigned, tryStatement, release };
  const direct = closesByWith(assigned.value, context);
  context.report({
    node: assigned.value,
    message: `\`${name}\` is closed in a \`finally\` block: \`with ${direct ? context.text(assigned.value.childForFieldName('function')!) + '(…)' : 'closing(…)'} as ${name}:\` does the same in one statement`,
    fix: direct ? withFix(shape, context.text(assigned.value), context) : closingFix(shape, context),
  });
};

/** `x.close()` with no arguments. */
function isCloseOf(call: Node, name: string): boolean {
  const callee = call.childForFieldName('function');
  const receiver = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
  return receiver?.type === 'identifier' && receiver.text === name && callee!.childForFieldName('attribute')?.text === 'close' && namedChildren(call.childForFieldName('arguments')).length === 0;
}

/** `open(p)`, `socket.socket()`, `Path(p).open()`: a `with` block on the call itself closes it; anything else needs `contextlib.closing`. */
function closesByWith(value: Node, context: RuleContext): boolean {
  const callee = value.childForFieldName('function')!;
  const qualified = context.semantic.qualifiedName(callee);
  if (qualified && CLOSED_BY_WITH.has(qualified)) return true;
  return callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'open' && isPathExpression(callee.childForFieldName('object')!, context);
}

/** `with contextlib.closing(make()) as x:`, through the module's import of `closing` or `contextlib`, else a new one. */
function closingFix(shape: Release, context: RuleContext): FixSpec | undefined {
  const at = shape.acquisition;
  const value = context.text(shape.value);
  const spelled = context.semantic.spell('contextlib.closing', at);
  if (spelled) return withFix(shape, `${spelled}(${value})`, context);
  if (context.semantic.isFree('closing', at)) return withFix(shape, `closing(${value})`, context, { module: 'contextlib', name: 'closing' });
  const module = context.semantic.spell('contextlib', at);
  if (module) return withFix(shape, `${module}.closing(${value})`, context);
  return context.semantic.isFree('contextlib', at) ? withFix(shape, `contextlib.closing(${value})`, context, { module: 'contextlib' }) : undefined;
}

function withFix(shape: Release, manager: string, context: RuleContext, needs?: { module: string; name?: string }): FixSpec | undefined {
  const edit = asWithBlock(shape, manager, context.source);
  return edit ? { edits: [edit], imports: needs ? [needs] : undefined } : undefined;
}

/** The statement before this one in its block, comments skipped; none at module level or in a class body, which are other analysis units. */
export function previousStatement(statement: Node): Node | undefined {
  const block = statement.parent;
  if (block?.type !== 'block' || block.parent?.type === 'class_definition') return undefined;
  // Stepping back over the siblings, rather than listing the block's statements: a body may hold hundreds.
  let previous = statement.previousNamedSibling;
  while (previous?.type === 'comment') previous = previous.previousNamedSibling;
  return previous ?? undefined;
}

/** `name = call(…)` as a statement of its own: the name and the call. */
export function assignedCall(statement: Node): { name: Node; value: Node } | undefined {
  const children = namedChildren(statement);
  const assignment = statement.type === 'expression_statement' && children.length === 1 ? children[0] : undefined;
  if (assignment?.type !== 'assignment' || assignment.childForFieldName('type')) return undefined;
  const name = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  return name?.type === 'identifier' && value?.type === 'call' ? { name, value } : undefined;
}

/** The statement of a `try`'s `finally` block that is a call `releases` accepts (only a direct statement: not one under an `if`). */
export function releaseIn(tryStatement: Node, releases: (call: Node) => boolean): Node | undefined {
  const finallyClause = namedChildren(tryStatement).find((clause) => clause.type === 'finally_clause');
  const block = namedChildren(finallyClause).find((child) => child.type === 'block');
  return namedChildren(block).find((statement) => {
    const expression = namedChildren(statement);
    return statement.type === 'expression_statement' && expression.length === 1 && expression[0].type === 'call' && releases(expression[0]);
  });
}

/**
 * Whether `name` keeps the acquired value through the `try`: no binding of the variable lies inside
 * it (else the `finally` releases another object). At module level, the module binds it once.
 */
export function holdsThroughout(name: Node, tryStatement: Node, context: RuleContext): boolean {
  const binding = context.semantic.resolve(name);
  if (!binding) return false;
  if (binding.scope.kind === 'module') return context.facts.bindings.get(name.text)?.length === 1;
  return context.semantic.bindingsOf(binding).every((each) => !each.node || each.node.startIndex < tryStatement.startIndex || each.node.startIndex >= tryStatement.endIndex);
}

/**
 * The edit that turns `x = make()` / `try: … finally: release` into `with <manager> as x:`. When the
 * `finally` holds only the release and the `try` has no `except` or `else`, the `try:` line becomes
 * the `with` line and the body stays where it is; otherwise the `try` (without the release) moves
 * into the `with` block, one level deeper. The release must be the last statement of the `finally`
 * (the `with` releases after everything else the `finally` does). Nothing is offered when a comment
 * would be lost or re-indenting would change a multi-line string.
 */
export function asWithBlock(shape: Release, manager: string, source: string): TextEdit | undefined {
  const { acquisition, name, tryStatement, release } = shape;
  const finallyClause = release.parent!.parent!;
  const finallyStatements = namedChildren(release.parent);
  if (finallyStatements.at(-1)?.id !== release.id) return undefined;
  if (![acquisition, release].every((statement) => startsItsLine(statement, source) && endsItsLine(statement, source))) return undefined;
  const start = lineStartOf(source, acquisition.startIndex);
  const end = nextLineStart(source, release.endIndex);
  // Comment lines and blank lines between the assignment and the `try` stay above the `with`.
  const above = source.slice(nextLineStart(source, acquisition.endIndex), lineStartOf(source, tryStatement.startIndex));
  const header = `${indentationOf(tryStatement, source)}with ${manager} as ${name.text}`;
  const onlyRelease = finallyStatements.length === 1;
  if (onlyRelease && finallyClause.descendantsOfType('comment').length > 0) return undefined;
  const clauses = namedChildren(tryStatement).filter((child) => child.type.endsWith('_clause'));
  if (onlyRelease && clauses.length === 1) {
    const tryKeyword = tryStatement.child(0)!;
    return { start, end, text: above + header + source.slice(tryKeyword.endIndex, lineStartOf(source, finallyClause.startIndex)) };
  }
  const body = namedChildren(tryStatement).find((child) => child.type === 'block');
  const unit = body ? indentUnit(body, source) : undefined;
  if (!unit || hasMultilineString(tryStatement)) return undefined;
  const kept = source.slice(lineStartOf(source, tryStatement.startIndex), lineStartOf(source, (onlyRelease ? finallyClause : release).startIndex));
  return { start, end, text: `${above}${header}:${lineBreakOf(source)}${indented(kept, unit)}` };
}

export default defineRule({
  meta: {
    code: 'PH304',
    name: 'close-in-finally',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'resources',
    severity: 'information',
    minPython: [3, 0],
    message: 'Closed in a `finally` block: a `with` statement says the same',
    docs: {
      what: [
        'Flags `x = make()` followed directly by a `try` statement whose `finally` block calls `x.close()` as one of its',
        'own statements. Not flagged: a close under an `if` (`if x is not None: x.close()`, where `make()` ran inside the',
        '`try`), statements between the assignment and the `try`, a variable rebound inside the `try` (the `finally` then',
        'closes another object), `await x.aclose()`, and an assignment and `try` that are both top-level statements of the',
        'module (each is its own analysis unit; inside a top-level block such as `if __name__ == "__main__":` they are seen).',
      ].join(' '),
      why: [
        '`try`/`finally` around a close is what a `with` statement does in one line: it cannot be split by a statement',
        'added between the assignment and the `try`, the body reads one level closer to the acquisition, and the reader',
        'sees at once that the object is released on every path. For files, sockets and temporary files the call itself',
        'is a context manager (`with open(p) as f:`); for any other object with a `close()` method, `contextlib.closing()`',
        'makes one that calls exactly that `close()`.',
        '',
        'The pattern is correct as written; this is a matter of idiom, which is why the rule is opt-in.',
      ].join('\n'),
      example: [
        'import sqlite3',
        '',
        '',
        'def count_users(path):',
        '    connection = sqlite3.connect(path)',
        '    try:',
        '        return connection.execute("select count(*) from users").fetchone()[0]',
        '    finally:',
        '        connection.close()',
      ].join('\n'),
      instead: [
        'import sqlite3',
        'from contextlib import closing',
        '',
        '',
        'def count_users(path):',
        '    with closing(sqlite3.connect(path)) as connection:',
        '        return connection.execute("select count(*) from users").fetchone()[0]',
      ].join('\n'),
      fixSafety: [
        'The fix writes `with contextlib.closing(make()) as x:` (`closing` imported, or spelled through an existing',
        '`contextlib` import), or `with make() as x:` for `open()`, `Path.open()`, `socket.socket()`, the `tempfile` files,',
        '`gzip`/`bz2`/`lzma.open()`, `os.fdopen()` and `zipfile.ZipFile()`, whose `__exit__` is their `close()`. Other',
        'objects\' own `with` blocks may do something else — a `sqlite3` connection commits or rolls back and stays open, a',
        '`multiprocessing.Pool` terminates, a `TarFile` skips its end-of-archive blocks after an error — so every other',
        'call goes through `closing()`, which calls exactly `x.close()`. When the `finally` holds only the close and the',
        '`try` has no `except` or `else`, the `try:` line becomes the `with` line; otherwise the `try` moves into the',
        '`with` block, so its `except` and `else` clauses and the rest of its `finally` still run before the close.',
        'On every path the program closes the same object at the same point. The fix is still marked unsafe: `with make()',
        'as x:` trusts that the call is the standard library\'s (a module that replaces `socket.socket` at run time, as',
        'gevent\'s monkey-patching does, is not seen), and the call moves to another line, which tracebacks, coverage and',
        'line-based suppressions refer to. No fix is offered when the close is not the last statement of the `finally`',
        '(cleanup after it would run before it), when a comment would be lost, or when re-indenting would change a',
        'multi-line string.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Use a `with` statement' },
    peers: [
      { tool: 'ruff', code: 'SIM115', name: 'open-file-with-context-handler' },
      { tool: 'pylint', code: 'R1732', name: 'consider-using-with' },
    ],
    narrower: [
      'SIM115 and R1732 flag `f = open(p)` outside a `with` whatever follows, so they also cover this shape for files;',
      'this rule flags only the `try`/`finally` close, for any object with a `close()` method.',
    ].join(' '),
  },
  visit: {
    nodes: { try_statement: checkTry },
    unitIncludes: substringFirst(/\bfinally\b/, 'finally'),
    sourceIncludes: 'finally',
  },
});
