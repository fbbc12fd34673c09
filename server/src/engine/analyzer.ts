// The analysis: module facts once, then one walk per analysis unit that dispatches nodes to
// the rules that registered for their type (or, for calls, their callee). Results are cached
// per unit, keyed by the unit's text and its enclosing class headers, so after an edit only
// the units it touched are walked again.

import type { Node } from 'web-tree-sitter';
import { collectModuleFacts, type ModuleFacts } from './facts';
import type { PythonDocument } from './document';
import type { ClassDecoration, FixSafety, ImportRequirement, NodeHandler, PythonVersion, Report, Rule, RuleContext, RuleMeta, TextEdit } from './rule';
import { isSuppressed } from './suppressions';
import { namedChildren } from './syntax';
import { analysisUnits, type AnalysisUnit } from './units';

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
}

export interface AnalyzerOptions {
  target: PythonVersion;
  /** Called when a rule throws; the analysis goes on without that rule's result for the node. */
  onRuleError?: (rule: RuleMeta, error: unknown) => void;
}

interface UnitCache {
  /** Findings are reusable only under the same rules and the same module facts. */
  dispatcher: Dispatcher;
  factsFingerprint: string;
  /** Analysed units by `unitLabel`; a label may be shared, the text then tells them apart. */
  units: Map<string, CachedUnit[]>;
}

interface CachedUnit {
  text: string;
  enclosing: string;
  /** The unit's start offset when its findings were computed. */
  start: number;
  findings: Finding[];
}

type Dispatch = { rule: Rule; handler: NodeHandler };

/** Text that every node of a type contains: a unit without it has no such node to walk to. */
const TYPE_MARKERS: Readonly<Record<string, RegExp>> = { function_definition: /\bdef\s/, class_definition: /\bclass\s/, decorated_definition: /@/, decorator: /@/ };

/** The dispatch tables of one set of rules, and which node types a unit needs walking for. */
class Dispatcher {
  readonly byNodeType = new Map<string, Dispatch[]>();
  readonly byCallee = new Map<string, Dispatch[]>();
  private readonly walkedTypes: string[];
  /** Matches text that may hold a call the rules asked for by callee: `sum(`, `functools.reduce (`. */
  private readonly calleePattern: RegExp | undefined;

  constructor(rules: readonly Rule[]) {
    for (const rule of rules) {
      for (const [type, handler] of Object.entries(rule.visit.nodes ?? {})) push(this.byNodeType, type, { rule, handler });
      for (const [callee, handler] of Object.entries(rule.visit.calls ?? {})) push(this.byCallee, callee, { rule, handler });
    }
    this.walkedTypes = [...this.byNodeType.keys()];
    if (this.byCallee.size > 0 && !this.byNodeType.has('call')) {
      const names = new Set([...this.byCallee.keys()].map((callee) => callee.slice(callee.lastIndexOf('.') + 1)));
      this.calleePattern = new RegExp(`\\b(?:${[...names].join('|')})\\s*\\(`);
      this.walkedTypes.push('call');
    }
  }

  /**
   * The node types worth walking a unit for, judged from its text: calls from the whole unit,
   * the other types from `nestedText` (a function's body, when its own nodes are taken directly).
   */
  typesFor(text: string, nestedText = text): string[] {
    return this.walkedTypes.filter((type) => {
      if (type === 'call' && this.calleePattern) return this.calleePattern.test(text);
      const marker = TYPE_MARKERS[type];
      return marker === undefined || marker.test(nestedText);
    });
  }
}

export class Analyzer {
  readonly rules: readonly Rule[];
  /** Dispatchers by the set of guarded rules that a document's text lets in. */
  private readonly dispatchers = new Map<string, Dispatcher>();

  constructor(
    rules: readonly Rule[],
    private readonly options: AnalyzerOptions,
  ) {
    this.rules = rules.filter((rule) => atLeast(options.target, rule.meta.minPython));
  }

  /** The findings of a document, reusing the results of units that did not change since its last analysis. */
  analyze(document: PythonDocument): Finding[] {
    const source = document.text;
    const root = document.tree.rootNode;
    const facts = collectModuleFacts(root, source, this.options.target);
    const dispatcher = this.dispatcherFor(source);
    const previous = document.analysisCache as UnitCache | undefined;
    const reusable = previous?.dispatcher === dispatcher && previous.factsFingerprint === facts.fingerprint ? previous.units : undefined;
    const cache: UnitCache = { dispatcher, factsFingerprint: facts.fingerprint, units: new Map() };

    const findings: Finding[] = [];
    for (const unit of analysisUnits(root, source)) {
      const start = unit.node.startIndex;
      const text = source.slice(start, unit.node.endIndex);
      const label = unitLabel(unit, text);
      const same = (cached: CachedUnit) => cached.text === text && cached.enclosing === unit.enclosing;
      const labelled = cache.units.get(label);
      let entry = labelled?.find(same) ?? reusable?.get(label)?.find(same);
      if (!entry) entry = { text, enclosing: unit.enclosing, start, findings: this.analyzeUnit(dispatcher, unit, text, source, facts) };
      if (!labelled) cache.units.set(label, [entry]);
      else if (!labelled.includes(entry)) labelled.push(entry);
      const shift = start - entry.start;
      for (const finding of entry.findings) findings.push(shift === 0 ? finding : shifted(finding, shift));
    }
    document.analysisCache = cache;
    return findings.filter((finding) => !isSuppressed(finding, document.lines));
  }

