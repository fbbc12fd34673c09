// PH307: `tempfile.mkdtemp()` removed by `shutil.rmtree()` in a `finally` of the same function —
// `tempfile.TemporaryDirectory()` written by hand.

import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { defineRule, type CallHandler, type FixSpec, type ImportRequirement, type RuleContext } from '../engine/rule';
import type { Binding } from '../engine/semantic/binding';
import { namedChildren, ownScopeNodes } from '../engine/syntax';
import { asWithBlock, assignedCall, previousStatement, releaseIn, type Release } from './close-in-finally';

/** Calls that turn the new directory's name into a path object or a normalised name: the variable is still that directory. */
const PATH_WRAPPERS = ['pathlib.Path', 'os.path.abspath', 'os.path.realpath'];

/** `d = tempfile.mkdtemp(…)` (or `Path(tempfile.mkdtemp(…))`) and, later in the scope, `finally: shutil.rmtree(d)`. */
const check: CallHandler = (call, context) => {
  const wrapper = wrappingPath(call, context);
  const statement = (wrapper ?? call).parent?.parent;
  const assigned = statement ? assignedCall(statement) : undefined;
  if (!statement || assigned?.value.id !== (wrapper ?? call).id) return;
  const binding = context.semantic.resolve(assigned.name);
  const region = binding && searchRegion(statement, binding);
  if (!region || !boundOnce(assigned.name, binding, context)) return;
  const removal = removalAfter(statement, assigned.name, region, context);
  if (!removal) return;
  const name = assigned.name.text;
  context.report({
    node: call,
    message: `\`${name}\` is a temporary directory made and removed by hand: \`with tempfile.TemporaryDirectory() as ${name}:\` does both`,
    fix: wrapper ? undefined : temporaryDirectoryFix({ acquisition: statement, ...assigned, ...removal }, call, context),
  });
};

/** `Path(tempfile.mkdtemp())`: the call is the wrapper's only argument. */
function wrappingPath(call: Node, context: RuleContext): Node | undefined {
  const list = call.parent;
  const wrapper = list?.type === 'argument_list' && namedChildren(list).length === 1 ? list.parent : null;
  return wrapper?.type === 'call' && context.semantic.matches(wrapper.childForFieldName('function')!, ...PATH_WRAPPERS) ? wrapper : undefined;
}

/**
 * Where the `finally` may be: the function that binds the variable, or for a module-level variable
 * the top-level block the assignment is in (an `if __name__ == "__main__":`); a top-level
 * assignment's `try` is another analysis unit.
 */
function searchRegion(statement: Node, binding: Binding): Node | undefined {
  if (binding.scope.kind === 'function') return binding.scope.node;
  if (binding.scope.kind !== 'module') return undefined;
  let top = statement;
  while (top.parent && top.parent.type !== 'module') top = top.parent;
  return top.id === statement.id ? undefined : top;
}

/** The variable holds that one directory: bound once in its scope (once in the module at module level). */
function boundOnce(name: Node, binding: Binding, context: RuleContext): boolean {
  if (binding.scope.kind === 'module') return context.facts.bindings.get(name.text)?.length === 1;
  return context.semantic.bindingsOf(binding).length === 1;
}

/** The first `try` after the assignment (or around it) in the region whose `finally` has `shutil.rmtree(name)` as a statement of its own. */
function removalAfter(statement: Node, name: Node, region: Node, context: RuleContext): { tryStatement: Node; release: Node } | undefined {
  for (const finallyClause of ownScopeNodes(region, ['finally_clause'])) {
    if (finallyClause.startIndex < statement.endIndex) continue;
    const tryStatement = finallyClause.parent!;
    const release = releaseIn(tryStatement, (call) => removes(call, name, context));
    if (release) return { tryStatement, release };
  }
  return undefined;
}

/** `shutil.rmtree(d)`, `rmtree(d, ignore_errors=True)`: the first argument is the variable itself. */
function removes(call: Node, name: Node, context: RuleContext): boolean {
  if (!context.semantic.matches(call.childForFieldName('function')!, 'shutil.rmtree')) return false;
  const first = namedChildren(call.childForFieldName('arguments'))[0];
  if (first?.type !== 'identifier' || first.text !== name.text) return false;
  const binding = context.semantic.resolve(first);
  const own = context.semantic.resolve(name);
  return binding !== undefined && binding.scope === own?.scope;
}

/**
 * `with tempfile.TemporaryDirectory(<mkdtemp's arguments>) as d:` in place of the assignment and
 * the `try`, when the `try` follows the assignment and the removal ends its `finally`.
 * `ignore_errors=True` becomes `ignore_cleanup_errors=True` (Python 3.10+); any other argument
 * of `rmtree` has no equivalent.
 */
function temporaryDirectoryFix(shape: Release, call: Node, context: RuleContext): FixSpec | undefined {
  if (previousStatement(shape.tryStatement)?.id !== shape.acquisition.id) return undefined;
  const removal = namedChildren(shape.release)[0];
  const options = namedChildren(removal.childForFieldName('arguments')).slice(1).map((option) => context.text(option).replace(/\s/g, ''));
  if (options.length > 1 || (options.length === 1 && options[0] !== 'ignore_errors=True' && options[0] !== 'ignore_errors=False')) return undefined;
  const ignoring = options[0] === 'ignore_errors=True';
  if (ignoring && !atLeast(context.facts.target, [3, 10])) return undefined;
  const callee = temporaryDirectory(call, context);
  const argumentList = call.childForFieldName('arguments')!;
  const argumentsText = ignoring ? withKeyword(argumentList, 'ignore_cleanup_errors=True', context) : context.text(argumentList);
  if (!callee || argumentsText === undefined) return undefined;
  const edit = asWithBlock(shape, `${callee.spelling}${argumentsText}`, context.source);
  return edit ? { edits: [edit], imports: callee.needs ? [callee.needs] : undefined } : undefined;
}

