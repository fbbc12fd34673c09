// The commands besides Restart Server: Fix All (the `source.fixAll.pyhints` action on the active
// file), Show Output, and Show Rule Documentation, which opens the page of the rule under the
// cursor — the copy that ships with the extension — or lets the user pick one.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { commands, languages, Uri, window, type Disposable, type ExtensionContext, type LogOutputChannel, type QuickPickItem } from 'vscode';

export function registerCommands(context: ExtensionContext, output: LogOutputChannel): Disposable[] {
  const docs = context.asAbsolutePath(path.join('docs', 'rules'));
  return [
    commands.registerCommand('pyhints.fixAll', async () => {
      if (window.activeTextEditor?.document.languageId !== 'python') return void window.showInformationMessage('Fix All works on a Python file.');
      await commands.executeCommand('editor.action.codeAction', { kind: 'source.fixAll.pyhints', apply: 'first' });
    }),
    commands.registerCommand('pyhints.showOutput', () => output.show(true)),
    commands.registerCommand('pyhints.showRuleDocumentation', async () => {
      const code = codeUnderCursor() ?? (await pickRule(docs));
      if (!code) return;
      const page = Uri.file(path.join(docs, `${code}.md`));
      await commands.executeCommand('markdown.showPreview', page);
    }),
  ];
}

/** The code of our finding under the cursor of the active editor, if any. */
function codeUnderCursor(): string | undefined {
  const editor = window.activeTextEditor;
  if (!editor) return undefined;
  const cursor = editor.selection.active;
  const diagnostic = languages.getDiagnostics(editor.document.uri).find((each) => each.source === 'pyhints' && each.range.contains(cursor));
  const code = diagnostic?.code;
  return typeof code === 'string' ? code : typeof code === 'object' && typeof code.value === 'string' ? code.value : undefined;
}

/** Every rule page that ships with the extension, by its title. */
async function pickRule(docs: string): Promise<string | undefined> {
  const items: QuickPickItem[] = fs
    .readdirSync(docs)
    .filter((file) => /^PH\d{3}\.md$/.test(file))
    .sort()
    .map((file) => {
      const title = fs.readFileSync(path.join(docs, file), 'utf8').split('\n', 1)[0].replace(/^#\s*/, '');
      const [code, ...name] = title.split(' ');
      return { label: code, description: name.join(' ') };
    });
  const picked = await window.showQuickPick(items, { placeHolder: 'The rule to explain', matchOnDescription: true });
  return picked?.label;
}
