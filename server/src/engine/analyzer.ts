// The analysis: module facts once, then one walk per analysis unit that dispatches nodes to the
// rules that registered for their type (or, for calls, the qualified name of their callee).
// Results are cached per unit, found where the unit was before the edits and taken when its text
// and its enclosing class headers are the same (`PieceCache`), so after an edit only the units it
// touched are walked again, and a class it left alone is taken whole. A unit that does not parse
// keeps the findings it had, moved along with the edits, until it parses again.

import type { Node } from 'web-tree-sitter';
import { callNames } from './call-names';
import type { OffsetEdit, PythonDocument, SourceKind } from './document';
import { collectModuleFacts, type ModuleFacts, type StatementFactsCache } from './facts';
import { nodesOfTypes } from './node-search';
import { PieceCache } from './piece-cache';
import type { CallHandler, ClassDecoration, FixSafety, ImportRequirement, NodeHandler, PythonVersion, Report, Rule, RuleContext, RuleMeta, TextEdit, TextTest } from './rule';
import type { SelectedRules } from './selection';
import { localScope } from './semantic/local-scopes';
import { SemanticModel } from './semantic/model';
import { Suppressions } from './suppressions';
import { lineBreakOf, namedChildren, statementHeaderAt, substringFirst } from './syntax';
import { TextPresence } from './text-presence';
import { visitAnalysisUnits, type AnalysisUnit } from './units';

export interface Fix {
  title: string;
  safety: FixSafety;
  edits: TextEdit[];
  imports: ImportRequirement[];
  /** Symbolic, like `imports`: it is resolved against the document when the fix is applied. */
  decorateClass?: ClassDecoration;
}

export interface Finding {
  rule: RuleMeta;
  message: string;
  /** UTF-16 offsets into the document. */
  start: number;
  end: number;
  fix?: Fix;
  /** From a refactoring rule that was not selected: offered as a code action, never shown as a diagnostic. */
  refactoring?: true;
}

export interface AnalyzerOptions {
  target: PythonVersion;
  /** The codes of every rule of the catalog, selected or not: a `noqa` naming another code names no rule. */
  knownCodes?: ReadonlySet<string>;
  /** Called when a rule throws; the analysis goes on without that rule's result for the node. */
  onRuleError?: (rule: RuleMeta, error: unknown) => void;
}

interface UnitCache {
  /** Findings are reusable only under the same rules and the same module facts. */
  dispatcher: Dispatcher;
  facts: ModuleFacts;
  /** Each top-level statement's share of the module facts, by its text. */
  statementFacts: StatementFactsCache;
  /** Which texts the document holds (rules' `sourceIncludes`, module names, `noqa`), as this analysis asked. */
  presence: TextPresence;
  /** Analysed units, by where they start (a shell apart from the first member). */
  units: PieceCache<CachedUnit>;
  /** Every unit's findings of this analysis, where they were: what a unit that stops parsing keeps. */
  placed: PlacedFindings[];
  refactorings: Finding[];
}

interface CachedUnit {
  text: string;
  enclosing: string;
  /** The unit's start offset when its findings were computed. */
  start: number;
  findings: Finding[];
  /** When a rule read the enclosing class's names (another unit), what they were. */
  classScope?: string;
  /**
   * For a shell, the results of the units in its class's body (recursively), recorded once all
   * were visited: while the class's text and enclosing classes stay, so do they, and they are
   * taken with the shell without listing the body again.
   */
  members?: readonly MemberResult[];
}

/** A unit's result inside a class, at offsets from the class statement's start. */
interface MemberResult {
  start: number;
  end: number;
  shell: boolean;
  entry: CachedUnit;
}

/** A unit's findings with the unit's range, in the offsets of one analysis. */
interface PlacedFindings {
  start: number;
  end: number;
  shell: boolean;
  findings: Finding[];
}

type Dispatch = { rule: Rule; handler: NodeHandler; refactoring: boolean };
type CallDispatch = { rule: Rule; handler: CallHandler; refactoring: boolean };

/** Text that every node of a type contains: a unit without it has no such node to walk to. */
const DECORATOR_MARKER: TextTest = { test: (text) => text.includes('@'), substrings: ['@'] };
const TYPE_MARKERS: Readonly<Record<string, TextTest>> = {
  function_definition: substringFirst(/\bdef\s/, 'def'),
  class_definition: substringFirst(/\bclass\s/, 'class'),
  decorated_definition: DECORATOR_MARKER,
  decorator: DECORATOR_MARKER,
};

