// Applying fixes: a finding's fix becomes concrete edits (with the imports and the class decorator
// it needs), edits are applied to text, and fix-all picks non-overlapping fixes. Every result is
// reparsed, and a fix whose output does not parse is dropped: a fix must never break the user's code.

import { Edit, type Node, type Point, type Tree } from 'web-tree-sitter';
import type { Finding, Fix } from './analyzer';
import { ImportContext, importEdits } from './imports';
import type { PythonParser } from './parser';
import { LineIndex } from './positions';
import type { ClassDecoration, FixSafety, TextEdit } from './rule';
import { decoratorsOf, indentationOf, lineBreakOf, moduleLevelClasses } from './syntax';

export interface FixSource {
  readonly text: string;
  readonly tree: Tree;
  /** The text's line index, when the caller has one; made on demand otherwise. */
  readonly lines?: LineIndex;
}

/**
 * What fixes of one document look up in its tree (top-level statements, class definitions),
 * found once: fix-all asks for thousands of fixes of the same document.
 */
export class FixContext {
  private classes: Map<string, { statement: Node; definition: Node }> | undefined;
  readonly imports: ImportContext;

  constructor(readonly document: FixSource) {
    this.imports = new ImportContext(document.tree, document.text);
  }

  /** The last definition of each module-level class (also inside `if`/`try`/`with` blocks). */
  classNamed(name: string): { statement: Node; definition: Node } | undefined {
    this.classes ??= new Map(moduleLevelClasses(this.document.tree.rootNode).map(({ name: className, statement, definition }) => [className, { statement, definition }]));
    return this.classes.get(name);
  }
}

/** The edits of one fix, including the import lines and the class decorator it needs. */
export function fixEdits(fix: Fix, document: FixSource, context = new FixContext(document)): TextEdit[] {
  const decoration = fix.decorateClass ? decorationEdits(context, fix.decorateClass) : [];
  // Imports first: they must come before a decorator or statement inserted at the same point.
  return joinInsertions(dedupe([...importEdits(context.imports, fix.imports), ...fix.edits, ...decoration]));
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
function decorationEdits(context: FixContext, { className, decorator }: ClassDecoration): TextEdit[] {
  const { text } = context.document;
  const found = context.classNamed(className);
  if (!found || decoratorsOf(found.definition).some((existing) => text.slice(existing.startIndex, existing.endIndex) === decorator)) return [];
  const at = found.statement.startIndex;
  return [{ start: at, end: at, text: `@${decorator}${lineBreakOf(text)}${indentationOf(found.statement, text)}` }];
}

/** Applies non-overlapping edits; throws on overlap, which is a bug in the caller. */
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

/**
 * Whether the text after `edits` parses without more syntax errors than before. The parse starts
 * from a copy of the document's tree, so that it redoes only what the edits touch: checking each
 * of thousands of fixes (the CLI's JSON report) must not cost thousands of full parses.
 */
export function keepsParsing(parser: PythonParser, document: FixSource, edits: readonly TextEdit[]): boolean {
  const lines = document.lines ?? new LineIndex(document.text);
  const edited = document.tree.copy();
  // From the last edit to the first: each keeps the coordinates of the text before it.
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) {
    const startPosition = lines.pointAt(edit.start);
    edited.edit(
      new Edit({
        startIndex: edit.start,
        oldEndIndex: edit.end,
        newEndIndex: edit.start + edit.text.length,
        startPosition,
        oldEndPosition: lines.pointAt(edit.end),
        newEndPosition: pointAfter(startPosition, edit.text),
      }),
    );
  }
  let tree: Tree | undefined;
  try {
    tree = parser.parse(applyEdits(document.text, edits), edited);
    return !tree.rootNode.hasError || document.tree.rootNode.hasError && errorCount(tree) <= errorCount(document.tree);
  } finally {
    tree?.delete();
    edited.delete();
  }
}

/** Where inserting `text` at `start` ends: rows count each line break once (a lone `\r` too, as the parser reads it). */
function pointAfter(start: Point, text: string): Point {
  let row = start.row;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 0x0a || (char === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      row++;
      lineStart = i + 1;
    }
  }
  return row === start.row ? { row, column: start.column + text.length } : { row, column: text.length - lineStart };
}

