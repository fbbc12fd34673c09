// Decorators and the wrappers they return: which parameter is the decorated function, what a wrapper
// forwards to it, whether the decorator copies its metadata already, the `@functools.wraps` that
// copies it, and callable annotations that say nothing about the parameters. PH101 and PH102 report
// from these answers; the `wraps-and-paramspec` refactoring rewrites by them.

import type { Node } from 'web-tree-sitter';
import type { DocumentContext, FixSpec } from '../engine/rule';
import { localScope } from '../engine/semantic/local-scopes';
import { valueUses } from '../engine/semantic/value-uses';
import { enclosingClass, indentationOf, lineBreakOf, namedChildren, ownScopeNodes } from '../engine/syntax';

export const CALLABLES = ['typing.Callable', 'collections.abc.Callable', 'typing_extensions.Callable'];

/** Signs that a decorator copies the metadata by other means: `update_wrapper`, a `wraps` of another library. */
const COPIES_METADATA = /update_wrapper|\bwraps\b|__wrapped__/;

/** Whether a decorator's body copies metadata by other means than `wraps` on `wrapper`: `update_wrapper`, `wrapper.__name__ = …`, `__wrapped__`. */
export function copiesMetadata(body: Node, wrapper: string, context: DocumentContext): boolean {
  const text = context.text(body);
  return COPIES_METADATA.test(text) || setsMetadata(text, wrapper);
}

/** Whether `<target>.__name__ = …` (or `__doc__`, `__qualname__`) occurs: the metadata is copied by hand. */
export function setsMetadata(text: string, target: string): boolean {
  return new RegExp(`\\b${target}\\s*\\.\\s*__(name|qualname|doc)__\\s*=[^=]`).test(text);
}

