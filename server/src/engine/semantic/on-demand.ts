// The semantic model of a document for a request (a hover, a refactoring) rather than for an
// analysis: the analysis runs in the worker, while requests are answered from the connection
// thread's tree. Built when first asked, kept while the document's text and the target stay.

import type { Node } from 'web-tree-sitter';
import type { PythonDocument } from '../document';
import { collectModuleFacts, type ModuleFacts, type StatementFactsCache } from '../facts';
import type { PythonVersion } from '../rule';
import { SemanticModel } from './model';

export interface DocumentModel {
  readonly facts: ModuleFacts;
  readonly semantic: SemanticModel;
}

interface Kept {
  text: string;
  target: PythonVersion;
  model: DocumentModel;
  /** Reused for the statements an edit left alone (found by their text: this model is not told the edits). */
  statements: StatementFactsCache;
}

const kept = new WeakMap<PythonDocument, Kept>();

export function documentModel(document: PythonDocument, target: PythonVersion): DocumentModel {
  const text = document.text;
  const previous = kept.get(document);
  const sameTarget = previous !== undefined && previous.target.join('.') === target.join('.');
  if (sameTarget && previous.text === text) return previous.model;
  const { facts, cache } = collectModuleFacts(document.tree.rootNode, text, target, sameTarget ? { statements: previous.statements, edits: 'replaced' } : undefined);
  const model = { facts, semantic: new SemanticModel(facts, text) };
  kept.set(document, { text, target, model, statements: cache });
  return model;
}

/**
 * What a request's questions read: the document's text, the project's target, and its model —
 * built only when first read, since most hovers and many code actions never need it.
 */
export class RequestContext {
  readonly source: string;
  private model: DocumentModel | undefined;

  constructor(
    private readonly document: PythonDocument,
    readonly target: PythonVersion,
  ) {
    this.source = document.text;
  }

  get facts(): ModuleFacts {
    return this.modelNow().facts;
  }

  get semantic(): SemanticModel {
    return this.modelNow().semantic;
  }

  /** The source text of a node. */
  readonly text = (node: Node): string => this.source.slice(node.startIndex, node.endIndex);

  private modelNow(): DocumentModel {
    return (this.model ??= documentModel(this.document, this.target));
  }
}
