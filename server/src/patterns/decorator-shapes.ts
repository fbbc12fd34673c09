// What a function is as a decorator, read from its shape: one that returns a wrapper calling the
// function it got, one that returns what it got (registration), or a factory that returns one of
// those. The decorator patterns ask it of a `def` and of the `@name` that applies one.

import type { Node, Tree } from 'web-tree-sitter';
import type { PatternContext } from '../engine/pattern';
import { definitionOf } from '../engine/semantic/definitions';
import { calleeOf, decoratorsOf, enclosingClass, isDocstring, namedChildren, ownScopeNodes } from '../engine/syntax';

export type DecoratorShape =
  /** Takes a function and returns a function defined inside it that calls the one it got. */
  | { kind: 'wrapper'; definition: Node; parameter: Node; wrapper: Node; wraps: boolean }
  /** Takes a function or a class, does something with it (records it, adds to it) and returns it. */
  | { kind: 'returns-argument'; definition: Node; parameter: Node; classes: boolean }
  /** Takes options and returns a decorator (of the kinds above) defined inside it. */
  | { kind: 'factory'; definition: Node; decorator: Node; inner: DecoratorShape };

const shapesByTree = new WeakMap<Tree, Map<number, DecoratorShape | null>>();

/** The decorator shape of a `function_definition`, kept per tree (three patterns ask it of each `def` a hover is in). */
export function decoratorShape(definition: Node, context: PatternContext): DecoratorShape | undefined {
  let shapes = shapesByTree.get(definition.tree);
  if (!shapes) shapesByTree.set(definition.tree, (shapes = new Map()));
  let shape = shapes.get(definition.id);
  if (shape === undefined) shapes.set(definition.id, (shape = shapeOf(definition, context) ?? null));
  return shape ?? undefined;
}

/** The shape of the function a decorator expression calls or names (`@timed`, `@retry(3)`), when it is defined where it is used. */
export function appliedShape(expression: Node, context: PatternContext): DecoratorShape | undefined {
  const definition = definitionOf(context.semantic, calleeOf(expression));
  return definition?.type === 'function_definition' ? decoratorShape(definition, context) : undefined;
}

/** Parameter names that say "a class". */
const CLASS_PARAMETER = /^(cls|klass|kls|clazz|class_|cls_\w+|\w+_cls|\w+_class)$/;

function shapeOf(definition: Node, context: PatternContext): DecoratorShape | undefined {
  const body = definition.childForFieldName('body');
  if (definition.type !== 'function_definition' || !body) return undefined;
  const returned = soleReturnedName(body);
  if (returned === undefined) return undefined;
  const parameter = decoratedParameter(definition);
  const nested = ownScopeNodes(body, ['function_definition']).filter((each) => each.childForFieldName('name')?.text === returned).at(-1);
  if (nested) {
    if (parameter && callsParameter(nested, parameter, context)) {
      const wraps = decoratorsOf(nested).some((decorator) => context.semantic.matches(calleeOf(decorator), 'functools.wraps'));
      return { kind: 'wrapper', definition, parameter, wrapper: nested, wraps };
    }
    const inner = decoratorShape(nested, context);
    return inner && inner.kind !== 'factory' ? { kind: 'factory', definition, decorator: nested, inner } : undefined;
  }
  // `def register(cls): return cls` alone returns its argument; a decorator does something first.
  if (!parameter || parameter.text !== returned || namedChildren(body).filter((statement) => !isDocstring(statement)).length < 2) return undefined;
  return { kind: 'returns-argument', definition, parameter, classes: takesClasses(definition, parameter, context) };
}

/** The name every `return` of the function's own scope returns; nothing when one returns something else, or none does. */
function soleReturnedName(body: Node): string | undefined {
  const returns = ownScopeNodes(body, ['return_statement']);
  const names = new Set(returns.map((statement) => (statement.firstNamedChild?.type === 'identifier' ? statement.firstNamedChild.text : '')));
  const [name] = names;
  return names.size === 1 && name !== '' ? name : undefined;
}

/** The one required positional parameter (after a method's `self` or `cls`): what a decorator receives. */
function decoratedParameter(definition: Node): Node | undefined {
  const parameters = namedChildren(definition.childForFieldName('parameters'));
  if (parameters.some((parameter) => parameter.type === 'list_splat_pattern' || parameter.type === 'dictionary_splat_pattern')) return undefined;
  const required = parameters.flatMap((parameter) => {
    const name = parameter.type === 'typed_parameter' ? parameter.firstNamedChild : parameter;
    return name?.type === 'identifier' ? [name] : [];
  });
  // A method's own `self` or `cls` is not what it decorates (and `return self` registers nothing).
  if (required.length > 0 && (required[0].text === 'self' || required[0].text === 'cls') && enclosingClass(definition)) required.shift();
  return required.length === 1 ? required[0] : undefined;
}

/** Whether the wrapper calls the decorator's parameter (directly or awaited): it stands in for the function. */
function callsParameter(wrapper: Node, parameter: Node, context: PatternContext): boolean {
  const body = wrapper.childForFieldName('body');
  if (!body) return false;
  return ownScopeNodes(body, ['call']).some((call) => {
    const callee = call.childForFieldName('function');
    return callee?.type === 'identifier' && callee.text === parameter.text && context.semantic.resolve(callee)?.node?.id === parameter.id;
  });
}

/** Whether a decorator that returns its argument is given classes: by its parameter's name or annotation, or by the module's classes it decorates. */
function takesClasses(definition: Node, parameter: Node, context: PatternContext): boolean {
  if (CLASS_PARAMETER.test(parameter.text)) return true;
  const annotation = parameter.parent?.type === 'typed_parameter' ? parameter.parent.childForFieldName('type')?.firstNamedChild : null;
  const annotated = annotation?.type === 'generic_type' ? annotation.firstNamedChild : annotation;
  if (annotated && context.semantic.matches(annotated, 'builtins.type', 'typing.Type')) return true;
  const name = definition.childForFieldName('name')?.text;
  return [...context.facts.classes.values()].some((each) => each.decorators.some((decorator) => decorator.callee === name));
}