/** How to write `tempfile.TemporaryDirectory` here: beside the module's `tempfile.mkdtemp`, an existing import, or a new one. */
function temporaryDirectory(call: Node, context: RuleContext): { spelling: string; needs?: ImportRequirement } | undefined {
  const callee = call.childForFieldName('function')!;
  if (callee.type === 'attribute') return { spelling: `${context.text(callee.childForFieldName('object')!)}.TemporaryDirectory` };
  const existing = context.semantic.spell('tempfile.TemporaryDirectory', call);
  if (existing) return { spelling: existing };
  if (context.semantic.isFree('TemporaryDirectory', call)) return { spelling: 'TemporaryDirectory', needs: { module: 'tempfile', name: 'TemporaryDirectory' } };
  const module = context.semantic.spell('tempfile', call);
  return module ? { spelling: `${module}.TemporaryDirectory` } : undefined;
}

/** The argument list with one more keyword argument; nothing when a comment inside it would end up before the new argument. */
function withKeyword(argumentList: Node, keyword: string, context: RuleContext): string | undefined {
  if (argumentList.descendantsOfType('comment').length > 0) return undefined;
  const inner = context.text(argumentList).slice(1, -1).trimEnd().replace(/,$/, '').trimEnd();
  return inner === '' ? `(${keyword})` : `(${inner}, ${keyword})`;
}

export default defineRule({
  meta: {
    code: 'PH307',
    name: 'hand-made-temporary-directory',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'resources',
    severity: 'information',
    minPython: [3, 2],
    message: 'A temporary directory made with `mkdtemp()` and removed in `finally`: use `tempfile.TemporaryDirectory()`',
    docs: {
      what: [
        'Flags `d = tempfile.mkdtemp(…)` (also `d = Path(tempfile.mkdtemp(…))`) when a later `finally` block of the same',
        'function removes it with `shutil.rmtree(d)` as one of its own statements — the `try` may follow the assignment or',
        'enclose it. A removal under an `if` (`if not keep: shutil.rmtree(d)`), in `tearDown` or an `addCleanup` callback,',
        'or of a variable bound more than once is left alone: the directory\'s life is then more than one block.',
      ].join(' '),
      why: [
        '`tempfile.TemporaryDirectory()` is this pattern as a context manager: `with TemporaryDirectory() as d:` makes the',
        'directory, gives its name to `d`, and removes it however the block ends. It takes the same `suffix`, `prefix` and',
        '`dir` arguments as `mkdtemp()`. Its cleanup is also sturdier than a bare `rmtree`: it makes read-only entries',
        'writable before deleting them (files unpacked from archives, Git objects) and does not fail when the directory is',
        'already gone. And when `mkdtemp()` runs inside the `try`, a failure to create the directory no longer turns into a',
        '`NameError` from the `finally`.',
      ].join('\n'),
      example: [
        'import shutil',
        'import subprocess',
        'import tempfile',
        '',
        '',
        'def build(source):',
        '    workdir = tempfile.mkdtemp(prefix="build-")',
        '    try:',
        '        subprocess.run(["make", "-C", source, f"O={workdir}"], check=True)',
        '    finally:',
        '        shutil.rmtree(workdir)',
      ].join('\n'),
      instead: [
        'import subprocess',
        'import tempfile',
        '',
        '',
        'def build(source):',
        '    with tempfile.TemporaryDirectory(prefix="build-") as workdir:',
        '        subprocess.run(["make", "-C", source, f"O={workdir}"], check=True)',
      ].join('\n'),
      fixSafety: [
        'The fix is offered when the `try` comes right after the assignment and `shutil.rmtree(d)` is the last statement of',
        'its `finally`: the assignment and the `try` become `with tempfile.TemporaryDirectory(<the same arguments>) as d:`,',
        'written through the module\'s own import of `tempfile` (or `TemporaryDirectory` imported beside `mkdtemp`).',
        '`d` is the same string as before. `rmtree(d, ignore_errors=True)` becomes `ignore_cleanup_errors=True`, on',
        'Python 3.10 and later. It is unsafe because the cleanup differs: `TemporaryDirectory` changes permissions to delete',
        'read-only entries and ignores a directory that is already gone, where `rmtree` raised — code (or a test) that',
        'expected that error no longer sees it. The now-unused `shutil` import is left in place. No fix is offered for',
        '`Path(mkdtemp())` (the name would be a string, not a `Path`), for other `rmtree` arguments (`onerror`, `onexc`),',
        'when a comment would be lost, or when re-indenting would change a multi-line string.',
      ].join(' '),
    },
    fix: { safety: 'unsafe', title: 'Use `tempfile.TemporaryDirectory()`' },
  },
  visit: {
    calls: { 'tempfile.mkdtemp': check },
  },
});
