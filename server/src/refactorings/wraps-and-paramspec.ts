// A decorator's two halves in one step: `@functools.wraps(func)` on the wrapper (PH101's fix), and
// `ParamSpec` types that carry the decorated function's signature through (PH102's advice):
// `func: Callable[P, R]`, `-> Callable[P, R]`, `*args: P.args, **kwargs: P.kwargs` and `-> R`.
// From 3.12 the type parameters are the decorator's own (`def timed[**P, R](…)`, PEP 695); on 3.10
// and 3.11 they are module-level `P = ParamSpec("P")` and `R = TypeVar("R")`. Below 3.10 `ParamSpec`
// lives only in `typing_extensions`, whose installed version a refactoring cannot know (it gained
// `ParamSpec` in 3.10.0.0): there, only `wraps` is offered, and the title says why.
//
// The types are written only when they tell the truth: the wrapper takes exactly `*args, **kwargs`,
// passes them on untouched as `func(*args, **kwargs)`, and returns that call's result on every path
// (no other value, no falling off the end, not a generator or a coroutine); the decorator returns
// the wrapper (or `func` itself). Annotations already there must say nothing the types would
// contradict: absent, `Any`, or a `Callable` that leaves its parameters open (`Callable[..., Any]`).

import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { importedName } from '../engine/imports';
import { defineRefactoring, type RefactoringContext } from '../engine/refactoring';
import type { FixSpec, ImportRequirement, PythonVersion, TextEdit } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { calleeOf, decoratorsOf, definitionStatement, headOf, isAsync, lineBreakOf, namedChildren, ownScopeNodes, returnedFunctions } from '../engine/syntax';
import { addWraps, copiesMetadata, erasedCallable, forwardedCallee, handedOn, soleRequiredParameter } from '../rules/decorator-wrappers';

const PARAM_SPEC: PythonVersion = [3, 10];
const TYPE_PARAMETERS: PythonVersion = [3, 12];
const ANY = ['typing.Any', 'typing_extensions.Any'];
/** Names for the type variables, in order of preference. */
const PARAM_SPEC_NAMES = ['P', 'Params'];
const TYPE_VAR_NAMES = ['R', 'T', 'Result'];

/** What the types are written on: the decorator's parameter and result, the wrapper's `*args`, `**kwargs` and result. */
interface Signature {
  decorator: Node;
  wrapper: Node;
  /** The decorator's parameter (`func` or `func: Callable[..., Any]`). */
  parameter: Node;
  args: Node;
  kwargs: Node;
}

export default defineRefactoring({
  id: 'wraps-and-paramspec',
  minPython: [3, 2],
  nodeTypes: ['function_definition'],
  offer(decorator, context) {
    if (isAsync(decorator)) return undefined;
    const wrappers = returnedFunctions(decorator);
    if (wrappers.length !== 1) return undefined;
    const [{ name, definition: wrapper }] = wrappers;
    if (!onHeader(decorator, context) && !onHeader(wrapper, context)) return undefined;
    const decorated = soleRequiredParameter(decorator, context);
    const scope = localScope(decorator);
    const parameter = decorated === undefined ? undefined : scope.bindings.get(decorated);
    // The decorated function and the wrapper, each bound once: what is called and returned is what the types describe.
    if (!parameter || parameter.length !== 1 || parameter[0].kind !== 'parameter' || scope.bindings.get(name)?.length !== 1) return undefined;
    const isDecorated = (callee: Node) => (callee.type === 'identifier' && context.semantic.resolve(callee)?.node?.id === parameter[0].node?.id ? decorated : undefined);
    if (!forwardedCallee(wrapper, isDecorated, 0) || handedOn(decorator, name, context)) return undefined;

    const wraps = wrapsFix(decorator, wrapper, name, decorated!, context);
    if (wraps === undefined) return undefined;
    const signature = typedSignature(decorator, wrapper, name, decorated!, context);
    const typing = signature && atLeast(context.target, PARAM_SPEC) ? typingFix(signature, context) : undefined;
    const decoratorName = decorator.childForFieldName('name')!.text;
    if (wraps !== 'present' && typing) return { title: `Add \`functools.wraps\` and \`ParamSpec\` types to \`${decoratorName}\``, fix: joined(wraps, typing) };
    if (typing) return { title: `Type \`${decoratorName}\` with \`ParamSpec\``, fix: typing };
    if (wraps === 'present') return undefined;
    const tooOld = signature !== undefined && !atLeast(context.target, PARAM_SPEC);
    return { title: `Add \`functools.wraps\` to \`${name}\`${tooOld ? ' (`ParamSpec` types need Python 3.10)' : ''}`, fix: wraps };
  },
});


