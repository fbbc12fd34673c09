// Loads web-tree-sitter and the Python grammar from a folder of wasm files. The bundles pass
// the `grammars/` folder that sits next to them, so the same code works from a packaged
// `.vsix`, from the CLI and from the tests.

import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

export const RUNTIME_WASM = 'web-tree-sitter.wasm';
export const PYTHON_WASM = 'tree-sitter-python.wasm';

export interface PythonParser {
  /**
   * Parses `text`; with `oldTree` (already `edit`ed) the parse reuses its unchanged parts. Say
   * `loneCarriageReturns: false` when the text is known to have none, to spare looking for them.
   */
  parse(text: string, oldTree?: Tree, loneCarriageReturns?: boolean): Tree;
  readonly language: Language;
}

/** The text each tree was parsed from, so that a node's kind can be told from its text before asking wasm. */
const parsedTexts = new WeakMap<Tree, string>();

/** The text `tree` was parsed from (lone `\r`s read as `\n`), if this module's parser made it. */
export function parsedText(tree: Tree): string | undefined {
  return parsedTexts.get(tree);
}

let loading: Promise<PythonParser> | undefined;
let loadedFrom: string | undefined;

/** The parser for this process; the wasm runtime is initialised once. */
export function loadPythonParser(grammarDir: string): Promise<PythonParser> {
  if (loading && loadedFrom !== grammarDir) {
    return Promise.reject(new Error(`the Python grammar is already loaded from ${loadedFrom}`));
  }
  loadedFrom = grammarDir;
  loading ??= init(grammarDir);
  return loading;
}

/**
 * UTF-16 units per read. An incremental parse reads a few tokens at each of many scattered
 * points, and every unit handed over is copied into wasm one by one: 128 takes 12 % fewer
 * instructions than 1 K over `_pydecimal.py` keystrokes. A fresh parse reads straight through, so
 * larger reads mean fewer calls out of wasm (web-tree-sitter's buffer holds 5 K units).
 */
const INCREMENTAL_READ = 128;
const FRESH_READ = 4096;

async function init(grammarDir: string): Promise<PythonParser> {
  await Parser.init({ locateFile: (file: string) => path.join(grammarDir, file) });
  const language = await Language.load(path.join(grammarDir, PYTHON_WASM));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    language,
    parse(text, oldTree, loneCarriageReturns) {
      const input = loneCarriageReturns === false ? text : withoutLoneCarriageReturns(text);
      // Not the string itself: web-tree-sitter would hand over all the rest of it at every read.
      const read = oldTree ? INCREMENTAL_READ : FRESH_READ;
      const tree = parser.parse((index: number) => input.slice(index, index + read), oldTree ?? null);
      // Only a missing language or a cancelled parse return null; we set neither.
      if (!tree) throw new Error('tree-sitter returned no tree');
      parsedTexts.set(tree, input);
      return tree;
    },
  };
}

const LONE_CR = /\r(?!\n)/g;

/**
 * The grammar does not end a statement at a lone `\r` (old Mac line endings), so those parse into
 * errors. It reads a copy with each one as `\n`: the same length, so offsets and positions hold.
 */
export function withoutLoneCarriageReturns(text: string): string {
  if (!text.includes('\r')) return text;
  LONE_CR.lastIndex = 0;
  return LONE_CR.test(text) ? text.replace(LONE_CR, '\n') : text;
}
