// Expressions: the assignment expression `:=` and the self-documenting f-string `{value=}`.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternContext } from '../engine/pattern';
import { COMPREHENSIONS } from '../engine/semantic/local-scopes';

/** Whether an expression is inside a comprehension of the function (or module) it is written in. */
function inComprehension(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (COMPREHENSIONS.has(current.type)) return true;
    if (current.type === 'function_definition' || current.type === 'lambda' || current.type === 'class_definition') return false;
  }
  return false;
}

/** What `{expression=!conversion:spec}` writes after its text: `repr(x)`, `format(x, '.2f')` … */
function shownValue(interpolation: Node, expression: string, context: PatternContext): string {
  const conversion = interpolation.childForFieldName('type_conversion');
  const spec = interpolation.childForFieldName('format_specifier');
  // With `=` and neither a conversion nor a format spec, Python shows the `repr()`.
  const converted = conversion ? `${{ '!s': 'str', '!r': 'repr', '!a': 'ascii' }[context.text(conversion)] ?? 'repr'}(${expression})` : spec ? expression : `repr(${expression})`;
  return spec ? `format(${converted}, ${JSON.stringify(context.text(spec).slice(1))})` : converted;
}

export const EXPRESSION_PATTERNS = [
  definePattern({
    meta: {
      id: 'walrus-operator',
      title: 'Assignment expression `:=`',
      family: 'expressions',
      minPython: [3, 8],
      summary:
        '`name := value` assigns and yields the value within an expression, so a result computed for a test can be kept: `if match := pattern.search(line):`, `while chunk := stream.read(4096):`, or a value computed once in a comprehension and both filtered on and kept.',
      pitfall: 'Without parentheses it binds more loosely than a comparison: `if n := len(items) > 10:` sets `n` to `True`. Write `if (n := len(items)) > 10:`.',
      example: ['import re', '', 'lines = ["id=7", "none", "id=12"]', 'ids = [int(found.group(1)) for line in lines if (found := re.search(r"id=(\\d+)", line))]', ''].join('\n'),
    },
    anchors: {
      named_expression: (expression, context) => {
        const name = expression.childForFieldName('name');
        const operator = expression.children.find((child) => child?.type === ':=');
        if (!name || !operator) return undefined;
        const detail = inComprehension(expression)
          ? `In a comprehension, \`${context.text(name)}\` is bound in the enclosing scope, not the comprehension's: it keeps the last value afterwards.`
          : undefined;
        return { start: name.startIndex, end: operator.endIndex, detail };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'self-documenting-fstring',
      title: 'Self-documenting f-string `{value=}`',
      family: 'expressions',
      minPython: [3, 8],
      summary:
        '`f"{total=}"` writes the expression\'s own text, the `=`, then its value: `total=42`. Reach for it in debugging prints and log lines instead of repeating each name by hand; spaces around `=` are kept, and a format spec still applies, `{ratio=:.1%}`.',
      pitfall: 'The value is shown with `repr()` unless a conversion or format spec is given: `{name=}` prints `name=\'Ada\'` with quotes, `{name=!s}` prints `name=Ada`.',
      example: ['total = 42', 'ratio = 0.125', 'print(f"{total=} {ratio=:.1%}")', ''].join('\n'),
    },
    anchors: {
      interpolation: (interpolation, context) => {
        const expression = interpolation.childForFieldName('expression');
        const equals = interpolation.children.find((child) => child?.type === '=');
        if (!expression || !equals) return undefined;
        const opening = interpolation.firstChild;
        const after = equals.nextSibling;
        if (opening?.type !== '{' || !after) return undefined;
        const label = context.source.slice(opening.endIndex, after.startIndex);
        const detail = `Writes \`${label}\` and then \`${shownValue(interpolation, context.text(expression), context)}\`.`;
        return { start: interpolation.startIndex, end: interpolation.endIndex, detail };
      },
    },
  }),
];
