import type { Node } from 'web-tree-sitter';
import { defineRule, type NodeHandler, type RuleContext } from '../engine/rule';
import { decoratorsOf, isModuleLevel, namedChildren, statementsAfterDocstring } from '../engine/syntax';
import { holdsText } from '../engine/text-search';

/** Decorators that keep a stub a plain declaration; any other (`@abstractmethod` above all) means the class is handled. */
const DECLARING_DECORATORS = ['builtins.property', 'builtins.staticmethod', 'builtins.classmethod'];
const PROPERTY_ACCESSOR = /^\w+\.(setter|getter|deleter)$/;

/**
 * What a stub method's body does: `raise NotImplementedError` marks a method subclasses must write;
 * `pass`, `...` or only a docstring is an empty body, often a hook whose default is to do nothing.
 */
type StubKind = 'empty' | 'raise';

interface Stub {
  name: string;
  kind: StubKind;
  property: boolean;
}

/** A constructor that raises keeps the class itself from being created, a deliberate design of its own. */
const CONSTRUCTORS = new Set(['__new__', '__init__']);

const check: NodeHandler = (definition, context) => {
  // A stub that raises names the exception: the text rules out most classes before their nodes are read.
  if (!holdsText(context.text(definition), 'NotImplementedError')) return;
  const nameNode = definition.childForFieldName('name');
  // The module facts list top-level classes only: a nested class named like a top-level base would be taken for it.
  if (!nameNode || !isModuleLevel(definition) || decoratorsOf(definition).length > 0) return;
  // Bases or class keywords (`metaclass=ABCMeta`, `Protocol`, `Exception`) mean the class already is something else.
  const superclasses = namedChildren(definition.childForFieldName('superclasses'));
  if (superclasses.some((base) => base.type === 'keyword_argument' || !context.semantic.matches(base, 'builtins.object'))) return;

  // A module that catches NotImplementedError treats such methods as optional hooks.
  if (context.facts.catchesNotImplementedError) return;
  const stubs = stubsOf(definition, context);
  if (!stubs || stubs.some((stub) => stub.kind === 'raise' && CONSTRUCTORS.has(stub.name))) return;
  const required = stubs.filter((stub) => stub.kind === 'raise').map((stub) => (stub.property ? `\`${stub.name}\`` : `\`${stub.name}()\``));
  if (required.length === 0) return;
  const name = context.text(nameNode);
  const subclasses = context.semantic.subclassesOf(name).map((other) => `\`${other.name}\``);
  if (subclasses.length === 0) return;
  context.report({
    node: nameNode,
    message: `\`${name}\` leaves ${enumeration(required)} to its subclasses (${enumeration(subclasses)}) by raising \`NotImplementedError\`; make it an \`ABC\` with \`@abstractmethod\`, or a \`Protocol\``,
  });
};

/** `a`, `a and b`, `a, b, …` — short enough for a one-line message. */
function enumeration(items: string[]): string {
  return items.length > 2 ? `${items.slice(0, 2).join(', ')}, …` : items.join(' and ');
}

/**
 * Every method as a stub, or `undefined` when the class holds anything beyond stubs: a real
 * method body, a class attribute with a value, a nested class, an unknown decorator.
 */
function stubsOf(definition: Node, context: RuleContext): Stub[] | undefined {
  const stubs: Stub[] = [];
  for (const statement of statementsAfterDocstring(definition)) {
    if (statement.type === 'pass_statement' || isDeclaration(statement, context)) continue;
    const method = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (method?.type !== 'function_definition') return undefined;
    const decorators = decoratorsOf(method);
    if (decorators.some((decorator) => !PROPERTY_ACCESSOR.test(context.text(decorator)) && !context.semantic.matches(decorator, ...DECLARING_DECORATORS))) return undefined;
    const name = method.childForFieldName('name');
    const kind = stubKind(method, context);
    if (!name || !kind) return undefined;
    stubs.push({ name: context.text(name), kind, property: decorators.some((decorator) => context.semantic.matches(decorator, 'builtins.property')) });
  }
  return stubs;
}

