import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/engine/analyzer';
import { Engine } from '../../server/src/engine/engine';
import { applyEdits, fixEdits } from '../../server/src/engine/fixes';
import { ImportContext, importEdits } from '../../server/src/engine/imports';
import type { ImportRequirement, TextEdit } from '../../server/src/engine/rule';
import comprehensionInCall from '../../server/src/rules/comprehension-in-call';
import mutableDefaultArgument from '../../server/src/rules/mutable-default-argument';
import protocolIsinstance from '../../server/src/rules/protocol-isinstance-not-runtime-checkable';
import { parser } from '../engine-fixture';
import { compileFailures } from '../python-compile';

function withImports(source: string, requirements: ImportRequirement[]): string {
  const tree = parser.parse(source);
  try {
    return applyEdits(source, importEdits(new ImportContext(tree, source), requirements));
  } finally {
    tree.delete();
  }
}

describe('import requirements', () => {
  it('adds a line after the last top-level import', () => {
    expect(withImports('import os\nimport sys\n\nx = 1\n', [{ module: 'functools' }])).toBe('import os\nimport sys\nimport functools\n\nx = 1\n');
  });

  it('appends a name to an existing from-import, including a parenthesised one', () => {
    expect(withImports('from dataclasses import dataclass\n', [{ module: 'dataclasses', name: 'field' }])).toBe('from dataclasses import dataclass, field\n');
    expect(withImports('from functools import (\n    partial,\n    reduce,\n)\n', [{ module: 'functools', name: 'wraps' }])).toBe(
      'from functools import (\n    partial,\n    reduce, wraps,\n)\n',
    );
  });

  it('does nothing when the import is there', () => {
    const source = 'import functools\nfrom typing import runtime_checkable\n';
    expect(withImports(source, [{ module: 'functools' }, { module: 'typing', name: 'runtime_checkable' }])).toBe(source);
  });

  it('goes after the docstring or leading comments when the module has no imports, keeping CRLF and PEP 8 spacing', () => {
    expect(withImports('"""Doc."""\r\nx = 1\r\n', [{ module: 'math' }])).toBe('"""Doc."""\r\nimport math\r\n\r\nx = 1\r\n');
    expect(withImports('#!/usr/bin/env python\n# licence\nx = 1\n', [{ module: 'math' }])).toBe('#!/usr/bin/env python\n# licence\nimport math\n\nx = 1\n');
    expect(withImports('x = 1\n', [{ module: 'math' }])).toBe('import math\n\nx = 1\n');
    expect(withImports('class A:\n    pass\n', [{ module: 'math' }])).toBe('import math\n\n\nclass A:\n    pass\n');
    expect(withImports('"""Doc."""\n\n\ndef f():\n    pass\n', [{ module: 'math' }])).toBe('"""Doc."""\nimport math\n\n\ndef f():\n    pass\n');
    expect(withImports('import os', [{ module: 'math' }])).toBe('import os\nimport math\n');
  });

  it('writes the names one fix needs from a module on one new line', () => {
    expect(
      withImports('import os\n', [{ module: 'typing', name: 'ParamSpec' }, { module: 'functools' }, { module: 'typing', name: 'TypeVar' }]),
    ).toBe('import os\nfrom typing import ParamSpec, TypeVar\nimport functools\n');
  });

  it('never appends to a wildcard import, and adds each missing import once', () => {
    expect(withImports('from functools import *\n', [{ module: 'functools', name: 'wraps' }, { module: 'functools', name: 'wraps' }])).toBe(
      'from functools import *\nfrom functools import wraps\n',
    );
  });
});

