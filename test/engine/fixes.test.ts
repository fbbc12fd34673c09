import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import { applyEdits } from '../../server/src/engine/fixes';
import { importEdits } from '../../server/src/engine/imports';
import type { ImportRequirement } from '../../server/src/engine/rule';
import comprehensionInCall from '../../server/src/rules/comprehension-in-call';
import { parser } from '../engine-fixture';

function withImports(source: string, requirements: ImportRequirement[]): string {
  const tree = parser.parse(source);
  try {
    return applyEdits(source, importEdits(tree, source, requirements));
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

  it('goes after the docstring or leading comments when the module has no imports, keeping CRLF', () => {
    expect(withImports('"""Doc."""\r\nx = 1\r\n', [{ module: 'math' }])).toBe('"""Doc."""\r\nimport math\r\nx = 1\r\n');
    expect(withImports('#!/usr/bin/env python\n# licence\nx = 1\n', [{ module: 'math' }])).toBe('#!/usr/bin/env python\n# licence\nimport math\nx = 1\n');
    expect(withImports('x = 1\n', [{ module: 'math' }])).toBe('import math\nx = 1\n');
    expect(withImports('import os', [{ module: 'math' }])).toBe('import os\nimport math\n');
  });

  it('never appends to a wildcard import, and adds each missing import once', () => {
    expect(withImports('from functools import *\n', [{ module: 'functools', name: 'wraps' }, { module: 'functools', name: 'wraps' }])).toBe(
      'from functools import *\nfrom functools import wraps\n',
    );
  });
});

describe('fix-all', () => {
  it('applies every safe fix, leaves unsafe ones unless asked, and reports the count', () => {
    const engine = new Engine(parser, [comprehensionInCall]);
    const source = 'a = sum([x for x in y])\nb = any([f(x) for x in y])\nc = max([x for x in y], default=0)\n';
    const safe = engine.fixAll(source);
    expect(safe).toEqual({ text: 'a = sum(x for x in y)\nb = any([f(x) for x in y])\nc = max((x for x in y), default=0)\n', applied: 2 });
    const all = engine.fixAll(source, true);
    expect(all.text).toBe('a = sum(x for x in y)\nb = any(f(x) for x in y)\nc = max((x for x in y), default=0)\n');
    expect(all.applied).toBe(3);
  });

  it('fixes nested findings over several rounds', () => {
    const engine = new Engine(parser, [comprehensionInCall]);
    const result = engine.fixAll('t = sum([max([v for v in row]) for row in grid])\n');
    expect(result.text).toBe('t = sum(max(v for v in row) for row in grid)\n');
    expect(result.applied).toBe(2);
  });

  it('rejects edits that would break parsing', () => {
    const engine = new Engine(parser, [comprehensionInCall]);
    const document = engine.open('a = sum([x for x in y])\n');
    const [finding] = engine.analyze(document);
    const broken = { ...finding, fix: { ...finding.fix!, edits: [{ start: finding.start, end: finding.end, text: '(x for' }] } };
    expect(engine.fixEdits(document, broken)).toBeUndefined();
    expect(engine.fixEdits(document, finding)).toEqual([{ start: 8, end: 22, text: 'x for x in y' }]);
  });
});
