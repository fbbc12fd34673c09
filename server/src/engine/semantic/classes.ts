// What the engine knows about a class: its header resolved through the imports (bases, class
// keywords, decorators), the protocol dunders its body defines, the bases it initialises by hand,
// and from those what kind of class it is (an enum, a NamedTuple, a dataclass, a pydantic or
// Django model, an exception, a metaclass, an ASGI/WSGI callable …). Module-level classes are part
// of the module facts, so that a method in its own analysis unit can ask about its class.

import type { Node } from 'web-tree-sitter';
import { bodyStatements, headOf } from '../syntax';

/** A base, class keyword or decorator: as written, and the qualified names its callee stands for. */
export interface HeaderItem {
  text: string;
  /** The dotted name called or subscripted: `dataclass`, `typing.Generic`; absent for other expressions. */
  callee?: string;
  /** For `dataclass(frozen=True)` the names of `dataclass`; for `Generic[T]` those of `Generic`. */
  qualified: string[];
}

export interface ClassFacts {
  name: string;
  bases: HeaderItem[];
  keywords: Record<string, HeaderItem>;
  decorators: HeaderItem[];
  /** Dunder methods and dunder attributes of the body: `__eq__`, `__hash__` (also `__hash__ = None`), `__slots__` … */
  dunders: string[];
  /** `X` for each `X.__init__(…)` in the body: bases it initialises by hand rather than through `super()`. */
  initCalls: string[];
  /** The parameters of `__call__`, with `async` when it is a coroutine: ASGI and WSGI callables are told by them. */
  call?: { parameters: string[]; async: boolean };
}

/** Resolves a dotted name (`dc.dataclass`) where the class header is evaluated. */
export type DottedResolver = (dotted: string) => string[];

export function classFacts(definition: Node, resolve: DottedResolver): ClassFacts {
  const name = definition.childForFieldName('name')?.text ?? '';
  const bases: HeaderItem[] = [];
  const keywords: Record<string, HeaderItem> = {};
  for (const argument of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const key = argument.childForFieldName('name');
      const value = argument.childForFieldName('value');
      if (key && value) keywords[key.text] = headerItem(value, resolve);
    } else {
      bases.push(headerItem(argument, resolve));
    }
  }
  const decorators: HeaderItem[] = [];
  if (definition.parent?.type === 'decorated_definition') {
    for (const child of definition.parent.namedChildren) {
      const expression = child?.type === 'decorator' ? child.firstNamedChild : null;
      if (expression) decorators.push(headerItem(expression, resolve));
    }
  }
  const facts: ClassFacts = { name, bases, keywords, decorators, dunders: [], initCalls: initCalls(definition) };
  for (const statement of bodyStatements(definition)) {
    const member = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (member?.type === 'function_definition') {
      const method = member.childForFieldName('name')?.text;
      if (method === undefined || !isDunder(method)) continue;
      facts.dunders.push(method);
      if (method === '__call__') {
        const parameters = member.childForFieldName('parameters')?.namedChildren ?? [];
        facts.call = { parameters: parameters.map((parameter) => parameterName(parameter)).filter((each) => each !== ''), async: member.firstChild?.type === 'async' };
      }
    } else if (member?.type === 'expression_statement') {
      const assignment = member.firstNamedChild;
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      if (left?.type === 'identifier' && isDunder(left.text)) facts.dunders.push(left.text);
    }
  }
  return facts;
}

function parameterName(parameter: Node | null): string {
  if (!parameter) return '';
  if (parameter.type === 'identifier') return parameter.text;
  const name = parameter.childForFieldName('name') ?? parameter.firstNamedChild;
  return name?.type === 'identifier' ? name.text : parameter.text;
}

function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

/** The callee of a decorator or base: `dataclass` in `dataclass(frozen=True)`, `Generic` in `Generic[T]`. */
function headerItem(expression: Node, resolve: DottedResolver): HeaderItem {
  const callee = headOf(expression);
  const dotted = callee.type === 'identifier' || callee.type === 'attribute' ? callee.text.replace(/\s+/g, '') : undefined;
  return { text: expression.text, callee: dotted, qualified: dotted ? resolve(dotted) : [] };
}

