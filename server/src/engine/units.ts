// Analysis units: the pieces whose results are cached. A unit is a top-level statement, except
// that a class is split into a "shell" (the class itself, for the rules that look at a class
// as a whole) and one unit per statement of its body, recursively. So typing inside one method
// of a 3,000-line class re-analyses that method and the class shell, not the whole class.

import type { Node } from 'web-tree-sitter';
import { bodyStatements, moduleStatements } from './syntax';

export interface AnalysisUnit {
  /** The statement: for a shell, the class statement (its `decorated_definition` if decorated). */
  readonly node: Node;
  /** For a shell, the nodes dispatched to rules: the `decorated_definition` and `class_definition`. */
  readonly shellNodes?: readonly Node[];
  /**
   * The headers of the enclosing classes (decorators, name, bases): a member's results may
   * depend on them (a field of a `@dataclass`), so they are part of its cache key.
   */
  readonly enclosing: string;
}

export function analysisUnits(root: Node, source: string): AnalysisUnit[] {
  const units: AnalysisUnit[] = [];
  const add = (statement: Node, enclosing: string) => {
    // Only classes are split: other statements are found without asking for their children, nor for
    // their type (a call into wasm) unless their text starts as a class's or a decorator's does.
    if (!mayBeClass(statement, source)) {
      units.push({ node: statement, enclosing });
      return;
    }
    const type = statement.type;
    const definition = type === 'class_definition' ? statement : type === 'decorated_definition' ? statement.childForFieldName('definition') : null;
    const body = definition?.type === 'class_definition' ? definition.childForFieldName('body') : null;
    if (!definition || !body) {
      units.push({ node: statement, enclosing });
      return;
    }
    units.push({ node: statement, shellNodes: statement === definition ? [definition] : [statement, definition], enclosing });
    const header = enclosing + source.slice(statement.startIndex, body.startIndex);
    // The statements the class's rules and facts ask for too, built once per tree.
    for (const member of bodyStatements(definition)) add(member, header);
  };
  for (const statement of moduleStatements(root, source)) add(statement, '');
  return units;
}

const AT_SIGN = 0x40;

/** Whether a statement may be a class: a class starts with `class`, a decorated one with `@`. */
function mayBeClass(statement: Node, source: string): boolean {
  const start = statement.startIndex;
  return source.charCodeAt(start) === AT_SIGN || source.startsWith('class', start);
}
