// The corpus: Debian packages pinned in corpus.json (installed with apt-get when missing, as root)
// and the standard library of the `python3` on PATH.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Project {
  name: string;
  /** The folder the paths are relative to; findings are reported as `name/…` below it. */
  root: string;
  paths: string[];
  target: string;
  /** The prefix that turns a path the CLI prints (relative to `root`) into a ledger path. */
  prefix: string;
}

interface CorpusFile {
  root: string;
  projects: { name: string; package: string; version: string; paths: string[]; target: string }[];
  stdlib: { name: string; python: string; target: string };
}

export const CORPUS_FILE = new URL('./corpus.json', import.meta.url);

export function loadCorpus(log: (line: string) => void): Project[] {
  const corpus = JSON.parse(fs.readFileSync(CORPUS_FILE, 'utf8')) as CorpusFile;
  ensureInstalled(corpus, log);
  const projects: Project[] = corpus.projects.map((project) => ({ name: project.name, root: corpus.root, paths: project.paths, target: project.target, prefix: '' }));
  const stdlib = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  const python = execFileSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim();
  if (python !== corpus.stdlib.python) log(`note: the ledger was judged on the standard library of Python ${corpus.stdlib.python}; python3 here is ${python}`);
  const entries = fs.readdirSync(stdlib).filter((entry) => entry !== 'site-packages' && (entry.endsWith('.py') || fs.statSync(path.join(stdlib, entry)).isDirectory()));
  projects.push({ name: corpus.stdlib.name, root: stdlib, paths: entries.sort(), target: corpus.stdlib.target, prefix: `${corpus.stdlib.name}/` });
  return projects;
}

/** Installs missing packages at their pinned versions (falling back to what apt has), and says where versions differ. */
function ensureInstalled(corpus: CorpusFile, log: (line: string) => void): void {
  const installed = (name: string) => {
    const result = spawnSync('dpkg-query', ['-W', '-f', '${Status} ${Version}', name], { encoding: 'utf8' });
    const match = /install ok installed (\S+)/.exec(result.stdout ?? '');
    return match?.[1];
  };
  const missing = corpus.projects.filter((project) => installed(project.package) === undefined);
  if (missing.length > 0) {
    if (process.getuid?.() !== 0) {
      const command = `apt-get install -y --no-install-recommends ${missing.map((project) => `${project.package}=${project.version}`).join(' ')}`;
      throw new Error(`the corpus is not installed; as root, run:\n  ${command}`);
    }
    log(`installing the corpus with apt-get (as root): ${missing.map((project) => project.package).join(' ')}`);
    const pinned = missing.map((project) => `${project.package}=${project.version}`);
    const apt = (packages: string[]) => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (apt(pinned).status !== 0) {
      log('the pinned versions are not all available; installing the versions apt has');
      if (apt(missing.map((project) => project.package)).status !== 0) throw new Error('apt-get install failed');
    }
  }
  for (const project of corpus.projects) {
    const version = installed(project.package);
    if (version !== project.version) log(`note: ${project.package} is ${version ?? 'missing'}, the ledger was judged on ${project.version}`);
  }
}