/** The dispatch tables of one set of rules, and which node types a unit needs walking for. */
class Dispatcher {
  readonly byNodeType = new Map<string, Dispatch[]>();
  readonly byCallee = new Map<string, CallDispatch[]>();
  /** Every text test a type's walk depends on (markers and rules' unit guards), each asked once per unit. */
  private readonly tests: TextTest[] = [];
  /** Per node type: the test (in `tests`) that the text of every node of the type passes, and the rules' guards (`undefined`: a rule needs none). */
  private readonly walked: { type: string; marker: number | undefined; guards: number[] | undefined }[] = [];
  /**
   * The last part of every qualified callee (`sum`, `reduce`, `lru_cache`), with the modules its
   * qualified names start with (`builtins`, `functools`).
   */
  private readonly calleeNames = new Map<string, Set<string>>();
  /** The names a callee the rules asked for may end in, by the aliases a module adds. */
  private readonly calledNames = new Map<string, ReadonlySet<string>>();

  constructor(selected: SelectedRules) {
    /** Per node type, the unit text each rule that asked for it needs (`undefined`: any unit). */
    const unitGuards = new Map<string, (TextTest | undefined)[]>();
    const add = (rule: Rule, refactoring: boolean) => {
      for (const [type, handler] of Object.entries(rule.visit.nodes ?? {})) {
        push(this.byNodeType, type, { rule, handler, refactoring });
        push(unitGuards, type, rule.visit.unitIncludes);
      }
      for (const [callee, handler] of Object.entries(rule.visit.calls ?? {})) {
        push(this.byCallee, callee, { rule, handler, refactoring });
        const name = callee.slice(callee.lastIndexOf('.') + 1);
        const modules = this.calleeNames.get(name) ?? new Set<string>();
        this.calleeNames.set(name, modules.add(rootModule(callee)));
      }
    };
    for (const rule of selected.diagnostics) add(rule, false);
    for (const rule of selected.refactorings) add(rule, true);
    const indexOf = (test: TextTest) => {
      const index = this.tests.indexOf(test);
      return index >= 0 ? index : this.tests.push(test) - 1;
    };
    for (const [type, guards] of unitGuards) {
      const marker = TYPE_MARKERS[type];
      this.walked.push({
        type,
        marker: marker === undefined ? undefined : indexOf(marker),
        guards: guards.includes(undefined) ? undefined : guards.map((guard) => indexOf(guard!)),
      });
    }
  }

  /**
   * The names a call's callee may end in, for finding `name(` in a unit's text: the registered
   * ones and the module's aliases of them (`from functools import reduce as fold`).
   */
  calledNamesFor(facts: ModuleFacts): ReadonlySet<string> | undefined {
    if (this.byCallee.size === 0) return undefined;
    const aliases: string[] = [];
    for (const [name, bindings] of facts.bindings) {
      if (!this.calleeNames.has(name) && bindings.some((binding) => binding.qualified !== undefined && this.byCallee.has(binding.qualified))) aliases.push(name);
    }
    const key = aliases.join(' ');
    let names = this.calledNames.get(key);
    if (!names) this.calledNames.set(key, (names = new Set([...this.calleeNames.keys(), ...aliases])));
    return names;
  }

  /**
   * Whether a call of `name` may be one the rules asked for, in a document that spells the given
   * modules: `get(` is `requests.get` only where `requests` is imported, which spells it (the
   * model takes qualified names from import statements); a builtin needs no import, and an
   * alias (not a registered name) was bound by one.
   */
  mayCall(name: string, spells: (module: string) => boolean): boolean {
    const modules = this.calleeNames.get(name);
    if (!modules) return true;
    for (const module of modules) if (module === 'builtins' || spells(module)) return true;
    return false;
  }

  /**
   * The answers of the unit tests known for a whole document, `documentHolds` telling which texts
   * it holds: 2 (failed) for a test whose every substring the document lacks, 0 (not asked) for the others.
   */
  documentAnswers(documentHolds: (text: string) => boolean): Uint8Array {
    return Uint8Array.from(this.tests, (test) => (test.substrings && !test.substrings.some(documentHolds) ? 2 : 0));
  }

