// Generators and iteration: a `def` with `yield` (hovered on the `yield`), `yield from`, and
// generator expressions (hovered on their `for`).

import type { Node } from 'web-tree-sitter';
import { definePattern } from '../engine/pattern';
import { COMPREHENSIONS } from '../engine/semantic/local-scopes';
import { isAsync } from '../engine/syntax';

/**
 * The function a `yield` makes a generator: the innermost `def` whose body holds it. Nothing at
 * module or class level, in a lambda or a comprehension (where `yield` is not a generator's).
 */
function generatorFunction(yieldNode: Node): Node | undefined {
  let child = yieldNode;
  for (let current = yieldNode.parent; current; child = current, current = current.parent) {
    if (current.type === 'lambda' || current.type === 'class_definition' || COMPREHENSIONS.has(current.type)) return undefined;
    if (current.type === 'function_definition' && current.childForFieldName('body')?.id === child.id) return current;
  }
  return undefined;
}


/** Whether a `yield` node is `yield from …`. */
function delegates(yieldNode: Node): boolean {
  return yieldNode.children.some((child) => child?.type === 'from');
}

export const ITERATION_PATTERNS = [
  definePattern({
    meta: {
      id: 'generator-function',
      title: 'Generator function (`yield`)',
      family: 'iteration',
      minPython: [3, 0],
      summary:
        'A `def` whose body contains `yield` is a generator function: calling it runs none of the body but returns a generator, which runs up to each `yield` when the next value is asked for. Reach for it to produce a long or endless sequence lazily, or to chain processing steps without building a list between them.',
      pitfall: 'A generator runs once: a second loop over it sees nothing. And the body, argument checks included, starts only at the first `next()`, so a bad argument raises far from the call.',
      example: ['def countdown(start: int):', '    while start > 0:', '        yield start', '        start -= 1', '', '', 'for n in countdown(3):', '    print(n)', ''].join('\n'),
    },
    anchors: {
      yield: (node) => {
        const keyword = node.firstChild;
        const definition = node.isNamed && !delegates(node) ? generatorFunction(node) : undefined;
        if (!definition || keyword?.type !== 'yield') return undefined;
        const name = definition.childForFieldName('name')?.text ?? 'the function';
        const kind = isAsync(definition) ? `an async generator: it is consumed with \`async for\` and may \`await\` between items` : 'a generator function';
        const receives = node.parent?.type === 'expression_statement' ? '' : ' This `yield` is also an expression: `generator.send(value)` resumes it with `value` as its result.';
        return { start: keyword.startIndex, end: keyword.endIndex, detail: `This \`yield\` makes \`${name}\` ${kind}.${receives}` };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'yield-from',
      title: '`yield from`',
      family: 'iteration',
      minPython: [3, 3],
      summary:
        '`yield from iterable` yields every item of another iterable, often another generator, and passes `send()`, `throw()` and `close()` through to it; its value is what that generator `return`s. Reach for it to split a generator into smaller ones, such as a recursive tree walk.',
      pitfall: 'It is a `SyntaxError` in an `async def`: an async generator delegates with a loop, `async for item in inner(): yield item`.',
      example: ['def walk(tree: dict):', '    for name, child in tree.items():', '        yield name', '        yield from walk(child)', '', '', 'print(list(walk({"a": {"b": {}}, "c": {}})))', ''].join('\n'),
    },
    anchors: {
      yield: (node) => {
        const [keyword, from] = [node.firstChild, node.children.find((child) => child?.type === 'from')];
        const definition = node.isNamed && from ? generatorFunction(node) : undefined;
        if (!definition || isAsync(definition) || keyword?.type !== 'yield' || !from) return undefined;
        const name = definition.childForFieldName('name')?.text;
        return { start: keyword.startIndex, end: from.endIndex, detail: name ? `This makes \`${name}\` a generator function, which delegates here.` : undefined };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'generator-expression',
      title: 'Generator expression',
      family: 'iteration',
      minPython: [3, 0],
      summary:
        '`(f(x) for x in items)` is a comprehension that builds nothing: it produces its items one at a time as they are asked for. Pass it straight to a function that consumes an iterable — `sum(x * x for x in xs)`, `any(…)`, `"".join(…)` — and memory stays flat however long the input.',
      pitfall: 'It is used up after one pass: `len()` and indexing fail, and a second loop over it sees nothing. Build a list when the items are needed twice.',
      example: ['words = ["generators", "are", "lazy"]', 'longest = max(len(word) for word in words)', 'print(longest)', ''].join('\n'),
    },
    anchors: {
      generator_expression: (expression, context) => {
        const clause = expression.namedChildren.find((child) => child?.type === 'for_in_clause');
        const keyword = clause?.firstChild;
        if (keyword?.type !== 'for') return undefined;
        const call = expression.parent?.type === 'call' ? expression.parent.childForFieldName('function') : null;
        const detail = call ? `Passed straight to \`${context.text(call)}()\`, which takes its items one by one: no list is built.` : undefined;
        return { start: keyword.startIndex, end: keyword.endIndex, detail };
      },
    },
  }),
];
