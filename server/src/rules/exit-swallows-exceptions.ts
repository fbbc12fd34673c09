import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { bodyStatements, isAsync, isDocstring, namedChildren, substringFirst } from '../engine/syntax';

/** How a path through `__exit__` ends: a truthy constant returned, anything else returned (`None` too), a raise, or on to the next statement. */
type Outcome = 'truthy' | 'other' | 'raise' | 'on';

/** What a condition on `__exit__`'s exception arguments says: its body runs only with an exception, or only without one. */
type Guard = 'raised' | 'clean' | undefined;

/** Words with which a class, its docstrings or its comments say that suppressing is the point. */
const SUPPRESSES = /\b(suppress|ignor|swallow|silenc|silent|squelch|quiet|absorb|catch|toleran|forgiv)|\b(mute|trap)(s|d|ped|ping|ing)?\b/i;

const EXIT_METHOD = substringFirst(/\bdef[ \t]+__a?exit__\b/, 'exit__');

const check: NodeHandler = (definition, context) => {
  // Most classes of a module that mentions `__exit__` define neither method.
  if (!EXIT_METHOD.test(context.text(definition))) return;
  const methods = (['__exit__', '__aexit__'] as const).map((name) => ({ name, method: context.semantic.methodOf(definition, name) }));
  if (methods.every(({ method }) => !method) || context.semantic.classKind(definition).protocol) return;
  for (const { name, method } of methods) {
    if (!method || meansToSuppress(definition, method, context) || onlyReturns(method)) continue;
    // `async with` awaits what a plain `def __aexit__` returns: a constant raises TypeError instead of suppressing.
    if (name === '__aexit__' && !isAsync(method)) continue;
    const returned = truthyOnEveryPath(method);
    if (returned === undefined) continue;
    context.report({
      node: method.childForFieldName('name')!,
      message: `\`${name}\` returns \`${context.text(returned)}\` on every path: it swallows every exception raised in the \`with\` body`,
    });
  }
};

/**
 * Whether the class says it exists to suppress exceptions: its name (`IgnoreErrors`, `suppress_io`),
 * its docstring or the method's, or a comment in the method.
 */
function meansToSuppress(definition: Node, method: Node, context: RuleContext): boolean {
  if (SUPPRESSES.test(words(definition.childForFieldName('name')?.text ?? ''))) return true;
  const docstrings = [bodyStatements(definition)[0], bodyStatements(method)[0]].filter((statement) => statement !== undefined && isDocstring(statement));
  if (docstrings.some((docstring) => SUPPRESSES.test(context.text(docstring)))) return true;
  return method.descendantsOfType('comment').some((comment) => comment !== null && SUPPRESSES.test(comment.text));
}

/**
 * An exit that does nothing but return (after its docstring): a suppressor written on purpose. The
 * mistake this rule is after is cleanup that then returns `True` as if to say "closed fine".
 */
function onlyReturns(method: Node): boolean {
  const statements = bodyStatements(method).filter((statement) => !isDocstring(statement));
  return statements.length === 1 && statements[0].type === 'return_statement';
}

/** `IgnoreErrors` and `_ignore_errors` as `Ignore Errors`, `ignore errors`. */
function words(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/_+/g, ' ');
}

/**
 * The value returned when every path that ends with an exception in flight returns a truthy
 * constant; nothing otherwise. Paths on which the arguments
 * say no exception was raised (`if exc_type is None:`) do not matter: the return value is then ignored.
 */
function truthyOnEveryPath(method: Node): Node | undefined {
  const truthy: Node[] = [];
  const exception = exceptionArguments(method);
  const outcomes = blockOutcomes(namedChildren(method.childForFieldName('body')), exception, truthy);
  // Falling off the end returns None.
  if (outcomes.has('on')) outcomes.add('other');
  // A path that raises tells exceptions apart (`if not issubclass(exc_type, Expected): raise …`).
  return outcomes.has('truthy') && !outcomes.has('other') && !outcomes.has('raise') ? truthy[0] : undefined;
}

