// The snippets come from the extension's contributes.snippets, once each: the server is told not to
// offer them a second time (initializationOptions.snippets = false).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, test } from './harness';

test('the ph- snippets are offered, each once', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const snippetsFile = vscode.Uri.joinPath(extension.extensionUri, 'snippets', 'python.json');
  const snippets = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(snippetsFile))) as Record<string, { prefix: string }>;
  const prefixes = Object.values(snippets).map((snippet) => snippet.prefix).sort();
  assert.ok(prefixes.length > 0 && prefixes.every((prefix) => prefix.startsWith('ph-')));

  const document = await vscode.workspace.openTextDocument({ language: 'python', content: 'import math\n\nph-' });
  await vscode.window.showTextDocument(document);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider', document.uri, new vscode.Position(2, 3),
  );
  const offered = list.items
    .filter((item) => item.kind === vscode.CompletionItemKind.Snippet)
    .map((item) => (typeof item.label === 'string' ? item.label : item.label.label))
    .filter((label) => label.startsWith('ph-'))
    .sort();
  assert.deepEqual(offered, prefixes);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
});