  /**
   * The node types worth walking a unit for, judged from `text` (a function's body, when its own
   * nodes are taken directly) and the document's answers (`documentAnswers`).
   */
  typesFor(text: string, documentAnswers: Uint8Array): string[] {
    // Each test is asked once, however many types depend on it: 0 not asked yet, 1 passed, 2 failed.
    const answers = documentAnswers.slice();
    const passes = (index: number) => {
      if (answers[index] === 0) answers[index] = this.tests[index].test(text) ? 1 : 2;
      return answers[index] === 1;
    };
    const types: string[] = [];
    for (const { type, marker, guards } of this.walked) {
      if ((marker === undefined || passes(marker)) && (guards === undefined || guards.some(passes))) types.push(type);
    }
    return types;
  }
}

/** What one analysis shares between its units. */
interface AnalysisRun {
  source: string;
  kind: SourceKind;
  facts: ModuleFacts;
  semantic: SemanticModel;
  dispatcher: Dispatcher;
  /** The names a callee the rules asked for may end in (with the module's aliases of them). */
  calledNames: ReadonlySet<string> | undefined;
  /** The dispatcher's unit tests that the whole document fails (`Dispatcher.documentAnswers`). */
  documentAnswers: Uint8Array;
  /** Whether the document's text holds a module's name anywhere. */
  spells: (module: string) => boolean;
  classScopes: ClassScopeKeys;
  /** One context per rule and analysis (a document dispatches thousands of nodes): it reports into `reports`. */
  contexts: Map<Rule, RuleContext>;
  /** The unit being analysed, and the findings reported in it so far. */
  reports: { unit: Node; findings: Finding[] };
  /** The text last asked of `context.text`, by node id: the rules of a node ask for it in turn, and its end is a call into wasm. */
  lastText: { id: number; text: string };
}

export class Analyzer {
  /** Dispatchers by the set of guarded rules that a document's text lets in. */
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly rules: SelectedRules;
  /** The `sourceIncludes` texts of the rules. */
  private readonly guardTexts: string[];
  /** The rules that read the suppressions (PH001), and the codes of the rules that run on a module and on a stub. */
  private readonly suppressionReaders: readonly Rule[];
  private readonly activeCodes: { module: ReadonlySet<string>; stub: ReadonlySet<string> };
  /** The unit being analysed, and whether a rule read the names of a class around it (another unit). */
  private current: AnalysisUnit | undefined;
  private classScopeRead = false;

  constructor(
    rules: SelectedRules,
    private readonly options: AnalyzerOptions,
  ) {
    const applies = (rule: Rule) => atLeast(options.target, rule.meta.minPython);
    this.rules = { diagnostics: rules.diagnostics.filter(applies), refactorings: rules.refactorings.filter(applies) };
    const guarded = [...this.rules.diagnostics, ...this.rules.refactorings].map((rule) => rule.visit.sourceIncludes);
    // Shortest first: `presentTexts` rules out a text that holds an absent shorter one.
    this.guardTexts = [...new Set(guarded.filter((text): text is string => text !== undefined))].sort((a, b) => a.length - b.length);
    this.suppressionReaders = this.rules.diagnostics.filter((rule) => rule.visit.suppressions);
    const codes = (rules: readonly Rule[]) => new Set(rules.map((rule) => rule.meta.code));
    this.activeCodes = { module: codes(this.rules.diagnostics), stub: codes(this.rules.diagnostics.filter((rule) => rule.meta.kind !== 'correctness')) };
  }

  /** The rules whose findings are diagnostics. */
  get diagnosticRules(): readonly Rule[] {
    return this.rules.diagnostics;
  }

