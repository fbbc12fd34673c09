// Class creation and interfaces: metaclasses (the `metaclass=` keyword and classes deriving from
// `type`), `__init_subclass__` and the class keywords it receives, `ABC` and `@abstractmethod`.

import type { Node } from 'web-tree-sitter';
import { definePattern, type PatternAnchor, type PatternContext } from '../engine/pattern';
import { isOneOf, type ClassFacts } from '../engine/semantic/classes';
import { definitionOf } from '../engine/semantic/definitions';
import { enclosingClass, namedChildren } from '../engine/syntax';
import { classOfHeader, decoratedBy, decoratorStandingFor, definitionHeader, listed, methodNamed, nameOf } from './anchors';
import { methodsDecoratedWith } from './class-bodies';

/** What a metaclass's hooks change, for the ones it defines. */
const METACLASS_HOOKS: Record<string, string> = {
  __new__: '`__new__` (builds each class)',
  __init__: '`__init__` (sets up each class once it exists)',
  __call__: '`__call__` (runs when one of its classes is called to make an instance)',
  __prepare__: '`__prepare__` (gives the namespace a class body runs in)',
  __instancecheck__: '`__instancecheck__` (answers `isinstance()`)',
  __subclasscheck__: '`__subclasscheck__` (answers `issubclass()`)',
};

function hooksOf(facts: ClassFacts): string {
  const hooks = facts.dunders.filter((dunder) => dunder in METACLASS_HOOKS).map((dunder) => METACLASS_HOOKS[dunder]);
  return hooks.length > 0 ? ` It defines ${hooks.join(', ')}.` : '';
}

/** The `metaclass=` keyword of a class header. */
const metaclassKeyword: PatternAnchor = (keyword, context) => {
  const owner = classOfHeader(keyword);
  const value = keyword.childForFieldName('value');
  if (!owner || !value || keyword.childForFieldName('name')?.text !== 'metaclass') return undefined;
  const name = nameOf(owner);
  const span = { start: keyword.startIndex, end: keyword.endIndex };
  if (context.semantic.matches(value, 'abc.ABCMeta')) return { ...span, detail: `\`ABCMeta\` lets ${name} declare \`@abstractmethod\`s that its subclasses must override; deriving from \`abc.ABC\` says the same.` };
  const local = definitionOf(context.semantic, value);
  const hooks = local?.type === 'class_definition' ? hooksOf(context.semantic.classFacts(local)) : '';
  return { ...span, detail: `\`${value.text}\` creates ${name} and each of its subclasses, in place of \`type\`.${hooks}` };
};


/** The module's classes a class derives from, nearest first (through bases of the module only). */
function localAncestors(facts: ClassFacts, context: PatternContext): ClassFacts[] {
  const found: ClassFacts[] = [];
  const visit = (each: ClassFacts) => {
    for (const base of each.bases) {
      const parent = base.qualified.length === 0 && base.callee ? context.facts.classes.get(base.callee) : undefined;
      if (parent && !found.includes(parent) && parent !== facts) {
        found.push(parent);
        visit(parent);
      }
    }
  };
  visit(facts);
  return found;
}

/** Whether the method's body calls `super().__init_subclass__(…)`. */
function callsSuperHook(method: Node): boolean {
  return method.descendantsOfType('call').some((call) => {
    const callee = call?.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    return callee?.childForFieldName('attribute')?.text === '__init_subclass__' && object?.type === 'call' && object.childForFieldName('function')?.text === 'super';
  });
}

function initSubclassDetail(method: Node): string | undefined {
  const owner = enclosingClass(method);
  if (!owner) return undefined;
  const keywords = namedChildren(method.childForFieldName('parameters'))
    .slice(1)
    .flatMap((parameter) => {
      const name =
        parameter.type === 'identifier' ? parameter
        : parameter.type === 'typed_parameter' ? parameter.firstNamedChild
        : parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? parameter.childForFieldName('name')
        : null;
      return name?.type === 'identifier' ? [name.text] : [];
    });
  const passed = keywords.length > 0 ? `; subclasses pass ${listed(keywords.map((keyword) => `${keyword}=…`))} in their class header` : '';
  const lines = [`Runs each time a subclass of ${nameOf(owner)} is created, with the subclass as \`cls\`${passed}.`];
  if (!callsSuperHook(method)) lines.push('⚠ It does not call `super().__init_subclass__(**kwargs)`: the hooks of classes after it in the method resolution order do not run.');
  return lines.join('\n\n');
}

