// The analysis: module facts once, then one walk per analysis unit that dispatches nodes to
// the rules that registered for their type (or, for calls, their callee). Results are cached
// per unit, keyed by the unit's text and its enclosing class headers, so after an edit only
// the units it touched are walked again.

import type { Node } from 'web-tree-sitter';
import { collectModuleFacts, type ModuleFacts } from './facts';
import type { PythonDocument } from './document';
import type { ClassDecoration, FixSafety, ImportRequirement, NodeHandler, PythonVersion, Report, Rule, RuleContext, RuleMeta, TextEdit } from './rule';
import { isSuppressed } from './suppressions';
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
  owner: Analyzer;
  factsFingerprint: string;
  /** Findings by unit key, with the unit's start offset when they were computed. */
  units: Map<string, { start: number; findings: Finding[] }>;
}

type Dispatch = { rule: Rule; handler: NodeHandler };

export class Analyzer {
  readonly rules: readonly Rule[];
  private readonly byNodeType = new Map<string, Dispatch[]>();
  private readonly byCallee = new Map<string, Dispatch[]>();
  private readonly walkedTypes: string[];

  constructor(
    rules: readonly Rule[],
    private readonly options: AnalyzerOptions,
  ) {
    this.rules = rules.filter((rule) => atLeast(options.target, rule.meta.minPython));
    for (const rule of this.rules) {
      for (const [type, handler] of Object.entries(rule.visit.nodes ?? {})) push(this.byNodeType, type, { rule, handler });
      for (const [callee, handler] of Object.entries(rule.visit.calls ?? {})) push(this.byCallee, callee, { rule, handler });
    }
    const types = new Set(this.byNodeType.keys());
    if (this.byCallee.size > 0) types.add('call');
    this.walkedTypes = [...types];
  }

  /** The findings of a document, reusing the results of units that did not change since its last analysis. */
  analyze(document: PythonDocument): Finding[] {
    const source = document.text;
    const root = document.tree.rootNode;
    const facts = collectModuleFacts(root, source, this.options.target);
    const previous = document.analysisCache as UnitCache | undefined;
    const reusable = previous?.owner === this && previous.factsFingerprint === facts.fingerprint ? previous.units : undefined;
    const cache: UnitCache = { owner: this, factsFingerprint: facts.fingerprint, units: new Map() };

    const findings: Finding[] = [];
    for (const unit of analysisUnits(root, source)) {
      const start = unit.node.startIndex;
      const key = unit.enclosing + (unit.shellNodes ? '\u0000shell\u0000' : '\u0000') + source.slice(start, unit.node.endIndex);
      let entry = cache.units.get(key) ?? reusable?.get(key);
      if (!entry) entry = { start, findings: this.analyzeUnit(unit, source, facts) };
      cache.units.set(key, entry);
      const shift = start - entry.start;
      for (const finding of entry.findings) findings.push(shift === 0 ? finding : shifted(finding, shift));
    }
    document.analysisCache = cache;
    return findings.filter((finding) => !isSuppressed(finding, document.lines));
  }

  private analyzeUnit(unit: AnalysisUnit, source: string, facts: ModuleFacts): Finding[] {
    // Half-typed code parses into ERROR nodes; rules would guess on it, so such units wait.
    if (unit.node.hasError) return [];
    const findings: Finding[] = [];
    const nodes = unit.shellNodes ?? (this.walkedTypes.length > 0 ? unit.node.descendantsOfType(this.walkedTypes) : []);
    for (const node of nodes) {
      if (!node) continue;
      const type = node.type;
      const dispatches = this.byNodeType.get(type);
      if (dispatches) for (const dispatch of dispatches) this.run(dispatch, node, source, facts, findings);
      if (type === 'call' && this.byCallee.size > 0) {
        const callee = node.firstChild;
        if (callee && (callee.type === 'identifier' || callee.type === 'attribute')) {
          const calleeDispatches = this.byCallee.get(source.slice(callee.startIndex, callee.endIndex));
          if (calleeDispatches) for (const dispatch of calleeDispatches) this.run(dispatch, node, source, facts, findings);
        }
      }
    }
    return findings;
  }

  private run(dispatch: Dispatch, node: Node, source: string, facts: ModuleFacts, findings: Finding[]): void {
    const { rule, handler } = dispatch;
    const context: RuleContext = {
      source,
      facts,
      text: (n) => source.slice(n.startIndex, n.endIndex),
      report: (report) => findings.push(toFinding(rule.meta, report)),
    };
    try {
      handler(node, context);
    } catch (error) {
      this.options.onRuleError?.(rule.meta, error);
    }
  }
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
