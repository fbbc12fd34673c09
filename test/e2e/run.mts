// npm run test:e2e — the extension and the server in real editors:
//   1. packages the .vsix (npm run package): what is tested is what ships;
//   2. Neovim: the bundled server over stdio, as a plain LSP client sees it;
//   3. code-server (VS Code's workbench and extension host): installs the .vsix, runs the
//      extension-host suite, then the UI check in Chromium, which saves the screenshots;
//   4. VS Code desktop through @vscode/test-electron, when one can be had.
// Ends with `N passed, N failed`; exits 1 when anything failed.
//
//   tsx test/e2e/run.mts [--only=neovim,code-server,ui,vscode-desktop] [--screenshots=DIR]

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { launchChromium, type Chromium } from './chromium.mjs';
import { startCodeServer, type CodeServer } from './code-server.mjs';
import {
  REPO,
  RUN_DIR,
  VSIX,
  copySampleWorkspace,
  elapsedSince,
  killRecordedProcesses,
  missingPrerequisites,
  type Check,
  type RunnerReport,
} from './environment.mjs';
import { bundleSuite, runSuiteInCodeServer } from './extension-tests.mjs';
import { runNeovimTest } from './neovim.mjs';
import { SCREENSHOTS, runUiCheck } from './ui-check.mjs';
import { runSuiteInVsCodeDesktop } from './vscode-desktop.mjs';

const RUNNERS = ['neovim', 'code-server', 'ui', 'restricted', 'vscode-desktop'] as const;
type Runner = (typeof RUNNERS)[number];