/** Whether the requested range lies on a definition's header: its decorators, `def`, name, parameters and annotations. */
function onHeader(definition: Node, context: RefactoringContext): boolean {
  const body = definition.childForFieldName('body');
  const { start, end } = context.selection;
  return body !== null && start >= definitionStatement(definition).startIndex && end <= body.startIndex;
}

/**
 * `@functools.wraps(func)` for the wrapper; `present` when it has it, or the decorator copies the
 * metadata another way (`update_wrapper`, `wrapper.__name__ = …`); undefined when the wrapper has
 * another decorator, which `wraps` cannot go above without knowing what it returns.
 */
function wrapsFix(decorator: Node, wrapper: Node, name: string, decorated: string, context: RefactoringContext): FixSpec | 'present' | undefined {
  const decorators = decoratorsOf(wrapper);
  if (decorators.length === 1 && context.semantic.matches(calleeOf(decorators[0]), 'functools.wraps')) return 'present';
  if (decorators.length > 0) return undefined;
  if (copiesMetadata(decorator.childForFieldName('body')!, name, context)) return 'present';
  return addWraps(wrapper, decorated, context);
}

/**
 * The decorator's signature when `Callable[P, R]` in and out would be true of it, and nothing
 * typed already says otherwise (see the file's header).
 */
function typedSignature(decorator: Node, wrapper: Node, name: string, decorated: string, context: RefactoringContext): Signature | undefined {
  const [parameter, ...more] = namedChildren(decorator.childForFieldName('parameters'));
  const typed = parameter?.type === 'typed_parameter' && parameter.firstNamedChild?.type === 'identifier';
  if (more.length > 0 || !parameter || (parameter.type !== 'identifier' && !(typed && erasesAll(parameter.childForFieldName('type'), context)))) return undefined;
  if (decorator.childForFieldName('type_parameters') || !erasesAll(decorator.childForFieldName('return_type'), context, true)) return undefined;
  const body = decorator.childForFieldName('body')!;
  const returns = ownScopeNodes(body, ['return_statement']);
  const returnsWrapper = (statement: Node | undefined) => statement?.type === 'return_statement' && statement.firstNamedChild?.type === 'identifier' && statement.firstNamedChild.text === name;
  if (!returnsWrapper(namedChildren(body).at(-1)) || !returns.every((statement) => returnsWrapper(statement) || statement.firstNamedChild?.text === decorated)) return undefined;
  if (ownScopeNodes(body, ['yield']).length > 0) return undefined;

  const splats = wrapperSplats(wrapper, context);
  if (!splats || isAsync(wrapper) || !isAny(wrapper.childForFieldName('return_type'), context, true)) return undefined;
  const wrapperBody = wrapper.childForFieldName('body')!;
  if (ownScopeNodes(wrapperBody, ['yield']).length > 0 || !alwaysLeaves(wrapperBody)) return undefined;
  const forwards = (call: Node | null) => call?.type === 'call' && isForwardingCall(call, decorated, splats.names, context);
  const wrapperReturns = ownScopeNodes(wrapperBody, ['return_statement']);
  const result = (value: Node | null): boolean => {
    if (forwards(value)) return true;
    // `result = func(*args, **kwargs)` … `return result`, the variable bound once.
    const binding = value?.type === 'identifier' ? context.semantic.resolve(value) : undefined;
    return binding?.kind === 'assignment' && binding.scope.node?.id === wrapper.id && context.semantic.bindingsOf(binding).length === 1 && forwards(binding.value ?? null);
  };
  if (wrapperReturns.length === 0 || !wrapperReturns.every((statement) => result(statement.firstNamedChild))) return undefined;
  return { decorator, wrapper, parameter, args: splats.args, kwargs: splats.kwargs };
}

