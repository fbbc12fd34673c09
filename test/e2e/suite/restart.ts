// "Python Pattern Hints: Restart Server": the old server goes (its findings are cleared), a new one
// starts and analyzes the open files again.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openPristine, pyhintsDiagnostics, sortByPosition, summarize, test, waitFor, waitForDiagnostics } from './harness';
import { READINGS_FINDINGS } from './diagnostics';

test('Restart Server clears the findings and a new server reports them again', async () => {
  assert.ok((await vscode.commands.getCommands(true)).includes('pyhints.restartServer'));
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);

  const counts: number[] = [];
  const listener = vscode.languages.onDidChangeDiagnostics((event) => {
    if (event.uris.some((uri) => uri.toString() === document.uri.toString())) counts.push(pyhintsDiagnostics(document.uri).length);
  });
  try {
    await vscode.commands.executeCommand('pyhints.restartServer');
    await waitFor('the findings to be cleared and reported again', () => {
      const cleared = counts.indexOf(0);
      return cleared >= 0 && counts.slice(cleared).includes(4) ? true : undefined;
    });
  } finally {
    listener.dispose();
  }
  assert.deepEqual(sortByPosition(pyhintsDiagnostics(document.uri)).map(summarize), READINGS_FINDINGS);
});