function errorCount(tree: Tree): number {
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
  const context = new FixContext(document);
  const chosen = new EditSet();
  const nonOverlapping: TextEdit[][] = [];
  for (const finding of findings) {
    if (!finding.fix || !fixApplies(finding.fix.safety, includeUnsafe)) continue;
    const edits = fixEdits(finding.fix, document, context);
    if (edits.length > 0 && chosen.tryAdd(edits)) nonOverlapping.push(edits);
  }
  const kept = parsingFixes(parser, document, nonOverlapping);
  const edits = new EditSet();
  for (const index of kept) edits.tryAdd(nonOverlapping[index]);
  return { edits: edits.edits(), fixCount: kept.size };
}

/**
 * Each finding's checked fix edits: undefined when it has none, or when its result would not
 * parse. For a report of thousands of findings, fixes that do not overlap are checked together
 * in one reparse, and only a batch that does not parse is checked by halves.
 */
export function checkedFixEdits(parser: PythonParser, document: FixSource, findings: readonly Finding[]): (TextEdit[] | undefined)[] {
  const context = new FixContext(document);
  const checked: (TextEdit[] | undefined)[] = findings.map(() => undefined);
  let pending = findings.flatMap((finding, index) => {
    const edits = finding.fix ? fixEdits(finding.fix, document, context) : [];
    return edits.length > 0 ? [{ index, edits }] : [];
  });
  while (pending.length > 0) {
    const batch = new EditSet();
    const together: typeof pending = [];
    const later: typeof pending = [];
    for (const entry of pending) (batch.tryAdd(entry.edits) ? together : later).push(entry);
    for (const kept of parsingFixes(parser, document, together.map((entry) => entry.edits))) checked[together[kept].index] = together[kept].edits;
    pending = later;
  }
  return checked;
}

/**
 * Which of these non-overlapping fixes keep the document parsing: all of them in one reparse
 * when they do together (the usual case), else found by halving, so that a few bad fixes cost a
 * few reparses each.
 */
function parsingFixes(parser: PythonParser, document: FixSource, fixes: readonly TextEdit[][]): Set<number> {
  const kept = new Set<number>();
  const keptEdits = new EditSet();
  const check = (from: number, to: number) => {
    const candidate = new EditSet(keptEdits);
    for (let i = from; i < to; i++) candidate.tryAdd(fixes[i]);
    if (keepsParsing(parser, document, candidate.edits())) {
      for (let i = from; i < to; i++) {
        keptEdits.tryAdd(fixes[i]);
        kept.add(i);
      }
    } else if (to - from > 1) {
      const middle = Math.ceil((from + to) / 2);
      check(from, middle);
      check(middle, to);
    }
  };
  if (fixes.length > 0) check(0, fixes.length);
  return kept;
}

/**
 * Edits that do not overlap, sorted by position. Identical edits from two fixes (the same import
 * line) count once; two different insertions at one point overlap, since their order is ambiguous.
 */
class EditSet {
  private readonly sorted: TextEdit[];

  constructor(from?: EditSet) {
    this.sorted = from ? [...from.sorted] : [];
  }

  edits(): TextEdit[] {
    return [...this.sorted];
  }

  /** Adds all of `edits`, or none when one of them overlaps an edit in the set or another of them. */
  tryAdd(edits: readonly TextEdit[]): boolean {
    const added: number[] = [];
    for (const edit of edits) {
      const at = this.indexOf(edit);
      if (this.isSame(at, edit)) continue;
      if (this.conflicts(at, edit)) {
        // Undo from the end, so that the recorded indexes stay valid.
        for (const index of added.reverse()) this.sorted.splice(index, 1);
        return false;
      }
      for (let i = 0; i < added.length; i++) if (added[i] >= at) added[i]++;
      this.sorted.splice(at, 0, edit);
      added.push(at);
    }
    return true;
  }

  /** The first index whose edit sorts after `edit` by (start, end); an equal one is just before it. */
  private indexOf(edit: TextEdit): number {
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      const other = this.sorted[middle];
      if (other.start < edit.start || (other.start === edit.start && other.end <= edit.end)) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private isSame(at: number, edit: TextEdit): boolean {
    for (let i = at - 1; i >= 0 && this.sorted[i].start === edit.start && this.sorted[i].end === edit.end; i--) {
      if (this.sorted[i].text === edit.text) return true;
    }
    return false;
  }

  private conflicts(at: number, edit: TextEdit): boolean {
    const before = this.sorted[at - 1];
    const after = this.sorted[at];
    return (before !== undefined && overlap(before, edit)) || (after !== undefined && overlap(edit, after));
  }
}

/** Whether two edits, `first` sorting before `second`, touch the same text. */
function overlap(first: TextEdit, second: TextEdit): boolean {
  const insertion = (edit: TextEdit) => edit.start === edit.end;
  return second.start < first.end || (first.start === second.start && insertion(first) && insertion(second));
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
