// The `pyhints.*` settings as the client sends them, checked: a value of the wrong shape falls back
// to its default and is reported, so a typo in settings.json never stops the analysis.

import { NEWEST_TARGET, OLDEST_TARGET, parseTarget } from './engine/config/python-version';
import { DEFAULT_TARGET, type EngineOptions } from './engine/engine';
import type { PythonVersion, Rule } from './engine/rule';
import { unknownSelectors } from './engine/selection';

export interface Settings {
  enable: boolean;
  target: PythonVersion;
  select: readonly string[];
  ignore: readonly string[];
}

export const DEFAULT_SETTINGS: Settings = { enable: true, target: DEFAULT_TARGET, select: [], ignore: [] };


export interface ParsedSettings {
  settings: Settings;
  /** One line per value that was ignored or looks wrong, for the log. */
  problems: string[];
}

/** Reads the `pyhints` section; missing values take their defaults silently. */
export function parseSettings(raw: unknown, rules: readonly Rule[]): ParsedSettings {
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings: DEFAULT_SETTINGS, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { settings: DEFAULT_SETTINGS, problems: [`pyhints: expected an object of settings, got ${JSON.stringify(raw)}; using the defaults`] };
  }
  const section = raw as Record<string, unknown>;
  const invalid = (key: string, expected: string, fallback: unknown) =>
    problems.push(`pyhints.${key}: expected ${expected}, got ${JSON.stringify(section[key])}; using ${JSON.stringify(fallback)}`);

  let enable = DEFAULT_SETTINGS.enable;
  if (typeof section.enable === 'boolean') enable = section.enable;
  else if (section.enable != null) invalid('enable', 'true or false', enable);

  let target = DEFAULT_SETTINGS.target;
  if (section.targetVersion != null) {
    const version = typeof section.targetVersion === 'string' ? parseTarget(section.targetVersion) : undefined;
    if (version) target = version;
    else invalid('targetVersion', `a version from "${OLDEST_TARGET.join('.')}" to "${NEWEST_TARGET.join('.')}"`, target.join('.'));
  }

  const selectors = (key: 'select' | 'ignore'): string[] => {
    const value = section[key];
    if (value == null) return [];
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
      invalid(key, 'a list of rule codes, code prefixes or rule names', []);
      return [];
    }
    const entries = value.map((entry: string) => entry.trim()).filter((entry) => entry !== '');
    // Kept as written (the rule may come with a newer version), but a typo deserves a line in the log.
    for (const unknown of unknownSelectors(rules, entries)) problems.push(`pyhints.${key}: \`${unknown}\` matches no rule`);
    return entries;
  };

  return { settings: { enable, target, select: selectors('select'), ignore: selectors('ignore') }, problems };
}

/** The engine options the settings ask for. */
export function engineOptions(settings: Settings): EngineOptions {
  return { target: settings.target, select: settings.select, ignore: settings.ignore };
}

/** Settings that need the same engine have the same key. */
export function engineKey(settings: Settings): string {
  return JSON.stringify([settings.target, settings.select, settings.ignore]);
}