/** The names of the exception type and value parameters (after `self`). */
function exceptionArguments(method: Node): Set<string> {
  const parameters = namedChildren(method.childForFieldName('parameters')).slice(1, 3);
  return new Set(parameters.filter((parameter) => parameter.type === 'identifier').map((parameter) => parameter.text));
}

function blockOutcomes(statements: readonly Node[], exception: ReadonlySet<string>, truthy: Node[]): Set<Outcome> {
  const outcomes = new Set<Outcome>();
  for (const statement of statements) {
    const own = statementOutcomes(statement, exception, truthy);
    for (const outcome of own) if (outcome !== 'on') outcomes.add(outcome);
    if (!own.has('on')) return outcomes;
  }
  outcomes.add('on');
  return outcomes;
}

/** The ways a statement may end. Loops, `with` and `match` may also go on (a loop may not run, a manager may suppress). */
function statementOutcomes(statement: Node, exception: ReadonlySet<string>, truthy: Node[]): Set<Outcome> {
  const block = (node: Node | null) => blockOutcomes(namedChildren(node), exception, truthy);
  switch (statement.type) {
    case 'return_statement': {
      const value = statement.firstNamedChild;
      if (value && isTruthyConstant(value)) {
        truthy.push(value);
        return new Set(['truthy']);
      }
      return new Set(['other']);
    }
    case 'raise_statement':
      return new Set(['raise']);
    case 'expression_statement':
      return raisesAlways(statement) ? new Set(['raise']) : new Set(['on']);
    case 'if_statement':
      return ifOutcomes(statement, exception, truthy);
    case 'try_statement': {
      const clauses = namedChildren(statement);
      // A `return` in `finally` replaces whatever the other clauses did: not followed here.
      if (clauses.some((clause) => clause.type === 'finally_clause' && clause.descendantsOfType('return_statement').length > 0)) return new Set(['other']);
      const outcomes = new Set<Outcome>();
      for (const clause of clauses) {
        const body = clause.type === 'block' ? clause : clause.type === 'finally_clause' ? null : (clause.childForFieldName('body') ?? namedChildren(clause).find((child) => child.type === 'block') ?? null);
        if (body) for (const outcome of block(body)) outcomes.add(outcome);
      }
      return outcomes;
    }
    case 'with_statement':
    case 'for_statement':
    case 'while_statement':
      return new Set([...block(statement.childForFieldName('body')), 'on']);
    case 'match_statement': {
      const outcomes = new Set<Outcome>(['on']);
      for (const clause of namedChildren(statement.childForFieldName('body'))) for (const outcome of block(clause.childForFieldName('consequence'))) outcomes.add(outcome);
      return outcomes;
    }
    default:
      return new Set(['on']);
  }
}

/** Calls that never return: `self.fail(…)`, `pytest.fail(…)`, `sys.exit(…)`. */
const NEVER_RETURN = new Set(['fail', 'skipTest', 'skip', 'exit', '_exit', 'abort']);

function raisesAlways(statement: Node): boolean {
  const call = statement.firstNamedChild;
  const callee = call?.type === 'call' ? call.childForFieldName('function') : null;
  const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
  return name !== undefined && NEVER_RETURN.has(name);
}

/**
 * The branches of an `if`. When its condition tells whether an exception is in flight, the branches
 * that run without one are left out: what they return is ignored.
 */
function ifOutcomes(statement: Node, exception: ReadonlySet<string>, truthy: Node[]): Set<Outcome> {
  const outcomes = new Set<Outcome>();
  const add = (node: Node | null) => {
    for (const outcome of blockOutcomes(namedChildren(node), exception, truthy)) outcomes.add(outcome);
  };
  const guard = guardOf(statement.childForFieldName('condition'), exception);
  if (guard !== 'clean') add(statement.childForFieldName('consequence'));
  const alternatives = statement.childrenForFieldName('alternative').filter((clause): clause is Node => clause !== null);
  if (guard === 'raised') return outcomes;
  for (const clause of alternatives) add(clause.type === 'elif_clause' ? clause.childForFieldName('consequence') : clause.childForFieldName('body'));
  if (!alternatives.some((clause) => clause.type === 'else_clause')) outcomes.add('on');
  return outcomes;
}

