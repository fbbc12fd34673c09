import type { Node } from 'web-tree-sitter';
import { defineRule, type FixSpec, type NodeHandler, type RuleContext } from '../engine/rule';
import { lineStartOf, namedChildren, startsItsLine } from '../engine/syntax';

/**
 * Decorators whose result does not take a new `__isabstractmethod__`: setting it on them raises
 * `AttributeError`. `functools.cached_property` is not one of them; there the order that reads
 * wrong (`@abstractmethod` on top) is the one that works.
 */
const DESCRIPTORS = ['builtins.property', 'builtins.classmethod', 'builtins.staticmethod', 'functools.singledispatchmethod'];

const check: NodeHandler = (decorated, context) => {
  const definition = decorated.childForFieldName('definition');
  if (definition?.type !== 'function_definition') return;
  const decorators = namedChildren(decorated).filter((child) => child.type === 'decorator');
  const index = decorators.findIndex((decorator) => {
    const expression = decorator.firstNamedChild;
    // The text rules out most decorators before any name is resolved.
    return expression !== null && context.semantic.mayReferTo(context.text(expression), 'abc.abstractmethod') && context.semantic.matches(expression, 'abc.abstractmethod');
  });
  if (index === -1) return;
  // A test that expects the error is not the bug.
  if (context.semantic.expectsRaise(decorated)) return;
  const name = context.text(definition.childForFieldName('name')!);
  const descriptor = decorators.slice(index + 1).find((decorator) => isDescriptor(decorator, name, context));
  if (!descriptor) return;
  const abstract = decorators[index];
  const written = context.text(abstract.firstNamedChild!);
  context.report({
    node: abstract,
    message: `\`@${written}\` above \`${context.text(descriptor)}\` fails with AttributeError when the class is created; it must be the innermost decorator`,
    fix: moveAboveDefinition(abstract, definition, context),
  });
};

/** A decorator that builds a descriptor: `@property`, `@classmethod`, …, or `@name.setter` on a method `name`. */
function isDescriptor(decorator: Node, methodName: string, context: RuleContext): boolean {
  const expression = decorator.firstNamedChild;
  if (!expression) return false;
  const written = context.text(expression);
  const accessor = /^(\w+)\.(setter|getter|deleter)$/.exec(written);
  // `@x.setter` on `def x` is the property idiom; on another name it may be anything.
  if (accessor) return accessor[1] === methodName;
  return context.semantic.matches(expression, ...DESCRIPTORS);
}

/** The decorator's whole line, comment included, moved to just above the `def`. */
function moveAboveDefinition(decorator: Node, definition: Node, context: RuleContext): FixSpec | undefined {
  const { source } = context;
  const lineBreak = source.slice(decorator.endIndex).search(/\r\n|\r|\n/);
  if (lineBreak === -1 || !startsItsLine(decorator, source) || !startsItsLine(definition, source)) return undefined;
  const afterDecorator = decorator.endIndex + lineBreak;
  if (!/^[ \t]*$/.test(source.slice(decorator.endIndex, afterDecorator))) return undefined;
  const lineStart = lineStartOf(source, decorator.startIndex);
  const lineEnd = afterDecorator + (source.startsWith('\r\n', afterDecorator) ? 2 : 1);
  const definitionLine = lineStartOf(source, definition.startIndex);
  return {
    edits: [
      { start: lineStart, end: lineEnd, text: '' },
      { start: definitionLine, end: definitionLine, text: source.slice(lineStart, lineEnd) },
    ],
  };
}

export default defineRule({
  meta: {
    code: 'PH208',
    name: 'abstractmethod-order',
    kind: 'correctness',
    selection: 'default',
    category: 'classes',
    severity: 'warning',
    minPython: [3, 3],
    message: '`@abstractmethod` must be the innermost decorator, below `@property`, `@classmethod` and `@staticmethod`',
    docs: {
      what: [
        'Flags `@abstractmethod` (bare or as `abc.abstractmethod`) written above `@property`, `@classmethod`,',
        '`@staticmethod`, `@functools.singledispatchmethod`, or the `@name.setter`/`.getter`/`.deleter` of a property.',
        'Code inside `with self.assertRaises(…)` or `with pytest.raises(…)` expects the error and is not flagged.',
      ].join(' '),
      why: [
        'Decorators apply from the bottom up, so the top one receives what the ones below it built. `abstractmethod`',
        'marks its argument by setting `__isabstractmethod__` on it. A function accepts the new attribute, but property,',
        'classmethod and staticmethod objects do not: the attribute is read-only there, computed from the function they',
        'wrap. With `@abstractmethod` on top, the class statement itself fails with `AttributeError`, and any module',
        'defining it cannot be imported.',
        '',
        'Written innermost, `@abstractmethod` marks the plain function, and the descriptor around it reports the mark',
        'to `ABCMeta`, so the class stays abstract until a subclass overrides the member.',
        '',
        '`@functools.cached_property` is the exception and is not flagged: it does not pass the mark on, so there only',
        'the outermost position makes the member abstract.',
      ].join('\n'),
      example: [
        'from abc import ABC, abstractmethod',
        '',
        'class Shape(ABC):',
        '    @abstractmethod',
        '    @property',
        '    def area(self) -> float: ...',
        '',
        '    @abstractmethod',
        '    @classmethod',
        '    def unit(cls) -> "Shape": ...',
      ].join('\n'),
      instead: [
        'from abc import ABC, abstractmethod',
        '',
        'class Shape(ABC):',
        '    @property',
        '    @abstractmethod',
        '    def area(self) -> float: ...',
        '',
        '    @classmethod',
        '    @abstractmethod',
        '    def unit(cls) -> "Shape": ...',
      ].join('\n'),
    },
    fix: { safety: 'safe', title: 'Move `@abstractmethod` just above the `def`' },
  },
  visit: {
    nodes: { decorated_definition: check },
    // `abstractmethod` is spelled somewhere in the module, if only in the import of an alias.
    sourceIncludes: 'abstractmethod',
  },
});