  /** The findings of a document, reusing the results of units that did not change since its last analysis. */
  analyze(document: PythonDocument): Finding[] {
    const source = document.text;
    const root = document.tree.rootNode;
    const previous = document.analysisCache as UnitCache | undefined;
    const edits = document.takeEdits();
    const presence = new TextPresence(source, previous?.presence, edits);
    const holds = (text: string) => presence.has(text);
    const { facts, cache: statementFacts } = collectModuleFacts(root, source, this.options.target, previous && { statements: previous.statementFacts, edits }, { lineBreak: lineBreakOf(source, holds), holds });
    const dispatcher = this.dispatcherFor(presentTexts(this.guardTexts, presence), document.kind === 'stub');
    const reusable = previous?.dispatcher === dispatcher && previous.facts.sameAs(facts) ? previous.units : undefined;
    // Computed only when a unit does not parse: on most keystrokes none is broken.
    let carried: PlacedFindings[] | undefined;
    const carriedFindings = () => (carried ??= previous && edits !== 'replaced' ? previous.placed.map((placed) => movedPlacement(placed, edits)) : []);
    const cache: UnitCache = { dispatcher, facts, statementFacts, presence, units: new PieceCache(), placed: [], refactorings: [] };
    const semantic = new SemanticModel(facts, source, (classNode) => {
      if (this.current && classNode.startIndex < this.current.node.startIndex) this.classScopeRead = true;
    });
    const run: AnalysisRun = { source, kind: document.kind, facts, semantic, dispatcher, calledNames: dispatcher.calledNamesFor(facts), documentAnswers: dispatcher.documentAnswers(holds), spells: holds, classScopes: new ClassScopeKeys(), contexts: new Map(), reports: { unit: root, findings: [] }, lastText: { id: -1, text: '' } };

    const findings: Finding[] = [];
    // An error anywhere is an error of the root: most documents parse whole, and each unit need not be asked.
    const broken = root.hasError;
    const place = (start: number, end: number, shell: boolean, entry: CachedUnit) => {
      cache.units.set(start, shell, entry);
      const shift = start - entry.start;
      const placed = shift === 0 ? entry.findings : entry.findings.map((finding) => shifted(finding, shift));
      cache.placed.push({ start, end, shell, findings: placed });
      findings.push(...placed);
    };
    // The shells whose members are being visited (innermost last), recording their results.
    const open: { start: number; end: number; entry: CachedUnit; members: MemberResult[] }[] = [];
    const record = (start: number, end: number, shell: boolean, entry: CachedUnit) => {
      for (const outer of open) outer.members.push({ start: start - outer.start, end: end - outer.start, shell, entry });
    };
    // The visit answers whether a shell's members are to be visited too.
    visitAnalysisUnits(root, source, (unit) => {
      const start = unit.node.startIndex;
      const end = unit.node.endIndex;
      const shell = unit.shellNodes !== undefined;
      while (open.length > 0 && open[open.length - 1].end <= start) {
        const closed = open.pop()!;
        closed.entry.members ??= closed.members;
      }
      // Half-typed code parses into ERROR nodes; rules would guess on it, so such a unit keeps what it
      // had. (A class around it has an error too: it is no open shell.)
      if (broken && unit.node.hasError) {
        const kept = carriedFindings().filter((placed) => placed.shell === shell && placed.start >= start && placed.end <= end).flatMap((placed) => placed.findings);
        cache.placed.push({ start, end, shell, findings: kept });
        findings.push(...kept);
        return true;
      }
      const text = source.slice(start, end);
      const same = (cached: CachedUnit) => cached.text === text && cached.enclosing === unit.enclosing && (cached.classScope === undefined || cached.classScope === run.classScopes.keyOf(unit));
      const found = reusable?.find(start, shell, text, edits, same);
      const entry = found ?? this.analyzeUnit(run, unit, text);
      place(start, end, shell, entry);
      record(start, end, shell, entry);
      if (!shell) return true;
      const members = found?.members;
      if (!members) {
        open.push({ start, end, entry, members: [] });
        return true;
      }
      // The same class text under the same facts and rules: each member is the same unit, under the
      // same class headers and the same names of the class body (which its text and the facts give).
      for (const member of members) {
        place(start + member.start, start + member.end, member.shell, member.entry);
        record(start + member.start, start + member.end, member.shell, member.entry);
      }
      return false;
    });
    for (const closed of open) closed.entry.members ??= closed.members;
    cache.refactorings = findings.filter((finding) => finding.refactoring);
    document.analysisCache = cache;
    const suppressions = new Suppressions(
      document.lines,
      (finding) => {
        const { start, end } = statementHeaderAt(root, finding.start);
        return { first: document.lines.lineAt(start), last: document.lines.lineAt(end) };
      },
      presence,
    );
    const shown = findings.filter((finding) => !finding.refactoring && !suppressions.suppresses(finding));
    const unused = this.unusedSuppressions(document, suppressions);
    return unused.length === 0 ? shown : [...shown, ...unused].sort((a, b) => a.start - b.start);
  }

