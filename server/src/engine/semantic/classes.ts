// What the engine knows about a class: its header resolved through the imports (bases, class
// keywords, decorators), the protocol dunders its body defines, the bases it initialises by hand,
// and from those what kind of class it is (an enum, a NamedTuple, a dataclass, a pydantic or
// Django model, an exception, a metaclass, an ASGI/WSGI callable …). Module-level classes are part
// of the module facts, so that a method in its own analysis unit can ask about its class.

import type { Node } from 'web-tree-sitter';
import { bodyStatements, headOf, isAsync } from '../syntax';

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

/**
 * Whether a header item certainly stands for one of `names`: every way the module binds its callee
 * (a conditional import, a star import) is one of them.
 */
export function isOneOf(item: HeaderItem | undefined, names: readonly string[]): boolean {
  return item !== undefined && item.qualified.length > 0 && item.qualified.every((name) => names.includes(name));
}

/** Resolves a dotted name (`dc.dataclass`) where the class header is evaluated. */
export type DottedResolver = (dotted: string) => string[];

export function classFacts(definition: Node, source: string, resolve: DottedResolver): ClassFacts {
  return withQualifiedNames(rawClassFacts(definition, source), resolve);
}

/**
 * The header items' qualified names, resolved where the class header is evaluated, when first read:
 * most rules ask a class for its dunders or its text, not for what its bases stand for. `resolve`
 * keeps its answers where it can.
 */
export function withQualifiedNames(raw: ClassFacts, resolve: DottedResolver): ClassFacts {
  const item = (each: HeaderItem): HeaderItem => {
    const callee = each.callee;
    if (callee === undefined) return { text: each.text, qualified: [] };
    return {
      text: each.text,
      callee,
      get qualified() {
        return resolve(callee);
      },
    };
  };
  return {
    ...raw,
    bases: raw.bases.map(item),
    keywords: Object.fromEntries(Object.entries(raw.keywords).map(([key, value]) => [key, item(value)])),
    decorators: raw.decorators.map(item),
  };
}

/** A class's facts as its own text gives them, before any name is resolved: what may be cached with its text. */
export function rawClassFacts(definition: Node, source: string): ClassFacts {
  const name = definition.childForFieldName('name')?.text ?? '';
  const bases: HeaderItem[] = [];
  const keywords: Record<string, HeaderItem> = {};
  for (const argument of definition.childForFieldName('superclasses')?.namedChildren ?? []) {
    if (!argument || argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const key = argument.childForFieldName('name');
      const value = argument.childForFieldName('value');
      if (key && value) keywords[key.text] = headerItem(value);
    } else {
      bases.push(headerItem(argument));
    }
  }
  const decorators: HeaderItem[] = [];
  if (definition.parent?.type === 'decorated_definition') {
    for (const child of definition.parent.namedChildren) {
      const expression = child?.type === 'decorator' ? child.firstNamedChild : null;
      if (expression) decorators.push(headerItem(expression));
    }
  }
  const facts: ClassFacts = { name, bases, keywords, decorators, dunders: [], initCalls: initCalls(definition, source) };
  for (const member of dunderMembers(definition, source)) {
    const method = member.name;
    facts.dunders.push(method);
    if (method === '__call__' && member.definition) {
      const parameters = member.definition.childForFieldName('parameters')?.namedChildren ?? [];
      facts.call = { parameters: parameters.map((parameter) => parameterName(parameter)).filter((each) => each !== ''), async: isAsync(member.definition) };
    }
  }
  return facts;
}

