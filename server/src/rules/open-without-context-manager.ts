// PH301: a file, socket or temporary file opened without `with` and not closed on every path.
// The handle's fate is read from its uses in the function (`file-handles.ts`): returned, yielded,
// stored, entered in a `with` or an `ExitStack`, or closed in a `finally` (PH304's case) all mean
// someone manages it.

import type { Node } from 'web-tree-sitter';
import { defineRule, type CallHandler, type FixSpec, type RuleContext } from '../engine/rule';
import { valueUses } from '../engine/semantic/value-uses';
import { namedChildren } from '../engine/syntax';
import { isTestCode } from '../engine/semantic/test-code';
import { droppedHere, localBinding, localHandle, openCallOn, OPENERS, outermost, pathMadeFrom, withBlockFix, wrapsDescriptor } from './file-handles';

interface Leak {
  message: string;
  fix?: FixSpec;
}

const checkOpener: CallHandler = (call, context, qualified) => {
  if (wrapsDescriptor(call)) return;
  check(call, `${context.text(call.childForFieldName('function')!)}()`, nounOf(qualified), context);
};

/** `Path(…).open()`, also through `/` and path methods, or through a local variable bound to the path once. */
const checkPath: CallHandler = (pathCall, context) => {
  const path = pathMadeFrom(pathCall);
  const direct = openCallOn(path);
  if (direct) return check(direct, 'Path.open()', 'file', context);
  const binding = localBinding(path, context);
  if (!binding || context.semantic.bindingsOf(binding).length !== 1) return;
  for (const reference of valueUses(context.semantic, binding).references) {
    const call = openCallOn(reference);
    if (call) check(call, `${reference.text}.open()`, 'file', context);
  }
};

function check(call: Node, label: string, noun: string, context: RuleContext): void {
  if (isTestCode(call, context.semantic) || context.semantic.expectsRaise(call)) return;
  const leak = leakOf(call, label, noun, context);
  if (leak) context.report({ node: call, ...leak });
}

function nounOf(qualified: string): string {
  if (qualified.startsWith('socket.')) return 'socket';
  return qualified.startsWith('tempfile.') ? 'temporary file' : 'file';
}

function leakOf(call: Node, label: string, noun: string, context: RuleContext): Leak | undefined {
  const value = outermost(call);
  const parent = value.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.id === value.id) return boundLeak(call, noun, context);
  if (!droppedHere(value, context)) return undefined;
  return { message: `\`${label}\` is never closed: the ${noun} stays open until garbage collection; use \`with\`` };
}

/**
 * A handle bound to a local variable and nobody else's to close: flagged when it is never closed
 * (unless passed to a call that may take it over), or closed where an exception or an early exit
 * can skip the close — not when nothing runs between the open and the close.
 */
function boundLeak(call: Node, noun: string, context: RuleContext): Leak | undefined {
  const handle = localHandle(call, context);
  if (!handle) return undefined;
  const name = handle.name.text;
  if (handle.closes.length === 0) {
    if (handle.passedOn) return undefined;
    return { message: `\`${name}\` is never closed: the ${noun} stays open until garbage collection; open it with \`with\`` };
  }
  const { statement, closes, others } = handle;
  const closeStatement = closes.length === 1 && closes[0].parent?.type === 'expression_statement' ? closes[0].parent : undefined;
  if (closeStatement && closedRightAway(statement, closeStatement)) return undefined;
  const straight = closeStatement?.parent?.id === statement.parent?.id && others.length === 0;
  return {
    message: `\`${name}\` is closed only if nothing before \`${name}.close()\` raises or leaves early: open it with \`with\``,
    fix: straight ? withBlockFix(handle, closeStatement!, context) : undefined,
  };
}

/**
 * Nothing runs between the open and the close: the close is the next statement, or the open ends a
 * `try` body and the close starts its `else` (`try: f = open(p) / except OSError: … / else: f.close()`).
 */
function closedRightAway(statement: Node, closeStatement: Node): boolean {
  if (nextStatement(statement)?.id === closeStatement.id) return true;
  const body = statement.parent;
  const elseBlock = body?.parent?.type === 'try_statement' ? namedChildren(body.parent).find((clause) => clause.type === 'else_clause')?.childForFieldName('body') : undefined;
  return namedChildren(body).at(-1)?.id === statement.id && namedChildren(elseBlock).at(0)?.id === closeStatement.id;
}

/** The statement after this one in its block, comments skipped. */
function nextStatement(statement: Node): Node | undefined {
  const siblings = namedChildren(statement.parent);
  return siblings[siblings.findIndex((each) => each.id === statement.id) + 1];
}

