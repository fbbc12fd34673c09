import { describe, expect, it } from 'vitest';
import { Engine } from '../../server/src/engine/engine';
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
