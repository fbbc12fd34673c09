import { afterEach, describe, expect, it } from 'vitest';
import type { Node, Tree } from 'web-tree-sitter';
import { collectModuleFacts } from '../../server/src/engine/facts';
import { classKind } from '../../server/src/engine/semantic/classes';
import { localScope, mayBindName } from '../../server/src/engine/semantic/local-scopes';
import { SemanticModel } from '../../server/src/engine/semantic/model';
import { valueUses } from '../../server/src/engine/semantic/value-uses';
import { parser } from '../engine-fixture';

const trees: Tree[] = [];
afterEach(() => trees.splice(0).forEach((tree) => tree.delete()));

/** The model of `code`, and the `nth` (0-based) occurrence of an identifier or dotted name as a node. */
function analyse(code: string) {
  const tree = parser.parse(code);
  trees.push(tree);
  const { facts } = collectModuleFacts(tree.rootNode, code, [3, 12]);
  const semantic = new SemanticModel(facts, code);
  const at = (text: string, nth = 0): Node => {
    let index = -1;
    for (let i = 0; i <= nth; i++) {
      do index = code.indexOf(text, index + 1);
      while (index !== -1 && (/\w/.test(code[index - 1] ?? '') || /\w/.test(code[index + text.length] ?? '')));
      if (index === -1) throw new Error(`no occurrence ${nth} of ${text}`);
    }
    return tree.rootNode.descendantForIndex(index, index + text.length)!;
  };
  const qualified = (text: string, nth = 0) => semantic.qualifiedName(at(text, nth));
  const kind = (text: string, nth = 0) => semantic.resolve(at(text, nth))?.kind;
  return { tree, facts, semantic, at, qualified, kind };
}

