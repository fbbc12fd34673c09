// `npm run fix-check`: `pyhints check --fix --unsafe-fixes --select ALL` over a copy of the
// ecosystem corpus, to show that fixes never break code. Every changed file must compile with
// CPython, and a second run must find nothing left to fix (fixes converge in one run).
//
//   npm run fix-check                      the corpus of corpus.json and the standard library
//   npm run fix-check -- --projects stdlib only these projects (comma-separated names)
//   npm run fix-check -- --stdlib-tests    also: the regression tests of every changed stdlib
//                                          module, on a pristine copy of the Python installation
//                                          and on a fixed one (`python -m test test_xxx`)

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCorpus, type Project } from './corpus.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface ProjectResult {
  name: string;
  changed: string[];
  fixed: string;
  compileFailures: { file: string; error: string }[];
  leftToFix: string;
}

function cli(cwd: string, args: string[]): string {
  const result = spawnSync(process.execPath, [CLI, 'check', '--no-cache', ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  return `${result.stdout}${result.stderr}`;
}

function pythonFiles(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (fs.statSync(full).isFile()) return /\.pyi?$/.test(relative) ? [relative] : [];
  return fs.readdirSync(full, { recursive: true, encoding: 'utf8' }).filter((file) => /\.pyi?$/.test(file) && !file.includes('site-packages')).map((file) => path.join(relative, file));
}

/** Files CPython does not compile, with the error. */
function compileFailures(files: string[]): { file: string; error: string }[] {
  if (files.length === 0) return [];
  const script = [
    'import json, sys',
    'failures = []',
    'for name in json.load(sys.stdin):',
    '    try:',
    '        with open(name, "rb") as handle: compile(handle.read(), name, "exec", dont_inherit=True)',
    '    except (SyntaxError, ValueError) as error: failures.append({"file": name, "error": str(error)})',
    'json.dump(failures, sys.stdout)',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script], { input: JSON.stringify(files), encoding: 'utf8', maxBuffer: 1 << 26 }));
}

function checkProject(project: Project, work: string): ProjectResult {
  const copy = path.join(work, project.name);
  const files = project.paths.flatMap((relative) => pythonFiles(project.root, relative));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    fs.copyFileSync(path.join(project.root, file), path.join(copy, file));
  }
  const common = ['--select', 'ALL', '--target-version', project.target, '--exit-zero', ...project.paths.filter((relative) => fs.existsSync(path.join(copy, relative)))];
  const output = cli(copy, ['--fix', '--unsafe-fixes', '--statistics', ...common]);
  const fixed = /Fixed \d+ findings? in \d+ files?/.exec(output)?.[0] ?? 'nothing fixed';
  const changed = files.filter((file) => !fs.readFileSync(path.join(copy, file)).equals(fs.readFileSync(path.join(project.root, file))));
  const compile = compileFailures(changed.map((file) => path.join(copy, file)));
  const again = cli(copy, ['--diff', '--unsafe-fixes', ...common]);
  const leftToFix = /Would fix \d+ findings? in \d+ files?/.exec(again)?.[0] ?? '';
  return { name: project.name, changed, fixed, compileFailures: compile, leftToFix };
}

function main(): number {
  const only = process.argv.includes('--projects') ? process.argv[process.argv.indexOf('--projects') + 1].split(',') : undefined;
  const projects = loadCorpus(log).filter((project) => !only || only.includes(project.name));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pyhints-fix-check-'));
  const results: ProjectResult[] = [];
  for (const project of projects) {
    const result = checkProject(project, work);
    results.push(result);
    if (result.changed.length > 0 || result.compileFailures.length > 0 || result.leftToFix) {
      log(`${project.name}: ${result.fixed}; ${result.compileFailures.length} not compiling${result.leftToFix ? `; second run: ${result.leftToFix}` : ''}`);
    }
  }
  const changed = results.reduce((sum, result) => sum + result.changed.length, 0);
  const failures = results.flatMap((result) => result.compileFailures);
  const unconverged = results.filter((result) => result.leftToFix);
  process.stdout.write(`${results.length} projects, ${changed} files changed by --fix --unsafe-fixes --select ALL\n`);
  for (const failure of failures) process.stdout.write(`✗ does not compile: ${failure.file}: ${failure.error}\n`);
  for (const result of unconverged) process.stdout.write(`✗ ${result.name}: a second run would still fix: ${result.leftToFix}\n`);
  let ok = failures.length === 0 && unconverged.length === 0;
  if (ok) process.stdout.write('✓ every changed file compiles, and a second run finds nothing left to fix\n');
  const stdlib = results.find((result) => result.name === 'stdlib');
  if (process.argv.includes('--stdlib-tests') && stdlib) {
    ok = stdlibTests(projects.find((project) => project.name === 'stdlib')!, path.join(work, 'stdlib'), stdlib.changed, work) && ok;
  }
  if (!process.argv.includes('--keep')) fs.rmSync(work, { recursive: true, force: true });
  return ok ? 0 : 1;
}

/**
 * The regression tests of the changed stdlib modules, on the installed Python and on a copy of its
 * installation with the fixed files in place. Frozen modules are turned off, so that both read
 * the `.py` files.
 */
function stdlibTests(project: Project, fixedStdlib: string, changed: string[], work: string): boolean {
  const prefix = execFileSync('python3', ['-c', 'import sys; print(sys.base_prefix)'], { encoding: 'utf8' }).trim();
  const executable = path.relative(prefix, execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim());
  const copy = path.join(work, 'python');
  log(`copying ${prefix} to ${copy} …`);
  fs.cpSync(prefix, copy, { recursive: true, verbatimSymlinks: true });
  const libraryInCopy = path.join(copy, path.relative(prefix, project.root));
  for (const file of changed) fs.copyFileSync(path.join(fixedStdlib, file), path.join(libraryInCopy, file));
  const testDir = path.join(project.root, 'test');
  const testsOf = (file: string): string[] => {
    const parts = file.replace(/\.pyi?$/, '').split(path.sep);
    if (parts[0] === 'test') return parts.length > 1 && parts[1].startsWith('test_') ? [parts[1]] : [];
    const candidate = `test_${parts[0] === '__init__' ? '' : parts[0]}`;
    return fs.existsSync(path.join(testDir, `${candidate}.py`)) || fs.existsSync(path.join(testDir, candidate)) ? [candidate] : [];
  };
  const modules = [...new Set(changed.flatMap(testsOf))].sort();
  process.stdout.write(`\nstdlib regression tests of ${modules.length} modules touched by the fixes (${changed.length} files changed):\n`);
  const untested = changed.filter((file) => testsOf(file).length === 0);
  if (untested.length > 0) process.stdout.write(`  (no test module of their own: ${untested.join(', ')})\n`);
  const run = (python: string, module: string) =>
    spawnSync(python, ['-X', 'frozen_modules=off', '-m', 'test', '-q', module], { encoding: 'utf8', timeout: 15 * 60_000, env: { ...process.env, PYTHONHOME: '' } }).status;
  let same = true;
  for (const module of modules) {
    const pristine = run(path.join(prefix, executable), module);
    const fixed = run(path.join(copy, executable), module);
    const verdict = pristine === fixed ? 'same' : 'DIFFERENT';
    if (pristine !== fixed) same = false;
    process.stdout.write(`  ${module.padEnd(32)} pristine exit ${pristine}, fixed exit ${fixed}: ${verdict}\n`);
  }
  process.stdout.write(same ? '✓ every touched module\'s tests end as they did before the fixes\n' : '✗ some tests end differently after the fixes\n');
  return same;
}

process.exitCode = main();
