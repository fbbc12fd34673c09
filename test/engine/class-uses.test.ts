import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Tree } from 'web-tree-sitter';
import { collectModuleFacts } from '../../server/src/engine/facts';
import { ancestorsInFile, attributeWrites, classReferences, descendantsInFile, heldClass, moduleClasses } from '../../server/src/engine/semantic/class-uses';
import { SemanticModel } from '../../server/src/engine/semantic/model';
import { parser } from '../engine-fixture';

const trees: Tree[] = [];
afterEach(() => trees.splice(0).forEach((tree) => tree.delete()));

function analyse(...source: string[]) {
  const code = source.join('\n') + '\n';
  const tree = parser.parse(code);
  trees.push(tree);
  const { facts } = collectModuleFacts(tree.rootNode, code, [3, 12]);
  const semantic = new SemanticModel(facts, code);
  const classes = moduleClasses(tree.rootNode, semantic);
  const className = (node: Node | undefined) => node?.childForFieldName('name')?.text;
  return { root: tree.rootNode, semantic, classes, className, at: (name: string) => classes.definitions.get(name)! };
}

describe('how a module uses its classes', () => {
  it('tells what a name holds: self, cls, a constructed or annotated variable, the class itself', () => {
    const { root, semantic, classes, className } = analyse(
      'from typing import Optional',
      'class Point:',
      '    def move(self):',
      '        self.x = 1',
      '    @classmethod',
      '    def make(cls):',
      '        cls.count = 0',
      '    @staticmethod',
      '    def helper(other):',
      '        other.x = 2',
      'p = Point()',
      'p.x = 3',
      'def f(q: Optional[Point], r: Point | None, s):',
      '    q.x = r.x = s.x = 4',
      '    t = Point()',
      '    t.x = 5',
      'Point.x = 6',
    );
    const held = attributeWrites(semantic, root).map((write) => {
      const found = heldClass(semantic, classes, write.object);
      return `${write.object.text}.${write.attribute}: ${found ? `${found.kind} of ${className(found.definition)} via ${found.via}` : '-'}`;
    });
    expect(held).toEqual([
      'self.x: instance of Point via self',
      'cls.count: class of Point via self',
      'other.x: -',
      'p.x: instance of Point via variable',
      'q.x: instance of Point via variable',
      'r.x: instance of Point via variable',
      's.x: -',
      't.x: instance of Point via variable',
      'Point.x: class of Point via name',
    ]);
  });

  it('finds every way code writes an attribute, and only those', () => {
    const { root, semantic } = analyse(
      'def f(o, items):',
      '    o.a = 1',
      '    o.b += 1',
      '    del o.c',
      '    for o.d in items: pass',
      '    (o.e, x) = 1, 2',
      '    with open("f") as o.f: pass',
      '    setattr(o, "g", 1)',
      '    setattr(o, name, 1)',
      '    object.__setattr__(o, "h", 1)',
      '    o.i[0] = 1',
      '    o.j.k = 1',
      '    print(o.l)',
    );
    expect(attributeWrites(semantic, root).map((write) => `${write.attribute ?? '?'}${write.bypassesSetattr ? ' (object)' : ''}`)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', '?', 'h (object)']);
  });

  it('follows bases and subclasses through the file, and stops at what it cannot see', () => {
    const { semantic, classes, className, at } = analyse(
      'import abc',
      'from typing import Generic, TypeVar',
      'from models import Model',
      'T = TypeVar("T")',
      'class A(abc.ABC): ...',
      'class B(A, Generic[T]): ...',
      'class C(B[int]): ...',
      'class D(Model): ...',
      'def local():',
      '    class E(D): ...',
    );
    expect(ancestorsInFile(semantic, classes, at('C'))?.map(className)).toEqual(['B', 'A']);
    expect(ancestorsInFile(semantic, classes, at('D'))).toBeUndefined();
    expect(descendantsInFile(semantic, classes, at('A'))?.map(className)).toEqual(['B', 'C']);
    expect(descendantsInFile(semantic, classes, at('D'))).toBeUndefined();
    expect(classReferences(semantic, classes, at('B')).map((reference) => reference.parent?.type)).toEqual(['subscript']);
  });

  it('leaves out a shadowed name and a class the module binds twice', () => {
    const { semantic, classes, at } = analyse('class Point: ...', 'def f(Point):', '    return Point(1)', 'class Twice: ...', 'Twice = None', 'x = Point()');
    expect(classReferences(semantic, classes, at('Point')).map((reference) => reference.parent?.parent?.type)).toEqual(['assignment']);
    expect(classes.definitions.has('Twice')).toBe(false);
  });
});