  /** What the rules that read the suppressions (PH001) find, themselves subject to suppressions. */
  private unusedSuppressions(document: PythonDocument, suppressions: Suppressions): Finding[] {
    const readers = this.suppressionReaders;
    const directives = readers.length > 0 ? suppressions.directives : [];
    if (directives.length === 0) return [];
    const active = document.kind === 'stub' ? this.activeCodes.stub : this.activeCodes.module;
    const root = document.tree.rootNode;
    const findings: Finding[] = [];
    for (const rule of readers) {
      const context = {
        source: document.text,
        active,
        known: this.options.knownCodes ?? active,
        isComment: (offset: number) => {
          const node = root.descendantForIndex(offset);
          if (node?.type !== 'comment' || node.startIndex !== offset) return false;
          // A statement that does not parse may be hiding the findings its directives are for.
          for (let around: Node | null = node; around && around.type !== 'module'; around = around.parent) if (around.hasError) return false;
          return true;
        },
        report: (report: Report) => findings.push(toFinding(rule.meta, report, false)),
      };
      try {
        rule.visit.suppressions!(directives, context);
      } catch (error) {
        this.options.onRuleError?.(rule.meta, error);
      }
    }
    return findings.filter((finding) => !suppressions.suppresses(finding));
  }

  /** The refactorings found by the document's last analysis. */
  refactorings(document: PythonDocument): readonly Finding[] {
    return (document.analysisCache as UnitCache | undefined)?.refactorings ?? [];
  }

  /** The rules whose `sourceIncludes` guard the text passes (and the unguarded ones); for a stub, which never runs, no correctness rule. */
  private dispatcherFor(guards: ReadonlySet<string>, stub: boolean): Dispatcher {
    const passes = (rule: Rule) => (rule.visit.sourceIncludes === undefined || guards.has(rule.visit.sourceIncludes)) && !(stub && rule.meta.kind === 'correctness');
    const active: SelectedRules = { diagnostics: this.rules.diagnostics.filter(passes), refactorings: this.rules.refactorings.filter(passes) };
    const key = `${active.diagnostics.map((rule) => rule.meta.code).join(' ')}|${active.refactorings.map((rule) => rule.meta.code).join(' ')}`;
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) this.dispatchers.set(key, (dispatcher = new Dispatcher(active)));
    return dispatcher;
  }

  private analyzeUnit(run: AnalysisRun, unit: AnalysisUnit, text: string): CachedUnit {
    const { semantic, dispatcher } = run;
    const findings: Finding[] = [];
    run.reports.unit = unit.node;
    run.reports.findings = findings;
    this.current = unit;
    this.classScopeRead = false;
    for (const node of this.dispatchedNodes(run, unit, text)) {
      const dispatches = dispatcher.byNodeType.get(node.type);
      if (!dispatches) continue;
      for (const { rule, handler, refactoring } of dispatches) {
        try {
          handler(node, contextFor(run, rule, refactoring));
        } catch (error) {
          this.options.onRuleError?.(rule.meta, error);
        }
      }
    }
    for (const { call, callee } of this.calledNodes(run, unit, text)) {
      // Only a callee whose meaning is certain: `sum` after `from numpy import *` may be either sum.
      const qualified = semantic.qualifiedName(callee);
      if (qualified === undefined) continue;
      for (const { rule, handler, refactoring } of dispatcher.byCallee.get(qualified) ?? []) {
        try {
          handler(call, contextFor(run, rule, refactoring), qualified);
        } catch (error) {
          this.options.onRuleError?.(rule.meta, error);
        }
      }
    }
    findings.sort((a, b) => a.start - b.start);
    const entry: CachedUnit = { text, enclosing: unit.enclosing, start: unit.node.startIndex, findings };
    if (this.classScopeRead) {
      const key = run.classScopes.keyOf(unit);
      if (key !== undefined) entry.classScope = key;
    }
    return entry;
  }

  /**
   * The nodes of a unit that rules asked for. Walking a subtree is the costly part (every node
   * of it, in wasm), so a function's own nodes (its decorators and definition) are taken
   * directly, the types that begin with a keyword are found where the text writes it
   * (`nodesOfTypes`), and only the types whose rules' guards the text passes are looked for, with
   * a `def`, `class` or `@` inside a function's body.
   */
  private dispatchedNodes({ dispatcher, source, documentAnswers }: AnalysisRun, unit: AnalysisUnit, text: string): readonly Node[] {
    if (unit.shellNodes) return unit.shellNodes;
    const walk = (types: string[]) => nodesOfTypes(unit.node, text, types);
    // Each type is read once: a read is a call into wasm.
    const unitType = unit.node.type;
    const decorated = unitType === 'decorated_definition';
    const definition = decorated ? unit.node.childForFieldName('definition') : unit.node;
    const body = definition && (decorated ? definition.type : unitType) === 'function_definition' ? definition.childForFieldName('body') : null;
    if (!definition || !body) return walk(dispatcher.typesFor(text, documentAnswers));
    const wanted = (type: string) => dispatcher.byNodeType.has(type);
    const own = [
      ...(decorated && wanted('decorated_definition') ? [unit.node] : []),
      ...(decorated && wanted('decorator') ? namedChildren(unit.node).filter((child) => child.id !== definition.id) : []),
      ...(wanted('function_definition') ? [definition] : []),
    ];
    // The walk of the whole unit finds those of its own nodes whose types are wanted too.
    const ownIds = new Set(own.map((node) => node.id));
    const walked = walk(dispatcher.typesFor(source.slice(body.startIndex, body.endIndex), documentAnswers));
    return [...own, ...walked.filter((node) => !ownIds.has(node.id))];
  }

  /**
   * The calls of a unit whose callee ends in a name the rules asked for: found where the text says
   * `name(` and confirmed in the tree (not in a string or comment), rather than by walking to every
   * call of the unit.
   */
  private calledNodes({ calledNames, dispatcher, spells }: AnalysisRun, unit: AnalysisUnit, text: string): { call: Node; callee: Node }[] {
    if (!calledNames || unit.shellNodes) return [];
    const calls: { call: Node; callee: Node }[] = [];
    for (const written of callNames(text, calledNames)) {
      if (!dispatcher.mayCall(written.name, spells)) continue;
      const start = unit.node.startIndex + written.offset;
      const name = unit.node.descendantForIndex(start, start + written.name.length);
      if (name?.type !== 'identifier' || name.startIndex !== start) continue;
      const parent = name.parent;
      const callee = parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === name.id ? parent : name;
      const call = callee.parent;
      if (call?.type === 'call' && call.childForFieldName('function')?.id === callee.id) calls.push({ call, callee });
    }
    return calls;
  }
}

