import { describe, expect, it } from 'vitest';
import { patternHoverMarkdown } from '../../server/src/engine/pattern-docs';
import { patternAt } from '../pattern-tester';
import { itNeverThrows, itRecognizes, itRecognizesNothing } from '../pattern-cases';

describe('typing names, in every spelling', () => {
  itRecognizes({
    'Protocol as a base': { code: 'from typing import Protocol\n\nclass Closeable(Proto‸col):\n    def close(self) -> None: ...\n', id: 'protocol', span: 'Protocol' },
    'Protocol in its import': { code: 'from typing import Pro‸tocol\n', id: 'protocol', span: 'Protocol' },
    'Protocol through a module alias': { code: 'import typing as t\n\nclass Closeable(t.Proto‸col):\n    pass\n', id: 'protocol', span: 't.Protocol' },
    'Protocol from typing_extensions': { code: 'from typing_extensions import Protocol as P\n\nclass Closeable(‸P):\n    pass\n', id: 'protocol', span: 'P' },
    'runtime_checkable as a decorator': { code: 'import typing\n\n@typing.runtime_‸checkable\nclass Closeable(typing.Protocol):\n    pass\n', id: 'runtime-checkable', span: 'typing.runtime_checkable' },
    "runtime_checkable by typing_extensions' old name": { code: 'from typing_extensions import run‸time\n', id: 'runtime-checkable', span: 'runtime' },
    TypeVar: { code: 'from typing import TypeVar\n\nT = Type‸Var("T")\n', id: 'type-variables', span: 'TypeVar', detail: null, target: [3, 11] },
    'TypeVar with a bound, and the 3.12 syntax for a 3.12 target': { code: 'from typing import TypeVar\n\nN = Type‸Var("N", bound=float)\n', id: 'type-variables', span: 'TypeVar', detail: /^Bounded by `float`.* The project targets 3\.12\+, where a type parameter list declares it in place/, target: [3, 12] },
    'TypeVar with constraints': { code: 'import typing\n\nS = typing.Type‸Var("S", str, bytes)\n', id: 'type-variables', span: 'typing.TypeVar', detail: 'exactly one of `str`, `bytes`', target: [3, 8] },
    'TypeVar, covariant': { code: 'from typing import TypeVar\n\nT_co = Type‸Var("T_co", covariant=True)\n', id: 'type-variables', span: 'TypeVar', detail: /^Covariant/, target: [3, 8] },
    'Generic as a base': { code: 'from typing import Generic, TypeVar\n\nT = TypeVar("T")\n\nclass Box(Gen‸eric[T]):\n    pass\n', id: 'type-variables', span: 'Generic', detail: null, target: [3, 11] },
    'Generic, where 3.12 needs no base': { code: 'from typing import Generic, TypeVar\n\nT = TypeVar("T")\n\nclass Box(Gen‸eric[T]):\n    pass\n', id: 'type-variables', span: 'Generic', detail: '`class Box[T]:`', target: [3, 13] },
    ParamSpec: { code: 'from typing import ParamSpec\n\nP = Param‸Spec("P")\n', id: 'param-spec', span: 'ParamSpec', detail: null },
    'ParamSpec from typing_extensions': { code: 'from typing_extensions import Param‸Spec\n', id: 'param-spec', span: 'ParamSpec', detail: 'the backport of `typing.ParamSpec`' },
    TypedDict: { code: 'from typing import TypedDict\n\nclass Movie(Typed‸Dict):\n    title: str\n', id: 'typed-dict', span: 'TypedDict', detail: null },
    'TypedDict, total=False': { code: 'from typing import TypedDict\n\nclass Movie(Typed‸Dict, total=False):\n    title: str\n', id: 'typed-dict', span: 'TypedDict', detail: '`total=False`' },
    'TypedDict, functional and total=False': { code: 'import typing\n\nMovie = typing.Typed‸Dict("Movie", {"title": str}, total=False)\n', id: 'typed-dict', span: 'typing.TypedDict', detail: '`total=False`' },
    NamedTuple: { code: 'from typing import NamedTuple\n\nclass Point(Named‸Tuple):\n    x: int\n', id: 'named-tuple', span: 'NamedTuple' },
    Literal: { code: 'from typing import Literal\n\nMode = Lit‸eral["r", "w"]\n', id: 'literal', span: 'Literal' },
    Final: { code: 'import typing\n\nMAX: typing.Fin‸al = 3\n', id: 'final', span: 'typing.Final' },
    overload: { code: 'from typing import overload\n\n@over‸load\ndef f(x: int) -> int: ...\n', id: 'overload', span: 'overload' },
    'overload from typing_extensions': { code: 'import typing_extensions as te\n\n@te.over‸load\ndef f(x: int) -> int: ...\n', id: 'overload', span: 'te.overload' },
  });
  itRecognizesNothing({
    'a class of the module named Protocol': 'class Protocol:\n    pass\n\nclass Closeable(Proto‸col):\n    pass\n',
    'a parameter named Literal': 'def f(Literal):\n    return Lit‸eral\n',
    'Final of another module': 'from mylib import Final\n\nMAX: Fin‸al = 3\n',
    'an unimported name': 'x: Fin‸al = 3\n',
    'the module of a name': 'import typing\n\nx: typ‸ing.Final = 3\n',
  });

  it('says a backported ParamSpec runs on the lowest target, and typing.ParamSpec does not', () => {
    const docsUrl = () => 'patterns.md#param-spec';
    const backport = patternAt('from typing_extensions import Param‸Spec\n')!;
    const typing = patternAt('from typing import Param‸Spec\n')!;
    expect(patternHoverMarkdown(backport.match, [3, 8], docsUrl)).not.toContain('does not run');
    expect(patternHoverMarkdown(typing.match, [3, 8], docsUrl)).toContain('⚠ Needs Python 3.10+: the project targets 3.8, where this does not run.');
  });
});