/** A keyword other than `metaclass=` in a class header, received by a base's `__init_subclass__`. */
const subclassKeyword: PatternAnchor = (keyword, context) => {
  const owner = classOfHeader(keyword);
  const name = keyword.childForFieldName('name')?.text;
  if (!owner || name === undefined || name === 'metaclass' || !keyword.childForFieldName('value')) return undefined;
  const hook = localAncestors(context.semantic.classFacts(owner), context).find((each) => each.dunders.includes('__init_subclass__'));
  if (!hook) return undefined;
  return { start: keyword.startIndex, end: keyword.endIndex, detail: `\`${keyword.text}\` goes to \`${hook.name}.__init_subclass__\` when ${nameOf(owner)} is created.` };
};

const ABSTRACT_BASES = ['abc.ABC'];

/** Whether a class itself lists `ABC` as a base or `ABCMeta` as its metaclass. */
function declaresAbstract(definition: Node, context: PatternContext): boolean {
  const facts = context.semantic.classFacts(definition);
  return facts.bases.some((base) => isOneOf(base, ABSTRACT_BASES)) || isOneOf(facts.keywords.metaclass, ['abc.ABCMeta']);
}

function abstractClassDetail(definition: Node, context: PatternContext): string {
  const abstract = methodsDecoratedWith(definition, context, 'abc.abstractmethod');
  return abstract.length > 0
    ? `${nameOf(definition)} cannot be instantiated; a subclass must override ${listed(abstract)} first.`
    : `⚠ ${nameOf(definition)} declares no \`@abstractmethod\`, so it can be instantiated: \`ABC\` alone enforces nothing.`;
}

/**
 * Whether a class is abstract (`ABC` or `ABCMeta` somewhere above it), certainly not (everything
 * above it is known: the module's own classes and `object`), or unknown (a base from elsewhere).
 */
function abstractness(definition: Node, context: PatternContext): 'abstract' | 'concrete' | 'unknown' {
  if (context.semantic.classKind(definition).abstract) return 'abstract';
  const facts = context.semantic.classFacts(definition);
  const known = (each: ClassFacts) => each.keywords.metaclass === undefined && each.bases.every((base) => isOneOf(base, ['builtins.object']) || (base.qualified.length === 0 && base.callee !== undefined && context.facts.classes.has(base.callee)));
  return known(facts) && localAncestors(facts, context).every(known) ? 'concrete' : 'unknown';
}

function abstractMethodDetail(decorator: Node, context: PatternContext): string | undefined {
  const method = decoratedBy(decorator);
  const owner = method && enclosingClass(method);
  if (!owner) return undefined;
  switch (abstractness(owner, context)) {
    case 'abstract':
      return `Subclasses of ${nameOf(owner)} must override ${nameOf(method)} before they can be instantiated.`;
    case 'concrete':
      return `⚠ ${nameOf(owner)} does not derive from \`ABC\` nor use \`ABCMeta\`: nothing enforces this \`@abstractmethod\`.`;
    default:
      return undefined;
  }
}

