// Which configuration applies to a file: the nearest `pyhints.toml`, or `pyproject.toml` with a
// `[tool.pyhints]` table, in the file's folder or above it (up to a root, when one is given).
// The target comes from that configuration's `target-version`, else the project's
// `requires-python`, else Ruff's `target-version`, else the default. Folders are read once;
// `forget` drops what was read when a configuration file changes.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PythonVersion, Rule } from '../rule';
import { readConfigFile, type ConfigFile, type ConfigProblem, type ProjectConfig, type RuffSelection } from './project-config';

export type TargetSource = 'target-version' | 'requires-python' | 'ruff' | 'default';

export interface ResolvedConfig {
  /** The file the pyhints settings come from, if any. */
  file?: string;
  /** The folder globs in the configuration are relative to. */
  root?: string;
  config: ProjectConfig;
  target: PythonVersion;
  targetSource: TargetSource;
  /** Ruff's selection in the nearest Ruff configuration, when there is one. */
  ruff?: RuffSelection;
  problems: readonly ConfigProblem[];
}

/** The files a folder may hold, in the order they win. */
const PYHINTS_FILES = ['pyhints.toml', 'pyproject.toml'] as const;
const RUFF_FILES = ['.ruff.toml', 'ruff.toml'] as const;

interface Folder {
  pyhints?: ConfigFile;
  pyproject?: ConfigFile;
  ruff?: ConfigFile;
}

export class ConfigDiscovery {
  private readonly folders = new Map<string, Folder>();
  private readonly resolved = new Map<string, ResolvedConfig>();

  constructor(
    private readonly rules: readonly Rule[],
    private readonly defaultTarget: PythonVersion,
    /** Where the search stops going up (a workspace folder); the file system's root when absent. */
    private readonly stopAt?: string,
    private readonly readText: (file: string) => string | undefined = readIfFile,
  ) {}

  /** The configuration of the Python file at `file`. */
  forFile(file: string): ResolvedConfig {
    return this.forFolder(path.dirname(path.resolve(file)));
  }

  /** The configuration in one given file (the CLI's `--config`), wherever the checked files are. */
  fromFile(file: string): ResolvedConfig {
    const absolute = path.resolve(file);
    const kind = path.basename(absolute) === 'pyproject.toml' ? 'pyproject' : 'pyhints';
    const text = this.readText(absolute);
    if (text === undefined) {
      return { config: {}, target: this.defaultTarget, targetSource: 'default', problems: [{ file: absolute, line: 0, message: `${absolute}: cannot read the configuration file` }] };
    }
    const read = readConfigFile(absolute, text, kind, this.rules);
    return this.resolve(read, read, path.dirname(absolute), undefined);
  }

  /** Forgets what was read, after a configuration file changed (or all of it). */
  forget(): void {
    this.folders.clear();
    this.resolved.clear();
  }

  /** The configuration of the files in `folder`. */
  forFolder(start: string): ResolvedConfig {
    start = path.resolve(start);
    const cached = this.resolved.get(start);
    if (cached) return cached;
    let nearestPyproject: ConfigFile | undefined;
    let nearestRuff: ConfigFile | undefined;
    let found: { config: ConfigFile; folder: string; pyproject?: ConfigFile } | undefined;
    for (let folder = start; ; folder = path.dirname(folder)) {
      const files = this.folder(folder);
      nearestRuff ??= files.ruff ?? (files.pyproject?.ruff ? files.pyproject : undefined);
      nearestPyproject ??= files.pyproject;
      const config = files.pyhints ?? (files.pyproject?.hasPyhints ? files.pyproject : undefined);
      if (config) {
        found = { config, folder, pyproject: files.pyproject };
        break;
      }
      if (folder === this.stopAt || path.dirname(folder) === folder) break;
    }
    const resolved = found
      ? this.resolve(found.config, found.pyproject ?? nearestPyproject, found.folder, nearestRuff)
      : this.resolve(undefined, nearestPyproject, undefined, nearestRuff);
    this.resolved.set(start, resolved);
    return resolved;
  }

  private resolve(config: ConfigFile | undefined, project: ConfigFile | undefined, root: string | undefined, ruff: ConfigFile | undefined): ResolvedConfig {
    const settings = config?.config ?? {};
    const [target, targetSource]: [PythonVersion, TargetSource] = settings.targetVersion
      ? [settings.targetVersion, 'target-version']
      : project?.requiresPython
        ? [project.requiresPython, 'requires-python']
        : (ruff ?? project)?.ruffTarget
          ? [(ruff ?? project)!.ruffTarget!, 'ruff']
          : [this.defaultTarget, 'default'];
    const problems = [...(config?.problems ?? []), ...(project && project !== config ? project.problems : [])];
    return { file: config?.file, root, config: settings, target, targetSource, ruff: (ruff ?? project)?.ruff, problems };
  }

  private folder(folder: string): Folder {
    let files = this.folders.get(folder);
    if (files) return files;
    files = {};
    for (const name of PYHINTS_FILES) {
      const file = path.join(folder, name);
      const text = this.readText(file);
      if (text === undefined) continue;
      const read = readConfigFile(file, text, name === 'pyhints.toml' ? 'pyhints' : 'pyproject', this.rules);
      if (name === 'pyhints.toml') files.pyhints = read;
      else files.pyproject = read;
    }
    for (const name of RUFF_FILES) {
      const file = path.join(folder, name);
      const text = files.ruff ? undefined : this.readText(file);
      if (text !== undefined) files.ruff = readConfigFile(file, text, 'ruff', this.rules);
    }
    this.folders.set(folder, files);
    return files;
  }
}

function readIfFile(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