describe('semantic model: names', () => {
  it('resolves imports through every spelling to one qualified name', () => {
    const { qualified } = analyse(
      ['import functools', 'import functools as ft', 'from functools import lru_cache', 'from functools import lru_cache as lc', 'import os.path', 'import os.path as osp', 'a = functools.lru_cache', 'b = ft.lru_cache', 'c = lru_cache', 'd = lc', 'e = os.path.join', 'f = osp.join', ''].join('\n'),
    );
    expect(qualified('functools.lru_cache')).toBe('functools.lru_cache');
    expect(qualified('ft.lru_cache')).toBe('functools.lru_cache');
    expect(qualified('lru_cache', 1)).toBe('functools.lru_cache');
    expect(qualified('lc', 1)).toBe('functools.lru_cache');
    expect(qualified('os.path.join')).toBe('os.path.join');
    expect(qualified('osp.join')).toBe('os.path.join');
  });

  it('gives builtins.* for unshadowed builtins and nothing for the module\'s own names, locals and shadowed builtins', () => {
    const { qualified, kind } = analyse(
      ['total = sum(xs)', 'def lru_cache(f):', '    return f', 'x = lru_cache', 'def g(items):', '    def all(x):', '        return x', '    return all(items), any(items)', 'class sorted: pass', 'y = sorted', ''].join('\n'),
    );
    expect(qualified('sum')).toBe('builtins.sum');
    expect(qualified('lru_cache', 1)).toBeUndefined();
    expect(kind('lru_cache', 1)).toBe('function');
    expect(kind('all', 1)).toBe('function');
    expect(qualified('all', 1)).toBeUndefined();
    expect(qualified('any')).toBe('builtins.any');
    expect(qualified('items', 1)).toBeUndefined();
    expect(kind('items', 1)).toBe('parameter');
    expect(qualified('sorted', 1)).toBeUndefined();
  });

  it('treats names a star import may bind as unknown', () => {
    const { qualified, semantic, at } = analyse('from numpy import *\nfrom functools import reduce\nx = sum(a)\ny = reduce\n');
    expect(qualified('sum')).toBeUndefined();
    expect(semantic.isBuiltin(at('sum'))).toBe(false);
    expect(qualified('reduce', 1)).toBe('functools.reduce');
  });

  it('keeps class scopes out of methods, but not out of the class body', () => {
    const { kind, qualified } = analyse(
      ['from functools import cache', 'class C:', '    cache = staticmethod(cache)', '    size = 1', '    @cache', '    def m(self):', '        return size, cache', 'size = 2', ''].join('\n'),
    );
    expect(qualified('cache', 2)).toBe('functools.cache');
    expect(kind('cache', 3)).toBe('assignment');
    expect(qualified('cache', 4)).toBe('functools.cache');
    expect(kind('size', 1)).toBe('assignment');
  });

  it('evaluates defaults, annotations and decorators outside the function, and the first iterable outside a comprehension', () => {
    const { kind, semantic, at } = analyse(
      ['def f(sum, n=sum, *, key: int = len):', '    return sum', 'class K:', '    xs = [1]', '    ys = [y for y in xs]', '    zs = [z for z in range(3) for w in xs]', ''].join('\n'),
    );
    expect(kind('sum', 1)).toBe('builtin');
    expect(kind('sum', 2)).toBe('parameter');
    expect(kind('sum')).toBe('parameter');
    expect(kind('len')).toBe('builtin');
    expect(kind('xs', 1)).toBe('assignment');
    expect(semantic.resolve(at('xs', 2))).toBeUndefined();
    expect(kind('y', 1)).toBe('for');
  });

  it('follows global and nonlocal, and binds a walrus in a comprehension in the function around it', () => {
    const { kind, semantic, at } = analyse(
      ['count = 0', 'def f(items):', '    global count', '    count = 1', '    def g():', '        nonlocal items', '        items = []', '    if any((hit := x) for x in items):', '        return hit', ''].join('\n'),
    );
    expect(semantic.resolve(at('count', 2))?.scope.kind).toBe('module');
    expect(kind('items', 2)).toBe('parameter');
    const hit = semantic.resolve(at('hit', 1));
    expect(hit?.kind).toBe('walrus');
    expect(hit?.scope.kind).toBe('function');
  });

  it('binds for, with, except, match, import, def, annotated, augmented and PEP 695 names', () => {
    const code = [
      'def f[T](xs: list[T]) -> T:',
      '    for i, (j, *k) in xs: pass',
      '    with open(p) as fh, q as (g, h): pass',
      '    try: pass',
      '    except E as err: pass',
      '    match xs:',
      '        case [first, *rest] | {"k": first, **rest}: pass',
      '        case Point(x=px) as whole: pass',
      '    import json as js',
      '    cache: dict[str, int] = {}',
      '    total: int',
      '    total += 1',
      '    def inner(): pass',
      '    class Inner: pass',
      '    type Pair[U] = tuple[U, U]',
      '    return T, i, j, k, fh, g, h, err, first, rest, px, whole, js, cache, total, inner, Inner, Pair',
      '',
    ].join('\n');
    const { semantic, tree, at } = analyse(code);
    const returned = tree.rootNode.descendantsOfType('return_statement')[0]!.firstNamedChild!.namedChildren;
    const kinds = Object.fromEntries(returned.map((node) => [node!.text, semantic.resolve(node!)?.kind]));
    expect(kinds).toEqual({
      T: 'type-parameter', i: 'for', j: 'for', k: 'for', fh: 'with', g: 'with', h: 'with', err: 'except', first: 'match', rest: 'match', px: 'match', whole: 'match',
      js: 'import', cache: 'assignment', total: 'augmented-assignment', inner: 'function', Inner: 'class', Pair: 'type-alias',
    });
    expect(semantic.resolve(at('cache', 1))?.value?.type).toBe('dictionary');
    expect(semantic.resolve(at('cache', 1))?.annotation?.text).toBe('dict[str, int]');
  });

  it('gives a qualified name through an import in a function or a class body, and none where a scope shadows it', () => {
    const { qualified } = analyse(
      [
        'import os',
        'def local():',
        '    import json as js',
        '    return js.dumps(os.sep)',
        'def shadowed(os):',
        '    return os.sep',
        'def plain(js):',
        '    return js.dumps',
        'class Tools:',
        '    from json import dumps',
        '    encode = dumps',
        'def outer():',
        '    from json import loads',
        '    def inner():',
        '        return loads',
        '    return inner',
        '',
      ].join('\n'),
    );
    expect(qualified('js.dumps')).toBe('json.dumps');
    expect(qualified('os.sep')).toBe('os.sep');
    expect(qualified('os.sep', 1)).toBeUndefined();
    expect(qualified('js.dumps', 1)).toBeUndefined();
    expect(qualified('dumps', 3)).toBe('json.dumps');
    expect(qualified('loads', 1)).toBe('json.loads');
  });

  it('does not see the names of a class body from its methods, generic or not', () => {
    const { qualified } = analyse(['import abc', 'class Box:', '    abc = None', '    def get(self):', '        return abc.ABC', 'class Pair[T]:', '    abc = None', '    def get(self) -> T:', '        return abc.ABC', ''].join('\n'));
    expect(qualified('abc.ABC')).toBe('abc.ABC');
    expect(qualified('abc.ABC', 1)).toBe('abc.ABC');
  });

  it('sees type parameters of a generic class from its methods', () => {
    const { kind } = analyse('class Box[T]:\n    def get(self) -> T:\n        x: T = self.v\n        return x\n');
    expect(kind('T', 2)).toBe('type-parameter');
  });

  it('reads module bindings in top-level blocks, import fallbacks and conditional imports', () => {
    const { qualified, semantic, at, facts } = analyse(
      [
        'try:',
        '    from functools import cache',
        'except ImportError:',
        '    cache = None',
        'if TYPE_CHECKING:',
        '    from typing import Protocol',
        'else:',
        '    from typing_extensions import Protocol',
        'CACHE: dict[str, int] = {}',
        'x = cache, Protocol, CACHE',
        '',
      ].join('\n'),
    );
    expect(qualified('cache', 2)).toBe('functools.cache');
    expect(qualified('Protocol', 2)).toBeUndefined();
    expect(semantic.qualifiedNames(at('Protocol', 2)).sort()).toEqual(['typing.Protocol', 'typing_extensions.Protocol']);
    expect(semantic.matches(at('Protocol', 2), 'typing.Protocol', 'typing_extensions.Protocol')).toBe(true);
    expect(semantic.matches(at('Protocol', 2), 'typing.Protocol')).toBe(false);
    expect(facts.bindings.get('CACHE')?.[0]).toMatchObject({ kind: 'assignment', valueType: 'dictionary' });
  });

  it('matches a name imported under another name, at module level or in a function, across a line continuation', () => {
    const { semantic, at } = analyse(
      [
        'from builtins import object as Root',
        'import trio as \\',
        '    t',
        'from trio import fail_at as \\',
        '    at_time',
        'def f():',
        '    from anyio import (',
        '        fail_after as deadline,',
        '    )',
        '    return Root, t.fail_after, deadline, fail_after, object, t.move_on_after.x, at_time',
        '',
      ].join('\n'),
    );
    expect(semantic.matches(at('Root', 1), 'builtins.object')).toBe(true);
    expect(semantic.matches(at('t.fail_after'), 'trio.fail_after')).toBe(true);
    expect(semantic.matches(at('t.fail_after'), 'trio.move_on_after')).toBe(false);
    expect(semantic.matches(at('deadline', 1), 'anyio.fail_after')).toBe(true);
    expect(semantic.matches(at('fail_after', 2), 'anyio.fail_after')).toBe(false);
    expect(semantic.matches(at('object'), 'builtins.object')).toBe(true);
    expect(semantic.matches(at('t.move_on_after.x'), 'trio.move_on_after.x')).toBe(true);
    expect(semantic.matches(at('at_time', 1), 'trio.fail_at')).toBe(true);
  });

  it('spells a qualified name through the existing imports, unless shadowed where the fix writes it', () => {
    const { semantic, at } = analyse(
      ['import functools as ft', 'from math import prod', 'def f(ft):', '    return prod', 'def g():', '    return prod', ''].join('\n'),
    );
    expect(semantic.spell('functools.wraps', at('prod', 2))).toBe('ft.wraps');
    expect(semantic.spell('functools.wraps', at('prod', 1))).toBeUndefined();
    expect(semantic.spell('math.prod', at('prod', 2))).toBe('prod');
    expect(semantic.spell('builtins.sum', at('prod', 2))).toBe('sum');
    expect(semantic.isFree('wraps', at('prod', 2))).toBe(true);
    expect(semantic.isFree('prod', at('prod', 2))).toBe(false);
    expect(semantic.isFree('len', at('prod', 2))).toBe(false);
  });
});

