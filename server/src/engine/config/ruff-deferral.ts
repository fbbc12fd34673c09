// Leaving a finding to Ruff: when the project's Ruff configuration selects a rule that one of ours
// duplicates (a peer in its metadata), the user would see the same problem twice. Ruff's selectors
// are code prefixes (`B`, `B0`, `B006`) or `ALL`; the most specific one decides, and an ignore wins
// a tie, as in Ruff.

import type { PeerRule, Rule } from '../rule';
import type { RuffSelection } from './project-config';

/** What Ruff runs when its configuration selects nothing. */
const RUFF_DEFAULT_SELECT = ['E4', 'E7', 'E9', 'F'];

/**
 * The codes (ours) of the rules whose findings Ruff already reports under this selection. Only
 * peers Ruff implements under the same code count: its own rules and the flake8 plugins it ports;
 * a Pylint peer counts when the rule lists Ruff's port of it too.
 */
export function rulesDeferredToRuff(rules: readonly Rule[], selection: RuffSelection): string[] {
  return rules.filter((rule) => (rule.meta.peers ?? []).some((peer) => isRuffCode(peer) && ruffSelects(selection, peer.code))).map((rule) => rule.meta.code);
}

function isRuffCode(peer: PeerRule): boolean {
  return peer.tool === 'ruff' || peer.tool === 'flake8-bugbear' || peer.tool === 'flake8-comprehensions' || peer.tool === 'flake8-async';
}

export function ruffSelects(selection: RuffSelection, code: string): boolean {
  const specificity = (selectors: readonly string[] | undefined) =>
    Math.max(-1, ...(selectors ?? []).map((selector) => (selector === 'ALL' ? 0 : code.startsWith(selector) ? selector.length : -1)));
  const selected = Math.max(specificity(selection.select ?? RUFF_DEFAULT_SELECT), specificity(selection.extendSelect));
  return selected >= 0 && selected > specificity(selection.ignore);
}
