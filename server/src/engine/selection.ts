// Which rules run: `select` and `ignore` take codes (`PH101`), code prefixes (`PH1`), names
// (`missing-functools-wraps`) or `ALL`, as Ruff's do. An ignore wins over a select.

import type { Rule } from './rule';

export interface RuleSelection {
  select?: readonly string[];
  ignore?: readonly string[];
}

export function selectRules(rules: readonly Rule[], selection: RuleSelection): Rule[] {
  const matches = (rule: Rule, selector: string) => {
    const wanted = selector.trim();
    return wanted.toUpperCase() === 'ALL' || rule.meta.code.startsWith(wanted.toUpperCase()) || rule.meta.name === wanted;
  };
  return rules.filter((rule) => {
    const selected = !selection.select?.length || selection.select.some((selector) => matches(rule, selector));
    const ignored = selection.ignore?.some((selector) => matches(rule, selector)) ?? false;
    return selected && !ignored;
  });
}

/** Selectors that match no rule, so that a typo in a config or on the command line is reported. */
export function unknownSelectors(rules: readonly Rule[], selectors: readonly string[]): string[] {
  return selectors.filter((selector) => selectRules(rules, { select: [selector] }).length === 0);
}
