// Patterns: the idioms the guides teach (`@dataclass(frozen=True)`, `match`, `@contextmanager`…),
// recognized in correct code so that a hover can explain them. Recognition runs only when a hover
// asks, on the node under the cursor and its ancestors: nothing of it runs while typing.

import type { Node } from 'web-tree-sitter';
import type { PythonDocument } from './document';
import type { PythonVersion } from './rule';
import { RequestContext } from './semantic/on-demand';

/** The sections of the patterns reference, in its order. */
export const PATTERN_FAMILIES = {
  decorators: 'Decorators',
  'context-managers': 'Context managers',
  'data-classes': 'Data classes and records',
  attributes: 'Attributes and descriptors',
  classes: 'Class creation and interfaces',
  typing: 'Typing',
  'pattern-matching': 'Structural pattern matching',
  expressions: 'Expressions',
  iteration: 'Generators and iteration',
  caching: 'Caching',
  async: 'asyncio',
  concurrency: 'Threads, processes and context',
  pydantic: 'pydantic',
} as const;
export type PatternFamily = keyof typeof PATTERN_FAMILIES;

/** A pattern's explanation: the hover and its section of the patterns reference are this text. */
export interface PatternMeta {
  /** kebab-case, stable: the anchor of its section in `docs/patterns.md`. */
  id: string;
  /** Markdown, short: `` `@dataclass` ``, `` `match` statement ``. */
  title: string;
  family: PatternFamily;
  /** The oldest Python that runs it; `[3, 0]` when any Python 3 does. */
  minPython: PythonVersion;
  /** What it is and when to reach for it: markdown, a few sentences in our own words. */
  summary: string;
  /** The mistake people make with it, one or two sentences. */
  pitfall: string;
  /** A short example for the reference page (Python source that compiles). */
  example: string;
}

/** The part of the code a hover explains, and what this occurrence is (the options it sets, the kind of a `case`). */
export interface PatternSpan {
  start: number;
  end: number;
  /** Markdown about this occurrence, shown before the general explanation. */
  detail?: string;
  /** The oldest Python this occurrence runs on, when it is not the pattern's (a backport from `typing_extensions`). */
  minPython?: PythonVersion;
}

/** The text, target and model a pattern reads; the model is built only if a pattern asks. */
export type PatternContext = RequestContext;

/**
 * Given a node of its type under the cursor (or enclosing it), the span the pattern explains, or
 * nothing when the node is not this pattern. The hover shows it only when the cursor is in the span.
 */
export type PatternAnchor = (node: Node, context: PatternContext) => PatternSpan | undefined;

export interface Pattern {
  meta: PatternMeta;
  /** Where it is recognized from the tree, by node type. */
  anchors?: Readonly<Record<string, PatternAnchor>>;
  /**
   * Qualified names (`functools.wraps`) whose every spelling — a name, an attribute, an alias, the
   * name in its import — the pattern explains, with `detail` for the occurrence when given.
   */
  names?: readonly string[];
  /** The span and detail of a name's occurrence; `qualified` is which of `names` it spells. */
  nameDetail?: (node: Node, context: PatternContext, qualified: string) => PatternSpan | undefined;
}

export function definePattern(pattern: Pattern): Pattern {
  return pattern;
}

export interface PatternMatch {
  pattern: PatternMeta;
  start: number;
  end: number;
  detail?: string;
  minPython?: PythonVersion;
}

/** The patterns indexed by what finds them, built once. */
export class PatternIndex {
  private readonly byNodeType = new Map<string, { pattern: Pattern; anchor: PatternAnchor }[]>();
  private readonly byName = new Map<string, Pattern>();
  /** The last part of every explained name: `TaskGroup` of `asyncio.TaskGroup`. */
  private readonly lastParts = new Set<string>();
  /** The aliases the imports of the last text asked about bind. */
  private aliases: { source: string; names: ReadonlySet<string> } | undefined;

  constructor(readonly patterns: readonly Pattern[]) {
    for (const pattern of patterns) {
      for (const [type, anchor] of Object.entries(pattern.anchors ?? {})) {
        const list = this.byNodeType.get(type) ?? [];
        list.push({ pattern, anchor });
        this.byNodeType.set(type, list);
      }
      for (const name of pattern.names ?? []) {
        if (this.byName.has(name)) throw new Error(`${name} is explained by two patterns`);
        this.byName.set(name, pattern);
        this.lastParts.add(name.slice(name.lastIndexOf('.') + 1));
      }
    }
  }