/** A member's own dunder name, read at its start: `def __x__(`, `async def __x__(`, `__x__ =` / `__x__: T =`. */
const DUNDER_METHOD = /(?:async[ \t]+)?def[ \t]+(__\w+__)[ \t]*[(\[]/y;
const DUNDER_ATTRIBUTE = /(__\w+__)[ \t]*(?::[^=\n]*)?=(?!=)/y;
const [AT_SIGN, LOWER_A, LOWER_D, UNDERSCORE] = [0x40, 0x61, 0x64, 0x5f];

/**
 * The dunder methods and attributes the class body defines, in order: each member statement is
 * read at its start in the text rather than asked for its name, since a big class is read on every
 * keystroke inside it.
 */
function dunderMembers(definition: Node, source: string): { name: string; definition?: Node }[] {
  const members: { name: string; definition?: Node }[] = [];
  for (const statement of bodyStatements(definition)) {
    // The text comes first: a node's type is a call into wasm, asked only of the few members whose start reads like a dunder.
    if (source.charCodeAt(statement.startIndex) === AT_SIGN) {
      const method = statement.childForFieldName('definition');
      if (method?.type !== 'function_definition') continue;
      DUNDER_METHOD.lastIndex = method.startIndex;
      const name = DUNDER_METHOD.exec(source)?.[1];
      if (name) members.push({ name, definition: method });
      continue;
    }
    // A method starts with `def` or `async`, an attribute with its `_`.
    const first = source.charCodeAt(statement.startIndex);
    if (first === LOWER_D || first === LOWER_A) {
      DUNDER_METHOD.lastIndex = statement.startIndex;
      const method = DUNDER_METHOD.exec(source)?.[1];
      if (method && statement.type === 'function_definition') members.push({ name: method, definition: statement });
    } else if (first === UNDERSCORE) {
      DUNDER_ATTRIBUTE.lastIndex = statement.startIndex;
      const attribute = DUNDER_ATTRIBUTE.exec(source)?.[1];
      if (attribute && statement.type === 'expression_statement') members.push({ name: attribute });
    }
  }
  return members;
}

function parameterName(parameter: Node | null): string {
  if (!parameter) return '';
  if (parameter.type === 'identifier') return parameter.text;
  const name = parameter.childForFieldName('name') ?? parameter.firstNamedChild;
  return name?.type === 'identifier' ? name.text : parameter.text;
}

/** A decorator or base as written, with its callee: `dataclass` in `dataclass(frozen=True)`, `Generic` in `Generic[T]`; resolved later. */
function headerItem(expression: Node): HeaderItem {
  const callee = headOf(expression);
  const dotted = callee.type === 'identifier' || callee.type === 'attribute' ? callee.text.replace(/\s+/g, '') : undefined;
  return { text: expression.text, callee: dotted, qualified: [] };
}

/** `X.__init__(` in the class, found through the text and confirmed in the tree (not in a string or comment). */
function initCalls(definition: Node, source: string): string[] {
  const body = definition.childForFieldName('body');
  if (!body) return [];
  const text = source.slice(body.startIndex, body.endIndex);
  const names = new Set<string>();
  for (let at = text.indexOf('__init__'); at !== -1; at = text.indexOf('__init__', at + 8)) {
    if (!/^\s*\(/.test(text.slice(at + 8, at + 40))) continue;
    const node = body.descendantForIndex(body.startIndex + at, body.startIndex + at + 8);
    const attribute = node?.parent;
    const object = attribute?.type === 'attribute' ? attribute.childForFieldName('object') : null;
    if (object && (object.type === 'identifier' || object.type === 'attribute')) names.add(object.text.replace(/\s+/g, ''));
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
  const hasBase = (names: readonly string[]) => (each: ClassFacts) => each.bases.some((base) => isOneOf(base, names));
  const hasMetaclass = (names: readonly string[]) => (each: ClassFacts) => isOneOf(each.keywords.metaclass, names);
  const decoratedBy = (names: readonly string[]) => facts.decorators.some((decorator) => isOneOf(decorator, names));
  // Frozen is asked by rules that leave frozen classes alone: any way of reading the decorator as frozen counts.
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
    exception: inherits((each) => each.bases.some((base) => base.qualified.length > 0 && base.qualified.every((name) => /^builtins\.(BaseException|\w*(Error|Exception|Warning|Exit|Interrupt|Iteration))$/.test(name)))),
    abstract: inherits((each) => hasBase(ABSTRACT)(each) || hasMetaclass(ABSTRACT_METACLASSES)(each)),
    metaclass: inherits(hasBase(METACLASS_BASES)),
    frozen,
    callable,
    valueType: enumKind || namedTuple || frozen || inherits((each) => each.dunders.includes('__eq__') || each.dunders.includes('__hash__')),
  };
}
