// The places the patterns are recognized from, shared by the families: a decorator or a call that
// stands for a qualified name, the header of a `def` or `class`, and the class a definition is in.

import type { Node } from 'web-tree-sitter';
import type { PatternAnchor, PatternContext, PatternSpan } from '../engine/pattern';
import { calleeOf, enclosingClass } from '../engine/syntax';

/** What an occurrence adds to the general explanation, given the node the anchor matched. */
export type DetailOf = (node: Node, context: PatternContext) => string | undefined;

/** `def name` (with its `async`) or `class Name`: the keyword and the name a hover explains a definition from. */
export function definitionHeader(definition: Node, detail?: string): PatternSpan | undefined {
  const name = definition.childForFieldName('name');
  return name ? { start: definition.startIndex, end: name.endIndex, detail } : undefined;
}

/** The function or class a decorator applies to. */
export function decoratedBy(decorator: Node): Node | undefined {
  return decorator.parent?.type === 'decorated_definition' ? (decorator.parent.childForFieldName('definition') ?? undefined) : undefined;
}

/** The name of a definition, as markdown code: `` `Point` ``. */
export function nameOf(definition: Node | undefined): string | undefined {
  const name = definition?.childForFieldName('name');
  return name ? `\`${name.text}\`` : undefined;
}

/** A `decorator` whose callee (`dataclass` of `@dc.dataclass(frozen=True)`) stands for one of `qualified`: the whole decorator. */
export function decoratorStandingFor(qualified: readonly string[], detail?: DetailOf): PatternAnchor {
  return (decorator, context) => {
    const expression = decorator.firstNamedChild;
    if (!expression || !context.semantic.matches(calleeOf(expression), ...qualified)) return undefined;
    return { start: decorator.startIndex, end: decorator.endIndex, detail: detail?.(decorator, context) };
  };
}

/** A `call` of one of `qualified` (`field(default_factory=list)`): the whole call. */
export function callOf(qualified: readonly string[], detail?: DetailOf): PatternAnchor {
  return (call, context) => {
    const callee = call.childForFieldName('function');
    if (!callee || !context.semantic.matches(callee, ...qualified)) return undefined;
    return { start: call.startIndex, end: call.endIndex, detail: detail?.(call, context) };
  };
}

/**
 * A `function_definition` named one of `names` directly in a class body that `inClass` accepts:
 * its header (`def __enter__`).
 */
export function methodNamed(names: readonly string[], inClass: (definition: Node, context: PatternContext) => boolean, detail?: DetailOf): PatternAnchor {
  return (method, context) => {
    const name = method.childForFieldName('name')?.text;
    if (name === undefined || !names.includes(name)) return undefined;
    const owner = enclosingClass(method);
    if (!owner || !inClass(owner, context)) return undefined;
    return definitionHeader(method, detail?.(method, context));
  };
}

/** The class whose header lists `node` as a base or a keyword's value (`ABC` of `class Shape(ABC)`). */
export function classOfHeader(node: Node): Node | undefined {
  const argument = node.parent?.type === 'keyword_argument' ? node.parent : node;
  const list = argument.parent;
  const owner = list?.type === 'argument_list' ? list.parent : null;
  return owner?.type === 'class_definition' && owner.childForFieldName('superclasses')?.id === list!.id ? owner : undefined;
}

/** The keyword arguments of a call (or class header) by name. */
export function keywordArguments(argumentList: Node | null | undefined): Map<string, Node> {
  const keywords = new Map<string, Node>();
  for (const argument of argumentList?.namedChildren ?? []) {
    if (argument?.type !== 'keyword_argument') continue;
    const name = argument.childForFieldName('name');
    const value = argument.childForFieldName('value');
    if (name && value) keywords.set(name.text, value);
  }
  return keywords;
}

/** Markdown for a list of names: `` `x` ``, `` `x` and `y` ``, `` `x`, `y` and `z` ``. */
export function listed(names: readonly string[]): string {
  const quoted = names.map((name) => `\`${name}\``);
  return quoted.length <= 1 ? (quoted[0] ?? '') : `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1)}`;
}
