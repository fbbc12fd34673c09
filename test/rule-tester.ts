// The shared runner for rule tests, which are data: code that must not fire, code that must
// fire (with the underlined text or position), and the exact code after the fixes. Every fix
// output must parse. The rule's own docs example must fire and its "instead" must not.

import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET, Engine } from '../server/src/engine/engine';
import type { Finding } from '../server/src/engine/analyzer';
import { applyEdits, fixEdits } from '../server/src/engine/fixes';
import type { FixSafety, PythonVersion, Rule, TextEdit } from '../server/src/engine/rule';
import { parser, parses } from './engine-fixture';
import { compileFailures, type Source } from './python-compile';

export type ValidCase = string | { name?: string; code: string; target?: PythonVersion };

export interface ExpectedFinding {
  /** The exact source text the finding underlines. */
  text?: string;
  /** 1-based line and 1-based UTF-16 column of the start (and optionally the end). */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  message?: string | RegExp;
  /** The fix's safety, or `null` when the finding must have no fix. */
  fix?: FixSafety | null;
}

export interface InvalidCase {
  name?: string;
  code: string;
  target?: PythonVersion;
  findings: ExpectedFinding[];
  /** The code after every fix of the case is applied; required when a finding has a fix. */
  output?: string;
}

export interface RuleCases {
  valid: ValidCase[];
  invalid: InvalidCase[];
  /** The docs example is code CPython rejects (the rule reports a SyntaxError): it must fail to compile instead. */
  exampleIsSyntaxError?: true;
}

function analyze(rule: Rule, code: string, target?: PythonVersion) {
  const engine = new Engine(parser, [rule], { target, select: [rule.meta.code] });
  const document = engine.open(code);
  const findings = engine.analyze(document).sort((a, b) => a.start - b.start);
  return { engine, document, findings };
}

function newer(a: PythonVersion, b: PythonVersion): PythonVersion {
  return a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1]) ? a : b;
}

function title(code: string, name?: string): string {
  return name ?? code.trim().split('\n').slice(0, 2).join(' ⏎ ').slice(0, 80);
}

function describeFindings(code: string, findings: Finding[]): string {
  return findings.map((finding) => `${finding.rule.code} ${JSON.stringify(code.slice(finding.start, finding.end))}`).join('\n') || '(none)';
}