/** A rule's context for the analysis: its reports go to the unit being analysed. */
function contextFor(run: AnalysisRun, rule: Rule, refactoring: boolean): RuleContext {
  let context = run.contexts.get(rule);
  if (!context) {
    const { source, reports, lastText } = run;
    context = {
      source,
      kind: run.kind,
      facts: run.facts,
      semantic: run.semantic,
      text: (node) => {
        if (node.id !== lastText.id) {
          lastText.id = node.id;
          lastText.text = source.slice(node.startIndex, node.endIndex);
        }
        return lastText.text;
      },
      report: (report) => reports.findings.push(toFinding(rule.meta, withCommentSafety(report, reports.unit, source), refactoring)),
    };
    run.contexts.set(rule, context);
  }
  return context;
}

/** Which of the guard texts (shortest first) the source holds. */
function presentTexts(texts: readonly string[], presence: TextPresence): Set<string> {
  const present = new Set<string>();
  const absent: string[] = [];
  for (const text of texts) {
    // A text that holds a shorter one the source lacks (`asyncio`, `async`) is lacking too, unsearched.
    if (!absent.some((other) => text.includes(other)) && presence.has(text)) present.add(text);
    else absent.push(text);
  }
  return present;
}

/**
 * What a member unit saw of its class's names: those bound above it in the class body (the body
 * runs top to bottom, so later ones cannot matter), as their count and a hash. Computed once per
 * class and analysis: a big class has hundreds of members that may ask.
 */
class ClassScopeKeys {
  private readonly byClass = new Map<number, { effective: number[]; hashes: number[] }>();

  keyOf(unit: AnalysisUnit): string | undefined {
    const owner = unit.node.parent?.parent;
    if (owner?.type !== 'class_definition') return undefined;
    let entry = this.byClass.get(owner.id);
    if (!entry) {
      const bindings = [...localScope(owner).bindings.values()].flat().sort((a, b) => (a.effective ?? 0) - (b.effective ?? 0));
      const hashes = [0x811c9dc5];
      for (const binding of bindings) hashes.push(fnv1a(hashes[hashes.length - 1], `${binding.name}:${binding.kind}:${binding.qualified ?? ''}`));
      this.byClass.set(owner.id, (entry = { effective: bindings.map((binding) => binding.effective ?? 0), hashes }));
    }
    const before = countAtMost(entry.effective, unit.node.startIndex);
    return `${before}:${entry.hashes[before]}`;
  }
}

