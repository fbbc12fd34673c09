// Typing: protocols, generics (with `TypeVar`, `ParamSpec` and the 3.12 type parameter syntax),
// type aliases, `TypedDict`, `NamedTuple`, `Literal`, `Final` and `@overload`. Most are names from
// `typing`, recognized in their `typing_extensions` spelling too.

import type { Node } from 'web-tree-sitter';
import { atLeast } from '../engine/analyzer';
import { OLDEST_TARGET } from '../engine/config/python-version';
import { definePattern, type PatternContext, type PatternSpan } from '../engine/pattern';
import { namedChildren } from '../engine/syntax';
import { argumentsOf, keywordArgument, positionalArguments } from './call-arguments';

/** `typing.X` and its backport `typing_extensions.X`, for each name. */
function typingNames(...names: string[]): string[] {
  return names.flatMap((name) => [`typing.${name}`, `typing_extensions.${name}`]);
}

/**
 * The occurrence of a name that `typing` gained after our oldest target: spelled from
 * `typing_extensions`, it runs on every target, and the hover must not say otherwise.
 */
function backportSpan(node: Node, qualified: string): PatternSpan | undefined {
  if (!qualified.startsWith('typing_extensions.')) return undefined;
  const name = qualified.slice('typing_extensions.'.length);
  return { start: node.startIndex, end: node.endIndex, detail: `Imported from \`typing_extensions\`, the backport of \`typing.${name}\` for older Pythons.`, minPython: OLDEST_TARGET };
}

/** What a `TypeVar(…)` call declares: its bound, constraints or variance. */
function typeVarDetail(node: Node, context: PatternContext): string | undefined {
  const details: string[] = [];
  const argumentList = argumentsOf(node);
  if (argumentList) {
    const constraints = positionalArguments(argumentList).slice(1);
    const bound = keywordArgument(argumentList, 'bound', context);
    if (bound) details.push(`Bounded by \`${bound}\`: it stands for that type or a subtype of it.`);
    if (constraints.length > 0) details.push(`Constrained: it is exactly one of ${constraints.map((each) => `\`${context.text(each)}\``).join(', ')} in each use, never a mix.`);
    if (keywordArgument(argumentList, 'covariant', context) === 'True') details.push('Covariant: a `Box[Cat]` passes for a `Box[Animal]`, right for containers that are only read.');
    if (keywordArgument(argumentList, 'contravariant', context) === 'True') details.push('Contravariant: a `Sink[Animal]` passes for a `Sink[Cat]`, right for things that only take values in.');
  }
  if (atLeast(context.target, [3, 12])) details.push('The project targets 3.12+, where a type parameter list declares it in place: `def first[T](items: list[T]) -> T`.');
  return details.length > 0 ? details.join(' ') : undefined;
}

/** Whether a `type_parameter` node declares type parameters (`def f[T]`, `class C[T]`, `type A[T] = …`) rather than subscripts a type (`list[int]`). */
function declaresTypeParameters(node: Node): boolean {
  const owner = node.parent;
  if (owner?.type === 'function_definition' || owner?.type === 'class_definition') return owner.childForFieldName('type_parameters')?.id === node.id;
  // `type Pairs[K] = …`: the alias's `left` is a type holding `Pairs[K]`.
  const left = owner?.type === 'generic_type' ? owner.parent : null;
  const alias = left?.parent;
  return alias?.type === 'type_alias_statement' && alias.childForFieldName('left')?.id === left!.id;
}

/** One declared parameter in words: `` `T` ``, `` `T` bounded by `int` ``, `` `*Ts`, a tuple of types ``. */
function typeParameterText(parameter: Node, context: PatternContext): string | undefined {
  const inner = parameter.firstNamedChild;
  if (!inner) return undefined;
  if (inner.type === 'splat_type') {
    const variadic = inner.firstChild?.type === '**';
    return `\`${context.text(inner)}\`, ${variadic ? 'a parameter list (a `ParamSpec`)' : 'any number of types (a `TypeVarTuple`)'}`;
  }
  if (inner.type === 'constrained_type') {
    const [name, limit] = namedChildren(inner);
    if (!name || !limit) return undefined;
    const constraints = limit.firstNamedChild?.type === 'tuple';
    return `\`${context.text(name)}\` ${constraints ? 'constrained to one of' : 'bounded by'} \`${context.text(limit)}\``;
  }
  return `\`${context.text(parameter)}\``;
}

