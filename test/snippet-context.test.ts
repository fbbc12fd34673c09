// Where the server offers which templates: the context at the cursor, decided on half-typed code
// (the line holds the prefix being typed, or nothing yet), as data. `‸` marks the cursor; the
// prefix is the word before it, as the server takes it.

import { describe, expect, it } from 'vitest';
import { joinCells } from '../server/src/engine/notebook';
import { snippetContextAt, type SnippetContext } from '../server/src/snippet-context';
import { typedPrefixLength } from '../server/src/snippet-completions';
import { parser } from './engine-fixture';

const CURSOR = '‸';

function contextAt(marked: string, floor = 0): SnippetContext | undefined {
  const end = marked.indexOf(CURSOR);
  if (end < 0 || marked.indexOf(CURSOR, end + 1) >= 0) throw new Error(`one ${CURSOR} expected in ${JSON.stringify(marked)}`);
  const source = marked.slice(0, end) + marked.slice(end + 1);
  const lineStart = Math.max(source.lastIndexOf('\n', end - 1), source.lastIndexOf('\r', end - 1)) + 1;
  const start = end - typedPrefixLength(source.slice(lineStart, end));
  const tree = parser.parse(source);
  try {
    return snippetContextAt(tree, source, start, end, floor);
  } finally {
    tree.delete();
  }
}

type Case = [description: string, code: string, expected: SnippetContext | undefined];

