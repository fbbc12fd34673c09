// The snippets come from the language server, which offers each where it fits: class-body
// templates in a class body, the others where a statement starts, none in a string. VS Code no
// longer reads snippets/python.json itself (no contributes.snippets), so each is offered once.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, test } from './harness';

/** Every prefix of the extension's snippet file, and those of its class-body templates. */
async function prefixes(): Promise<{ all: Set<string>; classBody: Set<string> }> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension);
  const file = vscode.Uri.joinPath(extension.extensionUri, 'snippets', 'python.json');
  const snippets = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(file))) as Record<string, { prefix: string | string[]; context?: string | string[] }>;
  const all = new Set<string>();
  const classBody = new Set<string>();
  for (const snippet of Object.values(snippets)) {
    for (const prefix of [snippet.prefix].flat()) {
      all.add(prefix);
      if ([snippet.context].flat().includes('class-body')) classBody.add(prefix);
    }
  }
  return { all, classBody };
}

/** The labels of our snippets that VS Code offers at a position of a new Python file. */
async function offeredAt(content: string, line: number, character: number): Promise<string[]> {
  const { all } = await prefixes();
  const document = await vscode.workspace.openTextDocument({ language: 'python', content });
  await vscode.window.showTextDocument(document);
  try {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, character));
    return list.items
      .filter((item) => item.kind === vscode.CompletionItemKind.Snippet)
      .map((item) => (typeof item.label === 'string' ? item.label : item.label.label))
      .filter((label) => all.has(label))
      .sort();
  } finally {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
}

test('the snippets are offered once each where a statement starts, the ph- ones too', async () => {
  const { classBody } = await prefixes();
  const offered = await offeredAt('import math\n\nph-', 2, 3);
  assert.deepEqual(offered, [...new Set(offered)], 'a snippet is offered twice');
  for (const prefix of ['ph-decorator', 'dec', 'ctx-gen', 'dc']) assert.ok(offered.includes(prefix), `${prefix} is not offered: ${offered.join(', ')}`);
  assert.deepEqual(offered.filter((label) => classBody.has(label)), [], 'class-body snippets at module level');
});

test('a class body offers the class-body snippets, and no statement ones', async () => {
  const { classBody } = await prefixes();
  const offered = await offeredAt('class Order:\n    total = 0\n    pr', 2, 6);
  assert.ok(offered.includes('prop'), `prop is not offered in the class body: ${offered.join(', ')}`);
  assert.deepEqual(offered, [...classBody].sort());
});

test('a string offers none of our snippets', async () => {
  assert.deepEqual(await offeredAt('label = "ph-de"\n', 0, 14), []);
  assert.deepEqual(await offeredAt('class Order:\n    """The order.\n\n    pr\n    """\n', 3, 6), []);
});