describe('fix-all', () => {
  it('applies every safe fix, leaves unsafe ones unless asked, and reports the count', () => {
    const engine = new Engine(parser, [comprehensionInCall, mutableDefaultArgument], { select: ['ALL'] });
    const source = 'a = sum([x for x in y])\ndef b(x, seen=[]):\n    seen.append(x)\nc = max([x for x in y], default=0)\n';
    const safe = engine.fixAll(source);
    expect(safe).toEqual({ text: 'a = sum(x for x in y)\ndef b(x, seen=[]):\n    seen.append(x)\nc = max((x for x in y), default=0)\n', applied: 2 });
    const all = engine.fixAll(source, true);
    expect(all.text).toBe('a = sum(x for x in y)\ndef b(x, seen=None):\n    if seen is None:\n        seen = []\n    seen.append(x)\nc = max((x for x in y), default=0)\n');
    expect(all.applied).toBe(3);
    expect(compileFailures([safe, all].map(({ text }, index) => ({ name: `round ${index}`, code: text })))).toEqual([]);
  });

  it('fixes nested findings over several rounds', () => {
    const engine = new Engine(parser, [comprehensionInCall], { select: ['ALL'] });
    const result = engine.fixAll('t = sum([max([v for v in row]) for row in grid])\n');
    expect(result.text).toBe('t = sum(max(v for v in row) for row in grid)\n');
    expect(result.applied).toBe(2);
  });

  it('rejects edits that would break parsing', () => {
    const engine = new Engine(parser, [comprehensionInCall], { select: ['ALL'] });
    const document = engine.open('a = sum([x for x in y])\n');
    const [finding] = engine.analyze(document);
    const broken = { ...finding, fix: { ...finding.fix!, edits: [{ start: finding.start, end: finding.end, text: '(x for' }] } };
    expect(engine.fixEdits(document, broken)).toBeUndefined();
    expect(engine.fixEdits(document, finding)).toEqual([{ start: 8, end: 22, text: 'x for x in y' }]);
  });
});

describe('fix-all edits', () => {
  const engine = new Engine(parser, [comprehensionInCall], { select: ['ALL'] });
  const sums = (count: number) => Array.from({ length: count }, (_, i) => `a${i} = sum([x for x in y${i}])\n`).join('');
  const withEdits = (finding: Finding, edits: TextEdit[]): Finding => ({ ...finding, fix: { ...finding.fix!, edits } });

  it('defers a fix that overlaps a chosen one, shares identical edits, and keeps two insertions at one point apart', () => {
    const document = engine.open(sums(3));
    const [first, second, third] = engine.analyze(document);
    const inside = withEdits(first, [{ start: first.start + 1, end: first.start + 2, text: 'z' }]);
    const insertAt = (finding: Finding, text: string) => withEdits(finding, [{ start: 0, end: 0, text }]);
    const result = engine.fixAllEdits(document, [first, inside, second, insertAt(third, '# a\n'), insertAt(third, '# b\n'), insertAt(second, '# a\n')]);
    // `inside` overlaps `first`; the second insertion at 0 would be ambiguous, its twin is shared.
    expect(result.fixCount).toBe(4);
    expect(applyEdits(document.text, result.edits)).toBe('# a\na0 = sum(x for x in y0)\na1 = sum(x for x in y1)\na2 = sum([x for x in y2])\n');
  });

  it('leaves out the fixes that break parsing and applies the rest', () => {
    const document = engine.open(sums(40));
    const findings = engine.analyze(document);
    const broken = new Set([3, 17, 18, 39]);
    const mixed = findings.map((finding, index) => (broken.has(index) ? withEdits(finding, [{ start: finding.start, end: finding.end, text: '(x for' }]) : finding));
    const result = engine.fixAllEdits(document, mixed);
    expect(result.fixCount).toBe(36);
    const fixed = applyEdits(document.text, result.edits);
    expect(fixed.split('\n').filter((line) => line.includes('[x for')).map((line) => line.split(' ')[0])).toEqual(['a3', 'a17', 'a18', 'a39']);
  });

  it('checks each finding\'s fix, nested ones included, and leaves out only those that break parsing', () => {
    const document = engine.open(`${sums(30)}t = sum([max([v for v in row]) for row in grid])\n`);
    const findings = engine.analyze(document);
    expect(findings).toHaveLength(32);
    const mixed = findings.map((finding, index) => (index === 7 ? withEdits(finding, [{ start: finding.start, end: finding.end, text: '(x for' }]) : finding));
    const checked = engine.fixEditsOfEach(document, mixed);
    expect(checked.map((edits, index) => (edits ? index : -1)).filter((index) => index < 0)).toHaveLength(1);
    expect(checked[7]).toBeUndefined();
    // The same edits as one finding at a time.
    mixed.forEach((finding, index) => expect(checked[index]).toEqual(engine.fixEdits(document, finding)));
  });

  // Choosing fixes used to compare every fix with every chosen one: minutes for this file.
  it('chooses and checks ten thousand fixes in linear time', () => {
    const document = engine.open(sums(10_000));
    const result = engine.fixAllEdits(document, engine.analyze(document));
    expect(result.fixCount).toBe(10_000);
    // The JSON report checked every fix with a reparse of the whole file: hours.
    expect(engine.fixEditsOfEach(document, engine.analyze(document)).every((edits) => edits !== undefined)).toBe(true);
    document.dispose();
  }, 20_000);
});

