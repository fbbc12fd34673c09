// What `pyhints check` does with each file, from the command line and the file's configuration
// (`[tool.pyhints]` in the nearest pyproject.toml, or a pyhints.toml, or the `--config` file;
// none with `--isolated`), merged as `fileSettings` says: the command line wins.

import * as path from 'node:path';
import { ConfigDiscovery, type ResolvedConfig, type TargetSource } from '../../server/src/engine/config/discovery';
import { fileSettings, Globs, NO_CONFIG, toPosix, type FileSettings, type SettingsOverrides } from '../../server/src/engine/config/file-settings';
import type { ConfigProblem } from '../../server/src/engine/config/project-config';
import { DEFAULT_TARGET } from '../../server/src/engine/engine';
import type { Rule } from '../../server/src/engine/rule';
import { selectRules } from '../../server/src/engine/selection';
import type { CheckOptions } from './args';
import { DEFAULT_EXCLUSION, type Exclusion } from './discover-files';
import { DEFAULT_CACHE_DIR } from './result-cache';

export type { FileSettings };

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
  private readonly globs = new Globs();
  private readonly overrides: SettingsOverrides;

  constructor(
    private readonly options: CheckOptions,
    private readonly rules: readonly Rule[],
    private readonly onProblem: (problem: ConfigProblem) => void,
  ) {
    this.overrides = { target: options.target, select: options.select, extendSelect: options.extendSelect, ignore: options.ignore, unsafeFixes: options.unsafeFixes };
    if (options.isolated) return;
    this.discovery = new ConfigDiscovery(rules, DEFAULT_TARGET);
    if (options.config) this.configFile = this.discovery.fromFile(options.config);
  }

  forFile(file: string): FileSettings {
    return fileSettings(this.rules, this.resolved(path.dirname(path.resolve(file))), file, this.overrides, this.globs);
  }

  /**
   * Where the cache of a run from `folder` lives: the `cache-dir` of its configuration (relative
   * to the configuration's folder), else `.pyhints_cache` in the project's folder (that of the
   * configuration), else in `folder`.
   */
  cacheDirOf(folder: string): string {
    const resolved = this.resolved(folder);
    return path.resolve(resolved.root ?? folder, resolved.config.cacheDir ?? DEFAULT_CACHE_DIR);
  }

  explain(file: string): SettingsExplanation {
    const resolved = this.resolved(path.dirname(path.resolve(file)));
    const settings = fileSettings(this.rules, resolved, file, this.overrides, this.globs);
    const { config } = resolved;
    const selected = selectRules(this.rules, settings.engine);
    return {
      file: path.resolve(file),
      configuration: resolved.file ?? null,
      targetVersion: (settings.engine.target ?? DEFAULT_TARGET).join('.'),
      targetFrom: this.options.target ? 'command line' : resolved.targetSource,
      rules: selected.diagnostics.map((rule) => rule.meta.code),
      refactorings: selected.refactorings.map((rule) => rule.meta.code),
      perFileIgnores: settings.perFileIgnores,
      deferredToRuff: settings.deferredToRuff,
      severity: { ...(config.severity ?? {}) },
      unsafeFixes: settings.unsafeFixes,
      fixable: config.fixable ?? ['ALL'],
      unfixable: config.unfixable ?? [],
    };
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
      if (inside && [...(exclude ?? []), ...extendExclude].some((glob) => this.globs.matches(glob, relative))) return true;
      return isFolder && !(inside && exclude) && DEFAULT_EXCLUSION.folder(entry);
    };
    return { folder: (folder) => excluded(folder, true), file: (file) => excluded(file, false) };
  }

  private resolved(folder: string): ResolvedConfig {
    const resolved = this.configFile ?? this.discovery?.forFolder(folder) ?? NO_CONFIG;
    for (const problem of resolved.problems) {
      if (this.reported.has(problem.message)) continue;
      this.reported.add(problem.message);
      this.onProblem(problem);
    }
    return resolved;
  }

}