export default defineRule({
  meta: {
    code: 'PH301',
    name: 'open-without-context-manager',
    kind: 'correctness',
    selection: 'opt-in',
    category: 'resources',
    severity: 'warning',
    minPython: [3, 0],
    message: 'Opened without `with`: the handle is not closed on every path',
    docs: {
      what: [
        'Flags a file, socket or temporary file — from `open()`, `io.open()`, `codecs.open()`, `os.fdopen()`,',
        '`gzip`/`bz2`/`lzma.open()`, `Path(…).open()`, `tempfile.TemporaryFile()`/`NamedTemporaryFile()`/`SpooledTemporaryFile()`,',
        '`socket.socket()` or `socket.create_connection()` — that is not opened in a `with` block and is not closed on every',
        'path: one used and dropped at once (`open(p).read()`, `json.load(open(p))`, `for line in open(p)`), one bound to a',
        'local variable and never closed, and one closed by a `close()` that an exception or an early `return` can skip.',
        '`Path.open()` counts only when the receiver is built as a `Path` in view (`Path(p).open()`, `(Path(p) / "name").open()`,',
        'or a local bound once to such a path).',
        '',
        'It stays silent when someone else manages the handle: it is returned, yielded, stored (on `self`, in a container,',
        'in a global), assigned to another name, used in a nested function, entered with `with f:`, `contextlib.closing()`,',
        '`ExitStack.enter_context()` or unittest\'s `enterContext()`, or has its `close` registered as a callback; when it',
        'is closed in a `finally` (PH304 suggests `with` for that shape), in an `except` handler or under a test of the',
        'handle (`if sock: sock.close()`); when nothing runs between the open and the close; and when it is never closed',
        'here but is passed to a call that may take it over (`io.TextIOWrapper(f)`, `FileResponse(f)`). Calls known to only',
        'read or write the handle do not take it over: `json.load`/`dump`, `pickle`, `csv.reader`/`writer` (when the reader',
        'is used up here), `shutil.copyfileobj`, `print(file=…)`, `subprocess.run(stdout=…)` and the like. Module-level',
        'handles (a log kept for the life of the program), `open(fd, closefd=False)` and `socket.socket(fileno=fd)`, code',
        'expecting an error (`pytest.raises`), and test code (`test*` functions, `Test*` classes, pytest fixtures) are left alone.',
      ].join('\n'),
      why: [
        'A handle that is not closed holds an operating-system descriptor, and for a file opened for writing, data still',
        'in its buffer. CPython usually closes a dropped handle at once through reference counting — but only usually:',
        'when an exception is raised, the traceback keeps the frame and its handle alive; PyPy and other implementations',
        'close it whenever their garbage collector runs, so writes may land late or, at exit, never; and every such close',
        'emits a `ResourceWarning`, which `python -X dev` and test runners show. In a long-running process a leak on the',
        'error path adds up until `OSError: [Errno 24] Too many open files`.',
        '',
        'A `with` block closes the handle when the block ends, however it ends: normally, by `return`, `break`, or an',
        'exception. To read or write a whole file at once, `Path(p).read_text()` and `write_text()` open and close it in one call.',
      ].join('\n'),
      example: [
        'import json',
        '',
        '',
        'def load_settings(path):',
        '    return json.load(open(path))',
        '',
        '',
        'def save_report(path, lines):',
        '    out = open(path, "w")',
        '    for line in lines:',
        '        out.write(line + "\\n")',
        '    out.close()',
      ].join('\n'),
      instead: [
        'import json',
        '',
        '',
        'def load_settings(path):',
        '    with open(path) as settings:',
        '        return json.load(settings)',
        '',
        '',
        'def save_report(path, lines):',
        '    with open(path, "w") as out:',
        '        for line in lines:',
        '            out.write(line + "\\n")',
      ].join('\n'),
      fixSafety: [
        'The fix is offered for the straight-line case only: the handle is bound to a local variable and closed by one',
        '`name.close()` later in the same block. It becomes `with <call> as name:` around the statements in between, indented',
        'one level, and the `close()` goes. On the normal path nothing changes: the handle is closed where `close()` stood,',
        'and the name stays bound after the block. What changes is the other paths — an exception, a `return`, `break` or',
        '`continue` between the two now closes the handle instead of leaving it open — which is the point, but code that',
        'relied on the handle staying open there would see it closed, so the fix is unsafe. No fix is offered when the lines',
        'to indent hold a multi-line string literal (indenting would change its text), when the `close()` line carries a',
        'comment, or when the variable is bound more than once.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Open it in a `with` block' },
    peers: [
      { tool: 'ruff', code: 'SIM115', name: 'open-file-with-context-handler' },
      { tool: 'pylint', code: 'R1732', name: 'consider-using-with' },
    ],
    narrower: [
      'SIM115 flags every open call outside a `with` statement except one that is returned, closed at once or entered in',
      'an exit stack; R1732 every one not entered in a `with` later in the function. This rule also stays silent when',
      'the handle is yielded, stored, handed to a call that may take it over, closed in a `finally` or an `except`',
      'handler, or closed before anything else runs; for module-level handles; and in test code. It does not cover',
      '`zipfile`, `tarfile`, `dbm` or `shelve` (which SIM115 does) nor `subprocess.Popen` and `urlopen` (which R1732 does).',
    ].join(' '),
  },
  visit: {
    calls: { ...Object.fromEntries(OPENERS.map((name) => [name, checkOpener])), 'pathlib.Path': checkPath },
  },
});
