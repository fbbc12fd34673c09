// The light bulb: the quick fix, the noqa comment, and fix-all (on demand and on save).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { apply, codeActions, fullRange, openPristine, sortByPosition, summarize, test, waitFor, waitForDiagnostics, workspaceUri } from './harness';
import { READINGS_FINDINGS } from './diagnostics';

function lines(document: vscode.TextDocument, ...numbers: number[]): string[] {
  return numbers.map((line) => document.lineAt(line).text);
}

test('the quick fix turns the list comprehension into a generator expression', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  const actions = await codeActions(document.uri, new vscode.Range(4, 20, 4, 20));
  const fix = actions.find((action) => action.kind?.value === 'quickfix' && action.title === 'Use a generator expression');
  assert.ok(fix, `no quick fix among: ${actions.map((action) => action.title).join(' | ')}`);
  assert.equal(fix.isPreferred, true, 'a safe fix should be the preferred one (Ctrl+. Enter, auto-fix)');
  await apply(fix);
  assert.deepEqual(lines(document, 4), ['    return sum(r.value for r in readings) / len(readings)']);
  await waitForDiagnostics(document.uri, 'the fixed finding to go away', (found) => found.length === 3);
});

test('"Disable PH502 for this line" adds a noqa comment', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  const actions = await codeActions(document.uri, new vscode.Range(8, 20, 8, 20));
  const disable = actions.find((action) => action.title === 'Disable PH502 for this line');
  assert.ok(disable, `no noqa action among: ${actions.map((action) => action.title).join(' | ')}`);
  await apply(disable);
  assert.deepEqual(lines(document, 8), ['    return max([r.value for r in readings])  # noqa: PH502']);
  const remaining = await waitForDiagnostics(document.uri, 'the silenced finding to go away', (found) => found.length === 3);
  assert.deepEqual(sortByPosition(remaining).map(summarize), READINGS_FINDINGS.filter((finding) => !finding.range.startsWith('8:')));
});

/** readings.py after fix-all: the safe fixes applied, the unsafe one (the mutable default) left. */
const READINGS_FIXED = [
  '    return sum(r.value for r in readings) / len(readings)',
  '    return max(r.value for r in readings)',
  '    return any(r.value > limit for r in readings)',
  'def record(reading, log=[]):',
];

test('source.fixAll.pyhints applies every safe fix and nothing else', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  const actions = await codeActions(document.uri, fullRange(document), 'source.fixAll.pyhints');
  assert.deepEqual(actions.map((action) => action.kind?.value), ['source.fixAll.pyhints']);
  await apply(actions[0]);
  assert.deepEqual(lines(document, 4, 8, 12, 15), READINGS_FIXED);
  const remaining = await waitForDiagnostics(document.uri, 'one finding after fix-all', (found) => found.length === 1);
  assert.deepEqual(sortByPosition(remaining).map(summarize), READINGS_FINDINGS.slice(3));
});

test('fix-all runs on save with editor.codeActionsOnSave', async () => {
  // A file of its own: saving writes it to disk, which the other tests read as the pristine state.
  const uri = workspaceUri('fix-on-save.py');
  await vscode.workspace.fs.copy(workspaceUri('readings.py'), uri, { overwrite: true });
  await vscode.workspace
    .getConfiguration('editor', { languageId: 'python' })
    .update('codeActionsOnSave', { 'source.fixAll.pyhints': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
  try {
    const { document } = await openPristine('fix-on-save.py');
    await waitForDiagnostics(uri, 'the findings of fix-on-save.py', (found) => found.length === 4);
    await vscode.commands.executeCommand('workbench.action.files.save');
    await waitFor('the save to finish', () => (document.isDirty ? undefined : true));
    assert.deepEqual(lines(document, 4, 8, 12, 15), READINGS_FIXED);
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    assert.equal(onDisk, document.getText());
  } finally {
    await vscode.workspace
      .getConfiguration('editor', { languageId: 'python' })
      .update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
  }
});
