// The extension-host entry point, with the contract @vscode/test-electron and code-server's test
// runner share: `run()` resolves when every test passed and throws otherwise. The order matters
// only for the first test, which checks that the extension waits for a Python file.

import { runRegisteredTests } from './harness';
import './diagnostics';
import './hover';
import './patterns';
import './code-actions';
import './refactorings';
import './decorators';
import './completions';
import './settings';
import './project-config';
import './notebook';
import './latency';
import './restart';
import './restricted';

export async function run(): Promise<void> {
  // Stack traces of failures then point into test/e2e/suite/*.ts (the bundle carries a source map).
  process.setSourceMapsEnabled(true);
  const results = await runRegisteredTests();
  const failed = results.filter((result) => !result.ok);
  if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} extension tests failed: ${failed.map((result) => result.name).join('; ')}`);
}