/** `exc_type is None` / `not exc_type` (only without an exception), `exc_type is not None` / `exc_type` (only with one). */
function guardOf(condition: Node | null, exception: ReadonlySet<string>): Guard {
  let node = condition;
  while (node?.type === 'parenthesized_expression') node = node.firstNamedChild;
  if (!node) return undefined;
  const text = node.text.replace(/\s+/g, ' ');
  const [, negated, name, test] = /^(not )?(\w+)( is None| is not None)?$/.exec(text) ?? [];
  if (name === undefined || !exception.has(name) || (negated && test)) return undefined;
  return negated || test === ' is None' ? 'clean' : 'raised';
}

function isTruthyConstant(value: Node): boolean {
  switch (value.type) {
    case 'true':
      return true;
    case 'integer':
    case 'float':
      return Number(value.text.replace(/_/g, '').replace(/[jJ]$/, '')) !== 0;
    case 'string':
      return value.descendantsOfType('string_content').some((content) => content !== null && content.text.length > 0) || value.descendantsOfType('interpolation').length > 0;
    default:
      return false;
  }
}

export default defineRule({
  meta: {
    code: 'PH306',
    name: 'exit-swallows-exceptions',
    kind: 'correctness',
    selection: 'default',
    category: 'resources',
    severity: 'warning',
    minPython: [3, 0],
    message: '`__exit__` returns a true value on every path: it swallows every exception raised in the `with` body',
    docs: {
      what: [
        'Flags an `__exit__` or `__aexit__` method that returns `True` (or another truthy constant) on every path an',
        'exception can take through it. Paths guarded by `if exc_type is None:` do not count, since the return value is',
        'ignored when the body did not raise. An `__exit__` that returns `True` only for some exception types, raises on',
        'some path (an `assertRaises`-like helper that fails on the wrong exception), or returns a computed value is left',
        'alone, and so is a class that says suppressing is its purpose, in its name',
        '(`IgnoreErrors`, `suppress_warnings`), in its or the method\'s docstring, or in a comment of the method. An exit',
        'that does nothing but `return True` is a suppressor written on purpose; the mistake this rule is after is',
        'cleanup followed by a `return True` meant as "closed fine". A plain `def __aexit__` is not flagged: `async with`',
        'awaits its result, so a constant raises `TypeError` rather than suppressing.',
      ].join(' '),
      why: [
        'When the body of a `with` statement raises, Python calls `__exit__` with the exception; a true return value tells',
        'it that the exception was handled, and execution continues after the `with` statement as if nothing happened. A',
        'manager that always returns `True` therefore hides every error of every block it wraps — `KeyboardInterrupt`,',
        '`SystemExit` and, for `__aexit__`, the `CancelledError` of a cancelled task included. It is often written by',
        'mistake, reading `True` as "closed successfully".',
        '',
        'Return nothing (`None`) to let exceptions propagate. If suppressing some errors is the purpose, check',
        '`exc_type` against those types, or use `contextlib.suppress(SomeError)` around the code.',
      ].join('\n'),
      example: [
        'class Connection:',
        '    def __enter__(self):',
        '        self.open()',
        '        return self',
        '',
        '    def __exit__(self, exc_type, exc, tb):',
        '        self.close()',
        '        return True',
      ].join('\n'),
      instead: [
        'class Connection:',
        '    def __enter__(self):',
        '        self.open()',
        '        return self',
        '',
        '    def __exit__(self, exc_type, exc, tb):',
        '        self.close()',
      ].join('\n'),
    },
  },
  visit: {
    sourceIncludes: 'exit__',
    nodes: { class_definition: check },
  },
});
