// What a rule is: its metadata (the single source of messages, hovers and docs) and the
// handlers the engine calls during its one traversal.

import type { Node } from 'web-tree-sitter';
import type { ModuleFacts } from './facts';
import type { SemanticModel } from './semantic/model';
import type { SourceKind } from './document';
import type { NoqaDirective } from './suppressions';

export type RuleCode = `PH${number}`;
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleCategory = 'decorators' | 'functions' | 'classes' | 'metaprogramming' | 'async' | 'concurrency' | 'resources' | 'performance' | 'typing' | 'suppressions';
/**
 * What a finding says about the code: `correctness` — it misbehaves at run time (raises, leaks,
 * shares state it should not); `suggestion` — it works, and a better idiom exists.
 */
export type RuleKind = 'correctness' | 'suggestion';
/**
 * When a rule runs without being selected: `default` — always (it has earned it on real code);
 * `opt-in` — only when selected; `refactoring` — its advice is a matter of design, offered as a
 * code action with no diagnostic, and reported as a diagnostic only when selected.
 */
export type RuleSelection = 'default' | 'opt-in' | 'refactoring';
/** What a unit's text must pass: a pattern, or a scan in code where a pattern would be slow. */
export interface TextTest {
  test(text: string): boolean;
  /** Texts of which every text the test passes holds one: in a document that holds none, no unit passes. */
  readonly substrings?: readonly string[];
}

/** A rule of another linter that flags the same thing: its suppressions silence ours too. */
export interface PeerRule {
  tool: 'ruff' | 'flake8-bugbear' | 'flake8-comprehensions' | 'flake8-async' | 'pylint';
  /** `B006`, `C419`, `W0102` … */
  code: string;
  /** The peer's own name for it: `mutable-argument-default`, `dangerous-default-value` … */
  name: string;
}
/** A Python version as `[major, minor]`, e.g. `[3, 9]`. */
export type PythonVersion = readonly [number, number];

/**
 * How much a fix can be trusted (Ruff's applicability):
 * - `safe`: keeps behaviour; applied by fix-all and `pyhints check --fix`.
 * - `unsafe`: may change behaviour in corner cases; offered as a quick fix, applied in bulk only with `--unsafe-fixes`.
 * - `suggestion`: a refactoring offered as a code action, never applied in bulk.
 */
export type FixSafety = 'safe' | 'unsafe' | 'suggestion';

/** The rule's user-facing documentation; rendered into hovers and `docs/rules/`. */
export interface RuleDocs {
  /** What the rule flags, one or two sentences of markdown. */
  what: string;
  /** Why it matters, markdown. */
  why: string;
  /** A short example of the flagged pattern (Python source). */
  example: string;
  /** The same example written the preferred way (Python source). */
  instead: string;
  /** When the fix may change behaviour; required for `unsafe` fixes. */
  fixSafety?: string;
}

export interface RuleMeta {
  code: RuleCode;
  /** kebab-case, stable: users put it in config. */
  name: string;
  kind: RuleKind;
  selection: RuleSelection;
  category: RuleCategory;
  severity: Severity;
  /** The oldest target Python version the advice applies to; the rule is silent below it. */
  minPython: PythonVersion;
  /** The one-line diagnostic message. */
  message: string;
  docs: RuleDocs;
  fix?: { safety: FixSafety; title: string };
  /** LSP tags: `unnecessary` fades the code, `deprecated` strikes it through. */
  tags?: readonly ('unnecessary' | 'deprecated')[];
  /** Rules of Ruff, flake8 plugins and Pylint that overlap this one. */
  peers?: readonly PeerRule[];
  /** Where this rule is deliberately narrower than its peers, for the rule page. */
  narrower?: string;
}

/** A replacement of `[start, end)` (UTF-16 offsets into the document) by `text`. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** An import a fix needs: `import module` (no `name`) or `from module import name`. */
export interface ImportRequirement {
  module: string;
  name?: string;
}

/** A decorator (without `@`) for a class of the module (one that `ModuleFacts.classes` lists). */
export interface ClassDecoration {
  className: string;
  decorator: string;
}

export interface FixSpec {
  /** Defaults to the rule's `fix.title`. */
  title?: string;
  /** Defaults to the rule's `fix.safety`; a report may only make it less safe. */
  safety?: FixSafety;
  edits: TextEdit[];
  /** Added by the engine at the module's import block when still missing. */
  imports?: ImportRequirement[];
  /**
   * Added by the engine above the class when it does not have it yet. The class usually lies in
   * another analysis unit, whose offsets a finding cannot hold: cached findings move with their unit.
   */
  decorateClass?: ClassDecoration;
}

export interface Report {
  /** The node to underline; or give `start`/`end` offsets. */
  node?: Node;
  start?: number;
  end?: number;
  /** Defaults to the rule's `message`. */
  message?: string;
  fix?: FixSpec;
}

export interface RuleContext {
  /** The whole document. */
  readonly source: string;
  /** A module, a stub, or a notebook's code cells (where top-level `await` is allowed). */
  readonly kind: SourceKind;
  readonly facts: ModuleFacts;
  /** Names, scopes, qualified names, how values are used, what classes are. */
  readonly semantic: SemanticModel;
  /** The source text of a node. */
  text(node: Node): string;
  report(report: Report): void;
}

/** What a rule and a refactoring both read of a document: its text, module facts and semantic model. */
export type DocumentContext = Pick<RuleContext, 'source' | 'facts' | 'semantic' | 'text'>;

export type NodeHandler = (node: Node, context: RuleContext) => void;
/** Called for a `call` whose callee stands for `qualified` (one of the names the rule registered). */
export type CallHandler = (call: Node, context: RuleContext, qualified: string) => void;

/**
 * The handlers of a rule. The engine walks each analysis unit once and calls them.
 * - `nodes`: by tree-sitter node type (`function_definition`, `class_definition`, …).
 * - `calls`: `call` nodes by the qualified name of their callee (`builtins.sum`,
 *   `functools.reduce`), whichever way the module spells it (`reduce`, `ft.reduce`, an alias), so
 *   rules that care about one function never see the thousands of other calls.
 *
 * Contract (it is what makes results cacheable per unit): a handler may read the node's own
 * subtree, its ancestors up to the enclosing class headers, `context.facts`, and what
 * `context.semantic` answers — nothing else of the document.
 */
export interface RuleVisitor {
  nodes?: Readonly<Record<string, NodeHandler>>;
  calls?: Readonly<Record<string, CallHandler>>;
  /**
   * Text without which the rule cannot fire anywhere in a document, e.g. `dataclass`: the
   * rule's handlers then never run on the many documents that lack it.
   */
  sourceIncludes?: string;
  /**
   * Text without which the rule's node handlers find nothing in one analysis unit (a statement, a
   * function), e.g. `/\bawait\b/` for a rule about `await`: a unit whose text lacks it is not
   * walked for them. It must hold however the module spells names (an alias has no `Thread` in it).
   */
  unitIncludes?: TextTest;
  /**
   * Called once per analysis, after the other rules' findings met the document's suppressions:
   * its `noqa` directives, each code marked with whether it silenced something (PH001).
   */
  suppressions?: (directives: readonly NoqaDirective[], context: SuppressionContext) => void;
}

export interface SuppressionContext {
  source: string;
  /** The codes of the rules that ran on the document. */
  active: ReadonlySet<string>;
  /** The codes of every rule of the catalog. */
  known: ReadonlySet<string>;
  /** Whether a `#` at this offset starts a real comment (not text in a string), in code that parses. */
  isComment(offset: number): boolean;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  visit: RuleVisitor;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
