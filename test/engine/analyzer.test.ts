import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/engine/analyzer';
import { Engine } from '../../server/src/engine/engine';
import { defineRule, type Rule } from '../../server/src/engine/rule';
import type { PythonDocument } from '../../server/src/engine/document';
import comprehensionInCall from '../../server/src/rules/comprehension-in-call';
import lruCacheMaxsizeNone from '../../server/src/rules/lru-cache-maxsize-none';
import mutableDefaultArgument from '../../server/src/rules/mutable-default-argument';
import { ALL_RULES } from '../../server/src/rules';
import { parser } from '../engine-fixture';

/** A test rule that flags every `def` named `bad*` and counts how often it runs; optionally only in documents that include `guard`. */
function countingRule(guard?: string) {
  const calls: string[] = [];
  const rule = defineRule({
    meta: {
      code: 'PH999',
      kind: 'suggestion',
      selection: 'default',
      name: 'test-bad-function',
      category: 'functions',
      severity: 'warning',
      minPython: [3, 0],
      message: 'bad function',
      docs: { what: 'w', why: 'w', example: 'def bad(): pass', instead: 'def good(): pass' },
    },
    visit: {
      nodes: {
        function_definition(node, context) {
          const name = context.text(node.childForFieldName('name')!);
          calls.push(name);
          if (name.startsWith('bad')) context.report({ node: node.childForFieldName('name')! });
        },
      },
      sourceIncludes: guard,
    },
  });
  return { rule, calls };
}

const summary = (text: string, findings: Finding[]) => findings.map((f) => `${f.rule.code}@${f.start}:${text.slice(f.start, f.end)}`).sort();

