// The language status item of Python files (the `{}` in the status bar): the server's version,
// how many rules run on the file, the configuration file it follows, and a link to the log.
// The server sends what it knows about each document in a `pyhints/status` notification.

import { LanguageStatusSeverity, languages, window, type Disposable, type LanguageStatusItem, type TextEditor } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { STATUS_NOTIFICATION, type DocumentStatus } from '../../server/src/status';

export class StatusItem implements Disposable {
  private readonly item: LanguageStatusItem;
  private readonly byUri = new Map<string, DocumentStatus>();
  private readonly subscriptions: Disposable[] = [];

  constructor(client: LanguageClient) {
    this.item = languages.createLanguageStatusItem('pyhints.status', { language: 'python' });
    this.item.name = 'Python Pattern Hints';
    this.item.command = { title: 'Show Output', command: 'pyhints.showOutput' };
    this.show(undefined);
    this.subscriptions.push(
      client.onNotification(STATUS_NOTIFICATION, (status: DocumentStatus) => {
        this.byUri.set(status.uri, status);
        if (window.activeTextEditor?.document.uri.toString() === status.uri) this.show(status);
      }),
      window.onDidChangeActiveTextEditor((editor?: TextEditor) => this.show(editor && this.byUri.get(editor.document.uri.toString()))),
      client.onDidChangeState(() => this.show(window.activeTextEditor && this.byUri.get(window.activeTextEditor.document.uri.toString()))),
    );
  }

  private show(status: DocumentStatus | undefined): void {
    if (!status) {
      this.item.text = 'pyhints';
      this.item.detail = 'starting';
      this.item.severity = LanguageStatusSeverity.Information;
      return;
    }
    const where = status.configFile ? `, ${status.configFile}` : ', no configuration file';
    this.item.text = status.enabled ? `pyhints: ${status.rules} rules` : 'pyhints: off';
    this.item.detail = `${status.version} · Python ${status.target}${where}`;
    this.item.severity = LanguageStatusSeverity.Information;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}
