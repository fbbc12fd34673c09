// What `pyhints check` does with each file, from the command line and the file's configuration
// (`[tool.pyhints]` in the nearest pyproject.toml, or a pyhints.toml, or the `--config` file;
// none with `--isolated`). The command line wins: `--select` replaces the configured `select` and
// `extend-select`, `--extend-select` and `--ignore` add to them, `--target-version` and
// `--(no-)unsafe-fixes` override. The configuration's ignores, per-file ignores, severities and
// fixable rules always apply.

import * as path from 'node:path';
import picomatch from 'picomatch';
import { ConfigDiscovery, type ResolvedConfig, type TargetSource } from '../../server/src/engine/config/discovery';
import type { ConfigProblem } from '../../server/src/engine/config/project-config';
import { rulesDeferredToRuff } from '../../server/src/engine/config/ruff-deferral';
import { DEFAULT_TARGET, type EngineOptions } from '../../server/src/engine/engine';
import type { Rule, RuleMeta, Severity } from '../../server/src/engine/rule';
import { selectorMatches, selectRules } from '../../server/src/engine/selection';
import type { CheckOptions } from './args';
import { DEFAULT_EXCLUSION, type Exclusion } from './discover-files';

export interface FileSettings {
  engine: Omit<EngineOptions, 'onRuleError'>;
  /** Files with the same key can share an engine. */
  engineKey: string;
  unsafeFixes: boolean;
  /** Whether `--fix` may apply the rule's fixes (`fixable`/`unfixable`). */
  canFix: (rule: RuleMeta) => boolean;
  severityOf: (rule: RuleMeta) => Severity;
}

/** What `--show-settings` prints: where each part of a file's settings comes from. */
export interface SettingsExplanation {
  file: string;
  configuration: string | null;
  targetVersion: string;
  targetFrom: TargetSource | 'command line';
  /** The rules that report findings, and the refactorings offered without one. */
  rules: string[];
  refactorings: string[];
  /** Selectors that `per-file-ignores` adds for this file, and rules left to Ruff. */
  perFileIgnores: string[];
  deferredToRuff: string[];
  severity: Record<string, string>;
  unsafeFixes: boolean;
  fixable: string[];
  unfixable: string[];
}

export class ProjectSettings {
  private readonly discovery: ConfigDiscovery | undefined;
  private readonly configFile: ResolvedConfig | undefined;
  private readonly reported = new Set<string>();
  private readonly matchers = new Map<string, (path: string) => boolean>();

  constructor(
    private readonly options: CheckOptions,
    private readonly rules: readonly Rule[],
    private readonly onProblem: (problem: ConfigProblem) => void,
  ) {
    if (options.isolated) return;
    this.discovery = new ConfigDiscovery(rules, DEFAULT_TARGET);
    if (options.config) this.configFile = this.discovery.fromFile(options.config);
  }

  forFile(file: string): FileSettings {
    return this.settingsOf(file).settings;
  }

  explain(file: string): SettingsExplanation {
    const { settings, resolved, perFile, deferred } = this.settingsOf(file);
    const { config } = resolved;
    const selected = selectRules(this.rules, settings.engine);
    const target = settings.engine.target ?? DEFAULT_TARGET;
    return {
      file: path.resolve(file),
      configuration: resolved.file ?? null,
      targetVersion: target.join('.'),
      targetFrom: this.options.target ? 'command line' : resolved.targetSource,
      rules: selected.diagnostics.map((rule) => rule.meta.code),
      refactorings: selected.refactorings.map((rule) => rule.meta.code),
      perFileIgnores: perFile,
      deferredToRuff: deferred,
      severity: { ...(config.severity ?? {}) },
      unsafeFixes: settings.unsafeFixes,
      fixable: config.fixable ?? ['ALL'],
      unfixable: config.unfixable ?? [],
    };
  }