describe('type parameter lists and type aliases (3.12)', () => {
  itRecognizes({
    'a function': { code: 'def first[‸T](items: list[T]) -> T:\n    return items[0]\n', id: 'type-parameters', span: '[T]', detail: 'Declares `T`.' },
    'each kind of parameter': {
      code: 'def call[T: int, C: (str, bytes), *Ts, **‸P](f) -> T: ...\n',
      id: 'type-parameters',
      span: '[T: int, C: (str, bytes), *Ts, **P]',
      detail: 'Declares `T` bounded by `int`; `C` constrained to one of `(str, bytes)`; `*Ts`, any number of types (a `TypeVarTuple`); `**P`, a parameter list (a `ParamSpec`).',
    },
    'a class': { code: 'class Box[T‸](Base):\n    pass\n', id: 'type-parameters', span: '[T]' },
    "an alias's parameters": { code: 'type Pairs[‸K] = list[tuple[K, int]]\n', id: 'type-parameters', span: '[K]' },
    'an alias, from its keyword': { code: '‸type Pairs = list[tuple[str, int]]\n', id: 'type-alias', span: 'type Pairs =' },
    "an alias, from its name": { code: 'type Pai‸rs[K] = list[K]\n', id: 'type-alias', span: 'type Pairs[K] =' },
  });
  itRecognizesNothing({
    'a subscripted annotation': 'items: list[‸int] = []\n',
    "an alias's value": 'type Pairs = list[tuple[str, ‸int]]\n',
    "an alias's subscripted value": 'type Pairs[K] = dict[‸K, int]\n',
    '`type` as a name': '‸type = "admin"\n',
    'a call of type': 'print(‸type(x))\n',
  });
  it('tells a 3.11 project that it will not run there', () => {
    const found = patternAt('def first[‸T](items: list[T]) -> T: ...\n')!;
    expect(patternHoverMarkdown(found.match, [3, 11], () => '')).toContain('⚠ Needs Python 3.12+: the project targets 3.11, where this does not run.');
  });
});

describe('half-typed typing code', () => {
  itNeverThrows([
    'def f[',
    'def f[T: ',
    'def f[T = int](): pass\n',
    'class C[',
    'type ',
    'type X',
    'type X[T] =',
    'from typing import (Protocol,',
    'from typing_extensions import',
    'T = TypeVar("T", bound=',
    'class M(TypedDict, total=',
  ]);
});