describe('semantic model: how values are used', () => {
  const usesOf = (code: string, name: string) => {
    const { semantic, at } = analyse(code);
    const binding = semantic.resolve(at(name))!;
    const uses = valueUses(semantic, binding);
    const texts = (nodes: Node[]) => nodes.map((node) => node.parent!.text);
    return { uses, texts };
  };

  it('tells mutation, rebinding, copies, storage, returns, passing and reads apart', () => {
    const { uses, texts } = usesOf(
      [
        'def f(items=[], other=None):',
        '    items.append(1)',
        '    items[0] = 2',
        '    del items[1]',
        '    items.attr = 3',
        '    items += [4]',
        '    copy = list(items)',
        '    snapshot = items[:]',
        '    self.items = items',
        '    REGISTRY.append(items)',
        '    process(items)',
        '    print(len(items), items.count(1))',
        '    for item in items: pass',
        '    return items, other',
        '',
      ].join('\n'),
      'items',
    );
    expect(uses.mutated.length).toBe(5);
    expect(texts(uses.copied)).toEqual(['(items)', 'items[:]']);
    expect(texts(uses.stored)).toEqual(['self.items = items', '(items)']);
    expect(texts(uses.passed)).toEqual(['(items)']);
    expect(uses.returned.length).toBe(1);
    expect(uses.read.length).toBe(3);
    expect(uses.rebound).toEqual([]);
  });

  it('counts what happens through an alias, and leaves names of nested scopes and keyword names out', () => {
    const { uses } = usesOf(
      ['def f(seen=set()):', '    alias = seen', '    alias.add(1)', '    g(seen=1)', '    def h(seen): return seen', '    return [seen for seen in range(3)]', ''].join('\n'),
      'seen',
    );
    expect(uses.references.length).toBe(1);
    expect(uses.mutated.length).toBe(1);
  });

  it('sees a parameter rebound before use', () => {
    const { uses } = usesOf('def f(opts={}):\n    opts = dict(opts)\n    opts.update(a=1)\n    return opts\n', 'opts');
    expect(uses.rebound.length).toBe(1);
    expect(uses.copied.length).toBe(1);
  });
});

