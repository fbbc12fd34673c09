// The engine's public face for the server, the CLI, the tests and the benchmark: a parser, the
// selected rules, documents, analysis and fixes. No LSP or VS Code types beyond this line.

import { Analyzer, type Finding } from './analyzer';
import { PythonDocument, type SourceKind } from './document';
import { applyEdits, checkedFixEdits, fixAllEdits, fixEdits, keepsParsing, type FixAll } from './fixes';
import { loadPythonParser, type PythonParser } from './parser';
import type { PythonVersion, Rule, RuleMeta, TextEdit } from './rule';
import { selectRules, type RuleSelectors } from './selection';

export const DEFAULT_TARGET: PythonVersion = [3, 10];

export interface EngineOptions extends RuleSelectors {
  target?: PythonVersion;
  onRuleError?: (rule: RuleMeta, error: unknown) => void;
}

export class Engine {
  readonly analyzer: Analyzer;

  constructor(
    readonly parser: PythonParser,
    allRules: readonly Rule[],
    readonly options: EngineOptions = {},
  ) {
    this.analyzer = new Analyzer(selectRules(allRules, options), {
      target: options.target ?? DEFAULT_TARGET,
      knownCodes: new Set(allRules.map((rule) => rule.meta.code)),
      onRuleError: options.onRuleError,
    });
  }

  /** A new engine over the same parser with other options (the document caches start afresh). */
  reconfigure(allRules: readonly Rule[], options: EngineOptions): Engine {
    return new Engine(this.parser, allRules, options);
  }

  open(text: string, version = 0, kind: SourceKind = 'module'): PythonDocument {
    return new PythonDocument(this.parser, text, version, kind);
  }

  /** The document's findings to show as diagnostics. */
  analyze(document: PythonDocument): Finding[] {
    return this.analyzer.analyze(document);
  }

  /** The refactorings (code actions without a diagnostic) that the document's last analysis found. */
  refactorings(document: PythonDocument): readonly Finding[] {
    return this.analyzer.refactorings(document);
  }

  /** The edits of one finding's fix, or none when it has nothing left to change or its result would not parse. */
  fixEdits(document: PythonDocument, finding: Finding): TextEdit[] | undefined {
    if (!finding.fix) return undefined;
    const edits = fixEdits(finding.fix, document);
    return edits.length > 0 && keepsParsing(this.parser, document, edits) ? edits : undefined;
  }

  /** `fixEdits` of many findings at once, checked in a few reparses instead of one per finding. */
  fixEditsOfEach(document: PythonDocument, findings: readonly Finding[]): (TextEdit[] | undefined)[] {
    return checkedFixEdits(this.parser, document, findings);
  }

  /** The edits of one round of fix-all over the current findings. */
  fixAllEdits(document: PythonDocument, findings: readonly Finding[], includeUnsafe = false): FixAll {
    return fixAllEdits(this.parser, document, findings, includeUnsafe);
  }

  /**
   * Applies fixes until none is left (or `maxRounds`), re-analysing between rounds since
   * fixes that overlap wait for the next one; only fixes of the rules `canFix` allows.
   * Returns the fixed text and how many fixes applied.
   */
  fixAll(text: string, includeUnsafe = false, kind: SourceKind = 'module', canFix: (rule: RuleMeta) => boolean = () => true, maxRounds = 10): { text: string; applied: number } {
    let current = text;
    let applied = 0;
    for (let round = 0; round < maxRounds; round++) {
      const document = this.open(current, 0, kind);
      try {
        const findings = this.analyze(document).filter((finding) => canFix(finding.rule));
        const { edits, fixCount } = this.fixAllEdits(document, findings, includeUnsafe);
        if (edits.length === 0) break;
        applied += fixCount;
        current = applyEdits(current, edits);
      } finally {
        document.dispose();
      }
    }
    return { text: current, applied };
  }
}

export async function createEngine(grammarDir: string, rules: readonly Rule[], options: EngineOptions = {}): Promise<Engine> {
  return new Engine(await loadPythonParser(grammarDir), rules, options);
}