/** `name: int` (an annotation without a value) or `__slots__ = ()`: they declare, they hold no defaults. */
function isDeclaration(statement: Node, context: RuleContext): boolean {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  if (assignment?.type !== 'assignment') return false;
  const right = assignment.childForFieldName('right');
  if (!right) return true;
  const left = assignment.childForFieldName('left');
  return left !== null && context.text(left) === '__slots__' && /^(\(\s*\)|\[\s*\])$/.test(context.text(right));
}

function stubKind(method: Node, context: RuleContext): StubKind | undefined {
  const statements = statementsAfterDocstring(method);
  if (statements.length === 0) return 'empty';
  if (statements.length !== 1) return undefined;
  const [statement] = statements;
  if (statement.type === 'pass_statement') return 'empty';
  if (statement.type === 'expression_statement' && statement.namedChildCount === 1 && statement.firstNamedChild?.type === 'ellipsis') return 'empty';
  if (statement.type !== 'raise_statement') return undefined;
  const raised = statement.firstNamedChild;
  const exception = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
  return exception && context.semantic.isBuiltin(exception, 'NotImplementedError') ? 'raise' : undefined;
}

export default defineRule({
  meta: {
    code: 'PH211',
    name: 'interface-without-abc',
    kind: 'suggestion',
    selection: 'opt-in',
    category: 'classes',
    severity: 'information',
    minPython: [3, 4],
    message: 'A base class whose methods only raise `NotImplementedError`; declare it as an `ABC` or a `Protocol`',
    docs: {
      what: [
        'Flags a module-level class without bases (other than `object`) that other classes of the same file derive from,',
        'whose methods are all stubs, and at least one of them only raises `NotImplementedError`. Stubs may also be empty',
        '(`pass`, `...` or a docstring alone); docstrings, annotations without a value and an empty `__slots__` are allowed.',
        'Classes with real method bodies or class attributes with values are base classes with defaults and are left alone;',
        'so are classes with bases, class keywords such as `metaclass=`, class decorators, `@abstractmethod` or other',
        'decorators besides `@property`/`@staticmethod`/`@classmethod`, and classes whose `__init__` or `__new__` raises.',
      ].join(' '),
      why: [
        'A method that raises `NotImplementedError` says "subclasses must provide this", but only when someone calls it.',
        'A subclass that forgets one is created and instantiated without complaint, and the mistake surfaces later, on',
        'whichever code path first calls the missing method.',
        '',
        'Deriving from `abc.ABC` and marking those methods `@abstractmethod` moves the check to instantiation:',
        '`CsvExporter()` fails at once and names every method still missing, and the base class itself cannot be',
        'instantiated by accident. Type checkers report the omission before the code runs. Methods that are empty on',
        'purpose — hooks whose default is to do nothing — stay ordinary methods of the ABC, so subclasses may still skip them.',
        'Only mark the methods every subclass really must provide: one that callers treat as optional (catching',
        '`NotImplementedError`) should stay as it is.',
        '',
        'When implementations should not have to inherit at all, a `typing.Protocol` (Python 3.8+) describes the methods',
        'required, and any class that has them matches — checked statically, with no base class in common. It is also the',
        'way out when subclasses already have a metaclass of their own, which would clash with `ABCMeta`.',
      ].join('\n'),
      example: [
        'class Exporter:',
        '    def export(self, rows):',
        '        raise NotImplementedError',
        '',
        '    def extension(self):',
        '        raise NotImplementedError',
        '',
        'class CsvExporter(Exporter):',
        '    def export(self, rows):',
        '        return "\\n".join(",".join(map(str, row)) for row in rows)',
      ].join('\n'),
      instead: [
        'from abc import ABC, abstractmethod',
        '',
        'class Exporter(ABC):',
        '    @abstractmethod',
        '    def export(self, rows): ...',
        '',
        '    @abstractmethod',
        '    def extension(self): ...',
        '',
        'class CsvExporter(Exporter):',
        '    def export(self, rows):',
        '        return "\\n".join(",".join(map(str, row)) for row in rows)',
        '',
        '    def extension(self):',
        '        return ".csv"',
      ].join('\n'),
    },
  },
  visit: {
    nodes: { class_definition: check },
    sourceIncludes: 'NotImplementedError',
  },
});