/** The wrapper's `*args` and `**kwargs` when they are its only parameters, unannotated or `Any`, and it neither rebinds nor changes them. */
function wrapperSplats(wrapper: Node, context: RefactoringContext): { args: Node; kwargs: Node; names: [string, string] } | undefined {
  const [args, kwargs, ...more] = namedChildren(wrapper.childForFieldName('parameters'));
  const pattern = (parameter: Node | undefined, type: string) => {
    const inner = parameter?.type === 'typed_parameter' && isAny(parameter.childForFieldName('type'), context) ? parameter.firstNamedChild : parameter;
    return inner?.type === type ? inner.firstNamedChild : undefined;
  };
  const argsName = pattern(args, 'list_splat_pattern');
  const kwargsName = pattern(kwargs, 'dictionary_splat_pattern');
  if (more.length > 0 || argsName?.type !== 'identifier' || kwargsName?.type !== 'identifier') return undefined;
  const scope = localScope(wrapper);
  for (const splat of [argsName, kwargsName]) {
    const bindings = scope.bindings.get(splat.text) ?? [];
    if (bindings.length !== 1 || valueUses(context.semantic, bindings[0]).mutated.length > 0) return undefined;
  }
  return { args, kwargs, names: [argsName.text, kwargsName.text] };
}

/** `func(*args, **kwargs)`: the decorated function called with exactly what the wrapper received. */
function isForwardingCall(call: Node, decorated: string, [args, kwargs]: [string, string], context: RefactoringContext): boolean {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'identifier' || callee.text !== decorated || context.semantic.resolve(callee)?.kind !== 'parameter') return false;
  const [first, second, ...more] = namedChildren(call.childForFieldName('arguments'));
  return more.length === 0 && first?.type === 'list_splat' && first.firstNamedChild?.text === args && second?.type === 'dictionary_splat' && second.firstNamedChild?.text === kwargs;
}

/**
 * Whether a block never ends by running off its last statement (which would return `None`): it
 * ends in `return` or `raise`, an `if` whose every branch does, a `try` whose body (or `else`) and
 * handlers do, or a `while True:` that nothing breaks out of.
 */
function alwaysLeaves(block: Node | null): boolean {
  const last = namedChildren(block).at(-1);
  switch (last?.type) {
    case 'return_statement':
    case 'raise_statement':
      return true;
    case 'if_statement': {
      const clauses = namedChildren(last).filter((clause) => clause.type === 'elif_clause' || clause.type === 'else_clause');
      return clauses.some((clause) => clause.type === 'else_clause') && alwaysLeaves(last.childForFieldName('consequence')) && clauses.every((clause) => alwaysLeaves(clause.childForFieldName('consequence') ?? clause.childForFieldName('body')));
    }
    case 'try_statement': {
      const clauses = namedChildren(last);
      const finallyBlock = clauses.find((clause) => clause.type === 'finally_clause');
      if (finallyBlock && alwaysLeaves(namedChildren(finallyBlock).find((child) => child.type === 'block') ?? null)) return true;
      const elseBlock = clauses.find((clause) => clause.type === 'else_clause')?.childForFieldName('body') ?? null;
      const handlers = clauses.filter((clause) => clause.type === 'except_clause' || clause.type === 'except_group_clause');
      const handlerBlock = (handler: Node) => namedChildren(handler).find((child) => child.type === 'block') ?? null;
      return (alwaysLeaves(last.childForFieldName('body')) || alwaysLeaves(elseBlock)) && handlers.every((handler) => alwaysLeaves(handlerBlock(handler)));
    }
    case 'while_statement':
      return last.childForFieldName('condition')?.type === 'true' && !ownScopeNodes(last, ['break_statement']).some((jump) => loopOf(jump)?.id === last.id);
    default:
      return false;
  }
}