/** The one parameter without a default, not counting the `self` or `cls` of a method; a decorator receives nothing else. */
export function soleRequiredParameter(definition: Node, context: DocumentContext): string | undefined {
  const parameters = namedChildren(definition.childForFieldName('parameters'));
  const required = parameters.filter((parameter) => parameter.type === 'identifier' || (parameter.type === 'typed_parameter' && parameter.firstNamedChild?.type === 'identifier'));
  const names = required.map((parameter) => context.text(parameter.type === 'identifier' ? parameter : parameter.firstNamedChild!));
  if (names.length > 0 && parameters[0]?.id === required[0]?.id && (names[0] === 'self' || names[0] === 'cls') && enclosingClass(definition)) names.shift();
  if (names.length === 0) {
    // `def retry(func=None, *, times=3)`, usable both as `@retry` and as `@retry(times=5)`.
    const optional = parameters.find((parameter) => parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter');
    if (optional?.childForFieldName('value')?.type === 'none') return context.text(optional.childForFieldName('name')!);
  }
  return names.length === 1 ? names[0] : undefined;
}

/**
 * Whether the decorator hands the wrapper to another call before returning it (`_tidy(wrapper)`,
 * `update_wrapper(wrapper, func)`, `registry.append(wrapper)`): that call may set its metadata, or
 * the wrapper is not a plain stand-in.
 */
export function handedOn(decorator: Node, wrapper: string, context: DocumentContext): boolean {
  const binding = localScope(decorator).bindings.get(wrapper)?.find((each) => each.kind === 'function');
  if (!binding) return false;
  const uses = valueUses(context.semantic, binding);
  return uses.passed.length > 0 || uses.stored.length > 0 || uses.copied.length > 0;
}

/**
 * What the function hands its own arguments to (after the first `skip` ones, e.g. `self`) in its
 * own scope — all of `*args, **kwargs`, or fixed arguments whose result it returns: the name
 * `calleeName` gives for the first such call. That is what makes the function a stand-in for the
 * callee, rather than a callback or a new function computed from it (`F(x) = f(f(x)) - x`).
 */
export function forwardedCallee(definition: Node, calleeName: (callee: Node) => string | undefined, skip: number): string | undefined {
  const body = definition.childForFieldName('body');
  if (!body) return undefined;
  // Each parameter as the call must pass it on: `x`, `*args` or `**kwargs`; not the bare `*` and `/` markers.
  const own = namedChildren(definition.childForFieldName('parameters'))
    .slice(skip)
    .map((parameter) => (parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? parameter.childForFieldName('name')! : parameter))
    .map((parameter) => (parameter.type === 'typed_parameter' ? parameter.firstNamedChild! : parameter))
    .filter((parameter) => ['identifier', 'list_splat_pattern', 'dictionary_splat_pattern'].includes(parameter.type))
    .map((parameter) => parameter.text.replace(/\s+/g, ''));
  if (own.length === 0) return undefined;
  const nodes = ownScopeNodes(body, ['call', 'return_statement']);
  const returns = nodes.filter((node) => node.type === 'return_statement' && node.firstNamedChild);
  for (const call of nodes) {
    const callee = call.type === 'call' ? call.childForFieldName('function') : null;
    const name = callee ? calleeName(callee) : undefined;
    if (!name || !passesOn(call, own)) continue;
    // Passing `*args`/`**kwargs` through is a stand-in whatever it does with the result.
    if (own.some((parameter) => parameter.startsWith('*')) || returnsResult(call, returns)) return name;
  }
  return undefined;
}

/** Whether each parameter reaches the call as received: `x` (or `key=x`), `*args`, `**kwargs`. */
function passesOn(call: Node, parameters: readonly string[]): boolean {
  const passed = new Set(
    namedChildren(call.childForFieldName('arguments')).map((argument) =>
      (argument.type === 'keyword_argument' ? argument.childForFieldName('value')! : argument).text.replace(/\s+/g, ''),
    ),
  );
  return parameters.every((parameter) => passed.has(parameter));
}

/** Whether the function returns what the call returned (directly, awaited, or through a variable), or returns no value at all. */
function returnsResult(call: Node, returns: readonly Node[]): boolean {
  if (returns.length === 0) return true;
  let result = call;
  if (result.parent?.type === 'await') result = result.parent;
  if (result.parent?.type === 'return_statement') return true;
  const assignment = result.parent?.type === 'assignment' && result.parent.childForFieldName('right')?.id === result.id ? result.parent : null;
  const variable = assignment?.childForFieldName('left');
  return variable?.type === 'identifier' && returns.some((statement) => statement.firstNamedChild!.text === variable.text);
}

/** `@functools.wraps(wrapped)` above the wrapper, spelled as the module imports it (or with `import functools` added). */
export function addWraps(wrapper: Node, wrapped: string, context: DocumentContext): FixSpec | undefined {
  const spelled = functoolsName('wraps', wrapper, context);
  if (!spelled) return undefined;
  const eol = lineBreakOf(context.source);
  const text = `@${spelled.name}(${wrapped})${eol}${indentationOf(wrapper, context.source)}`;
  return { edits: [{ start: wrapper.startIndex, end: wrapper.startIndex, text }], imports: spelled.imports };
}

/** `functools.<name>` as the module can write it at `at`: through an existing import, else `functools.<name>` with `import functools` added. */
export function functoolsName(name: string, at: Node, context: DocumentContext): { name: string; imports: { module: string }[] } | undefined {
  const spelled = context.semantic.spell(`functools.${name}`, at);
  if (spelled) return { name: spelled, imports: [] };
  return context.semantic.isFree('functools', at) ? { name: `functools.${name}`, imports: [{ module: 'functools' }] } : undefined;
}

/**
 * `Callable` or `Callable[..., R]`: a callable type that says nothing about the parameters. Its
 * result type, when it names one (`R`); `null` for a bare `Callable`; undefined for any other annotation.
 */
export function erasedCallable(annotation: Node | null, context: DocumentContext): { result: Node | null } | undefined {
  const expression = annotation?.type === 'type' ? annotation.firstNamedChild : annotation;
  if (!expression) return undefined;
  const isCallable = (node: Node | null | undefined) => !!node && context.semantic.matches(node, ...CALLABLES);
  switch (expression.type) {
    case 'identifier':
    case 'attribute':
      return isCallable(expression) ? { result: null } : undefined;
    case 'generic_type': {
      // `Callable[..., R]`: the name, then the bracketed parameters, the first of which is `...`.
      const [name, parameters] = namedChildren(expression);
      const [first, result] = namedChildren(parameters);
      return isCallable(name) && first?.firstNamedChild?.type === 'ellipsis' ? { result: result ?? null } : undefined;
    }
    case 'subscript': {
      // `typing.Callable[..., R]` parses as a subscript of an attribute.
      const [first, result] = expression.childrenForFieldName('subscript');
      return isCallable(expression.childForFieldName('value')) && first?.type === 'ellipsis' ? { result: result ?? null } : undefined;
    }
    default:
      return undefined;
  }
}
