// The extension-host suite (test/e2e/suite/) inside code-server's real extension host. The browser
// only hosts the workbench; the tests run in Node next to the extension, as under VS Code desktop.

import * as esbuild from 'esbuild';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { CodeServer } from './code-server.mjs';
import { REPO, SUITE_BUNDLE, type Check } from './environment.mjs';

/** What test/e2e/suite/harness.ts writes: one entry per test. */
interface SuiteResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
}

export async function bundleSuite(): Promise<void> {
  await esbuild.build({
    entryPoints: [path.join(REPO, 'test/e2e/suite/index.ts')],
    outfile: SUITE_BUNDLE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

/** The suite's results file as checks; a suite that stopped before writing it is one failed check. */
export function readSuiteResults(resultsFile: string, exitCode: number | string): Check[] {
  if (!existsSync(resultsFile)) return [{ name: 'extension tests ran', ok: false, detail: `no results (exit code ${exitCode})` }];
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResult[];
  const checks: Check[] = results.map((result) => ({ name: result.name, ok: result.ok, detail: result.error }));
  // run() decides the exit code from the same results; a mismatch means something outside the tests failed.
  if ((exitCode === 0) !== results.every((result) => result.ok)) {
    checks.push({ name: 'extension host exit code matches the results', ok: false, detail: `exit code ${exitCode}` });
  }
  return checks;
}

/**
 * Opens the workbench with the tests in the URL payload; the workbench reports the test run's exit
 * code through window.codeAutomationExit (the smoke-test driver's hook).
 */
export async function runSuiteInCodeServer(options: {
  server: CodeServer;
  browser: Browser;
  workspace: string;
  resultsFile: string;
  timeoutMs: number;
}): Promise<Check[]> {
  const { server, browser, workspace, resultsFile, timeoutMs } = options;
  rmSync(resultsFile, { force: true });
  const host = new URL(server.url).host;
  // Paths in the payload are URIs on the remote side, which is code-server's machine.
  const remote = (file: string) => `vscode-remote://${host}${file}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(server.installedExtension)],
    ['extensionTestsPath', remote(SUITE_BUNDLE)],
    ['skipWelcome', 'true'],
  ]);
  const page = await browser.newPage();
  try {
    let reportExit: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    // The extension host's console arrives in the page's console.
    page.on('console', (message) => {
      const text = message.text();
      const at = text.indexOf('[pyhints-e2e]');
      if (at >= 0) console.log(`    ${text.slice(at + '[pyhints-e2e] '.length)}`);
    });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const exitCode = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve(`timeout after ${timeoutMs / 1000} s`), timeoutMs)),
    ]);
    return readSuiteResults(resultsFile, exitCode);
  } finally {
    await page.close();
  }
}