  /**
   * The pattern under `offset`: the innermost construct whose anchor span holds it, else a name
   * the patterns explain. Anchors come first: the `dataclass` of `@dataclass(frozen=True)` is
   * better explained with its options than as a bare name. A pattern that throws (a bug, on code
   * nobody foresaw) is told to `onError` and passed over: the hover still explains the rest.
   */
  at(document: PythonDocument, target: PythonVersion, offset: number, onError?: (pattern: PatternMeta, error: unknown) => void): PatternMatch | undefined {
    const leaf = document.tree.rootNode.descendantForIndex(offset);
    if (!leaf) return undefined;
    const context = new RequestContext(document, target);
    const holds = (span: PatternSpan) => span.start <= offset && offset <= span.end && span.start < span.end;
    const guarded = <T>(pattern: Pattern, ask: () => T): T | undefined => {
      try {
        return ask();
      } catch (error) {
        onError?.(pattern.meta, error);
        return undefined;
      }
    };
    for (let node: Node | null = leaf; node; node = node.parent) {
      for (const { pattern, anchor } of this.byNodeType.get(node.type) ?? []) {
        const span = guarded(pattern, () => anchor(node!, context));
        if (span && holds(span)) return { pattern: pattern.meta, ...span };
      }
    }
    const named = this.nameAt(leaf, context);
    if (named) {
      const { pattern, node, qualified } = named;
      const detailed = pattern.nameDetail && guarded(pattern, () => pattern.nameDetail!(node, context, qualified));
      return { pattern: pattern.meta, ...(detailed ?? { start: node.startIndex, end: node.endIndex }) };
    }
    return undefined;
  }

  /** The explained name whose spelling holds `leaf`: `wraps`, `functools.wraps`, or the `wraps` of its import. */
  private nameAt(leaf: Node, context: PatternContext): { pattern: Pattern; node: Node; qualified: string } | undefined {
    if (leaf.type !== 'identifier' || this.byName.size === 0) return undefined;
    const imported = importedName(leaf);
    if (imported) {
      const pattern = this.byName.get(imported.qualified);
      return pattern && { pattern, node: imported.node, qualified: imported.qualified };
    }
    // The whole dotted expression the identifier ends: `asyncio.TaskGroup` from `TaskGroup`; from
    // `asyncio`, only `asyncio` (a module explains nothing).
    let expression = leaf;
    while (expression.parent?.type === 'attribute' && expression.parent.childForFieldName('attribute')?.id === expression.id) expression = expression.parent;
    if (!this.mayExplain(context.text(leaf), expression === leaf, context.source)) return undefined;
    for (const qualified of context.semantic.qualifiedNames(expression)) {
      const pattern = this.byName.get(qualified);
      if (pattern) return { pattern, node: expression, qualified };
    }
    return undefined;
  }

  /**
   * A guard before resolving, which builds the model: an expression ending in `name` can stand for
   * an explained name only if `name` is that name's last part, or — for a bare name — an alias an
   * import binds (`from asyncio import TaskGroup as TG`).
   */
  private mayExplain(name: string, bare: boolean, source: string): boolean {
    if (this.lastParts.has(name)) return true;
    if (!bare) return false;
    if (this.aliases?.source !== source) this.aliases = { source, names: importAliases(source) };
    return this.aliases.names.has(name);
  }
}

/** What may stand before the `import` of a statement on its line (after a `;`): nothing, or `from module`. */
const IMPORT_HEAD = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+)?$/;
const OPENING_PARENTHESIS = /[ \t]*\(/y;
const NAME_CHARACTER = /\p{ID_Continue}/u;
const AS_NAME = /\bas\s+([\p{ID_Start}_]\p{ID_Continue}*)/gu;

/**
 * The names the imports of a text bind with `as`, read from the text at each `import` (the model
 * is what the guard spares): none is missed, and an `import` in a string only adds names.
 */
function importAliases(source: string): Set<string> {
  const aliases = new Set<string>();
  for (let at = source.indexOf('import'); at !== -1; at = source.indexOf('import', at + 1)) {
    const before = source.slice(source.lastIndexOf('\n', at) + 1, at);
    if (NAME_CHARACTER.test(source.charAt(at + 6)) || !IMPORT_HEAD.test(before.slice(before.lastIndexOf(';') + 1))) continue;
    OPENING_PARENTHESIS.lastIndex = at + 6;
    // `from m import (…)` runs to its parenthesis, any other import to the end of its line or a `;`.
    const end = OPENING_PARENTHESIS.test(source) ? source.indexOf(')', at) : Math.min(endOf(source, '\n', at), endOf(source, ';', at));
    for (const [, alias] of source.slice(at, end === -1 ? source.length : end).matchAll(AS_NAME)) aliases.add(alias);
  }
  return aliases;
}

function endOf(source: string, terminator: string, from: number): number {
  const at = source.indexOf(terminator, from);
  return at === -1 ? source.length : at;
}

/** The qualified name an imported name stands for, in `from module import name [as alias]`. */
function importedName(identifier: Node): { qualified: string; node: Node } | undefined {
  const statement = identifier.parent?.parent;
  const dotted = identifier.parent;
  if (dotted?.type !== 'dotted_name' || statement?.type !== 'import_from_statement' && statement?.type !== 'aliased_import') return undefined;
  const from = statement.type === 'aliased_import' ? statement.parent : statement;
  const module = from?.type === 'import_from_statement' ? from.childForFieldName('module_name') : null;
  if (!module || module.id === dotted.id || module.text.startsWith('.')) return undefined;
  if (statement.type === 'aliased_import' && statement.childForFieldName('name')?.id !== dotted.id) return undefined;
  return { qualified: `${module.text}.${dotted.text}`, node: dotted };
}
