// Which rules run, and how: `select` and `ignore` take codes (`PH101`), code prefixes (`PH1`),
// names (`missing-functools-wraps`) or `ALL`, as Ruff's do. Without `select` the default set runs
// (the rules that earned it on real code); `extendSelect` adds to whichever set that is; an ignore
// wins over both. Refactoring rules that are not selected still run, for their code actions only.

import type { Rule } from './rule';

export interface RuleSelectors {
  select?: readonly string[];
  extendSelect?: readonly string[];
  ignore?: readonly string[];
}

export interface SelectedRules {
  /** Rules whose findings are diagnostics. */
  diagnostics: Rule[];
  /** Refactoring rules not selected: their findings are offered as code actions only. */
  refactorings: Rule[];
}

export function selectorMatches(rule: Rule, selector: string): boolean {
  const wanted = selector.trim();
  return wanted.toUpperCase() === 'ALL' || rule.meta.code.startsWith(wanted.toUpperCase()) || rule.meta.name === wanted;
}

export function selectRules(rules: readonly Rule[], selectors: RuleSelectors): SelectedRules {
  const any = (rule: Rule, list: readonly string[] | undefined) => list?.some((selector) => selectorMatches(rule, selector)) ?? false;
  const diagnostics: Rule[] = [];
  const refactorings: Rule[] = [];
  for (const rule of rules) {
    if (any(rule, selectors.ignore)) continue;
    const selected = selectors.select?.length ? any(rule, selectors.select) : rule.meta.selection === 'default';
    if (selected || any(rule, selectors.extendSelect)) diagnostics.push(rule);
    else if (rule.meta.selection === 'refactoring') refactorings.push(rule);
  }
  return { diagnostics, refactorings };
}

/** Selectors that match no rule, so that a typo in a config or on the command line is reported. */
export function unknownSelectors(rules: readonly Rule[], selectors: readonly string[]): string[] {
  return selectors.filter((selector) => !rules.some((rule) => selectorMatches(rule, selector)));
}
