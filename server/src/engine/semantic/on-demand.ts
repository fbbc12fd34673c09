// The semantic model of a document for a request (a hover, a refactoring) rather than for an
// analysis: the analysis runs in the worker, while requests are answered from the connection
// thread's tree. Built when first asked, kept while the document's text and the target stay.

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
  /** Reused for the statements an edit left alone. */
  statements: StatementFactsCache;
}

const kept = new WeakMap<PythonDocument, Kept>();

export function documentModel(document: PythonDocument, target: PythonVersion): DocumentModel {
  const text = document.text;
  const previous = kept.get(document);
  if (previous && previous.text === text && previous.target.join('.') === target.join('.')) return previous.model;
  const sameTarget = previous && previous.target.join('.') === target.join('.');
  const { facts, cache } = collectModuleFacts(document.tree.rootNode, text, target, sameTarget ? previous.statements : undefined);
  const model = { facts, semantic: new SemanticModel(facts, text) };
  kept.set(document, { text, target, model, statements: cache });
  return model;
}
