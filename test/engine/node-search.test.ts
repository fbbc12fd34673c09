import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { nodesOfTypes } from '../../server/src/engine/node-search';
import { parser } from '../engine-fixture';

const KEYWORD_TYPES = ['function_definition', 'class_definition', 'decorated_definition', 'decorator', 'with_statement', 'for_statement', 'for_in_clause', 'try_statement', 'except_clause', 'await', 'lambda'];

/** Keywords where they are not the node's: in strings, comments, names, and operators that share `@`. */
const DECOYS = [
  '# def class with for try except await lambda @decorator',
  'define = withdraw = forx = _with = tryst = classy = lambda_ = 1',
  'éfor = 2',
  's = "def f(): pass; with x: for y in z: try: await q"',
  "t = f'{x!r} for {y} with @'",
  '"""',
  'A docstring: for each item, try it with care; await nothing. user@example.org',
  '"""',
  'm = a @ b',
  'm @= b',
  '',
].join('\n');

const REAL = [
  'import asyncio',
  '',
  '@decorator',
  '@other.decorator(1, key=lambda v: v)',
  'class Shape(Base, metaclass=Meta):',
  '    @property',
  '    def area(self):',
  '        return [side for side in self.sides if side]',
  '',
  '    async def load(self, session):',
  '        async with session.get(URL) as response:',
  '            async for chunk in response.content:',
  '                await asyncio.sleep(0)',
  '                handler = lambda event: event',
  '        values = [await fetch(v) async for v in source()]',
  '        return (1for x in values)',
  '',
  'def outer():',
  '    def inner(x=lambda: [y for y in range(3)]):',
  '        class Local:',
  '            pass',
  '        try:',
  '            with open(p) as f, lock:',
  '                pass',
  '        except (OSError, ValueError) as error:',
  '            raise',
  '        except* KeyError:',
  '            pass',
  '        finally:',
  '            for i in range(2):',
  '                pass',
  '    return inner',
  '',
].join('\n');

/** Every named node of `types` in document order, as the walk finds them (it finds the `await` keyword too). */
function walked(root: Node, types: string[]): number[] {
  return root
    .descendantsOfType(types)
    .filter((node) => node!.isNamed)
    .map((node) => node!.id);
}

function expectSameAsWalk(source: string) {
  const tree = parser.parse(source);
  try {
    const roots = [tree.rootNode, ...tree.rootNode.namedChildren.filter((node): node is Node => node !== null)];
    const typeSets = [KEYWORD_TYPES, ...KEYWORD_TYPES.map((type) => [type]), ['function_definition', 'class_definition'], ['decorated_definition', 'function_definition', 'decorator'], ['await', 'expression_statement', 'call', 'assignment', 'function_definition', 'lambda']];
    let found = 0;
    for (const root of roots) {
      const text = source.slice(root.startIndex, root.endIndex);
      for (const types of typeSets) {
        const nodes = nodesOfTypes(root, text, types);
        expect(nodes.map((node) => node.id), `${types.join(',')} in ${JSON.stringify(text.slice(0, 40))}`).toEqual(walked(root, types));
        if (types === KEYWORD_TYPES) found += nodes.length;
      }
    }
    return found;
  } finally {
    tree.delete();
  }
}

describe('nodesOfTypes', () => {
  it('finds what the walk finds, in the same order, keywords in strings, comments and names aside', () => {
    expect(expectSameAsWalk(REAL)).toBeGreaterThan(40);
    expect(expectSameAsWalk(DECOYS)).toBe(0);
    expect(expectSameAsWalk(REAL + DECOYS)).toBeGreaterThan(40);
  });

  it('holds with CRLF, lone CR, tabs and code before the keywords on a line', () => {
    const crlf = REAL.replace(/\n/g, '\r\n');
    expect(expectSameAsWalk(crlf)).toBeGreaterThan(40);
    expect(expectSameAsWalk(REAL.replace(/\n/g, '\r'))).toBeGreaterThan(40);
    expect(expectSameAsWalk(REAL.replace(/ {4}/g, '\t'))).toBeGreaterThan(40);
    expect(expectSameAsWalk('x = 1; def f(): pass\nif x: import os; y = [z for z in w]\n')).toBeGreaterThan(0);
  });

  it('gives named nodes only, also when it walks: `await` and `lambda` are keyword tokens too', () => {
    const source = Array.from({ length: 40 }, (_, i) => `async def f${i}(): await g(lambda: 1)`).join('\n') + '\n';
    const tree = parser.parse(source);
    try {
      const nodes = nodesOfTypes(tree.rootNode, source, ['await', 'lambda', 'call']);
      expect(nodes.map((node) => node.type)).toEqual(Array.from({ length: 40 }, () => ['await', 'call', 'lambda']).flat());
    } finally {
      tree.delete();
    }
  });

  it('finds a keyword right after a number (`1for`), which the lexer splits', () => {
    const source = 'values = [1for x in y]\n';
    const tree = parser.parse(source);
    try {
      const clauses = nodesOfTypes(tree.rootNode, source, ['for_in_clause']);
      expect(clauses.map((node) => node.type)).toEqual(['for_in_clause']);
    } finally {
      tree.delete();
    }
  });

  it('walks when keywords are dense, and for types that begin with no keyword', () => {
    const dense = Array.from({ length: 60 }, (_, i) => `def f${i}(): pass`).join('\n') + '\n';
    expect(expectSameAsWalk(dense)).toBeGreaterThan(60);
    const tree = parser.parse('x = 1\ny = [x := 2]\n');
    try {
      expect(nodesOfTypes(tree.rootNode, tree.rootNode.text, ['assignment', 'function_definition']).map((node) => node.type)).toEqual(['assignment', 'assignment']);
    } finally {
      tree.delete();
    }
  });

  it('agrees with the walk on the bundled examples', () => {
    const folder = new URL('../../examples/', import.meta.url);
    for (const name of readdirSync(folder).filter((file) => file.endsWith('.py'))) expectSameAsWalk(readFileSync(new URL(name, folder), 'utf8'));
  });
});