/** The loop a `break` leaves: the innermost whose body holds it. */
function loopOf(jump: Node): Node | undefined {
  for (let child = jump, node = jump.parent; node; child = node, node = node.parent) {
    if ((node.type === 'for_statement' || node.type === 'while_statement') && node.childForFieldName('body')?.id === child.id) return node;
  }
  return undefined;
}

/** `Callable`, `Callable[..., Any]` (or nothing, when `absent` is allowed): an annotation `Callable[P, R]` only makes precise. */
function erasesAll(annotation: Node | null, context: RefactoringContext, absent = false): boolean {
  if (!annotation) return absent;
  const erased = erasedCallable(annotation, context);
  return erased !== undefined && (erased.result === null || isAny(erased.result, context));
}

/** `Any` (or nothing, when `absent` is allowed). */
function isAny(annotation: Node | null, context: RefactoringContext, absent = false): boolean {
  if (!annotation) return absent;
  return context.semantic.matches(headOf(annotation), ...ANY);
}

/** The type annotations, with the type variables they need: the decorator's own from 3.12, module-level before. */
function typingFix(signature: Signature, context: RefactoringContext): FixSpec | undefined {
  const { decorator, wrapper } = signature;
  const imports: ImportRequirement[] = [];
  const callable = context.semantic.spell('typing.Callable', decorator) ?? importedName(context.semantic, 'collections.abc', 'Callable', decorator, imports);
  if (callable === undefined) return undefined;
  const own = atLeast(context.target, TYPE_PARAMETERS);
  const variables = own ? ownTypeParameters(decorator) : moduleTypeVariables(signature, context, imports);
  if (!variables) return undefined;
  const { p, r, edits } = variables;
  const callableType = `${callable}[${p}, ${r}]`;
  edits.push(
    annotate(signature.parameter, callableType),
    returnAnnotation(decorator, callableType),
    annotate(signature.args, `${p}.args`),
    annotate(signature.kwargs, `${p}.kwargs`),
    returnAnnotation(wrapper, r),
  );
  return { edits, imports };
}

/** `name: type` for a parameter: its annotation replaced, or one added. */
function annotate(parameter: Node, type: string): TextEdit {
  const existing = parameter.type === 'typed_parameter' ? parameter.childForFieldName('type') : null;
  return existing ? { start: existing.startIndex, end: existing.endIndex, text: type } : { start: parameter.endIndex, end: parameter.endIndex, text: `: ${type}` };
}

/** `-> type` for a function: its return annotation replaced, or one added after the parameters. */
function returnAnnotation(definition: Node, type: string): TextEdit {
  const existing = definition.childForFieldName('return_type');
  const parameters = definition.childForFieldName('parameters')!;
  return existing ? { start: existing.startIndex, end: existing.endIndex, text: type } : { start: parameters.endIndex, end: parameters.endIndex, text: ` -> ${type}` };
}

/** The type variables' names, and the edits that define them. */
interface TypeVariables {
  p: string;
  r: string;
  edits: TextEdit[];
}

/** PEP 695 parameters `[**P, R]` after the decorator's name, named so as to shadow nothing the decorator mentions. */
function ownTypeParameters(decorator: Node): TypeVariables | undefined {
  const mentioned = new Set(decorator.descendantsOfType('identifier').map((identifier) => identifier?.text));
  const p = PARAM_SPEC_NAMES.find((name) => !mentioned.has(name));
  const r = TYPE_VAR_NAMES.find((name) => !mentioned.has(name));
  const name = decorator.childForFieldName('name')!;
  return p && r ? { p, r, edits: [{ start: name.endIndex, end: name.endIndex, text: `[**${p}, ${r}]` }] } : undefined;
}

