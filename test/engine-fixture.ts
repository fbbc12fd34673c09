// The engine the unit tests share: the real grammar, every rule.
import { fileURLToPath } from 'node:url';
import { createEngine, type EngineOptions } from '../server/src/engine/engine';
import { loadPythonParser } from '../server/src/engine/parser';
import { ALL_RULES } from '../server/src/rules';

export const GRAMMAR_DIR = fileURLToPath(new URL('../grammars', import.meta.url));

export const parser = await loadPythonParser(GRAMMAR_DIR);

export function engineWith(options: EngineOptions = {}) {
  return createEngine(GRAMMAR_DIR, ALL_RULES, options);
}

/** Whether code parses with no ERROR or MISSING node. */
export function parses(code: string): boolean {
  const tree = parser.parse(code);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