describe('Analyzer', () => {
  it("asks a unit guard of no unit in a document that lacks each of its substrings, and of each unit's text otherwise", () => {
    const asked: string[] = [];
    const { rule } = countingRule();
    const guarded = defineRule({
      ...rule,
      visit: { nodes: { await: (node, context) => context.report({ node }) }, unitIncludes: { test: (text) => (asked.push(text), text.includes('await')), substrings: ['await'] } },
    });
    const engine = new Engine(parser, [guarded]);
    const lacking = engine.open('def f():\n    return 1\n\ndef g():\n    return 2\n');
    expect(engine.analyze(lacking)).toEqual([]);
    expect(asked).toEqual([]);
    const holding = engine.open('def f():\n    return 1\n\nasync def g():\n    await h()\n');
    expect(engine.analyze(holding).map((finding) => holding.text.slice(finding.start, finding.end))).toEqual(['await h()']);
    expect(asked).toEqual(['return 1', 'await h()']);
  });

  it('re-analyses only the units an edit touched, including one method of a class', () => {
    const { rule, calls } = countingRule();
    const engine = new Engine(parser, [rule]);
    const text = 'def bad_a(): pass\n\nclass C:\n    def bad_b(self): pass\n    def ok(self): pass\n\ndef ok2(): pass\n';
    const document = engine.open(text);
    expect(summary(document.text, engine.analyze(document))).toEqual([`PH999@${text.indexOf('bad_b')}:bad_b`, 'PH999@4:bad_a']);
    expect(calls.sort()).toEqual(['bad_a', 'bad_b', 'ok', 'ok2']);
    calls.length = 0;

    // Rename `ok` inside the class: only that method unit runs again; the others are shifted.
    const at = document.text.indexOf('ok(self)');
    document.update([{ range: document.lines.rangeOf(at, at + 2), text: 'bad_c' }]);
    const findings = engine.analyze(document);
    expect(calls).toEqual(['bad_c']);
    expect(summary(document.text, findings)).toEqual([`PH999@${text.indexOf('bad_b')}:bad_b`, 'PH999@4:bad_a', `PH999@${document.text.indexOf('bad_c')}:bad_c`].sort());

    // An edit above everything shifts every cached finding, the class's members' with its shell's.
    calls.length = 0;
    document.update([{ range: document.lines.rangeOf(0, 0), text: '# 😀 header\n' }]);
    const shifted = engine.analyze(document);
    expect(calls).toEqual([]);
    expect(shifted.map((f) => document.text.slice(f.start, f.end)).sort()).toEqual(['bad_a', 'bad_b', 'bad_c']);

    // Then inside a method again: the members taken with the shell are found where they went.
    calls.length = 0;
    const again = document.text.indexOf('bad_c');
    document.update([{ range: document.lines.rangeOf(again, again + 5), text: 'ok3' }]);
    expect(engine.analyze(document).map((f) => document.text.slice(f.start, f.end)).sort()).toEqual(['bad_a', 'bad_b']);
    expect(calls).toEqual(['ok3']);
  });

  it('re-analyses only the changed units when a client sends the whole text', () => {
    const { rule, calls } = countingRule();
    const engine = new Engine(parser, [rule]);
    const document = engine.open('def bad_a(): pass\n\nclass C:\n    def bad_b(self): pass\n\ndef ok(): pass\n');
    engine.analyze(document);
    calls.length = 0;
    // No edits are known: the units of unchanged text are found by it, though they moved.
    document.update([{ text: 'def bad_a():\n    return 1\n\nclass C:\n    def bad_b(self): pass\n\ndef ok(): pass\n' }]);
    expect(engine.analyze(document).map((f) => document.text.slice(f.start, f.end))).toEqual(['bad_a', 'bad_b']);
    expect(calls).toEqual(['bad_a']);
  });

  it('runs a guarded rule only where the text holds its guard, one guard holding another', () => {
    const [short, long] = [countingRule('magic'), countingRule('magical')];
    const engine = new Engine(parser, [{ ...short.rule, meta: { ...short.rule.meta, code: 'PH998' } }, { ...long.rule, meta: { ...long.rule.meta, code: 'PH997' } }], { select: ['ALL'] });
    const codes = (code: string) => engine.analyze(engine.open(code)).map((finding) => finding.rule.code).sort();
    expect(codes('def bad(): pass\n')).toEqual([]);
    expect(codes('def bad(): pass  # magic\n')).toEqual(['PH998']);
    expect(codes('def bad(): pass  # magical\n')).toEqual(['PH997', 'PH998']);
    expect(codes('def bad(): pass  # magi-cal\n')).toEqual([]);
  });

  it('gives the same findings incrementally as from scratch, through any edits', () => {
    // The guarded rule runs only while the text says `magic`, which edits add and remove anywhere.
    const guarded = countingRule('magic').rule;
    const engine = new Engine(parser, [comprehensionInCall, countingRule().rule, { ...guarded, meta: { ...guarded.meta, code: 'PH998' } }], { select: ['ALL'] });
    const base = 'import x\n\nclass K:\n    def bad(self):\n        return sum([a for a in b])\n\n    y = max([1 for _ in z])\n\n@d\ndef f():\n    return any([q for q in r])\n';
    const snippet = fc.constantFrom('', 'x', '\n', '    ', 'sum([i for i in j])', 'def bad2(): pass\n', 'import os\n', '(', '😀', '# magic\n', 'magic', '@d\ndef bad3(): pass\n', 'def g():\n    def bad4(): pass\n');
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 6 }), text: snippet }), { minLength: 1, maxLength: 10 }), (edits) => {
        const document = engine.open(base);
        engine.analyze(document);
        for (const { at, length, text } of edits) {
          const start = at % (document.text.length + 1);
          document.update([{ range: document.lines.rangeOf(start, Math.min(document.text.length, start + length)), text }]);
          const incremental = summary(document.text, engine.analyze(document));
          const fresh = engine.open(document.text);
          // Tree-sitter's error recovery depends on the edit history, so a broken text may recover
          // differently (both trees are valid readings of it); text that parses must agree exactly.
          if (!fresh.tree.rootNode.hasError) expect(incremental).toEqual(summary(fresh.text, engine.analyze(fresh)));
          fresh.dispose();
        }
        document.dispose();
      }),
      { numRuns: 200 },
    );
  });

  it('keeps analysing the rest of a file with a syntax error, and survives a throwing rule', () => {
    const thrower: Rule = defineRule({
      meta: { ...comprehensionInCall.meta, code: 'PH998', name: 'test-thrower' },
      visit: { calls: { 'builtins.sum': () => { throw new Error('boom'); } } },
    });
    const errors: string[] = [];
    const engine = new Engine(parser, [thrower, comprehensionInCall], { select: ['ALL'], onRuleError: (meta, error) => errors.push(`${meta.code}: ${(error as Error).message}`) });
    const document = engine.open('total = sum([x for x in a])\n\ndef broken(:\n    return any([y for y in b])\n\nok = all([z for z in c])\nif ok\n    pass\n');
    const findings = engine.analyze(document);
    expect(findings.map((f) => document.text.slice(f.start, f.end))).toEqual(['[x for x in a]', '[z for z in c]']);
    expect(errors).toEqual(['PH998: boom']);
  });

  it('silences rules whose minimum Python version is above the target', () => {
    const rule = { ...comprehensionInCall, meta: { ...comprehensionInCall.meta, minPython: [3, 12] as const } };
    const code = 'sum([x for x in a])\n';
    expect(new Engine(parser, [rule], { target: [3, 11], select: ['ALL'] }).analyze(new Engine(parser, [rule]).open(code))).toHaveLength(0);
    const engine = new Engine(parser, [rule], { target: [3, 12], select: ['ALL'] });
    expect(engine.analyze(engine.open(code))).toHaveLength(1);
  });

  it('honours # noqa comments, bare and with codes', () => {
    const engine = new Engine(parser, [comprehensionInCall], { select: ['ALL'] });
    const document = engine.open(
      ['a = sum([x for x in y])  # noqa', 'b = sum([x for x in y])  # noqa: PH502', 'c = sum([x for x in y])  # noqa: PH101', 'd = sum([x for x in y])  # NOQA:PH101,PH502', 'e = sum([x for x in y])'].join('\n'),
    );
    expect(engine.analyze(document).map((f) => document.lines.positionAt(f.start).line)).toEqual([2, 4]);
  });
});

