// How soon the squiggles follow a keystroke in the real editor, printed (not asserted: timings
// belong to the machine). Each keystroke turns a finding on or off: `log.append(…)` changes the
// default in place (PH107), `log.appen(…)` does not.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { log, pyhintsDiagnostics, test, waitForDiagnostics } from './harness';

const KEYSTROKES = 20;

test('prints the time from a keystroke to its squiggles', async () => {
  const content = 'def record(reading, log=[]):\n    log.append(reading)\n    return log\n';
  const document = await vscode.workspace.openTextDocument({ language: 'python', content });
  const editor = await vscode.window.showTextDocument(document);
  await waitForDiagnostics(document.uri, 'PH107 in the new file', (found) => found.length === 1);
  const at = new vscode.Position(1, '    log.appen'.length);
  const times: number[] = [];
  for (let stroke = 0; stroke < KEYSTROKES; stroke++) {
    const removing = stroke % 2 === 0;
    const expected = removing ? 0 : 1;
    const updated = new Promise<void>((resolve) => {
      const listener = vscode.languages.onDidChangeDiagnostics((event) => {
        if (!event.uris.some((uri) => uri.toString() === document.uri.toString()) || pyhintsDiagnostics(document.uri).length !== expected) return;
        listener.dispose();
        resolve();
      });
    });
    const started = performance.now();
    assert.ok(await editor.edit((edit) => (removing ? edit.delete(new vscode.Range(at, at.translate(0, 1))) : edit.insert(at, 'd'))));
    await updated;
    times.push(performance.now() - started);
    // A user's next keystroke comes after a pause: the analysis is not measured while typing fast.
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  times.sort((a, b) => a - b);
  log(`keystroke to squiggles: median ${times[times.length >> 1].toFixed(0)} ms, slowest ${times[times.length - 1].toFixed(0)} ms over ${KEYSTROKES} keystrokes`);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});