export const TYPING_PATTERNS = [
  definePattern({
    meta: {
      id: 'protocol',
      title: '`Protocol`',
      family: 'typing',
      minPython: [3, 8],
      summary:
        'A `Protocol` lists the methods and attributes an object needs, and every class that has them satisfies it without inheriting from it: typing by behaviour, as duck typing works at run time. Reach for it to type a parameter as "anything with `.read()`", including classes you do not own.',
      pitfall: 'A class that subclasses a protocol is a protocol only if it lists `Protocol` among its bases again; otherwise it is an ordinary class that implements the protocol.',
      example: [
        'from typing import Protocol',
        '',
        '',
        'class SupportsClose(Protocol):',
        '    def close(self) -> None: ...',
        '',
        '',
        'def close_all(*things: SupportsClose) -> None:',
        '    for thing in things:',
        '        thing.close()',
        '',
      ].join('\n'),
    },
    names: typingNames('Protocol'),
  }),
  definePattern({
    meta: {
      id: 'runtime-checkable',
      title: '`@runtime_checkable`',
      family: 'typing',
      minPython: [3, 8],
      summary: '`@runtime_checkable` on a protocol lets `isinstance()` and `issubclass()` test objects against it; without it they raise `TypeError`. Reach for it when code must branch on what an object can do.',
      pitfall: 'The check only asks whether the members exist, not their signatures or types: an object whose `close` takes three arguments still passes.',
      example: [
        'from typing import Protocol, runtime_checkable',
        '',
        '',
        '@runtime_checkable',
        'class SupportsClose(Protocol):',
        '    def close(self) -> None: ...',
        '',
        '',
        'def release(resource: object) -> None:',
        '    if isinstance(resource, SupportsClose):',
        '        resource.close()',
        '',
      ].join('\n'),
    },
    // `typing_extensions.runtime` is the decorator's name from before `typing` had it.
    names: [...typingNames('runtime_checkable'), 'typing_extensions.runtime'],
  }),
  definePattern({
    meta: {
      id: 'type-variables',
      title: '`TypeVar` and `Generic`',
      family: 'typing',
      minPython: [3, 5],
      summary:
        'A `TypeVar` stands for a type chosen at each use, so a signature can say that what goes in comes back out: `def first(items: list[T]) -> T`. A class subclassing `Generic[T]` takes the type as a parameter, `Box[int]`. Reach for them instead of `Any` when a function or container passes a type through.',
      pitfall: 'A type variable links the places it appears: used once in a signature, as in `def log(x: T) -> None`, it says nothing more than `object`.',
      example: [
        'from typing import Generic, TypeVar',
        '',
        'T = TypeVar("T")',
        '',
        '',
        'class Box(Generic[T]):',
        '    def __init__(self, item: T) -> None:',
        '        self.item = item',
        '',
        '    def get(self) -> T:',
        '        return self.item',
        '',
      ].join('\n'),
    },
    names: [...typingNames('TypeVar'), 'typing.Generic'],
    nameDetail: (node, context, qualified) => {
      const detail = qualified.endsWith('.TypeVar')
        ? typeVarDetail(node, context)
        : atLeast(context.target, [3, 12])
          ? 'The project targets 3.12+, where `class Box[T]:` declares the parameter without a `Generic` base.'
          : undefined;
      return detail ? { start: node.startIndex, end: node.endIndex, detail } : undefined;
    },
  }),
  definePattern({
    meta: {
      id: 'param-spec',
      title: '`ParamSpec`',
      family: 'typing',
      minPython: [3, 10],
      summary:
        "A `ParamSpec` stands for a callable's whole parameter list, so a decorator can promise that its wrapper takes exactly what the wrapped function takes: `Callable[P, R]` in and out, with `*args: P.args, **kwargs: P.kwargs` on the wrapper. Reach for it to type decorators without losing the signature to `...`.",
      pitfall: '`P.args` and `P.kwargs` only work together, on the `*args` and `**kwargs` of one function; to add or remove a parameter, write `Concatenate[Request, P]`.',
      example: [
        'import functools',
        'from typing import Callable, ParamSpec, TypeVar',
        '',
        'P = ParamSpec("P")',
        'R = TypeVar("R")',
        '',
        '',
        'def logged(func: Callable[P, R]) -> Callable[P, R]:',
        '    @functools.wraps(func)',
        '    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:',
        '        print("calling", func.__name__)',
        '        return func(*args, **kwargs)',
        '',
        '    return wrapper',
        '',
      ].join('\n'),
    },
    names: typingNames('ParamSpec'),
    nameDetail: (node, _context, qualified) => backportSpan(node, qualified),
  }),
  definePattern({
    meta: {
      id: 'type-parameters',
      title: 'Type parameter lists `[T]`',
      family: 'typing',
      minPython: [3, 12],
      summary:
        'Since Python 3.12, a function, class or type alias declares its type variables in brackets after its name: `def first[T](items: list[T]) -> T`, `class Box[T]:`, with no `TypeVar` and no `Generic` base. `[T: Number]` sets a bound, `[T: (int, str)]` constraints, `*Ts` and `**P` declare variadic and parameter-list ones.',
      pitfall: 'The brackets are a `SyntaxError` before 3.12, `from __future__` cannot help; and a class that declares `[T]` must not list `Generic[T]` as well.',
      example: ['def first[T](items: list[T]) -> T:', '    return items[0]', '', '', 'class Box[T]:', '    def __init__(self, item: T) -> None:', '        self.item = item', ''].join('\n'),
    },
    anchors: {
      type_parameter: (node, context) => {
        if (!declaresTypeParameters(node)) return undefined;
        const parameters = namedChildren(node)
          .filter((child) => child.type === 'type')
          .map((parameter) => typeParameterText(parameter, context))
          .filter((text): text is string => text !== undefined);
        const detail = parameters.length > 0 ? `Declares ${parameters.join('; ')}.` : undefined;
        return { start: node.startIndex, end: node.endIndex, detail };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'type-alias',
      title: '`type` alias statement',
      family: 'typing',
      minPython: [3, 12],
      summary:
        '`type Pairs = list[tuple[str, int]]` names a type for checkers and readers. Its value is evaluated only when first asked for, so it may refer to names defined further down, itself included: recursive types need no quotes.',
      pitfall: 'The name is bound to a `TypeAliasType`, not to the type: `Pairs()` and `isinstance(x, Pairs)` fail; at run time the type itself is `Pairs.__value__`.',
      example: ['type Json = dict[str, Json] | list[Json] | str | int | float | bool | None', '', 'type Pairs[K] = list[tuple[K, int]]', ''].join('\n'),
    },
    anchors: {
      type_alias_statement: (statement) => {
        const keyword = statement.firstChild;
        const equals = statement.children.find((child) => child?.type === '=');
        if (keyword?.type !== 'type' || !equals) return undefined;
        return { start: keyword.startIndex, end: equals.endIndex };
      },
    },
  }),
  definePattern({
    meta: {
      id: 'typed-dict',
      title: '`TypedDict`',
      family: 'typing',
      minPython: [3, 8],
      summary:
        'A `TypedDict` declares the keys a plain dict carries and the type of each value: the shape of JSON payloads and `**kwargs` that stay dicts at run time. `total=False` makes every key optional, `NotRequired[...]` (3.11) one key.',
      pitfall: 'It is a dict, not a class of its own: `Movie(title="Up")` builds a plain dict without checking anything, and `isinstance(x, Movie)` raises `TypeError`.',
      example: ['from typing import TypedDict', '', '', 'class Movie(TypedDict):', '    title: str', '    year: int', '', '', 'movie: Movie = {"title": "Up", "year": 2009}', ''].join('\n'),
    },
    names: typingNames('TypedDict'),
    nameDetail: (node, context) => {
      const argumentList = node.parent?.type === 'argument_list' ? node.parent : argumentsOf(node);
      if (keywordArgument(argumentList, 'total', context) !== 'False') return undefined;
      return { start: node.startIndex, end: node.endIndex, detail: '`total=False`: any of its keys may be missing.' };
    },
  }),
  definePattern({
    meta: {
      id: 'named-tuple',
      title: '`NamedTuple`',
      family: 'typing',
      minPython: [3, 6],
      summary:
        'A class subclassing `NamedTuple` is an immutable tuple with named, typed fields and optional defaults: `Point(1, 2).x`. Reach for it for small records that are also unpacked or compared as tuples, or to give names to a tuple an API already returns.',
      pitfall: "It stays a tuple: `Point(1, 2) == (1, 2)` is true, and it can be indexed and iterated by position. When that is not wanted, use a frozen dataclass.",
      example: ['from typing import NamedTuple', '', '', 'class Point(NamedTuple):', '    x: float', '    y: float = 0.0', '', '', 'x, y = Point(3.0)', ''].join('\n'),
    },
    names: typingNames('NamedTuple'),
  }),
  definePattern({
    meta: {
      id: 'literal',
      title: '`Literal`',
      family: 'typing',
      minPython: [3, 8],
      summary: '`Literal["r", "w"]` admits only those exact values: a type checker rejects `open_log("x")`. Reach for it for modes and flags drawn from a few constants; an `Enum` suits them better once they carry behaviour.',
      pitfall: 'A variable annotated `str` is not accepted where the `Literal` is expected, even holding `"r"`: declare such constants `Final` or with the `Literal` type. Nothing is checked at run time.',
      example: ['from typing import Literal', '', 'Mode = Literal["r", "w"]', '', '', 'def open_log(mode: Mode) -> None:', '    print("opening in", mode)', '', '', 'open_log("r")', ''].join('\n'),
    },
    names: typingNames('Literal'),
  }),
  definePattern({
    meta: {
      id: 'final',
      title: '`Final`',
      family: 'typing',
      minPython: [3, 8],
      summary: '`MAX_RETRIES: Final = 3` tells type checkers that the name is assigned once and never rebound; in a class body, that subclasses do not override it. The checker also infers the literal value as its type.',
      pitfall: 'It freezes the name, not the value: a `Final` list can still be appended to — use a tuple or `frozenset` for a constant collection. Nothing is enforced at run time.',
      example: ['from typing import Final', '', 'MAX_RETRIES: Final = 3', 'ALLOWED: Final = frozenset({"GET", "HEAD"})', ''].join('\n'),
    },
    names: typingNames('Final'),
  }),
  definePattern({
    meta: {
      id: 'overload',
      title: '`@overload`',
      family: 'typing',
      minPython: [3, 5],
      summary:
        "`@overload` declares each signature of a function whose return type depends on its arguments' types (`bytes` in, `bytes` out; `str` in, `str` out), for type checkers. One definition without the decorator follows them and does the work.",
      pitfall: 'The overloads never run — their body is `...` — and the implementation must come last and accept every one of them: without it, calling the function raises `NotImplementedError`.',
      example: [
        'from typing import Union, overload',
        '',
        '',
        '@overload',
        'def double(value: int) -> int: ...',
        '@overload',
        'def double(value: str) -> str: ...',
        'def double(value: Union[int, str]) -> Union[int, str]:',
        '    return value * 2',
        '',
      ].join('\n'),
    },
    names: typingNames('overload'),
  }),
];