const CASES: Case[] = [
  // Module level
  ['an empty file', '‸', 'statement'],
  ['a prefix in an empty file', 'dec‸', 'statement'],
  ['a `ph-` prefix', 'import os\n\nph-dec‸', 'statement'],
  ['after a statement', 'import os\n\ndec‸\n', 'statement'],
  ['a blank line between statements', 'x = 1\n‸\ny = 2\n', 'statement'],
  ['after a class, dedented', 'class A:\n    x = 1\n\nasync‸', 'statement'],
  ['after a function, dedented, at the end of the file', 'def f():\n    return 1\n\n‸', 'statement'],
  ['a keyword-like prefix that does not parse', 'x = 1\nmatch‸', 'statement'],
  ['after a decorator line', '@property\n‸', 'statement'],
  ['indented where nothing opens a block', 'x = 1\n    dec‸', undefined],

  // Class bodies
  ['a class body', 'class A:\n    x = 1\n    prop‸\n', 'class-body'],
  ['the first line of an empty class body', 'class A:\n    ‸', 'class-body'],
  ['a prefix as the first line of a class body', 'class A:\n    prop‸', 'class-body'],
  ['a class body before the next member', 'class A:\n    ‸\n    def f(self):\n        pass\n', 'class-body'],
  ['a class body after a method', 'class A:\n    def f(self):\n        return 1\n\n    prop‸\n\nx = 2\n', 'class-body'],
  ['a class body after a half-typed `ph-` line', 'class A:\n    def f(self):\n        pass\n    ph-‸', 'class-body'],
  ['a decorated class', '@dataclass\nclass A:\n    x: int\n    ‸', 'class-body'],
  ['a class body after a comment line', 'class A:\n    x = 1\n    # members\n    ‸', 'class-body'],
  ['an `if` in a class body', 'class A:\n    if TYPE_CHECKING:\n        ‸', 'class-body'],
  ['a nested class', 'def f():\n    class B:\n        y = 2\n        ‸', 'class-body'],
  ['a class whose header spans lines', 'class A(\n    Base,\n):\n    ‸', 'class-body'],
  ['a PEP 695 generic class', 'class Box[T]:\n    item: T\n    ‸', 'class-body'],

  // Class bodies after lines the parser could not read
  ['a class body after a half-typed `ph-` line', 'class A:\n    ph-\n    ‸', 'class-body'],
  ['a class body after an unfinished assignment', 'class A:\n    x: int =\n    ‸', 'class-body'],
  ['a class body after a lone decorator', 'class A:\n    @property\n    prop‸', 'class-body'],
  ['a class body after a broken statement', 'class A:\n    x = = 1\n    ‸', 'class-body'],
  ['a class body after a broken line in a method', 'class A:\n    def f(self):\n        x = = 1\n    ‸', 'class-body'],
  ['a class body under a broken superclass list', 'class A(metaclass=):\n    ‸', 'class-body'],
  ['a class body opened by an `else` the parser could not place', 'class A:\n    else:\n        ‸', 'class-body'],
  ['a header without its colon', 'class A:\n    if x\n        ‸', undefined],

  // Function bodies
  ['a method body', 'class A:\n    def f(self):\n        x = 1\n        match‸', 'statement'],
  ['the first line of a method body', 'class A:\n    def f(self):\n        ‸', 'statement'],
  ['a function body', 'def f():\n    x = 1\n    ‸\n', 'statement'],
  ['an async function body', 'async def f():\n    ‸', 'statement'],
  ['a function in a class body, one level out', 'class A:\n    def f(self):\n        return 1\n    ‸', 'class-body'],
  ['a function whose header spans lines', 'def f(\n    a: int,\n) -> int:\n    ‸', 'statement'],
  ['a `with` block in a function', 'def f():\n    with lock:\n        ‸', 'statement'],
  ['between the cases of a match', 'match x:\n    case 1:\n        pass\n    ‸', undefined],
  ['a case body', 'match x:\n    case 1:\n        ‸', 'statement'],
  ['indented between two block levels', 'def f():\n        x = 1\n    ‸', undefined],

  ['a method body after a broken line', 'class A:\n    def f(self):\n        x = = 1\n        ‸', 'statement'],
  ['a method body under a broken return annotation', 'class A:\n    def f(self) -> :\n        ‸', 'statement'],
  ['a function the parser could not place', 'x = 1 +\ndef f():\n    ‸', 'statement'],
  ['a method the parser could not place', 'class A:\n    x = 1 +\n    def f(self):\n        ‸', 'statement'],

  // Strings and comments
  ['a string', 'x = "dec‸"\n', undefined],
  ['a multi-line string', 'x = """\ndec‸\n"""\n', undefined],
  ['a blank line of a docstring', 'class A:\n    """Doc.\n\n    ‸\n    """\n', undefined],
  ['an unterminated multi-line string', 'x = """\n    ‸', undefined],
  ['a comment', 'x = 1  # dec‸\n', undefined],
  ['a comment line', '# dec‸\n', undefined],
  ['an f-string', 'x = f"{y} dec‸"\n', undefined],
  ['the code of an f-string', 'x = f"{dec‸}"\n', undefined],
  ['the code of a multi-line f-string on its own line', 'x = f"""\n{\ndec‸}"""\n', undefined],

  // Inside an expression
  ['after `=`', 'x = dec‸', undefined],
  ['after `return`', 'def f():\n    return dec‸', undefined],
  ['after a decorator `@`', '@dec‸', undefined],
  ['after `;`', 'x = 1; dec‸', undefined],
  ['a call argument on the same line', 'print(dec‸)', undefined],
  ['a call argument on its own line', 'print(\n    dec‸\n)\n', undefined],
  ['an open call at the end of the file', 'print(\n    ‸', undefined],
  ['an open list with items', 'x = [\n    1,\n    dec‸', undefined],
  ['an open dict in a class body', 'class A:\n    d = {\n        ‸', undefined],
  ['an argument line not indented', 'print(\ndec‸\n)\n', undefined],
  ['an open list, its items not indented', 'x = [\n1,\n‸', undefined],
  ['an open dict, its items at the class body indentation', 'class A:\n    d = {\n    ‸', undefined],
  ['the parameters of a function', 'def f(\n    ‸', undefined],
  ['a line continued with a backslash', 'x = 1 + \\\n    dec‸', undefined],
  ['text after the cursor', 'dec‸ = 1\n', undefined],
  ['brackets inside strings and comments do not count', 'x = "(["  # {\ndec‸', 'statement'],
  ['a closed call before', 'print(\n    1,\n)\ndec‸', 'statement'],
  ['after a syntax error that closed its brackets', 'x = (1 +)\n‸', 'statement'],

  // Line breaks, tabs and wide characters
  ['CRLF line breaks in a class body', 'class A:\r\n    x = 1\r\n    ‸\r\n', 'class-body'],
  ['CRLF line breaks in a method body', 'class A:\r\n    def f(self):\r\n        dec‸\r\n', 'statement'],
  ['lone CR line breaks', 'class A:\r    x = 1\r    ‸', 'class-body'],
  ['tab indentation in a class body', 'class A:\n\tx = 1\n\tprop‸', 'class-body'],
  ['tab indentation in a method body', 'class A:\n\tdef f(self):\n\t\t‸', 'statement'],
  ['spaces where the block uses a tab', 'class A:\n\tx = 1\n    ‸', undefined],
  ['emoji before the cursor on the same line', 'x = "😀😀" ‸', undefined],
  ['emoji in a string on the line before', 'class A:\n    face = "😀"\n    prop‸', 'class-body'],
  ['emoji in a string before, inside it', 'x = "😀 dec‸"', undefined],
];

describe('snippetContextAt', () => {
  it.each(CASES)('%s', (_description, code, expected) => {
    expect(contextAt(code)).toBe(expected);
  });

  it('reads each cell of a notebook on its own', () => {
    // The first cell leaves a class body and a bracket open; the second starts at module level.
    const joined = joinCells([
      { cell: 0, source: 'class A:\n    items = [\n' },
      { cell: 1, source: 'dec' },
    ]);
    const second = joined.cells[1];
    const marked = `${joined.text.slice(0, second.end)}${CURSOR}${joined.text.slice(second.end)}`;
    expect(contextAt(marked, second.start)).toBe('statement');
    expect(contextAt(marked)).toBeUndefined();
  });

  it('reads a class body that a notebook cell opens', () => {
    const joined = joinCells([
      { cell: 0, source: 'import os\n' },
      { cell: 1, source: 'class A:\n    x = 1\n    prop' },
    ]);
    const second = joined.cells[1];
    const marked = `${joined.text.slice(0, second.end)}${CURSOR}${joined.text.slice(second.end)}`;
    expect(contextAt(marked, second.start)).toBe('class-body');
  });
});
