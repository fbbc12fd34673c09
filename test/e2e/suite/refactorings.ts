// Refactorings from the light bulb, through the real client: offered on their construct with no
// diagnostic of their own, and applied as the editor applies any code action.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { apply, codeActions, openPristine, test, waitForDiagnostics } from './harness';

/** Applies the refactoring named `title` among the actions at a cursor position. */
async function applyRefactoring(uri: vscode.Uri, line: number, character: number, title: string, kind?: string): Promise<void> {
  const actions = await codeActions(uri, new vscode.Range(line, character, line, character), kind);
  const action = actions.find((each) => each.title === title);
  assert.ok(action, `no "${title}" among: ${actions.map((each) => `${each.title} (${each.kind?.value})`).join(' | ')}`);
  assert.equal(action.kind?.value, 'refactor.rewrite');
  await apply(action);
}

test('the Refactor… menu puts f = open(…) … f.close() in a with block', async () => {
  const { document } = await openPristine('report.py');
  await waitForDiagnostics(document.uri, 'PH301 on the open', (found) => found.length === 1);
  await applyRefactoring(document.uri, 4, 12, 'Open `out` in a `with` block', vscode.CodeActionKind.Refactor.value);
  assert.equal(document.getText(), [
    '"""Reports written to disk."""',
    '',
    '',
    'def write_report(path, rows):',
    '    with open(path, "w") as out:',
    '        for row in rows:',
    '            out.write(f"{row}\\n")',
    '    return len(rows)',
    '',
  ].join('\n'));
  await waitForDiagnostics(document.uri, 'no finding after the refactoring', (found) => found.length === 0);
});

test('the light bulb on a decorator with wraps (no finding there) adds ParamSpec types', async () => {
  const { document } = await openPristine('logged.py');
  await applyRefactoring(document.uri, 4, 6, 'Type `logged` with `ParamSpec`');
  assert.equal(document.getText(), [
    '"""Logging for calls."""',
    'import functools',
    'from collections.abc import Callable',
    'from typing import ParamSpec, TypeVar',
    '',
    '',
    'P = ParamSpec("P")',
    'R = TypeVar("R")',
    '',
    '',
    'def logged(func: Callable[P, R]) -> Callable[P, R]:',
    '    @functools.wraps(func)',
    '    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:',
    '        print("calling", func.__name__)',
    '        return func(*args, **kwargs)',
    '',
    '    return wrapper',
    '',
  ].join('\n'));
});
