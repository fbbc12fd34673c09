// The server's conversions and code actions as plain functions, with a rule made up for the test:
// the real rules do not (yet) cover refactoring-only fixes and diagnostic tags.

import { describe, expect, it } from 'vitest';
import type { CodeAction, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { findingActions, isWanted, noqaEdit, rewriteActions, type ActionTarget } from '../../server/src/code-actions';
import { Engine } from '../../server/src/engine/engine';
import { applyEdits } from '../../server/src/engine/fixes';
import { refactoringsAt } from '../../server/src/engine/refactoring';
import { defineRule } from '../../server/src/engine/rule';
import { findingOf, toDiagnostic } from '../../server/src/lsp-convert';
import { ALL_REFACTORINGS } from '../../server/src/refactorings';
import { ALL_RULES } from '../../server/src/rules';
import { parser } from '../engine-fixture';
import { applyLspEdits } from './lsp-session';

/** Flags `print(...)` calls; its fix, a refactoring, turns them into `log(...)`. */
const printCall = defineRule({
  meta: {
    code: 'PH999',
    kind: 'suggestion',
    selection: 'default',
    name: 'print-call',
    category: 'functions',
    severity: 'hint',
    minPython: [3, 0],
    message: 'A print call',
    docs: { what: 'Flags print.', why: 'Test only.', example: 'print(1)', instead: 'log(1)' },
    fix: { safety: 'suggestion', title: 'Log instead' },
    tags: ['deprecated', 'unnecessary'],
  },
  visit: {
    calls: {
      'builtins.print': (call, context) => {
        const callee = call.childForFieldName('function')!;
        context.report({ node: call, fix: { edits: [{ start: callee.startIndex, end: callee.endIndex, text: 'log' }] } });
      },
    },
  },
});

const engine = new Engine(parser, [printCall, ...ALL_RULES], { select: ['ALL'] });

function analysed(text: string) {
  const document = engine.open(text, 7);
  const findings = engine.analyze(document);
  const target: ActionTarget = { uri: 'file:///t.py', document, engine, documentChanges: false };
  return { document, findings, target };
}

function editedText(text: string, action: CodeAction): string {
  return applyLspEdits(text, (action.edit?.changes?.['file:///t.py'] ?? []) as LspTextEdit[]);
}

describe('diagnostics', () => {
  it('carry the severity, the tags and the way back to their finding', () => {
    const text = 'x = 1\nprint("😀", x)\n';
    const { document, findings } = analysed(text);
    const diagnostic = toDiagnostic(findings[0], { version: 7, index: 0 }, document.lines);
    expect(diagnostic).toMatchObject({
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: 14 } },
      severity: 4,
      code: 'PH999',
      tags: [2, 1],
      data: { version: 7, index: 0 },
    });
    expect(findingOf(diagnostic, 7, findings, document.lines)).toBe(findings[0]);
    expect(findingOf(diagnostic, 8, findings, document.lines)).toBeUndefined();
    expect(findingOf({ ...diagnostic, source: 'ruff' }, 7, findings, document.lines)).toBeUndefined();
    const moved = { ...diagnostic, range: { ...diagnostic.range, start: { line: 1, character: 1 } } };
    expect(findingOf(moved, 7, findings, document.lines)).toBeUndefined();
    document.dispose();
  });
});

describe('code actions of a finding', () => {
  it('offer a suggestion as a refactoring, not as a quick fix', () => {
    const text = 'print(1)\n';
    const { document, findings, target } = analysed(text);
    const diagnostic = toDiagnostic(findings[0], { version: 7, index: 0 }, document.lines);
    const [refactor, noqa] = findingActions(target, findings[0], diagnostic);
    expect(refactor).toMatchObject({ title: 'Log instead', kind: 'refactor.rewrite' });
    expect(refactor.isPreferred).toBeUndefined();
    expect(editedText(text, refactor)).toBe('log(1)\n');
    expect(noqa.kind).toBe('quickfix');
    expect(editedText(text, noqa)).toBe('print(1)  # noqa: PH999\n');
    document.dispose();
  });

  it('leave out a refactoring that would make the same edit as the quick fix listed beside it', () => {
    const text = 'def save(path, text):\n    f = open(path, "w")\n    f.write(text)\n    f.close()\n';
    const { document, findings, target } = analysed(text);
    const leak = findings.find((finding) => finding.rule.code === 'PH301')!;
    const [fix] = findingActions(target, leak, toDiagnostic(leak, { version: 7, index: 0 }, document.lines));
    const at = text.indexOf('open');
    const offered = refactoringsAt(parser, document, ALL_REFACTORINGS, [3, 11], at, at).filter((each) => each.id === 'open-in-with-block');
    const [rewrite] = rewriteActions(target, offered);
    expect(rewrite).toMatchObject({ title: 'Open `f` in a `with` block', kind: 'refactor.rewrite' });
    expect(editedText(text, rewrite)).toBe(editedText(text, fix));
    expect(rewriteActions(target, offered, [fix])).toEqual([]);
    document.dispose();
  });

  it('pass the kind filter the way LSP nests kinds', () => {
    expect(isWanted('source.fixAll.pyhints', ['source'])).toBe(true);
    expect(isWanted('source.fixAll.pyhints', ['source.fixAll'])).toBe(true);
    expect(isWanted('source.fixAll.pyhints', ['source.fix'])).toBe(false);
    expect(isWanted('refactor.rewrite', ['refactor', 'quickfix'])).toBe(true);
    expect(isWanted('quickfix', undefined)).toBe(true);
  });
});

describe('the noqa comment', () => {
  function silenced(text: string): string | undefined {
    const { document, findings } = analysed(text);
    try {
      const edit = noqaEdit(document, findings[0]);
      return edit && applyEdits(text, [edit]);
    } finally {
      document.dispose();
    }
  }

  it('goes at the end of the line where the finding starts, before trailing blanks', () => {
    expect(silenced('print(\n    1,\n)\n')).toBe('print(  # noqa: PH999\n    1,\n)\n');
    expect(silenced('print(1)   \r\nx = 2\r\n')).toBe('print(1)  # noqa: PH999\r\nx = 2\r\n');
    expect(silenced('print(1)  # say it\n')).toBe('print(1)  # say it  # noqa: PH999\n');
  });

  it('extends a noqa comment that lists codes', () => {
    expect(silenced('print(1)  # noqa: PH101\n')).toBe('print(1)  # noqa: PH101, PH999\n');
    expect(silenced('print(1)  # NOQA:PH101,PH102 (reason)\n')).toBe('print(1)  # NOQA:PH101,PH102, PH999 (reason)\n');
  });

  it('is not offered where a comment cannot go', () => {
    expect(silenced('print(1, """\ntext\n""")\n')).toBeUndefined();
    expect(silenced('print(1) + \\\n    2\n')).toBeUndefined();
  });
});