describe('Analyzer, while the user types', () => {
  const engine = () => new Engine(parser, [comprehensionInCall, mutableDefaultArgument, lruCacheMaxsizeNone], { select: ['ALL'] });
  const texts = (document: PythonDocument, findings: Finding[]) => findings.map((finding) => `${finding.rule.code} ${document.text.slice(finding.start, finding.end)}`);

  it('keeps the findings of a unit with a syntax error, moved with the edit and without fixes, until it parses again', () => {
    const analyzer = engine();
    const document = analyzer.open('import os\n\ndef total(xs):\n    return sum([x for x in xs])\n\nbest = max([y for y in ys])\n');
    expect(texts(document, analyzer.analyze(document))).toEqual(['PH502 [x for x in xs]', 'PH502 [y for y in ys]']);
    // Half-typed: `if` without its colon breaks the function, after text was added above it.
    document.update([{ range: document.lines.rangeOf(0, 0), text: '# 😀\n' }]);
    const at = document.text.indexOf('return');
    document.update([{ range: document.lines.rangeOf(at, at), text: 'if xs\n        ' }]);
    expect(document.tree.rootNode.hasError).toBe(true);
    const kept = analyzer.analyze(document);
    expect(texts(document, kept)).toEqual(['PH502 [x for x in xs]', 'PH502 [y for y in ys]']);
    expect(kept[0].fix).toBeUndefined();
    expect(kept[1].fix).toBeDefined();
    // Another keystroke inside the broken unit: still kept, still in place.
    const colon = document.text.indexOf('if xs') + 5;
    document.update([{ range: document.lines.rangeOf(colon, colon), text: ' and ys' }]);
    expect(texts(document, analyzer.analyze(document))).toEqual(['PH502 [x for x in xs]', 'PH502 [y for y in ys]']);
    // It parses again: analysed afresh, fixes back.
    const end = document.text.indexOf('ys\n', colon) + 2;
    document.update([{ range: document.lines.rangeOf(end, end), text: ':' }]);
    expect(document.tree.rootNode.hasError).toBe(false);
    const fresh = analyzer.analyze(document);
    expect(texts(document, fresh)).toEqual(['PH502 [x for x in xs]', 'PH502 [y for y in ys]']);
    expect(fresh[0].fix).toBeDefined();
    document.dispose();
  });

  it('reads old Mac line endings (lone \\r) as line breaks', () => {
    const analyzer = engine();
    const document = analyzer.open('import os\rdef total(xs):\r    return sum([x for x in xs])\r');
    expect(document.tree.rootNode.hasError).toBe(false);
    const findings = analyzer.analyze(document);
    expect(texts(document, findings)).toEqual(['PH502 [x for x in xs]']);
    expect(document.lines.positionAt(findings[0].start)).toEqual({ line: 2, character: 15 });
    document.dispose();
  });

  it('runs no correctness rule on a stub, which never runs', () => {
    const analyzer = engine();
    const code = 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n';
    expect(analyzer.analyze(analyzer.open(code))).toHaveLength(1);
    expect(analyzer.analyze(analyzer.open(code, 0, 'stub'))).toHaveLength(0);
  });

  it('re-analyses a class member when a name bound above it in the class body changes', () => {
    const analyzer = engine();
    const document = analyzer.open('from functools import lru_cache\n\nclass Tables:\n    size = 1\n\n    @staticmethod\n    @lru_cache(maxsize=None)\n    def load(name):\n        return name\n');
    const fixOf = () => analyzer.analyze(document).find((finding) => finding.rule.code === 'PH104')?.fix;
    expect(fixOf()?.edits[0].text).toBe('cache');
    // `size` becomes `cache`: the bare name is taken in the class body, so no fix is left.
    const at = document.text.indexOf('size');
    document.update([{ range: document.lines.rangeOf(at, at + 4), text: 'cache' }]);
    expect(fixOf()).toBeUndefined();
    document.update([{ range: document.lines.rangeOf(at, at + 5), text: 'size' }]);
    expect(fixOf()?.edits[0].text).toBe('cache');
    document.dispose();
  });

  it('makes a fix that deletes a comment unsafe', () => {
    const deleting = defineRule({
      meta: { ...comprehensionInCall.meta, code: 'PH997', name: 'test-deleting', fix: { safety: 'safe', title: 'Delete' } },
      visit: { calls: { 'builtins.sum': (call, context) => context.report({ node: call, fix: { edits: [{ start: call.startIndex, end: call.endIndex, text: '0' }] } }) } },
    });
    const analyzer = new Engine(parser, [deleting], { select: ['ALL'] });
    const [plain, commented] = analyzer.analyze(analyzer.open('a = sum(xs)\nb = sum(\n    xs,  # the items\n)\n'));
    expect(plain.fix?.safety).toBe('safe');
    expect(commented.fix?.safety).toBe('unsafe');
  });
});

