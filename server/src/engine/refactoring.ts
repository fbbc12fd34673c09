// Refactorings: rewrites of correct code into another idiom (`@dataclass(slots=True)`, `match`,
// PEP 695 generics), offered from the light bulb on the construct with no diagnostic. Unlike a
// rule, a refactoring is looked for only when the editor asks for the code actions of a range,
// on the constructs around it: it costs nothing while typing.

import type { Node } from 'web-tree-sitter';
import type { PythonDocument } from './document';
import { FixContext, fixEdits, keepsParsing } from './fixes';
import type { PythonParser } from './parser';
import type { FixSpec, PythonVersion, TextEdit } from './rule';
import { atLeast } from './analyzer';
import { RequestContext } from './semantic/on-demand';

export interface RefactoringContext extends RequestContext {
  /** The range the editor asks about (UTF-16 offsets). */
  readonly selection: { readonly start: number; readonly end: number };
}

/** One rewrite: its title in the light bulb, and its edits (with the imports it needs). */
export interface RefactoringOffer {
  title: string;
  fix: Pick<FixSpec, 'edits' | 'imports'>;
}

export interface Refactoring {
  /** kebab-case, stable: tests and docs name it. */
  id: string;
  /** The oldest target the rewritten code runs on; below it the refactoring is not offered. */
  minPython: PythonVersion;
  /**
   * The node types it starts from. It is asked about every node of these types that encloses the
   * requested range, innermost first, and decides itself which part of the construct offers it
   * (a class's header, not its whole body).
   */
  nodeTypes: readonly string[];
  offer(node: Node, context: RefactoringContext): RefactoringOffer | readonly RefactoringOffer[] | undefined;
}

export function defineRefactoring(refactoring: Refactoring): Refactoring {
  return refactoring;
}

/** A refactoring ready to apply: its edits keep the code parsing. */
export interface RefactoringAction {
  id: string;
  title: string;
  edits: TextEdit[];
}

/**
 * The refactorings offered for `[start, end)`, each at most once (for its innermost construct). One
 * that throws (a bug, on code nobody foresaw) is told to `onError` and passed over: the light bulb
 * still shows the rest.
 */
export function refactoringsAt(
  parser: PythonParser,
  document: PythonDocument,
  refactorings: readonly Refactoring[],
  target: PythonVersion,
  start: number,
  end: number,
  onError?: (refactoring: Refactoring, error: unknown) => void,
): RefactoringAction[] {
  const applicable = refactorings.filter((refactoring) => atLeast(target, refactoring.minPython));
  if (applicable.length === 0) return [];
  // The model is built only if a refactoring asks for it.
  const context: RefactoringContext = Object.assign(new RequestContext(document, target), { selection: { start, end } });
  let fixContext: FixContext | undefined;
  const actions: RefactoringAction[] = [];
  const offered = new Set<string>();
  for (let node: Node | null = document.tree.rootNode.descendantForIndex(...searched(document.text, start, end)); node; node = node.parent) {
    for (const refactoring of applicable) {
      if (offered.has(refactoring.id) || !refactoring.nodeTypes.includes(node.type)) continue;
      let result: ReturnType<Refactoring['offer']>;
      try {
        result = refactoring.offer(node, context);
      } catch (error) {
        onError?.(refactoring, error);
        offered.add(refactoring.id);
        continue;
      }
      const offers: readonly RefactoringOffer[] = result === undefined ? [] : isOfferList(result) ? result : [result];
      for (const offer of offers) {
        const edits = fixEdits({ edits: offer.fix.edits, imports: offer.fix.imports ?? [], safety: 'suggestion', title: offer.title }, document, (fixContext ??= new FixContext(document)));
        if (edits.length === 0 || !keepsParsing(parser, document, edits)) continue;
        actions.push({ id: refactoring.id, title: offer.title, edits });
        offered.add(refactoring.id);
      }
    }
  }
  return actions;
}

/**
 * The range whose innermost node the constructs are climbed from. A cursor just after a token, before
 * a space or the end of the line, is on that token, as editors show it: at the end of
 * `f = open(p)` the statement is meant, not the block after it.
 */
function searched(text: string, start: number, end: number): [number, number] {
  if (end > start) return [start, end];
  const after = text.charAt(start);
  return start > 0 && /\S/.test(text.charAt(start - 1)) && (after === '' || /\s/.test(after)) ? [start - 1, start - 1] : [start, start];
}

function isOfferList(result: RefactoringOffer | readonly RefactoringOffer[]): result is readonly RefactoringOffer[] {
  return Array.isArray(result);
}
