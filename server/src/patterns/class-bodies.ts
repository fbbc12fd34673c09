// What the class patterns read in a class body: its annotated fields (of a dataclass or a model),
// whether it is a dataclass through a base of the module, and the methods decorated a given way.

import type { Node } from 'web-tree-sitter';
import type { PatternContext } from '../engine/pattern';
import { classKind, type ClassFacts } from '../engine/semantic/classes';
import { bodyStatements, calleeOf, decoratorsOf, headOf } from '../engine/syntax';

const PSEUDO_FIELDS = ['typing.ClassVar', 'typing_extensions.ClassVar', 'dataclasses.InitVar'];

/** The assignment a statement of a class body is (`x: int = 0`, `__slots__ = …`), if any. */
export function assignmentOf(statement: Node): Node | undefined {
  const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
  return assignment?.type === 'assignment' ? assignment : undefined;
}

/** The class whose body directly holds an assignment. */
export function classOfAssignment(assignment: Node): Node | undefined {
  const block = assignment.parent?.type === 'expression_statement' ? assignment.parent.parent : null;
  return block?.type === 'block' && block.parent?.type === 'class_definition' ? block.parent : undefined;
}

/** The names the class body annotates as fields, leaving out `ClassVar`s, `InitVar`s and private names. */
export function annotatedFields(definition: Node, context: PatternContext): string[] {
  return bodyStatements(definition).flatMap((statement) => {
    const assignment = assignmentOf(statement);
    const name = assignment?.childForFieldName('left');
    const annotation = assignment?.childForFieldName('type');
    if (name?.type !== 'identifier' || !annotation || name.text.startsWith('_')) return [];
    const head = headOf(annotation);
    const pseudo = head.type === 'string' ? /^['"]*(\w+\.)*(ClassVar|InitVar)\b/.test(head.text) : context.semantic.matches(head, ...PSEUDO_FIELDS);
    return pseudo ? [] : [name.text];
  });
}

/** Whether a class is a dataclass: decorated as one, or derived from one of the module's dataclasses (which passes its `__init__` on). */
export function isDataclass(definition: Node, context: PatternContext): boolean {
  if (context.semantic.classKind(definition).dataclass) return true;
  const seen = new Set<string>();
  const local = (name: string) => context.facts.classes.get(name);
  const derives = (facts: ClassFacts): boolean =>
    facts.bases.some((base) => {
      const parent = base.qualified.length === 0 && base.callee && !seen.has(base.callee) ? local(base.callee) : undefined;
      if (!parent) return false;
      seen.add(parent.name);
      return classKind(parent, local).dataclass || derives(parent);
    });
  return derives(context.semantic.classFacts(definition));
}

/** The methods of a class body decorated with one of `qualified` (`abc.abstractmethod`), by name. */
export function methodsDecoratedWith(definition: Node, context: PatternContext, ...qualified: string[]): string[] {
  return bodyStatements(definition).flatMap((statement) => {
    const method = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : null;
    const name = method?.childForFieldName('name');
    if (method?.type !== 'function_definition' || !name) return [];
    return decoratorsOf(method).some((decorator) => context.semantic.matches(calleeOf(decorator), ...qualified)) ? [name.text] : [];
  });
}
