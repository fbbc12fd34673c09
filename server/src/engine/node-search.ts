// A subtree's named nodes of some types. Walking the subtree visits every node of it in wasm, which
// is the costly part of dispatching a unit; most node types rules ask for begin with a keyword, so
// those are found from the text instead: at each place the keyword is written, the smallest named
// node around it is the node (a keyword in a string or comment gives the string or comment). The
// answer is the walk's: the same nodes, in document order.

import type { Language, Node } from 'web-tree-sitter';

/** The keyword that a node of the type holds as its own child, so the smallest named node around it is that node. */
const KEYWORDS: Readonly<Record<string, string>> = {
  function_definition: 'def',
  class_definition: 'class',
  with_statement: 'with',
  for_statement: 'for',
  for_in_clause: 'for',
  try_statement: 'try',
  except_clause: 'except',
  except_group_clause: 'except',
  await: 'await',
  lambda: 'lambda',
  decorator: '@',
};
/** Found as the parent of its decorators. */
const DECORATED = 'decorated_definition';

/**
 * Past this many keywords per character, asking around each one (about 2 µs: a descent from the
 * subtree's root through the siblings on the way) costs more than walking the text's nodes.
 */
const KEYWORDS_PER_CHARACTER = 1 / 150;

const patterns = new Map<string, RegExp>();

/**
 * The named nodes of `types` in `root` (itself included), in document order; `text` is the root's
 * text. Types that begin with no keyword (`assignment`, `call`) are walked for, on their own.
 */
export function nodesOfTypes(root: Node, text: string, types: readonly string[]): Node[] {
  const keywords = new Set<string>();
  const others: string[] = [];
  for (const type of types) {
    const keyword = type === DECORATED ? '@' : KEYWORDS[type];
    if (keyword === undefined) others.push(type);
    else keywords.add(keyword);
  }
  if (keywords.size === 0) return others.length > 0 ? walked(root, others) : [];
  const pattern = keywordPattern([...keywords].sort());
  const offsets: number[] = [];
  const lengths: number[] = [];
  for (const match of text.matchAll(pattern)) {
    offsets.push(match.index);
    lengths.push(match[0].length);
  }
  if (offsets.length > text.length * KEYWORDS_PER_CHARACTER + 2) return walked(root, types);
  const wanted = new Set(types);
  const decorated = wanted.has(DECORATED);
  const found: Node[] = others.length > 0 ? walked(root, others) : [];
  const seen = new Set<number>();
  const keep = (node: Node) => {
    if (!seen.has(node.id)) {
      seen.add(node.id);
      found.push(node);
    }
  };
  for (let i = 0; i < offsets.length; i++) {
    const start = root.startIndex + offsets[i];
    const node = root.namedDescendantForIndex(start, start + lengths[i]);
    if (!node) continue;
    const type = node.type;
    if (decorated && type === 'decorator') {
      const parent = node.parent;
      if (parent?.type === DECORATED) keep(parent);
    }
    if (wanted.has(type)) keep(node);
  }
  // Document order: by start, and of two nodes that start together (a decorated definition and its
  // first decorator, a statement that is only an `await`) the one that holds the other first; the
  // sort is stable, so two with the same span keep the walk's order.
  return found.sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
}

function walked(root: Node, types: readonly string[]): Node[] {
  const nodes = root.descendantsOfType([...types]).filter((node): node is Node => node !== null);
  const shared = sharedTypeNames(root.tree.language);
  return types.some((type) => shared.has(type)) ? nodes.filter((node) => node.isNamed) : nodes;
}

const sharedByLanguage = new WeakMap<Language, ReadonlySet<string>>();

/** Type names that a named node shares with a keyword token (`await`, `lambda`): the walk finds both. */
function sharedTypeNames(language: Language): ReadonlySet<string> {
  let shared = sharedByLanguage.get(language);
  if (!shared) {
    const [named, tokens] = [new Set<string>(), new Set<string>()];
    for (let id = 0; id < language.nodeTypeCount; id++) {
      const name = language.nodeTypeForId(id);
      if (name !== null) (language.nodeTypeIsNamed(id) ? named : tokens).add(name);
    }
    sharedByLanguage.set(language, (shared = new Set([...named].filter((name) => tokens.has(name)))));
  }
  return shared;
}

/**
 * Where the keywords are written: not after a letter or `_` (that is a longer name), not before a
 * letter, digit or `_`. A digit may come before (`1for x in y` is valid).
 */
function keywordPattern(keywords: readonly string[]): RegExp {
  const key = keywords.join(' ');
  let pattern = patterns.get(key);
  if (!pattern) {
    const words = keywords.filter((keyword) => keyword !== '@');
    const alternatives = words.length > 0 ? [`(?<![A-Za-z_])(?:${words.join('|')})\\b`] : [];
    if (words.length < keywords.length) alternatives.push('@');
    patterns.set(key, (pattern = new RegExp(alternatives.join('|'), 'g')));
  }
  return pattern;
}
