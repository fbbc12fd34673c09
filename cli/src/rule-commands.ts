// `pyhints rules` lists the rules one per line; `pyhints rule CODE|NAME` finds the one to explain.

import type { Rule } from '../../server/src/engine/rule';

const FIX_COLUMN = { safe: 'safe fix', unsafe: 'unsafe fix', suggestion: 'refactoring' } as const;

/** Code, name, fix safety and message, in aligned columns. */
export function rulesTable(rules: readonly Rule[]): string {
  const rows = rules.map(({ meta }) => [meta.code, meta.name, meta.fix ? FIX_COLUMN[meta.fix.safety] : 'no fix', meta.message]);
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell)).join('  ')).join('\n') + '\n';
}

/** The rule named by its code (any case) or its name. */
export function findRule(rules: readonly Rule[], selector: string): Rule | undefined {
  const wanted = selector.trim();
  return rules.find(({ meta }) => meta.code === wanted.toUpperCase() || meta.name === wanted);
}
