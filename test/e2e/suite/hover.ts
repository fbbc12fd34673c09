// The hover explains a finding: its code, its name, the reason from the rule's metadata, and the
// fix as a before/after of the user's own line.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openPristine, test, waitForDiagnostics } from './harness';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

test('hover over a finding explains the rule', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(4, 20));
  const text = hoverText(hovers);
  assert.match(text, /PH502/);
  assert.match(text, /comprehension-in-call/);
  assert.match(text, /walk their argument once/, `the explanation is missing from the hover:\n${text}`);
  // The fix, as a before/after of this very line.
  assert.match(text, /- {5}return sum\(\[r\.value for r in readings\]\) \/ len\(readings\)\n\+ {5}return sum\(r\.value for r in readings\) \/ len\(readings\)/, `the fix preview is missing:\n${text}`);
});

test('no hover away from findings', async () => {
  const { document } = await openPristine('readings.py');
  await waitForDiagnostics(document.uri, 'the findings of readings.py', (found) => found.length === 4);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(3, 6));
  assert.doesNotMatch(hoverText(hovers), /PH\d{3}/);
});
