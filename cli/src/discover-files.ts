// Which files `pyhints check` reads: a file named on the command line always, whatever its
// extension; under a folder, the `.py`, `.pyi` and `.ipynb` files in sorted order, skipping version control,
// caches, dependencies and virtual environments. Symlinked folders are followed, each real folder once.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileErrorMessage } from './file-errors';

const SKIPPED_FOLDERS = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.tox',
  '.nox',
  '.mypy_cache',
  '.ruff_cache',
  '.pyhints_cache',
  '.pytest_cache',
  '.venv',
  'venv',
  // Installed packages, as Ruff skips them too.
  'site-packages',
  '__pypackages__',
]);
const PYTHON_FILE = /\.(pyi?|ipynb)$/;

export interface PathProblem {
  path: string;
  message: string;
}

export interface Discovery {
  files: string[];
  problems: PathProblem[];
}

/**
 * Which entries a folder walk leaves out; a path named on the command line is always read.
 * The default leaves out the folders above and virtual environments.
 */
export interface Exclusion {
  folder(folder: string): boolean;
  file(file: string): boolean;
}

export const DEFAULT_EXCLUSION: Exclusion = {
  folder: (folder) => isSkippedFolder(folder, path.basename(folder)),
  file: () => false,
};

/**
 * The files to check under `paths`. With `forceExclude` (for pre-commit and editors, which name
 * every file), a named path that the exclusion covers, or that lies in an excluded folder below
 * the current one, is left out too.
 */
export function discoverFiles(paths: readonly string[], exclusion: Exclusion = DEFAULT_EXCLUSION, forceExclude = false): Discovery {
  const files: string[] = [];
  const problems: PathProblem[] = [];
  const seenFiles = new Set<string>();
  const walkedFolders = new Set<string>();

  const addFile = (file: string) => {
    const key = path.resolve(file);
    if (seenFiles.has(key)) return;
    seenFiles.add(key);
    files.push(file);
  };

  const walk = (folder: string) => {
    let entries: fs.Dirent[];
    try {
      // A folder reached again through a symlink (or a symlink loop) is walked once.
      const real = fs.realpathSync(folder);
      if (walkedFolders.has(real)) return;
      walkedFolders.add(real);
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: folder, message: `cannot read the folder: ${fileErrorMessage(error)}` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = path.join(folder, entry.name);
      const kind = entry.isSymbolicLink() ? linkTarget(child) : entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
      if (kind === 'folder' && !exclusion.folder(child)) walk(child);
      else if (kind === 'file' && PYTHON_FILE.test(entry.name) && !exclusion.file(child)) addFile(child);
      else if (kind === 'broken' && PYTHON_FILE.test(entry.name)) problems.push({ path: child, message: 'broken symbolic link' });
    }
  };

  for (const given of paths) {
    let stats: fs.Stats;
    try {
      stats = fs.statSync(given);
    } catch (error) {
      problems.push({ path: given, message: fileErrorMessage(error) });
      continue;
    }
    if (forceExclude && ((stats.isDirectory() ? exclusion.folder(given) : exclusion.file(given)) || inExcludedFolder(given, exclusion))) continue;
    if (stats.isDirectory()) walk(given);
    else if (stats.isFile()) addFile(given);
    else problems.push({ path: given, message: 'not a file or folder' });
  }
  return { files, problems };
}

/** Whether a folder between the current one and `given` is excluded. */
function inExcludedFolder(given: string, exclusion: Exclusion): boolean {
  const relative = path.relative(process.cwd(), path.resolve(given));
  if (relative.startsWith('..') || path.isAbsolute(relative)) return false;
  const parts = relative.split(path.sep).slice(0, -1);
  return parts.some((_, index) => exclusion.folder(parts.slice(0, index + 1).join(path.sep)));
}

function linkTarget(link: string): 'folder' | 'file' | 'other' | 'broken' {
  try {
    const stats = fs.statSync(link);
    return stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : 'other';
  } catch {
    return 'broken';
  }
}

/** Named caches and tool folders, and any virtual environment (it holds a `pyvenv.cfg`), whatever its name. */
function isSkippedFolder(folder: string, name: string): boolean {
  return SKIPPED_FOLDERS.has(name) || fs.existsSync(path.join(folder, 'pyvenv.cfg'));
}
