// The same suite under VS Code desktop through @vscode/test-electron, the standard path for
// contributors: VSCODE_EXECUTABLE_PATH names a VS Code to use, otherwise test-electron downloads one.
// Where neither works (no network, no display) the runner says why and is skipped.

import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { E2E_DIR, REPO, RUN_DIR, SUITE_BUNDLE, type Check } from './environment.mjs';
import { readSuiteResults } from './extension-tests.mjs';

export type DesktopOutcome = { checks: Check[] } | { skipped: string };

export async function runSuiteInVsCodeDesktop(workspace: string, resultsFile: string): Promise<DesktopOutcome> {
  let executable = process.env.VSCODE_EXECUTABLE_PATH;
  if (!executable) {
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      return { skipped: 'VSCODE_EXECUTABLE_PATH is not set and there is no display for VS Code desktop (DISPLAY is unset; try xvfb-run)' };
    }
    try {
      executable = await downloadAndUnzipVSCode({ cachePath: path.join(E2E_DIR, 'vscode-test'), timeout: 30_000 });
    } catch (error) {
      return { skipped: `VSCODE_EXECUTABLE_PATH is not set and VS Code could not be downloaded (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  const profile = path.join(RUN_DIR, 'vscode-desktop');
  // Every rule runs, as in code-server's profile: the sample workspace shows opt-in rules too.
  mkdirSync(path.join(profile, 'user-data', 'User'), { recursive: true });
  writeFileSync(path.join(profile, 'user-data', 'User', 'settings.json'), JSON.stringify({ 'pyhints.select': ['ALL'] }));
  let exitCode: number | string;
  try {
    exitCode = await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: REPO,
      extensionTestsPath: SUITE_BUNDLE,
      extensionTestsEnv: { PYHINTS_E2E_RESULTS: resultsFile },
      // runTests adds --disable-workspace-trust, --skip-welcome and --disable-updates itself.
      launchArgs: [
        workspace,
        '--disable-extensions',
        '--user-data-dir', path.join(profile, 'user-data'),
        '--extensions-dir', path.join(profile, 'extensions'),
      ],
    });
  } catch (error) {
    exitCode = error instanceof Error ? error.message : String(error);
  }
  return { checks: readSuiteResults(resultsFile, exitCode) };
}
