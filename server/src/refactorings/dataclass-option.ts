// What the refactorings that add an option to `@dataclass` share (`slots=True`, `frozen=True`,
// `kw_only=True`): the dataclass decorator the request is on, the keyword written into it, and
// the class's fields. Each refactoring says what its option would break; the file's other uses of
// the class come from the semantic model (`semantic/class-uses.ts`).

import type { Node } from 'web-tree-sitter';
import { defineRefactoring, type Refactoring, type RefactoringContext } from '../engine/refactoring';
import type { PythonVersion, TextEdit } from '../engine/rule';
import { moduleClasses, type ModuleClasses } from '../engine/semantic/class-uses';
import { bodyStatements, calleeOf, decoratorsOf, headOf, indentationOf, isModuleLevel, lineBreakOf, namedChildren, startsItsLine } from '../engine/syntax';

/** A module-level dataclass the request is on. */
export interface Dataclass {
  definition: Node;
  /** The `@dataclass` decorator's expression: `dataclass`, `dataclasses.dataclass(order=True)`. */
  decorator: Node;
  /** The keywords the decorator passes, with their values. */
  options: ReadonlyMap<string, Node>;
  /** Every decorator of the class, top to bottom: those below `@dataclass` are applied before it. */
  decorators: readonly Node[];
  classes: ModuleClasses;
  context: RefactoringContext;
}

export interface DataclassOption {
  id: string;
  keyword: string;
  minPython: PythonVersion;
  /** Whether adding the option would break the class, or code of the file that uses it. */
  breaks(dataclass: Dataclass): boolean;
}

/** A refactoring that adds `keyword=True` to a dataclass that does not set the keyword yet, from its decorators or its header. */
export function dataclassOption(option: DataclassOption): Refactoring {
  return defineRefactoring({
    id: option.id,
    minPython: option.minPython,
    nodeTypes: ['decorated_definition'],
    offer(node, context) {
      const dataclass = dataclassAt(node, context);
      if (!dataclass || dataclass.options.has(option.keyword) || option.breaks(dataclass)) return undefined;
      const edits = keywordEdits(dataclass.decorator, `${option.keyword}=True`, context.source);
      return edits && { title: `Add ${option.keyword}=True to @dataclass`, fix: { edits } };
    },
  });
}

/**
 * The dataclass whose decorators or header (up to its colon) hold the selection's start, the
 * selection ending within the class (a cursor, or the whole class selected). Only a class the
 * module defines once at module level: the file's uses of it can be found there. A decorator that
 * passes `**options` may set any option, and is left alone.
 */
function dataclassAt(node: Node, context: RefactoringContext): Dataclass | undefined {
  const definition = node.childForFieldName('definition');
  if (definition?.type !== 'class_definition' || !isModuleLevel(definition)) return undefined;
  const colon = definition.children.find((child) => child?.type === ':');
  const { start, end } = context.selection;
  if (!colon || start < node.startIndex || start > colon.endIndex || end > node.endIndex) return undefined;
  const decorators = decoratorsOf(definition);
  const dataclasses = decorators.filter((decorator) => context.semantic.matches(calleeOf(decorator), 'dataclasses.dataclass'));
  if (dataclasses.length !== 1) return undefined;
  const decorator = dataclasses[0];
  const options = new Map<string, Node>();
  if (decorator.type === 'call') {
    const argumentList = decorator.childForFieldName('arguments');
    if (argumentList?.type !== 'argument_list') return undefined;
    for (const argument of namedChildren(argumentList)) {
      const name = argument.type === 'keyword_argument' ? argument.childForFieldName('name')?.text : undefined;
      const value = argument.childForFieldName('value');
      if (name === undefined || !value) return undefined;
      options.set(name, value);
    }
  } else if (decorator.type !== 'identifier' && decorator.type !== 'attribute') return undefined;
  const classes = moduleClasses(definition.tree.rootNode, context.semantic);
  const name = definition.childForFieldName('name')?.text ?? '';
  if (classes.definitions.get(name)?.id !== definition.id) return undefined;
  return { definition, decorator, options, decorators, classes, context };
}

/**
 * `keyword=True` written into the decorator: `@dataclass` gets an argument list, a one-line list
 * gets `, keyword=True` after its last argument, and a list whose `)` stands on its own line gets
 * a line of its own, after the last argument's line (and the comment ending it).
 */
function keywordEdits(decorator: Node, keyword: string, source: string): TextEdit[] | undefined {
  if (decorator.type !== 'call') return [{ start: decorator.endIndex, end: decorator.endIndex, text: `(${keyword})` }];
  const argumentList = decorator.childForFieldName('arguments')!;
  const items = namedChildren(argumentList);
  const last = items.at(-1);
  if (!last) {
    // `@dataclass()`, or a list that holds only comments.
    return argumentList.namedChildCount === 0 ? [{ start: argumentList.startIndex, end: argumentList.endIndex, text: `(${keyword})` }] : undefined;
  }
  const closing = argumentList.lastChild!;
  if (!startsItsLine(closing, source)) return [{ start: last.endIndex, end: last.endIndex, text: `, ${keyword}` }];
  const comma = last.nextSibling?.type === ',' ? last.nextSibling : null;
  const lineEnd = endOfLine(source, (comma ?? last).endIndex);
  const line = `${lineBreakOf(source)}${indentationOf(last, source)}${keyword}${comma ? ',' : ''}`;
  return comma ? [{ start: lineEnd, end: lineEnd, text: line }] : [{ start: last.endIndex, end: last.endIndex, text: ',' }, { start: lineEnd, end: lineEnd, text: line }];
}

/** The offset of the line break that ends the line holding `offset` (or the end of the source). */
function endOfLine(source: string, offset: number): number {
  const found = source.slice(offset).search(/\r\n|\n|\r/);
  return found === -1 ? source.length : offset + found;
}

const NOT_FIELDS = ['typing.ClassVar', 'typing_extensions.ClassVar', 'dataclasses.InitVar', 'dataclasses.KW_ONLY'];

/**
 * The names of a dataclass's own fields: its annotated class attributes, less `ClassVar`s,
 * `InitVar`s and the `KW_ONLY` marker. A string annotation naming one of those is left out too.
 */
export function fieldNames(definition: Node, context: RefactoringContext): string[] {
  const names: string[] = [];
  for (const statement of bodyStatements(definition)) {
    const assignment = statement.type === 'expression_statement' && statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    const annotation = assignment?.type === 'assignment' ? assignment.childForFieldName('type') : null;
    const left = assignment?.childForFieldName('left');
    if (!annotation || left?.type !== 'identifier') continue;
    const head = headOf(annotation);
    if (head.type === 'string' ? /\b(ClassVar|InitVar|KW_ONLY)\b/.test(head.text) : context.semantic.matches(head, ...NOT_FIELDS)) continue;
    names.push(left.text);
  }
  return names;
}

/** Whether a class's dataclass decorator (or the one named `dataclass` of the module) passes `keyword=True`. */
export function setsOption(definition: Node, keyword: string, context: RefactoringContext): boolean {
  return decoratorsOf(definition).some(
    (decorator) =>
      decorator.type === 'call' &&
      context.semantic.matches(calleeOf(decorator), 'dataclasses.dataclass') &&
      namedChildren(decorator.childForFieldName('arguments')).some((argument) => argument.type === 'keyword_argument' && argument.childForFieldName('name')?.text === keyword && argument.childForFieldName('value')?.type === 'true'),
  );
}
