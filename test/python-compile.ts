// Compiles Python sources with the machine's CPython, all in one process: tree-sitter accepts
// code that CPython rejects (`any(x for x in y,)`), so fix outputs are checked by the real compiler.
// `python3` unless PYHINTS_PYTHON names another interpreter (a newer one compiles more).

import { spawnSync } from 'node:child_process';
import type { PythonVersion } from '../server/src/engine/rule';

export interface CompileFailure {
  name: string;
  error: string;
}

export interface Source {
  name: string;
  code: string;
  /** The Python the code is written for (a case's target): newer than `python3`, it is not compiled. */
  target?: PythonVersion;
}

const SCRIPT = `
import json, sys
failures = []
for source in json.load(sys.stdin):
    if tuple(source.get("target") or (3, 0)) > sys.version_info[:2]:
        continue
    try:
        compile(source["code"], source["name"], "exec", dont_inherit=True)
    except SyntaxError as error:
        failures.append({"name": source["name"], "error": f"{error.msg} (line {error.lineno})"})
json.dump(failures, sys.stdout)
`;

const PYTHON = process.env.PYHINTS_PYTHON || 'python3';

/** The sources CPython does not compile; throws when there is no `python3` to ask. */
export function compileFailures(sources: readonly Source[]): CompileFailure[] {
  if (sources.length === 0) return [];
  const result = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : result.stderr;
    throw new Error(`python3 is needed to compile the fix outputs (CI installs it); running it failed: ${reason}`);
  }
  return JSON.parse(result.stdout) as CompileFailure[];
}

let version: PythonVersion | undefined;

/** The version of the Python that compiles: sources written for a newer one are left out. */
export function compilingPython(): PythonVersion {
  if (!version) {
    const result = spawnSync(PYTHON, ['-c', 'import sys; print(*sys.version_info[:2])'], { encoding: 'utf8' });
    const [major, minor] = result.status === 0 ? result.stdout.trim().split(' ').map(Number) : [];
    if (!major) throw new Error(`${PYTHON} is needed to compile Python sources (CI installs it); running it failed: ${result.error?.message ?? result.stderr}`);
    version = [major, minor];
  }
  return version;
}
