// What a call of an explained name passes: the details of `lru_cache(maxsize=None)`,
// `TypeVar("T", bound=int)` or `asyncio.Queue(maxsize=100)` come from its arguments as written.

import type { Node } from 'web-tree-sitter';
import type { PatternContext } from '../engine/pattern';
import { namedChildren } from '../engine/syntax';

/** The call an expression is the callee of: `TypeVar("T")` for its `TypeVar`. */
export function calledBy(node: Node): Node | undefined {
  const call = node.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === node.id ? call : undefined;
}

/** The arguments of the call an expression is the callee of, when it is one. */
export function argumentsOf(node: Node): Node | undefined {
  return calledBy(node)?.childForFieldName('arguments') ?? undefined;
}

/** The positional arguments of an argument list (not `*args` or keywords). */
export function positionalArguments(argumentList: Node | null | undefined): Node[] {
  return namedChildren(argumentList).filter((argument) => argument.type !== 'keyword_argument' && argument.type !== 'list_splat' && argument.type !== 'dictionary_splat');
}

/** The source text of keyword argument `name` in an argument list. */
export function keywordArgument(argumentList: Node | null | undefined, name: string, context: PatternContext): string | undefined {
  for (const argument of namedChildren(argumentList)) {
    if (argument.type !== 'keyword_argument') continue;
    const value = argument.childForFieldName('value');
    const key = argument.childForFieldName('name');
    if (value && key && context.text(key) === name) return context.text(value);
  }
  return undefined;
}