describe('semantic model: classes', () => {
  it('knows the kind of a class from its bases, decorators and dunders, through imports and local bases', () => {
    const { facts } = analyse(
      [
        'import enum',
        'from dataclasses import dataclass as dc',
        'from typing import NamedTuple, Protocol',
        'from django.db import models',
        'class Color(enum.Enum): pass',
        'class Shade(Color): pass',
        '@dc(frozen=True)',
        'class Point:',
        '    x: int',
        'class Pair(NamedTuple):',
        '    a: int',
        'class Shape(Protocol):',
        '    def area(self) -> float: ...',
        'class Article(models.Model): pass',
        'class Key:',
        '    def __eq__(self, other): return True',
        '    __hash__ = None',
        'class App:',
        '    async def __call__(self, scope, receive, send): pass',
        'class Wsgi:',
        '    def __call__(self, environ, start_response): pass',
        'class Boom(ValueError): pass',
        'class Meta(type): pass',
        '',
      ].join('\n'),
    );
    const kind = (name: string) => classKind(facts.classes.get(name)!, (local) => facts.classes.get(local));
    expect(kind('Shade')).toMatchObject({ enum: true, valueType: true });
    expect(kind('Point')).toMatchObject({ dataclass: true, frozen: true, valueType: true });
    expect(kind('Pair')).toMatchObject({ namedTuple: true });
    expect(kind('Shape')).toMatchObject({ protocol: true, valueType: false });
    expect(kind('Article')).toMatchObject({ djangoModel: true });
    expect(facts.classes.get('Key')!.dunders).toEqual(['__eq__', '__hash__']);
    expect(kind('Key').valueType).toBe(true);
    expect(kind('App').callable).toBe('asgi');
    expect(kind('Wsgi').callable).toBe('wsgi');
    expect(kind('Boom').exception).toBe(true);
    expect(kind('Meta').metaclass).toBe(true);
  });

  it('knows a kind only when every way the module binds the base agrees', () => {
    const one = analyse('from enum import *\nclass Color(Enum): pass\n').facts;
    expect(classKind(one.classes.get('Color')!, () => undefined).enum).toBe(true);
    const two = analyse('from enum import *\nfrom myenums import *\nclass Color(Enum): pass\nclass Meta(type): pass\n').facts;
    expect(classKind(two.classes.get('Color')!, () => undefined).enum).toBe(false);
    expect(classKind(two.classes.get('Meta')!, () => undefined).metaclass).toBe(false);
  });

  it('records the bases a class initialises by hand', () => {
    const { facts } = analyse('class C(A, B):\n    def __init__(self):\n        A.__init__(self)\n        # B.__init__(self) is not called\n        super().__init__()\n');
    expect(facts.classes.get('C')!.initCalls).toEqual(['A']);
  });
});

