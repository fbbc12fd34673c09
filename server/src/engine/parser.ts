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

/** UTF-16 units per read; measured on `_pydecimal.py` keystrokes, ~25% faster reparses than whole-rest reads. */
const INPUT_CHUNK = 1024;

async function init(grammarDir: string): Promise<PythonParser> {
  await Parser.init({ locateFile: (file: string) => path.join(grammarDir, file) });
  const language = await Language.load(path.join(grammarDir, PYTHON_WASM));
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    language,
    parse(text, oldTree, loneCarriageReturns) {
      const input = loneCarriageReturns === false ? text : withoutLoneCarriageReturns(text);
      // Read in small chunks: web-tree-sitter copies up to 10 K units of every string it is handed, and
      // an incremental parse reads at many scattered points (a string input hands it the whole rest).
      const tree = parser.parse((index: number) => input.slice(index, index + INPUT_CHUNK), oldTree ?? null);
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
