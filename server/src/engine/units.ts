// Analysis units: the pieces whose results are cached. A unit is a top-level statement, except
// that a class is split into a "shell" (the class itself, for the rules that look at a class
// as a whole) and one unit per statement of its body, recursively. So typing inside one method
// of a 3,000-line class re-analyses that method and the class shell, not the whole class; and a
// class an edit left alone is taken whole, its body not even listed (the analyzer decides).

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

/**
 * Hands `visit` the units of a module, in document order: after a class's shell come the units of
 * its body, unless `visit` answered false for the shell (their results are known with it).
 */
export function visitAnalysisUnits(root: Node, source: string, visit: (unit: AnalysisUnit) => boolean): void {
  const add = (statement: Node, enclosing: string) => {
    // Only classes are split: other statements are found without asking for their children, nor for
    // their type (a call into wasm) unless their text starts as a class's or a decorator's does.
    if (!mayBeClass(statement, source)) {
      visit({ node: statement, enclosing });
      return;
    }
    const type = statement.type;
    const definition = type === 'class_definition' ? statement : type === 'decorated_definition' ? statement.childForFieldName('definition') : null;
    const body = definition?.type === 'class_definition' ? definition.childForFieldName('body') : null;
    if (!definition || !body) {
      visit({ node: statement, enclosing });
      return;
    }
    if (!visit({ node: statement, shellNodes: statement === definition ? [definition] : [statement, definition], enclosing })) return;
    const header = enclosing + source.slice(statement.startIndex, body.startIndex);
    // The statements the class's rules and facts ask for too, built once per tree.
    for (const member of bodyStatements(definition)) add(member, header);
  };
  for (const statement of moduleStatements(root, source)) add(statement, '');
}

const AT_SIGN = 0x40;

/** Whether a statement may be a class: a class starts with `class`, a decorated one with `@`. */
function mayBeClass(statement: Node, source: string): boolean {
  const start = statement.startIndex;
  return source.charCodeAt(start) === AT_SIGN || source.startsWith('class', start);
}
