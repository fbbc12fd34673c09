// The editor settings as the server reads them, how long it waits before analysing, and what a rule's hover says.

import { describe, expect, it } from 'vitest';
import { analysisDelay } from '../../server/src/analysis-delay';
import { hoverMarkdown } from '../../server/src/engine/rule-docs';
import { ALL_RULES } from '../../server/src/rules';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';

describe('pyhints.* settings', () => {
  it('reads every setting, an empty target and null unsafe fixes meaning "from the project"', () => {
    const { settings, problems } = parseSettings(
      { enable: false, targetVersion: '', select: ['PH1'], ignore: [' PH107 '], severity: { PH502: 'error', 'mutable-default-argument': 'off' }, unsafeFixes: null, run: 'onSave', configuration: ' tools/pyhints.toml ', configurationPreference: 'editorFirst' },
      ALL_RULES,
    );
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      enable: false,
      target: undefined,
      select: ['PH1'],
      ignore: ['PH107'],
      severity: { PH502: 'error', 'mutable-default-argument': 'off' },
      unsafeFixes: undefined,
      run: 'onSave',
      configuration: 'tools/pyhints.toml',
      configurationPreference: 'editorFirst',
    });
    expect(parseSettings({ targetVersion: '3.12', unsafeFixes: true }, ALL_RULES).settings).toMatchObject({ target: [3, 12], unsafeFixes: true });
  });

  it('falls back value by value, with one line each for the log', () => {
    const { settings, problems } = parseSettings({ targetVersion: '2.7', run: 'sometimes', configurationPreference: 'mine', severity: { PH502: 'loud', PH999: 'error' }, unsafeFixes: 'yes', configuration: 3 }, ALL_RULES);
    expect(settings).toEqual(DEFAULT_SETTINGS);
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/pyhints\.run: expected one of "onType", "onSave", got "sometimes"; using "onType"/);
    expect(problems.join('\n')).toMatch(/pyhints\.severity: `PH999` is no rule's code or name/);
    expect(problems.join('\n')).toMatch(/pyhints\.targetVersion: .*; using the project's/);
  });
});

describe('the wait before an analysis', () => {
  it('is short for a document that analyses fast, longer for a slow one, capped', () => {
    expect(analysisDelay(undefined, undefined)).toBe(25);
    expect(analysisDelay(2, undefined)).toBe(9);
    expect(analysisDelay(60, 1000)).toBe(125);
    expect(analysisDelay(5000, undefined)).toBe(400);
  });

  it('waits for a pause while the user types fast', () => {
    expect(analysisDelay(2, 60)).toBe(100);
    expect(analysisDelay(2, 400)).toBe(9);
    expect(analysisDelay(200, 60)).toBe(400);
  });
});

describe('the hover of a rule', () => {
  it('says which Python a version-gated rule needs, and nothing for the others', () => {
    const gated = ALL_RULES.find((rule) => rule.meta.code === 'PH409')!.meta;
    expect(gated.minPython).toEqual([3, 11]);
    expect(hoverMarkdown(gated, gated.message)).toContain('*Applies when the target Python version is 3.11 or newer.*');
    const always = ALL_RULES.find((rule) => rule.meta.code === 'PH107')!.meta;
    expect(hoverMarkdown(always, always.message)).not.toContain('Applies when');
  });
});