describe('class decorations', () => {
  const decorate = (source: string, className: string, decorator: string) => {
    const tree = parser.parse(source);
    try {
      const fix = { title: 't', safety: 'safe' as const, edits: [], imports: [], decorateClass: { className, decorator } };
      return applyEdits(source, fixEdits(fix, { text: source, tree }));
    } finally {
      tree.delete();
    }
  };

  it('goes above the class or its first decorator, at its indentation, once', () => {
    expect(decorate('class A:\n    pass\n', 'A', 'final')).toBe('@final\nclass A:\n    pass\n');
    expect(decorate('@dataclass\r\nclass A:\r\n    x: int\r\n', 'A', 'final')).toBe('@final\r\n@dataclass\r\nclass A:\r\n    x: int\r\n');
    expect(decorate('try:\n    class A: pass\nexcept E:\n    class A: pass\n', 'A', 'final')).toBe('try:\n    class A: pass\nexcept E:\n    @final\n    class A: pass\n');
    expect(decorate('@final\nclass A: pass\n', 'A', 'final')).toBe('@final\nclass A: pass\n');
    // Only module-level classes: a method's nested class of the same name is another class.
    expect(decorate('def f():\n    class A: pass\n', 'A', 'final')).toBe('def f():\n    class A: pass\n');
  });

  it('resolves against the current text after a cached finding moved, and fix-all adds one decorator for several findings', () => {
    const engine = new Engine(parser, [protocolIsinstance], { select: ['ALL'] });
    const source = 'from typing import Protocol\n\nclass P(Protocol):\n    def m(self): ...\n\ndef f(x):\n    return isinstance(x, P) or issubclass(type(x), P)\n';
    const document = engine.open(source);
    expect(engine.analyze(document)).toHaveLength(2);
    const at = document.text.indexOf('def f');
    document.update([{ range: document.lines.rangeOf(at, at), text: 'X = 1\n\n' }]);
    const [finding] = engine.analyze(document);
    expect(document.text.slice(finding.start, finding.end)).toBe('P');
    expect(applyEdits(document.text, engine.fixEdits(document, finding)!)).toBe(
      'from typing import Protocol, runtime_checkable\n\n@runtime_checkable\nclass P(Protocol):\n    def m(self): ...\n\nX = 1\n\ndef f(x):\n    return isinstance(x, P) or issubclass(type(x), P)\n',
    );
    const fixed = engine.fixAll(source);
    expect(fixed.text).toBe(
      'from typing import Protocol, runtime_checkable\n\n@runtime_checkable\nclass P(Protocol):\n    def m(self): ...\n\ndef f(x):\n    return isinstance(x, P) or issubclass(type(x), P)\n',
    );
    expect(fixed.applied).toBe(2);
  });

  it('offers no fix when the decoration has nothing left to do', () => {
    const engine = new Engine(parser, [protocolIsinstance], { select: ['ALL'] });
    const document = engine.open('from typing import Protocol\n\nclass P(Protocol): ...\n\nisinstance(x, P)\n');
    const [finding] = engine.analyze(document);
    const gone = { ...finding, fix: { ...finding.fix!, decorateClass: { className: 'Missing', decorator: 'runtime_checkable' }, imports: [] } };
    expect(engine.fixEdits(document, gone)).toBeUndefined();
    expect(engine.fixAllEdits(document, [gone])).toEqual({ edits: [], fixCount: 0 });
  });
});
