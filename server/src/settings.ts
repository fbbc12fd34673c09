// The `pyhints.*` settings as the client sends them, checked: a value of the wrong shape falls back
// to its default and is reported, so a typo in settings.json never stops the analysis.

import type { SeverityOverride } from './engine/config/project-config';
import { NEWEST_TARGET, OLDEST_TARGET, parseTarget } from './engine/config/python-version';
import type { PythonVersion, Rule } from './engine/rule';
import { unknownSelectors } from './engine/selection';

/** Which wins where the editor's settings and a project's configuration file both say something. */
export type ConfigurationPreference = 'filesystemFirst' | 'editorFirst' | 'filesystemOnly';
const PREFERENCES: readonly ConfigurationPreference[] = ['filesystemFirst', 'editorFirst', 'filesystemOnly'];
const LEVELS: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface Settings {
  enable: boolean;
  /** Unset: from the project (its configuration, requires-python, Ruff's target, else 3.10). */
  target?: PythonVersion;
  select: readonly string[];
  ignore: readonly string[];
  /** By rule code or name. */
  severity: Readonly<Record<string, SeverityOverride>>;
  /** Unset: as the project's configuration says (else no). */
  unsafeFixes?: boolean;
  /** Analyse as the user types, or when the file is saved. */
  run: 'onType' | 'onSave';
  /** A configuration file for every document, instead of each one's nearest. */
  configuration?: string;
  configurationPreference: ConfigurationPreference;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, select: [], ignore: [], severity: {}, run: 'onType', configurationPreference: 'filesystemFirst' };

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
    problems.push(`pyhints.${key}: expected ${expected}, got ${JSON.stringify(section[key])}; using ${fallback === undefined ? 'the project\'s' : JSON.stringify(fallback)}`);
  const oneOf = <T extends string>(key: string, values: readonly T[], fallback: T): T => {
    const value = section[key];
    if (value == null) return fallback;
    if (typeof value === 'string' && (values as readonly string[]).includes(value)) return value as T;
    invalid(key, `one of ${values.map((each) => `"${each}"`).join(', ')}`, fallback);
    return fallback;
  };

  let enable = DEFAULT_SETTINGS.enable;
  if (typeof section.enable === 'boolean') enable = section.enable;
  else if (section.enable != null) invalid('enable', 'true or false', enable);

  let target: PythonVersion | undefined;
  // An empty value is the default: "from the project".
  if (section.targetVersion != null && section.targetVersion !== '') {
    target = typeof section.targetVersion === 'string' ? parseTarget(section.targetVersion) : undefined;
    if (!target) invalid('targetVersion', `a version from "${OLDEST_TARGET.join('.')}" to "${NEWEST_TARGET.join('.')}"`, undefined);
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

  const severity: Record<string, SeverityOverride> = {};
  if (section.severity != null) {
    if (typeof section.severity !== 'object' || Array.isArray(section.severity)) invalid('severity', 'an object of rule codes or names to a severity', {});
    else {
      for (const [rule, level] of Object.entries(section.severity as Record<string, unknown>)) {
        if (!rules.some((each) => each.meta.code === rule || each.meta.name === rule)) problems.push(`pyhints.severity: \`${rule}\` is no rule's code or name; ignored`);
        else if (typeof level !== 'string' || !(LEVELS as readonly string[]).includes(level)) problems.push(`pyhints.severity.${rule}: expected one of ${LEVELS.join(', ')}, got ${JSON.stringify(level)}; ignored`);
        else severity[rule] = level as SeverityOverride;
      }
    }
  }

  let unsafeFixes: boolean | undefined;
  if (typeof section.unsafeFixes === 'boolean') unsafeFixes = section.unsafeFixes;
  else if (section.unsafeFixes != null) invalid('unsafeFixes', 'true, false or null', undefined);

  let configuration: string | undefined;
  if (typeof section.configuration === 'string') configuration = section.configuration.trim() || undefined;
  else if (section.configuration != null) invalid('configuration', 'the path of a pyproject.toml or pyhints.toml', undefined);

  return {
    settings: {
      enable,
      target,
      select: selectors('select'),
      ignore: selectors('ignore'),
      severity,
      unsafeFixes,
      run: oneOf('run', ['onType', 'onSave'] as const, DEFAULT_SETTINGS.run),
      configuration,
      configurationPreference: oneOf('configurationPreference', PREFERENCES, DEFAULT_SETTINGS.configurationPreference),
    },
    problems,
  };
}