describe('Analyzer, incrementally, with every rule and the semantic model', () => {
  it('gives the same findings and fixes as a fresh analysis, through edits that change what names mean', () => {
    const engine = new Engine(parser, ALL_RULES, { select: ['ALL'] });
    const base = [
      'import functools',
      'from functools import lru_cache',
      'from dataclasses import dataclass',
      '',
      'class Tables:',
      '    size = 1',
      '',
      '    @staticmethod',
      '    @lru_cache(maxsize=None)',
      '    def load(name):',
      '        return name',
      '',
      '    def __init__(self, rows=[]):',
      '        self.rows = rows',
      '',
      '    def add(self, row):',
      '        self.rows.append(row)',
      '',
      '    @functools.cache',
      '    def total(self):',
      '        return sum([r for r in self.rows])',
      '',
      '@dataclass',
      'class Cart:',
      '    items: list = []',
      '',
      'def tag(x, tags=[]):',
      '    tags.append(x)',
      '    return tags',
      '',
    ].join('\n');
    const snippet = fc.constantFrom(
      '',
      'x',
      '\n',
      '    cache = {}\n',
      'from numpy import *\n',
      'def sum(x): return x\n',
      'sum = None\n',
      '    def __eq__(self, other): return True\n',
      '    def __hash__(self): return 1\n',
      'tables = Tables()\n',
      'import dataclasses as dc\n',
      'dataclass = None\n',
      '    tags = list(tags)\n',
      '(',
      '😀',
      ':',
    );
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 8 }), text: snippet }), { minLength: 1, maxLength: 8 }), (edits) => {
        const document = engine.open(base);
        engine.analyze(document);
        for (const { at, length, text } of edits) {
          const start = at % (document.text.length + 1);
          document.update([{ range: document.lines.rangeOf(start, Math.min(document.text.length, start + length)), text }]);
          const incremental = described(engine.analyze(document));
          const fresh = engine.open(document.text);
          if (!fresh.tree.rootNode.hasError) expect(incremental).toEqual(described(engine.analyze(fresh)));
          fresh.dispose();
        }
        document.dispose();
      }),
      { numRuns: 150 },
    );
  });
});

/** A finding as a line of text: rule, place, message and the fix's edits, so that two analyses can be compared. */
function described(findings: Finding[]): string[] {
  return findings
    .map((finding) => {
      const edits = finding.fix ? ` fix ${finding.fix.safety} ${JSON.stringify(finding.fix.edits.map((edit) => [edit.start, edit.end, edit.text]))} ${JSON.stringify(finding.fix.imports)}` : '';
      return `${finding.rule.code}@${finding.start}-${finding.end} ${finding.message}${edits}`;
    })
    .sort();
}
