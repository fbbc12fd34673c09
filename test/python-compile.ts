// Compiles Python sources with the machine's CPython, all in one process: tree-sitter accepts
// code that CPython rejects (`any(x for x in y,)`), so fix outputs are checked by the real compiler.

import { spawnSync } from 'node:child_process';

export interface CompileFailure {
  name: string;
  error: string;
}

const SCRIPT = `
import json, sys
failures = []
for source in json.load(sys.stdin):
    try:
        compile(source["code"], source["name"], "exec", dont_inherit=True)
    except SyntaxError as error:
        failures.append({"name": source["name"], "error": f"{error.msg} (line {error.lineno})"})
json.dump(failures, sys.stdout)
`;

/** The sources CPython does not compile; throws when there is no `python3` to ask. */
export function compileFailures(sources: readonly { name: string; code: string }[]): CompileFailure[] {
  if (sources.length === 0) return [];
  const result = spawnSync('python3', ['-c', SCRIPT], { input: JSON.stringify(sources), encoding: 'utf8', maxBuffer: 1 << 26 });
  if (result.error || result.status !== 0) {
    const reason = result.error ? result.error.message : result.stderr;
    throw new Error(`python3 is needed to compile the fix outputs (CI installs it); running it failed: ${reason}`);
  }
  return JSON.parse(result.stdout) as CompileFailure[];
}
