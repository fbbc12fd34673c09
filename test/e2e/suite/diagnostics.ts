// What a user sees first: the extension wakes up for Python and the findings arrive from the server.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, log, openPristine, sortByPosition, summarize, test, waitFor, waitForDiagnostics, workspaceUri } from './harness';

/** readings.py's findings, as the server reports them (0-based lines and UTF-16 columns). */
export const READINGS_FINDINGS = [
  { code: 'PH502', range: '4:15-4:42', severity: 'Information' }, // sum([r.value for r in readings])
  { code: 'PH502', range: '8:15-8:42', severity: 'Information' }, // max([r.value for r in readings])
  { code: 'PH502', range: '12:15-12:50', severity: 'Information' }, // any([r.value > limit for r in readings])
  { code: 'PH107', range: '15:24-15:26', severity: 'Warning' }, // def record(reading, log=[])
];

test('activates when a Python file opens', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  assert.equal(extension.isActive, false, 'it should wait for a Python file (activationEvents: onLanguage:python)');
  const opened = performance.now();
  await openPristine('readings.py');
  await waitFor('the extension to activate', () => extension.isActive || undefined);
  const activated = performance.now();
  await waitForDiagnostics(workspaceUri('readings.py'), 'the first findings', (found) => found.length > 0);
  const first = performance.now();
  log(`first squiggles ${(first - activated).toFixed(0)} ms after activation (${(first - opened).toFixed(0)} ms after the first Python file opened)`);
});

test('reports the findings with their codes, ranges and severities', async () => {
  const uri = workspaceUri('readings.py');
  const diagnostics = await waitForDiagnostics(uri, 'four findings in readings.py', (found) => found.length === 4);
  assert.deepEqual(sortByPosition(diagnostics).map(summarize), READINGS_FINDINGS);
  const sum = sortByPosition(diagnostics)[0];
  assert.match(sum.message, /^`sum\(\)` over a list comprehension/);
  // The code links to the rule's page.
  assert.ok(typeof sum.code === 'object' && sum.code.target.toString().includes('PH502'), `no link to the rule: ${JSON.stringify(sum.code)}`);
});

test('reports nothing for a file without findings', async () => {
  const editor = await openPristine('clean.py');
  // Give the server the time it takes for readings.py, then check that nothing came.
  await waitForDiagnostics(workspaceUri('readings.py'), 'readings.py to keep its findings', (found) => found.length === 4);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.deepEqual(vscode.languages.getDiagnostics(editor.document.uri), []);
});
