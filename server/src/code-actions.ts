// The code actions of a document: per finding its fix (a quick fix, or a refactoring for
// suggestions) and a `# noqa` comment; for the whole document every safe fix at once under
// `source.fixAll.pyhints`, the kind users bind to editor.codeActionsOnSave as with ESLint and Ruff.

import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import type { Finding } from './engine/analyzer';
import type { FileSettings } from './engine/config/file-settings';
import type { PythonDocument } from './engine/document';
import type { RefactoringAction } from './engine/refactoring';
import type { Engine } from './engine/engine';
import type { TextEdit } from './engine/rule';
import { toLspEdits } from './lsp-convert';
import { literalAt } from './string-or-comment';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.pyhints`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND];

export interface ActionTarget {
  uri: string;
  document: PythonDocument;
  engine: Engine;
  /** The client applies `documentChanges` (checked against the version); otherwise `changes`. */
  documentChanges: boolean;
  /**
   * For a notebook cell, whose document is the notebook's joined cells: the edit of the cell, or
   * nothing when the edits leave it.
   */
  cellEdit?: (edits: readonly TextEdit[]) => WorkspaceEdit | undefined;
}

/** Whether a client's `only` filter lets actions of `kind` through (`source` admits `source.fixAll.pyhints`). */
export function isWanted(kind: string, only: readonly string[] | undefined): boolean {
  return !only || only.some((wanted) => kind === wanted || kind.startsWith(`${wanted}.`));
}

/** The fix of a finding (if it has one that keeps the code parsing), then the action that silences it. */
export function findingActions(target: ActionTarget, finding: Finding, diagnostic: Diagnostic): CodeAction[] {
  const actions: CodeAction[] = [];
  const fix = finding.fix;
  const fixEdits = fix && target.engine.fixEdits(target.document, finding);
  const edit = fixEdits && workspaceEdit(target, fixEdits);
  if (fix && edit) {
    const action: CodeAction = {
      title: fix.safety === 'unsafe' ? `${fix.title} (unsafe)` : fix.title,
      kind: fix.safety === 'suggestion' ? CodeActionKind.RefactorRewrite : CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit,
    };
    if (fix.safety === 'safe') action.isPreferred = true;
    actions.push(action);
  }
  const noqa = noqaEdit(target.document, finding);
  const noqaWorkspaceEdit = noqa && workspaceEdit(target, [noqa]);
  if (noqaWorkspaceEdit) {
    actions.push({
      title: `Disable ${finding.rule.code} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: noqaWorkspaceEdit,
    });
  }
  return actions;
}

/**
 * The refactorings (findings of rules whose advice is a matter of design, shown as no diagnostic)
 * on the lines the request covers: for a class, its header line.
 */
export function refactoringActions(target: ActionTarget, refactorings: readonly Finding[], start: number, end: number): CodeAction[] {
  const lines = target.document.lines;
  const [first, last] = [lines.lineAt(start), lines.lineAt(end)];
  const actions: CodeAction[] = [];
  for (const finding of refactorings) {
    if (lines.lineAt(finding.start) > last || lines.lineAt(finding.end) < first || !finding.fix) continue;
    const edits = target.engine.fixEdits(target.document, finding);
    const edit = edits && workspaceEdit(target, edits);
    if (edit) actions.push({ title: finding.fix.title, kind: CodeActionKind.RefactorRewrite, edit });
  }
  return actions;
}

/**
 * The refactorings offered for a range, as `refactor.rewrite` actions. One that makes the same edit
 * as an action `listed` already (PH301's fix of the `open` a refactoring puts in a `with` block) is
 * left out: the light bulb would show one change twice.
 */
export function rewriteActions(target: ActionTarget, offered: readonly RefactoringAction[], listed: readonly CodeAction[] = []): CodeAction[] {
  const listedEdits = new Set(listed.map((action) => JSON.stringify(action.edit)));
  return offered.flatMap(({ title, edits }) => {
    const edit = workspaceEdit(target, edits);
    return edit && !listedEdits.has(JSON.stringify(edit)) ? [{ title, kind: CodeActionKind.RefactorRewrite, edit }] : [];
  });
}

/**
 * Every fix the settings let fix-all apply (safe ones; unsafe ones too with `unsafeFixes`; only
 * of `fixable` rules) that does not overlap another (those wait for the next run), or nothing.
 */
export function fixAllAction(target: ActionTarget, findings: readonly Finding[], settings: Pick<FileSettings, 'unsafeFixes' | 'canFix'>): CodeAction | undefined {
  const fixable = findings.filter((finding) => settings.canFix(finding.rule));
  const { edits } = target.engine.fixAllEdits(target.document, fixable, settings.unsafeFixes);
  const edit = edits.length > 0 ? workspaceEdit(target, edits) : undefined;
  if (!edit) return undefined;
  const title = settings.unsafeFixes ? 'Apply all fixes, unsafe ones too (Python Pattern Hints)' : 'Apply all safe fixes (Python Pattern Hints)';
  return { title, kind: FIX_ALL_KIND, edit };
}

/** A `# noqa` comment that lists codes, up to its last code. */
const NOQA_WITH_CODES = /#\s*noqa:\s*[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*/i;

/**
 * The edit that silences a finding: its code added to the `# noqa: …` comment of the line where
 * it starts, or a new comment at the end of that line. None when the line ends inside a string
 * or with a line continuation, where a comment cannot go.
 */
export function noqaEdit(document: PythonDocument, finding: Finding): TextEdit | undefined {
  const lines = document.lines;
  const line = lines.lineAt(finding.start);
  const lineStart = lines.lineStart(line);
  const lineText = lines.lineText(line);
  const existing = NOQA_WITH_CODES.exec(lineText);
  if (existing) {
    const end = lineStart + existing.index + existing[0].length;
    return { start: end, end, text: `, ${finding.rule.code}` };
  }
  const content = lineText.trimEnd();
  const contentEnd = lineStart + content.length;
  if (content.endsWith('\\') || literalAt(document.tree, contentEnd) === 'string') return undefined;
  return { start: contentEnd, end: lines.lineEnd(line), text: `  # noqa: ${finding.rule.code}` };
}

function workspaceEdit(target: ActionTarget, edits: readonly TextEdit[]): WorkspaceEdit | undefined {
  if (target.cellEdit) return target.cellEdit(edits);
  const lspEdits: LspTextEdit[] = toLspEdits(edits, target.document.lines);
  if (!target.documentChanges) return { changes: { [target.uri]: lspEdits } };
  return { documentChanges: [{ textDocument: { uri: target.uri, version: target.document.version }, edits: lspEdits }] };
}