function fnv1a(hash: number, text: string): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** How many of the sorted `values` are at most `limit`. */
function countAtMost(values: readonly number[], limit: number): number {
  let [low, high] = [0, values.length];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle] <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * A fix that deletes a comment is unsafe, whatever its rule says (Ruff's rule): the comment is the
 * user's, and it may explain the very code the fix replaces.
 */
function withCommentSafety(report: Report, unitNode: Node, source: string): Report {
  const fix = report.fix;
  if (!fix || fix.safety === 'unsafe' || fix.safety === 'suggestion') return report;
  const replaced = fix.edits.filter((edit) => edit.end > edit.start && source.slice(edit.start, edit.end).includes('#'));
  if (replaced.length === 0) return report;
  const comments = unitNode.descendantsOfType('comment').filter((comment): comment is Node => comment !== null);
  // A comment the fix writes back elsewhere (a moved line) is kept.
  const kept = (comment: Node) => fix.edits.some((edit) => edit.text.includes(source.slice(comment.startIndex, comment.endIndex)));
  const deletes = replaced.some((edit) => comments.some((comment) => comment.startIndex >= edit.start && comment.endIndex <= edit.end && !kept(comment)));
  return deletes ? { ...report, fix: { ...fix, safety: 'unsafe' } } : report;
}

function toFinding(meta: RuleMeta, report: Report, refactoring: boolean): Finding {
  const start = report.node?.startIndex ?? report.start;
  const end = report.node?.endIndex ?? report.end;
  if (start === undefined || end === undefined) throw new Error(`${meta.code} reported without a location`);
  const finding: Finding = { rule: meta, message: report.message ?? meta.message, start, end };
  if (refactoring) finding.refactoring = true;
  if (report.fix) {
    if (!meta.fix) throw new Error(`${meta.code} reported a fix but declares none in its metadata`);
    finding.fix = {
      title: report.fix.title ?? meta.fix.title,
      safety: lessSafe(meta.fix.safety, report.fix.safety),
      edits: report.fix.edits,
      imports: report.fix.imports ?? [],
    };
    if (report.fix.decorateClass) finding.fix.decorateClass = report.fix.decorateClass;
  }
  return finding;
}

const SAFETY_ORDER: readonly FixSafety[] = ['safe', 'unsafe', 'suggestion'];

function lessSafe(declared: FixSafety, requested: FixSafety | undefined): FixSafety {
  if (!requested) return declared;
  return SAFETY_ORDER.indexOf(requested) > SAFETY_ORDER.indexOf(declared) ? requested : declared;
}

function shifted(finding: Finding, shift: number): Finding {
  const moved: Finding = { ...finding, start: finding.start + shift, end: finding.end + shift };
  if (finding.fix) {
    moved.fix = { ...finding.fix, edits: finding.fix.edits.map((edit) => ({ ...edit, start: edit.start + shift, end: edit.end + shift })) };
  }
  return moved;
}

/**
 * A unit's findings carried through edits: offsets before an edit stay, those after it move by its
 * length change, those inside it go to its edge. Their fixes are dropped: edits computed for the
 * old text could break the new one.
 */
function movedPlacement(placed: PlacedFindings, edits: readonly OffsetEdit[]): PlacedFindings {
  if (edits.length === 0) return placed;
  const move = (offset: number, inside: 'start' | 'end') => {
    for (const edit of edits) {
      if (offset >= edit.oldEnd && !(offset === edit.start && inside === 'start')) offset += edit.newEnd - edit.oldEnd;
      else if (offset > edit.start) offset = inside === 'start' ? edit.start : edit.newEnd;
    }
    return offset;
  };
  return {
    start: move(placed.start, 'start'),
    end: move(placed.end, 'end'),
    shell: placed.shell,
    findings: placed.findings.map(({ fix: _fix, ...finding }) => ({ ...finding, start: move(finding.start, 'start'), end: Math.max(move(finding.end, 'end'), move(finding.start, 'start')) })),
  };
}

/** `functools` of `functools.reduce`, `urllib` of `urllib.request.urlopen`. */
function rootModule(qualified: string): string {
  const dot = qualified.indexOf('.');
  return dot < 0 ? qualified : qualified.slice(0, dot);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function atLeast(version: PythonVersion, minimum: PythonVersion): boolean {
  return version[0] > minimum[0] || (version[0] === minimum[0] && version[1] >= minimum[1]);
}