/**
 * Module-level `P = ParamSpec("P")` and `R = TypeVar("R")`, each reused when the module defines it
 * already (above the decorator), else written above the decorator's top-level statement (and its
 * comments) under a name nothing binds.
 */
function moduleTypeVariables(signature: Signature, context: RefactoringContext, imports: ImportRequirement[]): TypeVariables | undefined {
  const { decorator, wrapper } = signature;
  const root = decorator.tree.rootNode;
  const statement = topLevelStatement(decorator);
  const mentioned = new Set(decorator.descendantsOfType('identifier').map((identifier) => identifier?.text));
  const eol = lineBreakOf(context.source);
  const lines: string[] = [];
  // The decorator's annotations are read where it is defined (a class body sees its own names), the wrapper's inside the decorator.
  const readers = [decorator, wrapper];
  const pick = (names: readonly string[], kind: 'ParamSpec' | 'TypeVar'): string | undefined => {
    const seesModule = (name: string) => readers.every((at) => context.semantic.lookup(name, at)?.scope === context.semantic.module);
    const existing = names.find((name) => !mentioned.has(name) && definesTypeVariable(name, kind, statement, context) && seesModule(name));
    if (existing) return existing;
    const free = names.find((name) => !mentioned.has(name) && readers.every((at) => context.semantic.isFree(name, at)));
    const factory = free && importedName(context.semantic, 'typing', kind, root, imports);
    if (!free || !factory) return undefined;
    lines.push(`${free} = ${factory}("${free}")${eol}`);
    return free;
  };
  const p = pick(PARAM_SPEC_NAMES, 'ParamSpec');
  const r = p && pick(TYPE_VAR_NAMES, 'TypeVar');
  if (!p || !r) return undefined;
  const at = leadingComments(statement).startIndex;
  const edits = lines.length > 0 ? [{ start: at, end: at, text: `${lines.join('')}${eol}${eol}` }] : [];
  return { p, r, edits };
}

/** Whether the module binds `name` once, above `before`, as `name = ParamSpec("name")` (or `TypeVar("name")`, with nothing more). */
function definesTypeVariable(name: string, kind: 'ParamSpec' | 'TypeVar', before: Node, context: RefactoringContext): boolean {
  if (context.facts.bindings.get(name)?.length !== 1) return false;
  return namedChildren(before.tree.rootNode).some((statement) => {
    const assignment = statement.type === 'expression_statement' && statement.startIndex < before.startIndex ? statement.firstNamedChild : null;
    const value = assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name ? assignment.childForFieldName('right') : null;
    const callee = value?.type === 'call' ? value.childForFieldName('function') : null;
    const [argument, ...more] = namedChildren(value?.childForFieldName('arguments'));
    return !!callee && context.semantic.matches(callee, `typing.${kind}`, `typing_extensions.${kind}`) && more.length === 0 && /^(['"])(\w+)\1$/.exec(argument?.text ?? '')?.[2] === name;
  });
}

/** The module-level statement that holds a node. */
function topLevelStatement(node: Node): Node {
  let statement = node;
  while (statement.parent && statement.parent.type !== 'module') statement = statement.parent;
  return statement;
}

/** The statement with the comment lines right above it, which belong to it. */
function leadingComments(statement: Node): Node {
  let first = statement;
  while (first.previousSibling?.type === 'comment' && first.previousSibling.endPosition.row + 1 === first.startPosition.row) first = first.previousSibling;
  return first;
}

/** Both halves as one fix. */
function joined(first: FixSpec, second: FixSpec): FixSpec {
  return { edits: [...first.edits, ...second.edits], imports: [...(first.imports ?? []), ...(second.imports ?? [])] };
}
