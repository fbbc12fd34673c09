// A project's configuration in the real editor: writing `[tool.pyhints]` into the workspace's
// pyproject.toml changes the findings of the open file at once, and removing it brings them back.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { READINGS_FINDINGS } from './diagnostics';
import { openPristine, sortByPosition, summarize, test, waitForDiagnostics, workspaceUri } from './harness';

test('a pyproject.toml ignore takes effect on the open file without a restart', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  const pyproject = workspaceUri('pyproject.toml');
  try {
    await vscode.workspace.fs.writeFile(pyproject, new TextEncoder().encode('[tool.pyhints]\nignore = ["PH107"]\n'));
    const ignored = await waitForDiagnostics(document.uri, 'PH107 ignored by pyproject.toml', (found) => found.length === 3);
    assert.deepEqual(sortByPosition(ignored).map(summarize), READINGS_FINDINGS.filter((finding) => finding.code !== 'PH107'));
  } finally {
    await vscode.workspace.fs.delete(pyproject);
  }
  await waitForDiagnostics(document.uri, 'all four findings back once pyproject.toml is gone', (found) => found.length === 4);
});
