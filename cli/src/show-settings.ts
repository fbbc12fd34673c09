// `pyhints check --show-settings PATH`: the settings a file is checked with, and where they come
// from — what a user needs when a rule does or does not run where they expect.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectSettings, SettingsExplanation } from './project-settings';

const TARGET_SOURCES: Readonly<Record<SettingsExplanation['targetFrom'], string>> = {
  'command line': '--target-version',
  'target-version': 'the configuration\'s target-version',
  'requires-python': "the project's requires-python",
  ruff: "Ruff's target-version",
  default: 'the default',
};

export function settingsReport(settings: ProjectSettings, target: string, json: boolean): string {
  // A folder's settings are those of a file directly in it.
  const file = isFolder(target) ? path.join(target, '__init__.py') : target;
  const explained = settings.explain(file);
  if (json) return JSON.stringify(explained, null, 2) + '\n';
  const list = (items: readonly string[]) => (items.length > 0 ? items.join(', ') : '(none)');
  const severities = Object.entries(explained.severity).map(([rule, level]) => `${rule} = ${level}`);
  return [
    `Settings for ${explained.file}`,
    `  configuration:    ${explained.configuration ?? '(none: defaults and the command line)'}`,
    `  target-version:   ${explained.targetVersion} (from ${TARGET_SOURCES[explained.targetFrom]})`,
    `  rules (${explained.rules.length}):${' '.repeat(Math.max(1, 9 - String(explained.rules.length).length))}${list(explained.rules)}`,
    `  refactorings:     ${list(explained.refactorings)}`,
    `  per-file-ignores: ${list(explained.perFileIgnores)}`,
    `  left to Ruff:     ${list(explained.deferredToRuff)}`,
    `  severity:         ${list(severities)}`,
    `  unsafe-fixes:     ${explained.unsafeFixes}`,
    `  fixable:          ${list(explained.fixable)}`,
    `  unfixable:        ${list(explained.unfixable)}`,
    '',
  ].join('\n');
}

function isFolder(target: string): boolean {
  try {
    return fs.statSync(target).isDirectory();
  } catch {
    return false;
  }
}
