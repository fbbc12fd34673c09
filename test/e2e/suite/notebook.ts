// A Jupyter notebook in the real editor: its Python cells are analysed together and a cell's
// finding appears on that cell.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { summarize, test, waitForDiagnostics, workspaceUri } from './harness';

test('a notebook cell shows its finding', async () => {
  const notebook = await vscode.workspace.openNotebookDocument(workspaceUri('readings.ipynb'));
  await vscode.window.showNotebookDocument(notebook);
  const cell = notebook.cellAt(2).document;
  assert.equal(cell.languageId, 'python');
  const found = await waitForDiagnostics(cell.uri, 'PH502 in the third cell', (diagnostics) => diagnostics.length === 1);
  assert.deepEqual(found.map(summarize), [{ code: 'PH502', range: '0:12-0:37', severity: 'Information' }]);
  await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
});