  /** The rules whose `sourceIncludes` guard the text passes (and the unguarded ones). */
  private dispatcherFor(source: string): Dispatcher {
    const active = this.rules.filter((rule) => rule.visit.sourceIncludes === undefined || source.includes(rule.visit.sourceIncludes));
    const key = active.map((rule) => rule.meta.code).join(' ');
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) this.dispatchers.set(key, (dispatcher = new Dispatcher(active)));
    return dispatcher;
  }

  private analyzeUnit(dispatcher: Dispatcher, unit: AnalysisUnit, text: string, source: string, facts: ModuleFacts): Finding[] {
    // Half-typed code parses into ERROR nodes; rules would guess on it, so such units wait.
    if (unit.node.hasError) return [];
    const findings: Finding[] = [];
    // One context per rule and unit: a unit may dispatch thousands of nodes.
    const contexts = new Map<Rule, RuleContext>();
    const run = ({ rule, handler }: Dispatch, node: Node) => {
      let context = contexts.get(rule);
      if (!context) {
        context = { source, facts, text: (n) => source.slice(n.startIndex, n.endIndex), report: (report) => findings.push(toFinding(rule.meta, report)) };
        contexts.set(rule, context);
      }
      try {
        handler(node, context);
      } catch (error) {
        this.options.onRuleError?.(rule.meta, error);
      }
    };
    for (const node of this.dispatchedNodes(dispatcher, unit, text, source)) {
      const type = node.type;
      const dispatches = dispatcher.byNodeType.get(type);
      if (dispatches) for (const dispatch of dispatches) run(dispatch, node);
      if (type === 'call' && dispatcher.byCallee.size > 0) {
        const callee = node.firstChild;
        if (callee && (callee.type === 'identifier' || callee.type === 'attribute')) {
          const calleeDispatches = dispatcher.byCallee.get(source.slice(callee.startIndex, callee.endIndex));
          if (calleeDispatches) for (const dispatch of calleeDispatches) run(dispatch, node);
        }
      }
    }
    return findings;
  }

  /**
   * The nodes of a unit that rules asked for. Walking a subtree is the costly part (every node
   * of it, in wasm), so a function's own nodes (its decorators and definition) are taken
   * directly, and the walk happens only when the text shows it can find something: a call the
   * rules asked for anywhere, or a `def`, `class` or `@` inside the body.
   */
  private dispatchedNodes(dispatcher: Dispatcher, unit: AnalysisUnit, text: string, source: string): readonly Node[] {
    if (unit.shellNodes) return unit.shellNodes;
    const walk = (types: string[]) => (types.length > 0 ? unit.node.descendantsOfType(types).filter((node): node is Node => node !== null) : []);
    const definition = unit.node.type === 'decorated_definition' ? unit.node.childForFieldName('definition') : unit.node;
    const body = definition?.type === 'function_definition' ? definition.childForFieldName('body') : null;
    if (!definition || !body) return walk(dispatcher.typesFor(text));
    const own = unit.node === definition ? [definition] : [unit.node, ...namedChildren(unit.node).filter((child) => child.type === 'decorator'), definition];
    const ownIds = new Set(own.map((node) => node.id));
    const walked = walk(dispatcher.typesFor(text, source.slice(body.startIndex, body.endIndex))).filter((node) => !ownIds.has(node.id));
    return [...own.filter((node) => dispatcher.byNodeType.has(node.type)), ...walked];
  }
}

/**
 * A short label for a unit's cache slot. Hashing each unit's whole text as a map key would hash
 * the document (twice, with the class shells) on every keystroke; comparing it with the one
 * cached text under the label is a plain memory comparison.
 */
function unitLabel(unit: AnalysisUnit, text: string): string {
  const ends = text.length <= 96 ? text : text.slice(0, 48) + text.slice(-48);
  return `${unit.shellNodes ? 'shell' : 'unit'}:${unit.enclosing.length}:${text.length}:${ends}`;
}

function toFinding(meta: RuleMeta, report: Report): Finding {
  const start = report.node?.startIndex ?? report.start;
  const end = report.node?.endIndex ?? report.end;
  if (start === undefined || end === undefined) throw new Error(`${meta.code} reported without a location`);
  const finding: Finding = { rule: meta, message: report.message ?? meta.message, start, end };
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

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function atLeast(version: PythonVersion, minimum: PythonVersion): boolean {
  return version[0] > minimum[0] || (version[0] === minimum[0] && version[1] >= minimum[1]);
}
