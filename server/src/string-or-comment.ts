// Whether an offset sits inside a string or a comment, where code templates and noqa comments
// have no business. A cheap look at the tree around one offset.

import type { Node, Tree } from 'web-tree-sitter';

export type Literal = 'string' | 'comment';

/**
 * The string or comment that holds the cursor at `offset`: strictly between a string's quotes, or
 * after a comment's `#`. The code inside an f-string's braces is neither.
 */
export function literalAt(tree: Tree, offset: number): Literal | undefined {
  // The node of the character before the cursor: a cursor right after `# note` is still in the comment.
  let node: Node | null = tree.rootNode.descendantForIndex(Math.max(0, offset - 1));
  for (; node; node = node.parent) {
    const { startIndex: start, endIndex: end } = node;
    switch (node.type) {
      case 'comment':
        if (start < offset && offset <= end) return 'comment';
        break;
      case 'interpolation':
        if (start < offset && offset < end) return undefined;
        break;
      case 'string':
        if (start < offset && offset < end) return 'string';
        break;
    }
  }
  return undefined;
}
