// Neovim (0.7+) as a second, independent LSP client: it starts the bundled server over stdio with the
// config the README shows, and checks diagnostics, a hover and the code actions.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO, RUN_DIR, copySampleWorkspace, type Check } from './environment.mjs';

const CONFIG = path.join(REPO, 'test/e2e/nvim/pyhints.lua');
const TEST = path.join(REPO, 'test/e2e/nvim/lsp-test.lua');
const README = path.join(REPO, 'README.md');

export function runNeovimTest(server: string): Check[] {
  const workspace = copySampleWorkspace('workspace-neovim');
  const nvimHome = path.join(RUN_DIR, 'nvim-home');
  const run = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-c', `luafile ${TEST}`], {
    encoding: 'utf8',
    timeout: 90_000,
    env: {
      ...process.env,
      PYHINTS_SERVER: server,
      PYHINTS_CONFIG: CONFIG,
      PY_FILE: path.join(workspace, 'readings.py'),
      // Neovim's logs and state stay in the run folder.
      XDG_STATE_HOME: path.join(nvimHome, 'state'),
      XDG_CACHE_HOME: path.join(nvimHome, 'cache'),
      XDG_DATA_HOME: path.join(nvimHome, 'data'),
      XDG_CONFIG_HOME: path.join(nvimHome, 'config'),
    },
  });
  const checks: Check[] = [];
  for (const line of run.stdout.split('\n')) {
    const passed = /^ok {3}(.*)$/.exec(line);
    const failed = /^FAIL (.*?): (.*)$/.exec(line);
    if (passed) checks.push({ name: passed[1], ok: true });
    if (failed) checks.push({ name: failed[1], ok: false, detail: failed[2] });
    if (passed || failed) console.log(`    ${line}`);
  }
  const exitedAsReported = run.status === (checks.every((check) => check.ok) ? 0 : 1);
  if (run.error || !exitedAsReported || checks.length === 0) {
    checks.push({
      name: 'Neovim ran the test to the end',
      ok: false,
      detail: `${run.error ? String(run.error) : `exit code ${run.status}`}\n${run.stderr.trim()}`,
    });
  }
  // The README shows the config this test loads, character for character.
  const config = readFileSync(CONFIG, 'utf8').trimEnd();
  checks.push({
    name: 'the README shows the Neovim config the test uses',
    ok: readFileSync(README, 'utf8').includes(config),
    detail: `paste ${path.relative(REPO, CONFIG)} into the README's Neovim section`,
  });
  return checks;
}
