import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
import { ALL_RULES } from '../../server/src/rules';
import mutableDefaultArgument from '../../server/src/rules/mutable-default-argument';
import { parser } from '../engine-fixture';

const engine = new Engine(parser, [mutableDefaultArgument]);
const SHARED = (comment: string) => `def add(tag, tags=[]):${comment}\n    tags.append(tag)\n    return tags\n`;
const flagged = (text: string) => {
  const document = engine.open(text);
  try {
    return engine.analyze(document).length > 0;
  } finally {
    document.dispose();
  }
};

describe('suppressions', () => {
  it('read # noqa bare, with our code, or with a peer\'s code (Ruff, flake8-bugbear)', () => {
    expect(flagged(SHARED(''))).toBe(true);
    expect(flagged(SHARED('  # noqa'))).toBe(false);
    expect(flagged(SHARED('  # noqa: PH107'))).toBe(false);
    expect(flagged(SHARED('  # noqa: B006'))).toBe(false);
    expect(flagged(SHARED('  # NOQA:E501,B006'))).toBe(false);
    expect(flagged(SHARED('  # noqa: E501'))).toBe(true);
    expect(flagged(SHARED('  # noqa: B008'))).toBe(true);
  });

  it('read Pylint\'s disable by the peer\'s name or code: on the line, as disable-next above it, or for the rest of a block', () => {
    expect(flagged(SHARED('  # pylint: disable=dangerous-default-value'))).toBe(false);
    expect(flagged(SHARED('  # pylint: disable=W0102'))).toBe(false);
    expect(flagged(SHARED('  # pylint: disable=invalid-name, dangerous-default-value'))).toBe(false);
    expect(flagged(SHARED('  # pylint: disable=all'))).toBe(false);
    expect(flagged(SHARED('  # pylint: disable=invalid-name'))).toBe(true);
    expect(flagged(`# pylint: disable-next=dangerous-default-value\n${SHARED('')}`)).toBe(false);
    // `disable-next` speaks of the next line only.
    expect(flagged(`# pylint: disable-next=dangerous-default-value\n\n${SHARED('')}`)).toBe(true);
    // On a line of its own, `disable` holds for the rest of its block, until an `enable` or a dedent.
    expect(flagged(`# pylint: disable=dangerous-default-value\nimport os\n\n${SHARED('')}`)).toBe(false);
    expect(flagged(`# pylint: disable=dangerous-default-value\n# pylint: enable=dangerous-default-value\n${SHARED('')}`)).toBe(true);
    const method = SHARED('').replace(/^/gm, '    ');
    expect(flagged(`class A:\n    # pylint: disable=W0102\n    x = 1\n\n${method}`)).toBe(false);
    expect(flagged(`class A:\n    # pylint: disable=W0102\n    x = 1\n\n\n${SHARED('')}`)).toBe(true);
  });
});

describe('suppressions over several lines and files, and PH001', () => {
  const all = new Engine(parser, ALL_RULES, { select: ['PH001', 'PH107', 'PH502'] });
  const found = (text: string) => {
    const document = all.open(text);
    try {
      return all.analyze(document).map((finding) => `${finding.rule.code} ${document.lines.lineAt(finding.start) + 1}`);
    } finally {
      document.dispose();
    }
  };

  it('read a noqa on the first or the last line of a statement over several lines, or of a header', () => {
    const call = (first: string, last: string) => `total = sum(  ${first}\n    [x for x in range(3)],\n)  ${last}\n`;
    expect(found(call('', ''))).toEqual(['PH502 2']);
    expect(found(call('# noqa: PH502', ''))).toEqual([]);
    expect(found(call('', '# noqa: PH502'))).toEqual([]);
    expect(found(call('', '# noqa: E501'))).toEqual(['PH502 2']);
    const header = (comment: string) => `def add(\n    tag,\n    tags=[],\n):${comment}\n    tags.append(tag)\n    return tags\n`;
    expect(found(header(''))).toEqual(['PH107 3']);
    expect(found(header('  # noqa: PH107'))).toEqual([]);
    // A noqa in the body speaks for its own line, not for the header: it silences nothing.
    expect(found(`${header('')}    # noqa: PH107\n`)).toEqual(['PH107 3', 'PH001 7']);
  });

  it('read # pyhints: noqa on a line of its own for the whole file, bare or with codes', () => {
    const code = 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n\nsizes = sum([len(t) for t in "ab"])\n';
    expect(found(code)).toEqual(['PH107 1', 'PH502 5']);
    expect(found(`# pyhints: noqa\n${code}`)).toEqual([]);
    expect(found(`# pyhints: noqa: PH107\n${code}`)).toEqual(['PH502 6']);
    // At the end of a line of code it is an ordinary noqa of that line.
    expect(found(`import os  # pyhints: noqa: PH107\n${code}`)).toEqual(['PH001 1', 'PH107 2', 'PH502 6']);
  });

  it('PH001 flags codes of rules that ran and silenced nothing, and codes of no rule', () => {
    expect(found('def add(tag, tags=[]):  # noqa: PH107\n    tags.append(tag)\n    return tags\n')).toEqual([]);
    expect(found('def add(tag, tags=()):  # noqa: PH107\n    return tags\n')).toEqual(['PH001 1']);
    expect(found('x = 1  # noqa: PH107, PH502\n')).toEqual(['PH001 1']);
    expect(found('x = 1  # noqa: PH9999\n')).toEqual(['PH001 1']);
    // PH211 did not run here (not selected): another configuration may need it.
    expect(found('x = 1  # noqa: PH211\n')).toEqual([]);
    // A peer's code (flake8-bugbear) is that tool's to judge.
    expect(found('x = 1  # noqa: B006\n')).toEqual([]);
    // A code that silenced a finding on the first line of a statement is used.
    expect(found('total = sum(  # noqa: PH502\n    [x for x in range(3)],\n)\n')).toEqual([]);
    // Both directives of a statement speak for it; only the one that silenced counts as used.
    expect(found('total = sum(  # noqa: PH502\n    [x for x in range(3)],\n)  # noqa: PH502\n')).toEqual(['PH001 3']);
  });

  it('PH001 leaves a stub alone for correctness rules, which do not run on stubs', () => {
    const engine = new Engine(parser, ALL_RULES, { select: ['PH001', 'PH105'] });
    const document = engine.open('def f(x=[]): ...  # noqa: PH105\n', 0, 'stub');
    expect(engine.analyze(document)).toEqual([]);
    document.dispose();
  });
});