export const CLASS_PATTERNS = [
  definePattern({
    meta: {
      id: 'metaclass',
      title: 'Metaclass',
      family: 'classes',
      minPython: [3, 0],
      summary:
        'A metaclass is the class of a class: it derives from `type`, and a class with `metaclass=Meta` in its header is created by `Meta` when its `class` statement runs, as is every subclass. ' +
        'Reach for one only to change how classes themselves behave (`__call__`, `__prepare__`, `__instancecheck__`); `__init_subclass__` and class decorators cover registering and checking subclasses.',
      pitfall: 'Mixing bases with different metaclasses: a class deriving from both fails with a metaclass conflict unless one metaclass derives from the other.',
      example: [
        'class KeywordsOnly(type):',
        '    def __call__(cls, *args, **kwargs):',
        '        if args:',
        '            raise TypeError(f"{cls.__name__} takes keyword arguments only")',
        '        return super().__call__(**kwargs)',
        '',
        '',
        'class Request(metaclass=KeywordsOnly):',
        '    def __init__(self, url="", timeout=10.0):',
        '        self.url = url',
        '        self.timeout = timeout',
        '',
        '',
        'Request(url="https://example.org")',
      ].join('\n'),
    },
    anchors: {
      keyword_argument: metaclassKeyword,
      class_definition: (definition, context) => {
        if (!context.semantic.classKind(definition).metaclass) return undefined;
        const name = definition.childForFieldName('name')?.text;
        return definitionHeader(definition, `\`${name}\` is a metaclass: classes with \`metaclass=${name}\` in their header are made by it.${hooksOf(context.semantic.classFacts(definition))}`);
      },
    },
  }),
  definePattern({
    meta: {
      id: 'init-subclass',
      title: '`__init_subclass__`',
      family: 'classes',
      minPython: [3, 6],
      summary:
        '`__init_subclass__` is a hook on a base class that Python calls each time a subclass is created, with the subclass as `cls` and the keywords written in its header (`class CsvPlugin(Plugin, name="csv")`). ' +
        'Reach for it to register, configure or check subclasses without a metaclass.',
      pitfall: 'Not calling `super().__init_subclass__(**kwargs)`: the hooks of other bases in the hierarchy are skipped, and keywords meant for them vanish.',
      example: [
        'class Plugin:',
        '    registry = {}',
        '',
        '    def __init_subclass__(cls, name, **kwargs):',
        '        super().__init_subclass__(**kwargs)',
        '        Plugin.registry[name] = cls',
        '',
        '',
        'class CsvPlugin(Plugin, name="csv"):',
        '    pass',
        '',
        '',
        'assert Plugin.registry["csv"] is CsvPlugin',
      ].join('\n'),
    },
    anchors: {
      function_definition: methodNamed(['__init_subclass__'], () => true, initSubclassDetail),
      keyword_argument: subclassKeyword,
    },
  }),
  definePattern({
    meta: {
      id: 'abstract-base-class',
      title: '`ABC`',
      family: 'classes',
      minPython: [3, 4],
      summary:
        'Deriving from `abc.ABC` makes a class abstract: it cannot be instantiated while a method marked `@abstractmethod` is left without an override, so every subclass has to provide them. ' +
        'Reach for it to define an interface that implementations inherit, with the error at instantiation instead of at the first missing call; for duck typing without inheritance, `typing.Protocol` fits better.',
      pitfall: 'An `ABC` without any `@abstractmethod` instantiates like any other class: deriving from `ABC` alone enforces nothing.',
      example: [
        'from abc import ABC, abstractmethod',
        '',
        '',
        'class Storage(ABC):',
        '    @abstractmethod',
        '    def save(self, key, data): ...',
        '',
        '    def save_all(self, items):',
        '        for key, data in items.items():',
        '            self.save(key, data)',
        '',
        '',
        'class Memory(Storage):',
        '    def __init__(self):',
        '        self.saved = {}',
        '',
        '    def save(self, key, data):',
        '        self.saved[key] = data',
      ].join('\n'),
    },
    anchors: {
      class_definition: (definition, context) => (declaresAbstract(definition, context) ? definitionHeader(definition, abstractClassDetail(definition, context)) : undefined),
    },
    names: ['abc.ABC'],
    nameDetail: (name, context) => {
      const owner = classOfHeader(name);
      return { start: name.startIndex, end: name.endIndex, detail: owner && declaresAbstract(owner, context) ? abstractClassDetail(owner, context) : undefined };
    },
  }),
  definePattern({
    meta: {
      id: 'abstractmethod',
      title: '`@abstractmethod`',
      family: 'classes',
      minPython: [3, 0],
      summary:
        '`@abc.abstractmethod` marks a method that subclasses must override: a class made by `ABCMeta` (as every `ABC` subclass is) cannot be instantiated while one is left. ' +
        'The method may still have a body, which overrides can reach through `super()`. ' +
        'Reach for it to declare what an interface requires.',
      pitfall: 'On a class that does not derive from `ABC` (or use `ABCMeta`) it does nothing: the method is marked, and the class instantiates happily.',
      example: [
        'from abc import ABC, abstractmethod',
        '',
        '',
        'class Shape(ABC):',
        '    @property',
        '    @abstractmethod',
        '    def area(self): ...',
        '',
        '',
        'class Square(Shape):',
        '    def __init__(self, side):',
        '        self.side = side',
        '',
        '    @property',
        '    def area(self):',
        '        return self.side**2',
      ].join('\n'),
    },
    anchors: { decorator: decoratorStandingFor(['abc.abstractmethod'], abstractMethodDetail) },
    names: ['abc.abstractmethod'],
  }),
];