describe('semantic model: the text guard before resolving', () => {
  it('takes the last part of a qualified name only as a name of its own, or a module alias of it', () => {
    const { semantic } = analyse(['from abc import ABCMeta as Meta', ''].join('\n'));
    expect(semantic.mayReferTo('type', 'builtins.type')).toBe(true);
    expect(semantic.mayReferTo('Base, type', 'builtins.type')).toBe(true);
    expect(semantic.mayReferTo('abc.ABCMeta)', 'builtins.type', 'abc.ABCMeta')).toBe(true);
    expect(semantic.mayReferTo('Meta', 'abc.ABCMeta')).toBe(true);
    expect(semantic.mayReferTo('ctypes.Structure', 'builtins.type')).toBe(false);
    expect(semantic.mayReferTo('types.SimpleNamespace, typed', 'builtins.type')).toBe(false);
    expect(semantic.mayReferTo('_type', 'builtins.type')).toBe(false);
  });
});

describe('semantic model: the text guard before building a scope', () => {
  it('never misses a name that a function, lambda or comprehension binds', () => {
    const code = [
      'def f[T](a, b: int = 1, *args, c, d=2, **kw, after_comment  # the last',
      '):',
      '    x = y = 1',
      '    p: int',
      '    q: list[int] = []',
      '    r, (s, *t) = u',
      '    v += 1',
      '    w -= 1',
      '    for i, j in z: pass',
      '    while (k := next(z)): pass',
      '    with open(n) as fh, m as (g, h): pass',
      '    try: pass',
      '    except E as err: pass',
      '    import json, os.path as op',
      '    from m import a1, b1 as c1',
      '    import csv, \\',
      '        zlib',
      '    global gl, gl2',
      '    del dd1, dd2',
      '    def inner(): pass',
      '    class Inner: pass',
      '    del dd',
      '    match z:',
      '        case [first, *rest]: pass',
      '        case {"k": kv, **kws}: pass',
      '        case Point(x=px) as whole: pass',
      '        case cap if cap: pass',
      '    g2 = lambda l1, l2=1: l1',
      '    return [e1 for e1 in z if e1], {e2: e3 for e2, e3 in z}',
      '',
    ].join('\n');
    const { tree } = analyse(code);
    const scopeNodes = tree.rootNode.descendantsOfType(['function_definition', 'lambda', 'list_comprehension', 'dictionary_comprehension']).filter((node): node is Node => node !== null);
    let checked = 0;
    for (const node of scopeNodes) {
      const scope = localScope(node);
      for (const name of [...scope.bindings.keys(), ...scope.globals, ...scope.typeParameters.keys()]) {
        expect(mayBindName(node, name), `${name} in the ${node.type} at ${node.startPosition.row}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(40);
    // And it does say no, or it would spare nothing.
    expect(mayBindName(scopeNodes[0], 'sum')).toBe(false);
    // A name only passed to a call or used as an object is read, not bound.
    expect(mayBindName(scopeNodes[0], 'next')).toBe(false);
    expect(mayBindName(scopeNodes[0], 'open')).toBe(false);
  });
});