const onlyArgument = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const unknown = onlyArgument?.filter((name) => !(RUNNERS as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown runner ${unknown.join(', ')}; the runners are ${RUNNERS.join(', ')}`);
  process.exit(2);
}
const selected = new Set<Runner>((onlyArgument as Runner[] | undefined) ?? RUNNERS);
const screenshotDir = path.resolve(process.argv.find((arg) => arg.startsWith('--screenshots='))?.slice('--screenshots='.length) ?? path.join(RUN_DIR, 'screenshots'));

// `timeout` (and Ctrl+C) stop this process; code-server and Chromium run in their own process
// groups and would outlive it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killRecordedProcesses();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

const started = Date.now();
const reports: RunnerReport[] = [];

const missing = missingPrerequisites({
  codeServer: selected.has('code-server') || selected.has('ui') || selected.has('restricted'),
  neovim: selected.has('neovim'),
});
if (missing.length > 0) {
  for (const problem of missing) console.error(`e2e cannot run: ${problem}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}

rmSync(RUN_DIR, { recursive: true, force: true });
mkdirSync(RUN_DIR, { recursive: true });
mkdirSync(screenshotDir, { recursive: true });

heading('package the .vsix (npm run package)');
const packaged = spawnSync('npm', ['run', '--silent', 'package'], { cwd: REPO, stdio: 'inherit' });
if (packaged.status !== 0) {
  console.log('0 passed, 1 failed (npm run package failed)');
  process.exit(1);
}
console.log(`${path.basename(VSIX)}: ${(statSync(VSIX).size / 1024).toFixed(1)} KiB`);
const server = path.join(REPO, 'dist/server.js');
await bundleSuite();

if (selected.has('neovim')) {
  await runner('neovim', 'Neovim: the bundled server over stdio', async () => runNeovimTest(server));
}

if (selected.has('code-server') || selected.has('ui')) {
  let chromium: Chromium | undefined;
  let codeServer: CodeServer | undefined;
  const resultsFile = path.join(RUN_DIR, 'code-server-results.json');
  try {
    await runner('code-server', 'code-server: start it with the .vsix installed', async () => {
      codeServer = await startCodeServer(VSIX, { PYHINTS_E2E_RESULTS: resultsFile });
      chromium = await launchChromium();
      return [{ name: `code-server at ${codeServer.url} with ${path.basename(codeServer.installedExtension)}, and Chromium`, ok: true }];
    });
    if (selected.has('code-server') && codeServer && chromium) {
      const [server, browser] = [codeServer, chromium.browser];
      await runner('code-server', 'code-server: the extension tests in its extension host', () =>
        runSuiteInCodeServer({ server, browser, workspace: copySampleWorkspace('workspace-extension-tests'), resultsFile, timeoutMs: 240_000 }),
      );
    }
    if (selected.has('ui') && codeServer && chromium) {
      const [server, browser] = [codeServer, chromium.browser];
      await runner('ui', `code-server: the UI check (screenshots in ${path.relative(REPO, screenshotDir) || '.'})`, async () => {
        const checks = await runUiCheck({ server, browser, workspace: copySampleWorkspace('ui/sensor-readings'), screenshotDir });
        if (checks.every((check) => check.ok)) {
          for (const name of SCREENSHOTS) console.log(`    ${path.join(screenshotDir, name)}: ${(statSync(path.join(screenshotDir, name)).size / 1024).toFixed(0)} KiB`);
        }
        return checks;
      });
    }
  } finally {
    await chromium?.close();
    await codeServer?.stop();
  }
}

if (selected.has('restricted')) {
  let chromium: Chromium | undefined;
  let codeServer: CodeServer | undefined;
  const resultsFile = path.join(RUN_DIR, 'restricted-results.json');
  try {
    await runner('restricted', 'code-server in Restricted Mode: the extension in an untrusted folder', async () => {
      codeServer = await startCodeServer(VSIX, { PYHINTS_E2E_RESULTS: resultsFile, PYHINTS_E2E_SUITE: 'restricted' }, true);
      chromium = await launchChromium();
      return runSuiteInCodeServer({ server: codeServer, browser: chromium.browser, workspace: copySampleWorkspace('workspace-restricted'), resultsFile, timeoutMs: 120_000 });
    });
  } finally {
    await chromium?.close();
    await codeServer?.stop();
  }
}

if (selected.has('vscode-desktop')) {
  await runner('vscode-desktop', 'VS Code desktop (@vscode/test-electron): the extension tests', async () => {
    const outcome = await runSuiteInVsCodeDesktop(copySampleWorkspace('workspace-vscode-desktop'), path.join(RUN_DIR, 'vscode-desktop-results.json'));
    return 'skipped' in outcome ? outcome.skipped : outcome.checks;
  });
}

// ---- summary ----
const checks = reports.flatMap((report) => report.checks);
const failed = checks.filter((check) => !check.ok);
heading(`summary (${elapsedSince(started)} s)`);
for (const report of reports) {
  const passed = report.checks.filter((check) => check.ok).length;
  const status = report.skipped ? `skipped: ${report.skipped}` : `${passed}/${report.checks.length} passed`;
  console.log(`  ${report.runner.padEnd(15)} ${status} (${report.seconds} s)`);
}
for (const check of failed) console.log(`  FAILED ${check.name}${check.detail ? `\n    ${check.detail.split('\n').join('\n    ')}` : ''}`);
if (checks.length === 0) console.log('  nothing was tested');
console.log(`${checks.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length === 0 && checks.length > 0 ? 0 : 1);

/** Runs one part, turning a crash into a failed check; a string result means the part was skipped. */
async function runner(name: Runner, title: string, body: () => Promise<Check[] | string>): Promise<void> {
  heading(title);
  const partStarted = Date.now();
  let report: RunnerReport;
  try {
    const result = await body();
    report = typeof result === 'string'
      ? { runner: name, checks: [], skipped: result, seconds: elapsedSince(partStarted) }
      : { runner: name, checks: result, seconds: elapsedSince(partStarted) };
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    report = { runner: name, checks: [{ name: title, ok: false, detail }], seconds: elapsedSince(partStarted) };
  }
  if (report.skipped) console.log(`  skipped: ${report.skipped}`);
  for (const check of report.checks.filter((check) => !check.ok)) console.log(`  FAILED ${check.name}`);
  // Two parts of code-server (start, tests) share a name; the summary shows them together.
  const earlier = reports.find((existing) => existing.runner === name);
  if (earlier) {
    earlier.checks.push(...report.checks);
    earlier.seconds = Math.round((earlier.seconds + report.seconds) * 10) / 10;
  } else {
    reports.push(report);
  }
}

function heading(text: string): void {
  console.log(`\n--- ${text}`);
}