export function testRule(rule: Rule, cases: RuleCases): void {
  const { meta } = rule;
  /** Every fix output of the cases (each fix alone, and all of a case together), compiled by CPython in the last test. */
  const outputs: Source[] = [];

  describe(`${meta.code} ${meta.name}`, () => {
    it('has complete metadata', () => {
      expect(meta.code).toMatch(/^PH\d{3}$/);
      expect(meta.name).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(meta.message.length).toBeGreaterThan(10);
      for (const section of [meta.docs.what, meta.docs.why, meta.docs.example, meta.docs.instead]) expect(section.trim()).not.toBe('');
      if (meta.fix?.safety === 'unsafe') expect(meta.docs.fixSafety, 'unsafe fixes explain when they change behaviour').toBeTruthy();
      expect(['correctness', 'suggestion']).toContain(meta.kind);
      expect(['default', 'opt-in', 'refactoring']).toContain(meta.selection);
      // A hint is not listed in VS Code's Problems panel: a finding the editor shows must be found there too.
      // Except unneeded code, which the editor fades (and lists no more than Ruff's unused-noqa).
      if (!meta.tags?.includes('unnecessary')) expect(meta.severity, 'no rule reports as a hint').not.toBe('hint');
      if (meta.selection === 'refactoring') expect(meta.fix?.safety, 'a refactoring rule is its refactoring').toBe('suggestion');
      expect(cases.valid.length, 'realistic decoys that must not fire').toBeGreaterThanOrEqual(3);
      expect(cases.invalid.length).toBeGreaterThanOrEqual(2);
    });

    it('fires on its own docs example and not on the preferred version', () => {
      expect(parses(meta.docs.example), 'docs example parses').toBe(true);
      expect(parses(meta.docs.instead), 'docs "instead" parses').toBe(true);
      // At the oldest target the advice applies to, as a reader of the rule page would run it.
      const target = newer(DEFAULT_TARGET, meta.minPython);
      expect(analyze(rule, meta.docs.example, target).findings.length, 'docs example fires').toBeGreaterThan(0);
      const instead = analyze(rule, meta.docs.instead, target);
      expect(instead.findings, describeFindings(meta.docs.instead, instead.findings)).toHaveLength(0);
    });

    for (const valid of cases.valid) {
      const { code, target, name } = typeof valid === 'string' ? { code: valid, target: undefined, name: undefined } : valid;
      it(`valid: ${title(code, name)}`, () => {
        const { findings } = analyze(rule, code, target);
        expect(findings, describeFindings(code, findings)).toHaveLength(0);
      });
    }

    for (const invalid of cases.invalid) {
      it(`invalid: ${title(invalid.code, invalid.name)}`, () => {
        const { document, findings } = analyze(rule, invalid.code, invalid.target);
        expect(findings.length, describeFindings(invalid.code, findings)).toBe(invalid.findings.length);
        invalid.findings.forEach((expected, index) => checkFinding(invalid.code, document.lines, findings[index], expected));

        const fixes = findings.filter((finding) => finding.fix);
        const allEdits: TextEdit[] = [];
        for (const finding of fixes) {
          const edits = fixEdits(finding.fix!, document);
          const alone = applyEdits(invalid.code, edits);
          expect(parses(alone), `the fix of ${describeFindings(invalid.code, [finding])} parses:\n${alone}`).toBe(true);
          outputs.push({ name: `${title(invalid.code, invalid.name)}: the fix of ${describeFindings(invalid.code, [finding])}`, code: alone, target: invalid.target });
          for (const edit of edits) {
            if (!allEdits.some((e) => e.start === edit.start && e.end === edit.end && e.text === edit.text)) allEdits.push(edit);
          }
        }
        if (fixes.length === 0) {
          expect(invalid.output, 'no fix was offered, so no output is expected').toBeUndefined();
          return;
        }
        expect(invalid.output, 'a case with fixes states its output').toBeDefined();
        const output = applyEdits(invalid.code, allEdits);
        outputs.push({ name: `${title(invalid.code, invalid.name)}: all fixes`, code: output, target: invalid.target });
        expect(output).toBe(invalid.output);
        expect(parses(output), 'the fixed output parses').toBe(true);
        const again = analyze(rule, output, invalid.target).findings.filter((finding) => finding.fix);
        expect(again, `the fixed output has nothing left to fix:\n${describeFindings(output, again)}`).toHaveLength(0);
      });
    }

    it('every fix output, and the docs example and its "instead", compile with CPython', () => {
      const example = { name: 'docs example', code: meta.docs.example };
      const docs = [...(cases.exampleIsSyntaxError ? [] : [example]), { name: 'docs instead', code: meta.docs.instead }];
      expect(compileFailures([...docs, ...outputs])).toEqual([]);
      if (cases.exampleIsSyntaxError) expect(compileFailures([example]), 'the docs example is rejected by CPython').toHaveLength(1);
    });
  });
}

function checkFinding(code: string, lines: import('../server/src/engine/positions').LineIndex, finding: Finding, expected: ExpectedFinding): void {
  if (expected.text !== undefined) expect(code.slice(finding.start, finding.end)).toBe(expected.text);
  const start = lines.positionAt(finding.start);
  const end = lines.positionAt(finding.end);
  if (expected.line !== undefined) expect(start.line + 1, 'line').toBe(expected.line);
  if (expected.column !== undefined) expect(start.character + 1, 'column').toBe(expected.column);
  if (expected.endLine !== undefined) expect(end.line + 1, 'end line').toBe(expected.endLine);
  if (expected.endColumn !== undefined) expect(end.character + 1, 'end column').toBe(expected.endColumn);
  if (typeof expected.message === 'string') expect(finding.message).toContain(expected.message);
  if (expected.message instanceof RegExp) expect(finding.message).toMatch(expected.message);
  if (expected.fix !== undefined) expect(finding.fix?.safety ?? null, 'fix safety').toBe(expected.fix);
}
