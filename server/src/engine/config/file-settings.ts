// What one file is checked with: its resolved configuration (the nearest `[tool.pyhints]`, the
// project's target, Ruff's selection) and the overrides of the command line or the editor. The
// overrides win: a `select` replaces the configured `select` and `extend-select`, `extendSelect`
// and `ignore` add to them, `target` and `unsafeFixes` replace. The configuration's per-file
// ignores, `off` severities, deferral to Ruff and fixable rules always apply.

import * as path from 'node:path';
import picomatch from 'picomatch';
import { DEFAULT_TARGET, type EngineOptions } from '../engine';
import type { PythonVersion, Rule, RuleMeta, Severity } from '../rule';
import { selectorMatches } from '../selection';
import type { ResolvedConfig } from './discovery';
import type { SeverityOverride } from './project-config';
import { rulesDeferredToRuff } from './ruff-deferral';

export interface SettingsOverrides {
  target?: PythonVersion;
  select?: readonly string[];
  extendSelect?: readonly string[];
  ignore?: readonly string[];
  unsafeFixes?: boolean;
  /** By rule code or name; merged over the configuration's. */
  severity?: Readonly<Record<string, SeverityOverride>>;
}

export interface FileSettings {
  engine: Omit<EngineOptions, 'onRuleError'>;
  /** Files with the same key can share an engine. */
  engineKey: string;
  unsafeFixes: boolean;
  /** Whether fixing may apply the rule's fixes (`fixable`/`unfixable`). */
  canFix: (rule: RuleMeta) => boolean;
  severityOf: (rule: RuleMeta) => Severity;
  /** The selectors `per-file-ignores` adds for the file, and the rules left to Ruff. */
  perFileIgnores: string[];
  deferredToRuff: string[];
}

export function fileSettings(rules: readonly Rule[], resolved: ResolvedConfig, file: string, overrides: SettingsOverrides, globs: Globs): FileSettings {
  const { config } = resolved;
  const relative = resolved.root ? toPosix(path.relative(resolved.root, path.resolve(file))) : undefined;
  const perFileIgnores = relative === undefined ? [] : (config.perFileIgnores ?? []).filter(([glob]) => globs.matches(glob, relative)).flatMap(([, selectors]) => selectors);
  const severities = { ...(config.severity ?? {}), ...(overrides.severity ?? {}) };
  const off = Object.entries(severities)
    .filter(([, level]) => level === 'off')
    .map(([rule]) => rule);
  const deferredToRuff = config.deferToRuff !== false && resolved.ruff ? rulesDeferredToRuff(rules, resolved.ruff) : [];
  const select = overrides.select?.length ? overrides.select : undefined;
  const engine = {
    target: overrides.target ?? resolved.target,
    select: [...(select ?? config.select ?? [])],
    // A `select` override starts the selection afresh, as in Ruff: the configured additions go with it.
    extendSelect: [...(select ? [] : (config.extendSelect ?? [])), ...(overrides.extendSelect ?? [])],
    ignore: [...(config.ignore ?? []), ...(overrides.ignore ?? []), ...perFileIgnores, ...off, ...deferredToRuff],
  };
  const any = (meta: RuleMeta, selectors: readonly string[]) => selectors.some((selector) => selectorMatches({ meta, visit: {} }, selector));
  return {
    engine,
    engineKey: JSON.stringify(engine),
    unsafeFixes: overrides.unsafeFixes ?? config.unsafeFixes ?? false,
    canFix: (meta) => any(meta, config.fixable ?? ['ALL']) && !any(meta, config.unfixable ?? []),
    severityOf: (meta) => {
      const level = severities[meta.code] ?? severities[meta.name];
      return level && level !== 'off' ? level : meta.severity;
    },
    perFileIgnores,
    deferredToRuff,
  };
}

/** No configuration file: the defaults. */
export const NO_CONFIG: ResolvedConfig = { config: {}, target: DEFAULT_TARGET, targetSource: 'default', problems: [] };

/**
 * Globs of a configuration, relative to its folder, compiled once. As in Ruff, a pattern without
 * a `/` also matches the file or folder name alone (`*_pb2.py`, `build`).
 */
export class Globs {
  private readonly matchers = new Map<string, (path: string) => boolean>();

  matches(glob: string, relative: string): boolean {
    let matcher = this.matchers.get(glob);
    if (!matcher) {
      const whole = picomatch(glob, { dot: true });
      const name = glob.includes('/') ? undefined : whole;
      matcher = (candidate) => whole(candidate) || (name !== undefined && name(path.posix.basename(candidate)));
      this.matchers.set(glob, matcher);
    }
    return matcher(relative);
  }
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
