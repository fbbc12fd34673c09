import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { namedChildren, ownScopeNodes, returnedFunctions } from '../engine/syntax';
import { erasedCallable } from './decorator-wrappers';

const erasesParameters = (annotation: Node | null, context: RuleContext) => erasedCallable(annotation, context) !== undefined;

/** A decorator typed `Callable[..., R]` in and out whose wrapper passes `*args, **kwargs` on to the decorated function. */
const check: NodeHandler = (decorator, context) => {
  // The return annotation names `Callable`: the text rules out most functions before their nodes are read.
  if (!context.text(decorator).includes('Callable')) return;
  const returnType = decorator.childForFieldName('return_type');
  if (!returnType || !context.text(returnType).includes('Callable') || !erasesParameters(returnType, context)) return;
  const decorated = new Set(
    namedChildren(decorator.childForFieldName('parameters'))
      .filter((parameter) => parameter.type === 'typed_parameter' || parameter.type === 'typed_default_parameter')
      .filter((parameter) => parameter.firstNamedChild?.type === 'identifier' && erasesParameters(parameter.childForFieldName('type'), context))
      .map((parameter) => context.text(parameter.firstNamedChild!)),
  );
  if (decorated.size === 0) return;
  const forwarding = returnedFunctions(decorator).find(({ definition }) => forwardsEverything(definition, decorated, context));
  if (!forwarding) return;
  context.report({
    node: returnType,
    message: `\`${forwarding.name}\` passes \`*args, **kwargs\` through, but \`${context.text(returnType)}\` tells type checkers nothing about its parameters; type the decorator with \`ParamSpec\``,
  });
};

/** Whether the wrapper takes `*args, **kwargs` and passes both on to a decorated parameter, in its own scope. */
function forwardsEverything(wrapper: Node, decorated: ReadonlySet<string>, context: RuleContext): boolean {
  let args: string | undefined;
  let kwargs: string | undefined;
  for (const parameter of namedChildren(wrapper.childForFieldName('parameters'))) {
    const pattern = parameter.type === 'typed_parameter' ? parameter.firstNamedChild : parameter;
    if (pattern?.type === 'list_splat_pattern') args = context.text(pattern).slice(1);
    if (pattern?.type === 'dictionary_splat_pattern') kwargs = context.text(pattern).slice(2);
  }
  const body = wrapper.childForFieldName('body');
  if (!args || !kwargs || !body) return false;
  return ownScopeNodes(body, ['call']).some((call) => {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'identifier' || !decorated.has(callee.text)) return false;
    // `func(*args, **kwargs)`, maybe after leading positional arguments (`Concatenate[X, P]`): an added
    // keyword argument or a changed splat makes a signature a `ParamSpec` cannot describe.
    const passed = namedChildren(call.childForFieldName('arguments'));
    const texts = passed.map((argument) => context.text(argument).replace(/\s+/g, ''));
    const leading = passed.slice(0, -2);
    return (
      texts.slice(-2).join(',') === `*${args},**${kwargs}` &&
      leading.every((argument) => !['keyword_argument', 'list_splat', 'dictionary_splat'].includes(argument.type))
    );
  });
}

export default defineRule({
  meta: {
    code: 'PH102',
    name: 'decorator-erases-signature',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'typing',
    severity: 'information',
    minPython: [3, 10],
    message: 'A decorator typed with `Callable[..., Any]` hides the decorated function\'s parameters from type checkers; use `ParamSpec`',
    docs: {
      what: [
        'Flags a decorator annotated as taking and returning a `Callable` that leaves the parameters open — bare',
        '`Callable` or `Callable[..., R]` — when its wrapper takes `*args, **kwargs` and passes both on to the decorated',
        'function.',
      ].join(' '),
      why: [
        'Type checkers believe the annotations, not the body: once `@retry` returns `Callable[..., Any]`, every call to a',
        'decorated function is accepted, with any arguments, and its result is `Any`. Misspelt keywords, missing',
        'arguments and wrong types all pass silently, and editors lose the parameter hints.',
        '',
        'A `ParamSpec` (PEP 612) captures the parameter list: annotate the argument as `Callable[P, R]`, the wrapper\'s',
        'parameters as `*args: P.args, **kwargs: P.kwargs`, and the result as `Callable[P, R]`, and the decorated function',
        'keeps its exact signature and return type. `ParamSpec` is in `typing` from Python 3.10; older versions get it',
        'from `typing_extensions`. A wrapper that adds leading arguments can be typed with `Concatenate[X, P]`.',
      ].join('\n'),
      example: [
        'import functools',
        'from typing import Any, Callable',
        '',
        'def logged(func: Callable[..., Any]) -> Callable[..., Any]:',
        '    @functools.wraps(func)',
        '    def wrapper(*args: Any, **kwargs: Any) -> Any:',
        '        print("calling", func.__name__)',
        '        return func(*args, **kwargs)',
        '    return wrapper',
      ].join('\n'),
      instead: [
        'import functools',
        'from typing import Callable, ParamSpec, TypeVar',
        '',
        'P = ParamSpec("P")',
        'R = TypeVar("R")',
        '',
        'def logged(func: Callable[P, R]) -> Callable[P, R]:',
        '    @functools.wraps(func)',
        '    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:',
        '        print("calling", func.__name__)',
        '        return func(*args, **kwargs)',
        '    return wrapper',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { function_definition: check },
    sourceIncludes: 'Callable',
  },
});
