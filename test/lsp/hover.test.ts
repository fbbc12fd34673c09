// The hover over a finding: the message, why it matters, and the fix as a before/after of the
// user's own code (an added import as a hunk of its own), short enough to read without scrolling.

import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import { findingsHover } from '../../server/src/hover';
import { ALL_RULES } from '../../server/src/rules';
import type { Hover } from 'vscode-languageserver';
import { parser } from '../engine-fixture';
import { serverSessions } from './server-sessions';

const engine = new Engine(parser, ALL_RULES, { select: ['PH502', 'PH101', 'PH107', 'PH201'] });
const RULES = new Map(ALL_RULES.map((rule) => [rule.meta.code, rule.meta] as const));

function hoverAt(code: string, marker: string): string {
  const document = engine.open(code);
  try {
    const findings = engine.analyze(document);
    const hover = findingsHover(findings, code.indexOf(marker), {
      lines: document.lines,
      rules: RULES,
      docsUrl: (meta) => `docs/${meta.code}.md`,
      fixEditsOf: (finding) => engine.fixEdits(document, finding),
    });
    return (hover?.contents as { value: string } | undefined)?.value ?? '';
  } finally {
    document.dispose();
  }
}

describe('the hover over a finding', () => {
  it('says the message once, then why, then the fix on the code itself', () => {
    const text = hoverAt('prices = [3, 1]\ntotal = sum([p * 2 for p in prices])\n', '[p * 2');
    const sections = text.split('\n\n');
    expect(sections[0]).toBe('**PH502 comprehension-in-call · safe fix**');
    expect(sections[1]).toBe('`sum()` over a list comprehension builds a throwaway list; pass a generator expression');
    expect(sections[2]).toMatch(/^These builtins walk their argument once\./);
    expect(sections[3]).toBe('**Use a generator expression**');
    expect(sections[4]).toBe('```diff\n- total = sum([p * 2 for p in prices])\n+ total = sum(p * 2 for p in prices)\n```');
    expect(sections.at(-1)).toBe('[Rule reference](docs/PH502.md) · silence with `# noqa: PH502`');
    expect(text.match(/throwaway list/g)).toHaveLength(1);
    expect(text).not.toContain('**Instead of**');
  });

  it('shows the lines the fix adds among those it keeps, an import far above as a hunk of its own, and marks an unsafe fix', () => {
    const decorator = ['def logged(func):', '    def wrapper(*args, **kwargs):', '        return func(*args, **kwargs)', '    return wrapper', ''].join('\n');
    expect(hoverAt(decorator, 'wrapper(*args')).toContain('```diff\n+ import functools\n+\n+\n  def logged(func):\n+     @functools.wraps(func)\n      def wrapper(*args, **kwargs):\n```');
    const below = ['import os', '', 'TIMEOUT = 3', '', '', decorator].join('\n');
    // The import goes below `import os`, on the blank line it keeps.
    expect(hoverAt(below, 'wrapper(*args')).toContain('```diff\n+ import functools\n\n…\n+     @functools.wraps(func)\n      def wrapper(*args, **kwargs):\n```');
    const shared = hoverAt('def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n', '[]');
    expect(shared).toMatch(/\*\*Default to None and build the value in the body\*\* \(unsafe: it may change what the code does\)/);
    expect(shared).toContain('- def add(tag, tags=[]):\n+ def add(tag, tags=None):\n+     if tags is None:\n+         tags = []');
  });

  it('leaves the message out where the editor shows it above the hover', () => {
    const code = 'total = sum([p for p in prices])\n';
    const document = engine.open(code);
    const hover = findingsHover(engine.analyze(document), code.indexOf('[p'), { lines: document.lines, rules: RULES, docsUrl: () => '', fixEditsOf: () => undefined, showsMessage: false });
    document.dispose();
    const text = (hover?.contents as { value: string }).value;
    expect(text).not.toContain('throwaway list');
    expect(text.split('\n\n')[1]).toMatch(/^These builtins walk their argument once/);
  });

  it("without a fix, shows the rule's own example of the better code", () => {
    const singleton = ['class Settings:', '    _instance = None', '', '    def __new__(cls):', '        if cls._instance is None:', '            cls._instance = super().__new__(cls)', '        return cls._instance', ''].join('\n');
    const text = hoverAt(singleton, 'Settings');
    expect(text).toContain('**Prefer**\n\n```python\n');
    expect(text).not.toContain('```diff');
  });
});

describe('the hover through the server', () => {
  const startSession = serverSessions();

  it('leaves the message out for a client that shows diagnostics above the hover (VS Code says so)', async () => {
    const session = await startSession({ configuration: true, settings: { select: ['PH502'] }, initializationOptions: { hoverShowsMessage: false } });
    const uri = 'file:///hover/vscode.py';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, 'total = sum([p for p in prices])\n');
    await published;
    const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 14 } });
    const text = (hover.contents as { value: string }).value;
    expect(text).toMatch(/^\*\*PH502 comprehension-in-call · safe fix\*\*\n\nThese builtins walk/);
    expect(text).toContain('- total = sum([p for p in prices])\n+ total = sum(p for p in prices)');
  });
});
