// PH101 through the real client: a decorator without functools.wraps, and a fix that also adds the
// import at the top of the module.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openPristine, summarize, test, waitForDiagnostics } from './harness';

test('PH101: the wrapper is flagged and the fix adds functools.wraps and its import', async () => {
  const { document } = await openPristine('timing.py');
  const diagnostics = await waitForDiagnostics(document.uri, 'the finding in timing.py', (found) => found.length === 1);
  assert.deepEqual(diagnostics.map(summarize), [{ code: 'PH101', range: '5:8-5:15', severity: 'Warning' }]);

  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider', document.uri, new vscode.Range(5, 10, 5, 10), vscode.CodeActionKind.QuickFix.value, 100,
  );
  const fix = actions.find((action) => action.title === "Copy the wrapped function's metadata with functools.wraps");
  assert.ok(fix?.edit, `no fix among: ${actions.map((action) => action.title).join(' | ')}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit));
  assert.equal(document.getText(), [
    '"""Timing for slow calls."""',
    'import time',
    'import functools',
    '',
    '',
    'def timed(func):',
    '    @functools.wraps(func)',
    '    def wrapper(*args, **kwargs):',
    '        started = time.perf_counter()',
    '        result = func(*args, **kwargs)',
    '        print(f"{func.__name__} took {time.perf_counter() - started:.3f} s")',
    '        return result',
    '',
    '    return wrapper',
    '',
  ].join('\n'));
  await waitForDiagnostics(document.uri, 'no finding after the fix', (found) => found.length === 0);
});
