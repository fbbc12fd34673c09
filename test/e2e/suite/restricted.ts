// Restricted Mode: a folder VS Code does not trust yet (a fresh clone) runs the extension too,
// since it declares limited support for untrusted workspaces and never runs the workspace's code.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { READINGS_FINDINGS } from './diagnostics';
import { EXTENSION_ID, openPristine, sortByPosition, summarize, test, waitFor, waitForDiagnostics } from './harness';

test(
  'in an untrusted folder the extension runs and reports the findings',
  async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the folder should open in Restricted Mode');
    const { document } = await openPristine('readings.py');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    await waitFor('the extension to activate', () => extension?.isActive || undefined);
    const found = await waitForDiagnostics(document.uri, 'the findings of readings.py', (diagnostics) => diagnostics.length === 4);
    assert.deepEqual(sortByPosition(found).map(summarize), READINGS_FINDINGS);
  },
  'restricted',
);
