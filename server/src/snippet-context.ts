// Where a code template may go at the cursor: a whole statement in a module or function body, a
// member in a class body, or nowhere (inside a string or comment, after other code on the line,
// inside brackets or a continued line). Decided from the tree and the indentation, since the line
// being typed on is usually half-written: a lone `dec`, or nothing at all yet.

import type { Node, Tree } from 'web-tree-sitter';
import { indentationOf, lineStartOf, startsItsLine } from './engine/syntax';
import { literalAt } from './string-or-comment';

export type SnippetContext = 'statement' | 'class-body';

export const SNIPPET_CONTEXTS: readonly SnippetContext[] = ['statement', 'class-body'];

const OPENING = new Set(['(', '[', '{']);
const CLOSING = new Set([')', ']', '}']);
const WHITESPACE = new Set([' ', '\t', '\f', '\r', '\n']);

/**
 * The context of a template that replaces `[start, end)` (the prefix typed so far, up to the
 * cursor). `floor` is where the code the template belongs to starts: a notebook cell's start in
 * its notebook's joined cells, which the tree holds as one module.
 */
export function snippetContextAt(tree: Tree, source: string, start: number, end: number, floor = 0): SnippetContext | undefined {
  if (literalAt(tree, end)) return undefined;
  const lineStart = Math.max(floor, lineStartOf(source, start));
  const indentation = source.slice(lineStart, start);
  // After `x = `, `return ` or `@`: the line already holds the start of a statement.
  if (!/^[ \t]*$/.test(indentation)) return undefined;
  // Text after the cursor would end up after the template's first line.
  if (!/^[ \t]*(?:[\r\n]|$)/.test(source.slice(end, end + 200))) return undefined;
  if (insideBrackets(tree.rootNode, start, floor)) return undefined;
  return contextOfLine(tree, source, lineStart, indentation, floor);
}

/**
 * The context of a line indented by `indentation`, from the last token before it: the innermost
 * block around that token whose statements are indented alike, or, after a header's `:` with no
 * body yet, the body that the line opens.
 */
function contextOfLine(tree: Tree, source: string, lineStart: number, indentation: string, floor: number): SnippetContext | undefined {
  const previous = lastTokenBefore(tree, source, lineStart, floor);
  if (!previous) return indentation === '' ? 'statement' : undefined;
  if (previous.type === 'line_continuation') return undefined;
  const header = previous.type === ':' ? previous.parent : null;
  if (header) {
    // A header the parser could not place is read from the line of its `:`.
    const placed = header.type !== 'ERROR';
    const headerLine = Math.max(floor, lineStartOf(source, placed ? header.startIndex : previous.startIndex));
    const outer = /^[ \t]*/.exec(source.slice(headerLine, previous.startIndex))![0];
    const opensBody = (placed ? startsItsLine(header, source) : true) && indentation.length > outer.length && indentation.startsWith(outer);
    if (opensBody && placed) return scopeOf(header);
    if (opensBody) {
      const keyword = /^[ \t]*(?:async[ \t]+)?(class|def)\b/.exec(source.slice(headerLine, previous.startIndex))?.[1];
      if (keyword) return keyword === 'class' ? 'class-body' : 'statement';
      return contextOfLine(tree, source, headerLine, outer, floor);
    }
  }
  for (let node: Node | null = previous; node; node = node.parent) {
    if (node.type === 'module') return indentation === '' ? 'statement' : undefined;
    if (node.type === 'block' && blockIndentation(node, source) === indentation) {
      // Between the `case` clauses of a `match` only another `case` fits.
      return node.parent?.type === 'match_statement' ? undefined : scopeOf(node);
    }
    // A line the parser could not read (a half-typed `ph-`, a lone decorator) stands where a
    // statement of its block would: the next line at its indentation is in the same block.
    if (node.type === 'ERROR' && startsItsLine(node, source) && indentationOf(node, source) === indentation) return scopeOf(node);
  }
  return undefined;
}

/**
 * Whether an opening bracket before `at` (and after `floor`) is still open there: the template
 * would land inside a call's arguments, a list or a parenthesised expression. Counted over the
 * tokens, so brackets in strings and comments do not count; a construct that parsed without an
 * error holds as many closing brackets as opening ones and is skipped whole.
 */
function insideBrackets(root: Node, at: number, floor: number): boolean {
  let depth = 0;
  const visit = (node: Node): void => {
    // A module or block that parsed holds no bracket of its own: only the statement at `at` counts.
    if (!node.hasError && node.startIndex >= floor && (node.type === 'module' || node.type === 'block')) {
      const holding = node.firstChildForIndex(at);
      if (holding && holding.startIndex < at) visit(holding);
      return;
    }
    for (const child of node.children) {
      if (!child || child.startIndex >= at) break;
      if (child.endIndex <= floor) continue;
      if (child.childCount === 0) {
        // A MISSING closing bracket is the parser's guess, not text the user wrote.
        if (child.isMissing || child.startIndex < floor) continue;
        if (OPENING.has(child.type)) depth++;
        else if (CLOSING.has(child.type) && depth > 0) depth--;
      } else if (child.endIndex > at || child.hasError || child.startIndex < floor) {
        visit(child);
      }
    }
  };
  visit(root);
  return depth > 0;
}

/** The last token that ends before `lineStart`, comments skipped; none when only whitespace comes before (down to `floor`). */
function lastTokenBefore(tree: Tree, source: string, lineStart: number, floor: number): Node | undefined {
  let at = lineStart - 1;
  for (;;) {
    while (at >= floor && WHITESPACE.has(source[at])) at--;
    if (at < floor) return undefined;
    const node = tree.rootNode.descendantForIndex(at);
    if (!node) return undefined;
    if (node.type !== 'comment') return node;
    at = node.startIndex - 1;
  }
}

/** The indentation of a block's statements; none for a body on its header's line (`if x: pass`). */
function blockIndentation(block: Node, source: string): string | undefined {
  let first = block.firstNamedChild;
  while (first?.type === 'comment') first = first.nextNamedSibling;
  return first && startsItsLine(first, source) ? indentationOf(first, source) : undefined;
}

/** `class-body` inside a class's own body (its `if` and `try` blocks too), else `statement`. */
function scopeOf(holder: Node): SnippetContext {
  for (let node: Node | null = holder; node; node = node.parent) {
    if (node.type === 'class_definition') return 'class-body';
    if (node.type === 'function_definition') return 'statement';
  }
  return 'statement';
}
