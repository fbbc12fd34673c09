import type { NoqaCode, NoqaDirective } from '../engine/suppressions';
import { defineRule, type FixSpec, type SuppressionContext, type TextEdit } from '../engine/rule';
import { lineStartOf } from '../engine/syntax';

const OUR_CODE = /^PH[0-9]+$/;
const SELF = 'PH001';

/**
 * Our codes in a `noqa` that silenced nothing: a rule that ran and found nothing there, or a code
 * that names no rule. Codes of rules that did not run (not selected, or above the target version)
 * are left alone — another configuration may need them — and so are other tools' codes and bare
 * `# noqa`, which other linters read too.
 */
function check(directives: readonly NoqaDirective[], context: SuppressionContext): void {
  for (const directive of directives) {
    if (directive.codes.some((code) => code.code === SELF)) continue;
    const unused = directive.codes.filter((code) => OUR_CODE.test(code.code) && !code.used && (context.active.has(code.code) || !context.known.has(code.code)));
    if (unused.length === 0 || !context.isComment(directive.start)) continue;
    const listed = unused.map((code) => `\`${code.code}\`${context.known.has(code.code) ? '' : ' (no such rule)'}`).join(', ');
    context.report({
      start: directive.start,
      end: directive.end,
      message: `Unused \`noqa\`: nothing here is reported by ${listed}`,
      fix: withoutCodes(directive, unused, context.source),
    });
  }
}

/** The directive without the unused codes, or without the directive when no code is left. */
function withoutCodes(directive: NoqaDirective, unused: readonly NoqaCode[], source: string): FixSpec {
  const kept = directive.codes.filter((code) => !unused.includes(code));
  if (kept.length > 0) {
    const list = { start: directive.codes[0].start, end: directive.codes[directive.codes.length - 1].end };
    return { title: `Remove ${unused.map((code) => code.code).join(', ')} from the noqa`, edits: [{ ...list, text: kept.map((code) => code.code).join(', ') }] };
  }
  return { title: 'Remove the unused noqa', edits: [removeDirective(directive, source)] };
}

/**
 * `x = 1  # noqa: PH101` loses the comment and the blanks before it; a line that held only the
 * directive goes; `# noqa: PH101  # why` keeps `# why`, and `# noqa: PH101 why` keeps `# why`.
 */
function removeDirective(directive: NoqaDirective, source: string): TextEdit {
  const lineStart = lineStartOf(source, directive.start);
  const rest = /^[ \t]*([^\r\n]*)/.exec(source.slice(directive.end))!;
  const after = directive.end + rest[0].length;
  if (rest[1] !== '') {
    // Text follows in the same comment: it stays a comment.
    return rest[1].startsWith('#') ? { start: directive.start, end: directive.end + rest[0].length - rest[1].length, text: '' } : { start: directive.start, end: after - rest[1].length, text: '# ' };
  }
  const before = source.slice(lineStart, directive.start);
  if (before.trim() === '') {
    const lineBreak = /^(\r\n|\r|\n)?/.exec(source.slice(after))![0];
    return { start: lineStart, end: after + lineBreak.length, text: '' };
  }
  return { start: lineStart + before.trimEnd().length, end: after, text: '' };
}

export default defineRule({
  meta: {
    code: 'PH001',
    name: 'unused-noqa',
    kind: 'suggestion',
    selection: 'default',
    category: 'suppressions',
    severity: 'hint',
    minPython: [3, 0],
    message: 'Unused `noqa` code',
    tags: ['unnecessary'],
    docs: {
      what: [
        'Flags a pyhints code in a `# noqa: …` or `# pyhints: noqa: …` comment that silenced no finding in this analysis:',
        'the rule ran and reported nothing on that line (or, for a statement over several lines, its first or last line),',
        'or the code names no pyhints rule.',
      ].join(' '),
      why: [
        'A suppression outlives the code it was written for: after a refactoring it silences nothing, until the day it',
        'hides a new, real finding on the same line. Removing stale codes keeps every `noqa` meaningful, and a code that',
        'names no rule (a typo such as `PH10`) never silenced anything.',
        '',
        'Only our own codes are judged. A bare `# noqa`, and codes of Ruff, flake8 or Pylint in the same comment, belong to',
        'other tools and are left alone; so are codes of rules that did not run on the file (not selected, ignored for it,',
        'or needing a newer target version), since another configuration may rely on them. Ruff\'s RUF100 is the same',
        'check for Ruff\'s codes; it is not a peer here, because it cannot know which of our codes silenced something',
        '(list `PH` under Ruff\'s `lint.external` so that it leaves them to us).',
      ].join('\n'),
      example: ['total = sum(x * x for x in range(10))  # noqa: PH502', 'names = ["a", "b"]  # noqa: E501, PH107'].join('\n'),
      instead: ['total = sum(x * x for x in range(10))', 'names = ["a", "b"]  # noqa: E501'].join('\n'),
      fixSafety: [
        'The fix removes the unused codes from the list, or the whole directive when none is left: with the blanks before it',
        'at the end of a line of code, or with its line when it stood alone. Text after the codes stays as a comment.',
        'Listing `PH001` in the comment keeps it as it is.',
      ].join(' '),
    },
    fix: { safety: 'safe', title: 'Remove the unused noqa code' },
  },
  visit: { suppressions: check },
});
