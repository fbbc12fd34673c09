// The hover explains correct code too: over the decorator of a dataclass without findings, the
// pattern's explanation with what its options do and the link to the patterns reference.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { openPristine, sleep, test } from './harness';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

test('hover over a correct construct explains the pattern', async () => {
  const { document } = await openPristine('shapes.py');
  // `@dataclass(frozen=True)`, on its `frozen` option.
  const position = new vscode.Position(4, 14);
  let text = '';
  for (const deadline = Date.now() + 20_000; Date.now() < deadline && !text.includes('Python pattern'); await sleep(100)) {
    text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position));
  }
  assert.match(text, /\*\*`@dataclass`\*\* · Python pattern/, `no pattern explained in the hover:\n${text}`);
  assert.match(text, /Writes `__init__`, `__repr__` and `__eq__` for `Point` from its fields `x` and `y`\./);
  assert.match(text, /`frozen=True`: assigning to a field raises `FrozenInstanceError`/);
  assert.match(text, /\*\*Pitfall:\*\* /);
  assert.match(text, /\[Patterns reference\]\([^)]*patterns\.md#dataclass\)/);
  assert.doesNotMatch(text, /PH\d{3}/, 'the code is correct: no finding belongs in this hover');
});