/** `X.__init__(` in the class text, confirmed in the tree (not in a string or comment). */
const INIT_CALL = /([A-Za-z_][\w.]*)\s*\.\s*__init__\s*\(/g;

function initCalls(definition: Node): string[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  const text = body.text;
  if (!text.includes('__init__')) return [];
  const names = new Set<string>();
  for (const match of text.matchAll(INIT_CALL)) {
    const at = body.startIndex + match.index;
    const node = body.descendantForIndex(at, at + match[1].length);
    if ((node?.type === 'identifier' || node?.type === 'attribute') && match[1] !== 'super()') names.add(match[1]);
  }
  return [...names];
}

const ENUM_BASES = ['enum.Enum', 'enum.IntEnum', 'enum.StrEnum', 'enum.Flag', 'enum.IntFlag', 'enum.ReprEnum', 'django.db.models.Choices', 'django.db.models.TextChoices', 'django.db.models.IntegerChoices'];
const ENUM_METACLASSES = ['enum.EnumMeta', 'enum.EnumType'];
const NAMED_TUPLES = ['typing.NamedTuple', 'typing_extensions.NamedTuple', 'collections.namedtuple'];
const TYPED_DICTS = ['typing.TypedDict', 'typing_extensions.TypedDict'];
const PROTOCOLS = ['typing.Protocol', 'typing_extensions.Protocol'];
const DATACLASS_DECORATORS = ['dataclasses.dataclass', 'pydantic.dataclasses.dataclass'];
const ATTRS_DECORATORS = ['attr.s', 'attr.attrs', 'attr.define', 'attr.mutable', 'attr.frozen', 'attr.dataclass', 'attrs.define', 'attrs.mutable', 'attrs.frozen'];
const FROZEN_ATTRS = ['attr.frozen', 'attrs.frozen'];
const PYDANTIC_MODELS = ['pydantic.BaseModel', 'pydantic.main.BaseModel', 'pydantic.v1.BaseModel', 'pydantic.RootModel', 'sqlmodel.SQLModel'];
const DJANGO_MODELS = ['django.db.models.Model', 'django.db.models.base.Model'];
const ABSTRACT = ['abc.ABC'];
const ABSTRACT_METACLASSES = ['abc.ABCMeta'];
const METACLASS_BASES = ['builtins.type', 'abc.ABCMeta', 'enum.EnumMeta', 'enum.EnumType'];

/** What kind of class it is, from its facts and those of the module's classes it derives from. */
export interface ClassKind {
  enum: boolean;
  namedTuple: boolean;
  typedDict: boolean;
  /** Lists `Protocol` among its own bases: a protocol class, not an implementation of one. */
  protocol: boolean;
  dataclass: boolean;
  attrs: boolean;
  pydanticModel: boolean;
  djangoModel: boolean;
  exception: boolean;
  abstract: boolean;
  metaclass: boolean;
  /** `frozen=True` (dataclass, attrs, pydantic class keyword) or `attrs.frozen`. */
  frozen: boolean;
  /** `async def __call__(self, scope, receive, send)` or `def __call__(self, environ, start_response)`. */
  callable?: 'asgi' | 'wsgi';
  /** Compares and hashes by value: defines (or a base of the module defines) `__eq__` or `__hash__`, or is an enum, a NamedTuple or frozen. */
  valueType: boolean;
}

/** The kind of a class; `local` finds the module's own classes by name, for bases defined in the file. */
export function classKind(facts: ClassFacts, local: (name: string) => ClassFacts | undefined): ClassKind {
  const seen = new Set<string>();
  // Inherited kinds: a base defined in this module passes its kind on.
  const inherits = (predicate: (each: ClassFacts) => boolean): boolean => {
    const visit = (each: ClassFacts): boolean => {
      if (predicate(each)) return true;
      for (const base of each.bases) {
        const parent = base.qualified.length === 0 && base.callee !== undefined && !base.callee.includes('.') ? local(base.callee) : undefined;
        if (parent && !seen.has(parent.name)) {
          seen.add(parent.name);
          if (visit(parent)) return true;
        }
      }
      return false;
    };
    seen.clear();
    return visit(facts);
  };
  const hasBase = (names: readonly string[]) => (each: ClassFacts) => each.bases.some((base) => base.qualified.some((name) => names.includes(name)));
  const hasMetaclass = (names: readonly string[]) => (each: ClassFacts) => each.keywords.metaclass?.qualified.some((name) => names.includes(name)) ?? false;
  const decoratedBy = (names: readonly string[]) => facts.decorators.some((decorator) => decorator.qualified.some((name) => names.includes(name)));
  const frozenDecorator = facts.decorators.some(
    (decorator) => decorator.qualified.some((name) => FROZEN_ATTRS.includes(name)) || (/\bfrozen\s*=\s*True\b/.test(decorator.text) && decorator.qualified.some((name) => [...DATACLASS_DECORATORS, ...ATTRS_DECORATORS].includes(name))),
  );
  const enumKind = inherits((each) => hasBase(ENUM_BASES)(each) || hasMetaclass(ENUM_METACLASSES)(each));
  const namedTuple = inherits(hasBase(NAMED_TUPLES));
  const pydanticModel = inherits(hasBase(PYDANTIC_MODELS));
  const frozen = frozenDecorator || /^True$/.test(facts.keywords.frozen?.text ?? '');
  let callable: ClassKind['callable'];
  if (facts.call) {
    const [, ...parameters] = facts.call.parameters;
    if (facts.call.async && parameters.length === 3 && parameters[0] === 'scope') callable = 'asgi';
    else if (!facts.call.async && parameters.length === 2 && parameters[0] === 'environ') callable = 'wsgi';
  }
  return {
    enum: enumKind,
    namedTuple,
    typedDict: inherits(hasBase(TYPED_DICTS)),
    protocol: hasBase(PROTOCOLS)(facts),
    dataclass: decoratedBy(DATACLASS_DECORATORS),
    attrs: decoratedBy(ATTRS_DECORATORS),
    pydanticModel,
    djangoModel: inherits(hasBase(DJANGO_MODELS)),
    exception: inherits((each) => each.bases.some((base) => base.qualified.some((name) => /^builtins\.(BaseException|\w*(Error|Exception|Warning|Exit|Interrupt|Iteration))$/.test(name)))),
    abstract: inherits((each) => hasBase(ABSTRACT)(each) || hasMetaclass(ABSTRACT_METACLASSES)(each)),
    metaclass: inherits(hasBase(METACLASS_BASES)),
    frozen,
    callable,
    valueType: enumKind || namedTuple || frozen || inherits((each) => each.dunders.includes('__eq__') || each.dunders.includes('__hash__')),
  };
}
