// `f = open(p)` … `f.close()` becomes `with open(p) as f:` around the statements between. Offered
// in the straight-line case only, where the rewrite changes nothing on the normal path: the close
// is a later statement of the same block, nothing between leaves the block (`return`, `raise`, a
// `break` or `continue` out of it), and nothing uses the handle after the close. What changes is
// the exceptional path, where the handle is now closed at once instead of whenever the garbage
// collector finds it: nothing in the function can tell, since it does not use the handle again.

import type { Node } from 'web-tree-sitter';
import { defineRefactoring } from '../engine/refactoring';
import { namedChildren, ownScopeNodes } from '../engine/syntax';
import { localHandle, opensHandle, withBlockFix } from '../rules/file-handles';

const EXITS = ['return_statement', 'raise_statement', 'break_statement', 'continue_statement'];
const LOOPS = new Set(['for_statement', 'while_statement']);

export default defineRefactoring({
  id: 'open-in-with-block',
  // Sockets are context managers from 3.2; files and temporary files from before.
  minPython: [3, 2],
  nodeTypes: ['expression_statement'],
  offer(statement, context) {
    const assignment = statement.namedChildCount === 1 ? statement.firstNamedChild : null;
    let call = assignment?.type === 'assignment' ? assignment.childForFieldName('right') : null;
    while (call?.type === 'parenthesized_expression') call = call.firstNamedChild;
    if (call?.type !== 'call' || !opensHandle(call, context)) return undefined;
    const handle = localHandle(call, context);
    if (!handle || handle.others.length > 0 || handle.closes.length !== 1) return undefined;
    const closeStatement = handle.closes[0].parent;
    if (closeStatement?.type !== 'expression_statement' || closeStatement.parent?.id !== statement.parent?.id || closeStatement.startIndex < statement.endIndex) return undefined;
    const between = namedChildren(statement.parent).filter((each) => each.startIndex > statement.endIndex && each.endIndex <= closeStatement.startIndex);
    if (between.length === 0 || between.some((each) => leavesEarly(each, between[0]))) return undefined;
    if (handle.references.some((reference) => reference.startIndex > closeStatement.endIndex)) return undefined;
    const fix = withBlockFix(handle, closeStatement, context);
    return fix && { title: `Open \`${handle.name.text}\` in a \`with\` block`, fix };
  },
});

/** Whether a statement leaves the statements from `first` on by a `return` or `raise` of its own, or a `break` or `continue` out of them. */
function leavesEarly(statement: Node, first: Node): boolean {
  // A `def` runs none of its body here.
  const definition = statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type === 'function_definition') return false;
  const exits = [...(EXITS.includes(statement.type) ? [statement] : []), ...ownScopeNodes(statement, EXITS)];
  return exits.some((exit) => {
    if (exit.type === 'return_statement' || exit.type === 'raise_statement') return true;
    const loop = loopOf(exit);
    return !loop || loop.startIndex < first.startIndex;
  });
}

/** The loop a `break` or `continue` leaves: the innermost whose body holds it (a loop's `else` belongs to the loop outside). */
function loopOf(jump: Node): Node | undefined {
  for (let child = jump, node = jump.parent; node; child = node, node = node.parent) {
    if (LOOPS.has(node.type) && node.childForFieldName('body')?.id === child.id) return node;
  }
  return undefined;
}
