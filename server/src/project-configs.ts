// The project configuration of each open document, merged with the editor's settings. Each
// workspace folder has its own configuration search, which stops at the folder (a multi-root
// workspace's folders never read each other's files); `pyhints.configuration` names one file for
// all. Where both say something, `pyhints.configurationPreference` decides, as in Ruff's
// extension: the file (`filesystemFirst`, the default), the editor (`editorFirst`), or only the
// file (`filesystemOnly`).

import * as path from 'node:path';
import { ConfigDiscovery, type ResolvedConfig } from './engine/config/discovery';
import { fileSettings, Globs, NO_CONFIG, type FileSettings, type SettingsOverrides } from './engine/config/file-settings';
import type { ConfigProblem } from './engine/config/project-config';
import { DEFAULT_TARGET } from './engine/engine';
import type { Rule } from './engine/rule';
import type { Settings } from './settings';

export interface DocumentSettings {
  /** The editor's settings of the document. */
  editor: Settings;
  file: FileSettings;
  /** The configuration file its pyhints settings come from, if any. */
  configFile?: string;
  problems: readonly ConfigProblem[];
}

export class ProjectConfigs {
  /** By workspace folder (`''` for documents outside every folder). */
  private readonly searches = new Map<string, ConfigDiscovery>();
  private readonly named = new Map<string, ResolvedConfig>();
  private readonly globs = new Globs();

  constructor(
    private readonly rules: readonly Rule[],
    private folders: readonly string[] = [],
  ) {}

  setFolders(folders: readonly string[]): void {
    this.folders = folders;
    this.forget();
  }

  /** After a configuration file changed: everything is read again. */
  forget(): void {
    this.searches.clear();
    this.named.clear();
  }

  /** The settings of the document at `file` (a path; none for an unsaved document). */
  settingsFor(file: string | undefined, editor: Settings): DocumentSettings {
    const folder = file === undefined ? undefined : this.folderOf(file);
    const resolved = this.resolved(file, folder, editor);
    const overrides = editorOverrides(editor, resolved);
    return {
      editor,
      file: fileSettings(this.rules, resolved, file ?? path.join(folder ?? '', 'untitled.py'), overrides, this.globs),
      configFile: resolved.file,
      problems: resolved.problems,
    };
  }

  private resolved(file: string | undefined, folder: string | undefined, editor: Settings): ResolvedConfig {
    if (editor.configuration) {
      const named = path.resolve(folder ?? this.folders[0] ?? process.cwd(), editor.configuration);
      let resolved = this.named.get(named);
      if (!resolved) this.named.set(named, (resolved = this.search(folder).fromFile(named)));
      return resolved;
    }
    return file === undefined ? NO_CONFIG : this.search(folder).forFile(file);
  }

  private search(folder: string | undefined): ConfigDiscovery {
    const key = folder ?? '';
    let search = this.searches.get(key);
    if (!search) this.searches.set(key, (search = new ConfigDiscovery(this.rules, DEFAULT_TARGET, folder)));
    return search;
  }

  /** The innermost workspace folder holding the file. */
  private folderOf(file: string): string | undefined {
    const inside = this.folders.filter((folder) => {
      const relative = path.relative(folder, file);
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
    });
    return inside.sort((a, b) => b.length - a.length)[0];
  }
}

/**
 * The editor's settings that apply over the configuration: with `filesystemFirst` those the files
 * do not set (the project's requires-python sets the target), with `editorFirst` all that the
 * user set, with `filesystemOnly` none. An empty list or table is "not set".
 */
function editorOverrides(editor: Settings, resolved: ResolvedConfig): SettingsOverrides {
  const preference = editor.configurationPreference;
  if (preference === 'filesystemOnly') return {};
  const config = resolved.config;
  const fileSets = (key: keyof typeof config) => preference === 'filesystemFirst' && config[key] !== undefined;
  return {
    target: preference === 'filesystemFirst' && resolved.targetSource !== 'default' ? undefined : editor.target,
    select: fileSets('select') || fileSets('extendSelect') ? undefined : editor.select,
    ignore: fileSets('ignore') ? undefined : editor.ignore,
    unsafeFixes: fileSets('unsafeFixes') ? undefined : editor.unsafeFixes,
    severity: fileSets('severity') ? undefined : editor.severity,
  };
}