  private settingsOf(file: string): { settings: FileSettings; resolved: ResolvedConfig; perFile: string[]; deferred: string[] } {
    const resolved = this.resolved(path.dirname(path.resolve(file)));
    const { config } = resolved;
    const { options } = this;
    const relative = resolved.root ? toPosix(path.relative(resolved.root, path.resolve(file))) : undefined;
    const perFile = relative === undefined ? [] : (config.perFileIgnores ?? []).filter(([glob]) => this.matches(glob, relative)).flatMap(([, selectors]) => selectors);
    const off = Object.entries(config.severity ?? {})
      .filter(([, level]) => level === 'off')
      .map(([rule]) => rule);
    const deferred = config.deferToRuff !== false && resolved.ruff ? rulesDeferredToRuff(this.rules, resolved.ruff) : [];
    const engine = {
      target: options.target ?? resolved.target,
      select: options.select.length > 0 ? options.select : (config.select ?? []),
      // `--select` starts the selection afresh, as in Ruff: the configured additions go with it.
      extendSelect: [...(options.select.length > 0 ? [] : (config.extendSelect ?? [])), ...options.extendSelect],
      ignore: [...(config.ignore ?? []), ...options.ignore, ...perFile, ...off, ...deferred],
    };
    const any = (meta: RuleMeta, selectors: readonly string[]) => selectors.some((selector) => selectorMatches({ meta, visit: {} }, selector));
    const severities = config.severity ?? {};
    const settings: FileSettings = {
      engine,
      engineKey: JSON.stringify(engine),
      unsafeFixes: options.unsafeFixes ?? config.unsafeFixes ?? false,
      canFix: (meta) => any(meta, config.fixable ?? ['ALL']) && !any(meta, config.unfixable ?? []),
      severityOf: (meta) => {
        const level = severities[meta.code] ?? severities[meta.name];
        return level && level !== 'off' ? level : meta.severity;
      },
    };
    return { settings, resolved, perFile, deferred };
  }

  /**
   * Which entries of a folder walk are left out, by the configuration of the folder they are in:
   * `exclude` (which replaces the default list, as in Ruff) and `extend-exclude` (which adds to it).
   */
  exclusion(): Exclusion {
    if (!this.discovery) return DEFAULT_EXCLUSION;
    const excluded = (entry: string, isFolder: boolean) => {
      const absolute = path.resolve(entry);
      const resolved = this.resolved(path.dirname(absolute));
      const { exclude, extendExclude = [] } = resolved.config;
      const relative = resolved.root === undefined ? undefined : toPosix(path.relative(resolved.root, absolute));
      const inside = relative !== undefined && !relative.startsWith('..');
      if (inside && [...(exclude ?? []), ...extendExclude].some((glob) => this.matches(glob, relative))) return true;
      return isFolder && !(inside && exclude) && DEFAULT_EXCLUSION.folder(entry);
    };
    return { folder: (folder) => excluded(folder, true), file: (file) => excluded(file, false) };
  }

  private resolved(folder: string): ResolvedConfig {
    const resolved = this.configFile ?? this.discovery?.forFolder(folder) ?? { config: {}, target: DEFAULT_TARGET, targetSource: 'default' as const, problems: [] };
    for (const problem of resolved.problems) {
      if (this.reported.has(problem.message)) continue;
      this.reported.add(problem.message);
      this.onProblem(problem);
    }
    return resolved;
  }

  /**
   * Whether a glob matches a path relative to the configuration's folder. As in Ruff, a pattern
   * without a `/` also matches the file or folder name alone (`*_pb2.py`, `build`).
   */
  private matches(glob: string, relative: string): boolean {
    let matcher = this.matchers.get(glob);
    if (!matcher) {
      const whole = picomatch(glob, { dot: true });
      const name = glob.includes('/') ? undefined : picomatch(glob, { dot: true });
      matcher = (candidate) => whole(candidate) || (name !== undefined && name(path.posix.basename(candidate)));
      this.matchers.set(glob, matcher);
    }
    return matcher(relative);
  }
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}
