// Applying fixes: a finding's fix becomes concrete edits (with the imports and the class decorator
// it needs), edits are applied to text, and fix-all picks non-overlapping fixes. Every result is
// reparsed, and a fix whose output does not parse is dropped: a fix must never break the user's code.

import type { Node } from 'web-tree-sitter';
import type { Finding, Fix } from './analyzer';
import { importEdits } from './imports';
import type { PythonParser } from './parser';
import type { ClassDecoration, FixSafety, TextEdit } from './rule';
import { decoratorsOf, indentationOf, lineBreakOf } from './syntax';

export interface FixSource {
  readonly text: string;
  readonly tree: import('web-tree-sitter').Tree;
}

/** The edits of one fix, including the import lines and the class decorator it needs. */
export function fixEdits(fix: Fix, document: FixSource): TextEdit[] {
  const decoration = fix.decorateClass ? decorationEdits(document, fix.decorateClass) : [];
  // Imports first: they must come before a decorator or statement inserted at the same point.
  return joinInsertions(dedupe([...importEdits(document.tree, document.text, fix.imports), ...fix.edits, ...decoration]));
}

/** One fix's insertions at the same offset as one edit, in order: the order is then unambiguous. */
function joinInsertions(edits: readonly TextEdit[]): TextEdit[] {
  const joined: TextEdit[] = [];
  for (const edit of edits) {
    const same = edit.start === edit.end ? joined.find((other) => other.start === edit.start && other.end === edit.start) : undefined;
    if (same) same.text += edit.text;
    else joined.push({ ...edit });
  }
  return joined;
}

/** `@decorator` above the class `ModuleFacts` describes (the last definition of that name), unless it has it already. */
function decorationEdits(document: FixSource, { className, decorator }: ClassDecoration): TextEdit[] {
  const text = (node: Node) => document.text.slice(node.startIndex, node.endIndex);
  let statement: Node | undefined;
  let definition: Node | undefined;
  const visit = (statements: readonly (Node | null)[]) => {
    for (const candidate of statements) {
      if (!candidate) continue;
      const candidateDefinition = candidate.type === 'decorated_definition' ? candidate.childForFieldName('definition') : candidate;
      const name = candidateDefinition?.type === 'class_definition' ? candidateDefinition.childForFieldName('name') : null;
      if (name && text(name) === className) [statement, definition] = [candidate, candidateDefinition!];
      else if (['if_statement', 'try_statement', 'with_statement'].includes(candidate.type)) {
        for (const block of nestedBlocks(candidate)) visit(block.namedChildren);
      }
    }
  };
  visit(document.tree.rootNode.namedChildren);
  if (!statement || !definition || decoratorsOf(definition).some((existing) => text(existing) === decorator)) return [];
  const at = statement.startIndex;
  return [{ start: at, end: at, text: `@${decorator}${lineBreakOf(document.text)}${indentationOf(statement, document.text)}` }];
}

/** Applies non-overlapping edits; throws on overlap, which is a bug in the caller. */
/** The blocks of an `if`/`try`/`with` statement, where module-level classes may be defined too. */
function nestedBlocks(statement: Node): Node[] {
  const blocks: Node[] = [];
  for (const child of statement.namedChildren) {
    if (!child) continue;
    if (child.type === 'block') blocks.push(child);
    else if (['else_clause', 'elif_clause', 'except_clause', 'finally_clause'].includes(child.type)) {
      for (const inner of child.namedChildren) if (inner?.type === 'block') blocks.push(inner);
    }
  }
  return blocks;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}

/** Whether the text after `edits` parses without more syntax errors than before. */
export function keepsParsing(parser: PythonParser, document: FixSource, edits: readonly TextEdit[]): boolean {
  const tree = parser.parse(applyEdits(document.text, edits));
  try {
    return !tree.rootNode.hasError || document.tree.rootNode.hasError && errorCount(tree) <= errorCount(document.tree);
  } finally {
    tree.delete();
  }
}

function errorCount(tree: import('web-tree-sitter').Tree): number {
  return tree.rootNode.descendantsOfType('ERROR').length + (tree.rootNode.hasError ? 1 : 0);
}

export function fixApplies(safety: FixSafety, includeUnsafe: boolean): boolean {
  return safety === 'safe' || (includeUnsafe && safety === 'unsafe');
}

export interface FixAll {
  edits: TextEdit[];
  /** How many findings the edits fix. */
  fixCount: number;
}

/**
 * The edits that apply every applicable fix at once. A fix whose edits overlap an already
 * chosen one waits for the next round (the caller re-analyses and calls again); a fix that
 * would break parsing is left out.
 */
export function fixAllEdits(parser: PythonParser, document: FixSource, findings: readonly Finding[], includeUnsafe: boolean): FixAll {
  const fixes = findings
    .filter((finding) => finding.fix && fixApplies(finding.fix.safety, includeUnsafe))
    .map((finding) => fixEdits(finding.fix!, document))
    .filter((edits) => edits.length > 0);
  const nonOverlapping: TextEdit[][] = [];
  let all: TextEdit[] = [];
  for (const edits of fixes) {
    const candidate = dedupe([...all, ...edits]);
    if (overlaps(candidate)) continue;
    nonOverlapping.push(edits);
    all = candidate;
  }
  if (keepsParsing(parser, document, all)) return { edits: all, fixCount: nonOverlapping.length };
  // Rare: find the culprit by checking fix by fix.
  let chosen: TextEdit[] = [];
  let fixCount = 0;
  for (const edits of nonOverlapping) {
    const candidate = dedupe([...chosen, ...edits]);
    if (!keepsParsing(parser, document, candidate)) continue;
    chosen = candidate;
    fixCount++;
  }
  return { edits: chosen, fixCount };
}

function dedupe(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((edit) => {
    const key = `${edit.start}:${edit.end}:${edit.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function overlaps(edits: readonly TextEdit[]): boolean {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1];
    const current = sorted[i];
    // Two insertions at the same point are ambiguous in order; treat them as overlapping.
    if (current.start < previous.end || (current.start === previous.start && current.start === current.end && previous.start === previous.end)) return true;
  }
  return false;
}
