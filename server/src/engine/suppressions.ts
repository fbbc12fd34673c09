// Suppressions: `# noqa` as flake8 and Ruff read it (bare: every finding on its line; with codes:
// those codes), on the finding's line or, for a statement over several lines, on its first or last
// line; `# pyhints: noqa` (with or without codes) on a line of its own, for the whole file; and
// Pylint's `# pylint: disable=…` — at the end of the line, as `disable-next=…` on the line above,
// or on a line of its own, where it holds to the end of its block (or an `enable=`).
// A rule's peers count: a line silenced for Ruff's B006 or Pylint's `dangerous-default-value` is
// silenced for PH107 too — the user already decided about that line.
// Which listed codes silenced something is recorded, for PH001 (unused-noqa).

import type { Finding } from './analyzer';
import type { LineIndex } from './positions';
import type { RuleMeta } from './rule';
import { TextPresence } from './text-presence';

/** A code listed in a `noqa` comment, where it is written, and whether it silenced a finding. */
export interface NoqaCode {
  code: string;
  start: number;
  end: number;
  used: boolean;
}

/** One `# noqa` directive: from its `#` to the end of its codes (or of `noqa`). */
export interface NoqaDirective {
  start: number;
  end: number;
  /** `# pyhints: noqa…` on a line of its own: it speaks for the whole file. */
  fileWide: boolean;
  /** The listed codes; none for a bare `# noqa`. */
  codes: NoqaCode[];
}

/** The lines a finding's statement spans, asked only when its own line has no `noqa`. */
export type StatementLines = (finding: Finding) => { first: number; last: number };

const CODE = String.raw`[A-Za-z]+[0-9]+`;
// Codes are separated by commas or blanks on the same line, never by a line break.
const NOQA = new RegExp(String.raw`#[ \t]*(?<fileWide>pyhints:[ \t]*)?noqa(?![\w-])(?::[ \t]*(?<codes>${CODE}(?:[ \t,]+${CODE}(?![\w-]))*))?`, 'gi');
const CODE_IN_LIST = new RegExp(CODE, 'g');
const PYLINT = /#\s*pylint:\s*(?<action>disable-next|disable|enable)\s*=\s*(?<names>[\w-]+(?:\s*,\s*[\w-]+)*)/gi;

/** The suppressions of one document's text, asked finding by finding. */
export class Suppressions {
  /** `noqa` directives by line (the first of a line counts). */
  private readonly byLine = new Map<number, NoqaDirective>();
  private readonly fileWide: NoqaDirective[] = [];

  /** `presence` answers for `lines.text`: the analysis passes the one it carries across edits. */
  constructor(
    private readonly lines: LineIndex,
    private readonly statementLines: StatementLines,
    private readonly presence = new TextPresence(lines.text),
  ) {
    const text = lines.text;
    if (!presence.has('noqa', true)) return;
    for (const match of text.matchAll(NOQA)) {
      const line = lines.lineAt(match.index);
      const directive = directiveOf(match, 0, text.slice(lines.lineStart(line), match.index).trim() === '');
      if (directive.fileWide) this.fileWide.push(directive);
      else if (!this.byLine.has(line)) this.byLine.set(line, directive);
    }
  }

  /** The `noqa` directives of the document, with what each silenced in the findings asked about so far. */
  get directives(): NoqaDirective[] {
    return [...this.fileWide, ...this.byLine.values()];
  }

  /** Whether a comment silences the finding; a `noqa` code that does is marked used. */
  suppresses(finding: Finding): boolean {
    const rule = finding.rule;
    if (this.fileWide.some((directive) => silences(directive, rule, false))) return true;
    const line = this.lines.lineAt(finding.start);
    if (this.byLine.size > 0) {
      const own = this.byLine.get(line);
      if (own && silences(own, rule, true)) return true;
      if (!own || this.byLine.size > 1) {
        const { first, last } = this.statementLines(finding);
        for (const other of new Set([first, last])) {
          const directive = other === line ? undefined : this.byLine.get(other);
          if (directive && silences(directive, rule, true)) return true;
        }
      }
    }
    return this.presence.has('pylint:') && pylintSilences(this.lines, line, rule);
  }
}

/** The code listed in a `noqa` comment at an offset, if one is written there. */
export function noqaCodeAt(lines: LineIndex, offset: number): NoqaCode | undefined {
  const line = lines.lineAt(offset);
  const base = lines.lineStart(line);
  const text = lines.lineText(line);
  if (!/noqa/i.test(text)) return undefined;
  for (const match of text.matchAll(NOQA)) {
    const code = directiveOf(match, base, false).codes.find((listed) => listed.start <= offset && offset <= listed.end);
    if (code) return code;
  }
  return undefined;
}

/** The directive a match of `NOQA` found, its offsets moved by `base`. */
function directiveOf(match: RegExpMatchArray, base: number, aloneOnLine: boolean): NoqaDirective {
  const start = base + match.index!;
  const end = start + match[0].length;
  const codes = match.groups!.codes;
  const listStart = codes === undefined ? 0 : end - codes.length;
  return {
    start,
    end,
    fileWide: match.groups!.fileWide !== undefined && aloneOnLine,
    codes: codes === undefined ? [] : [...codes.matchAll(CODE_IN_LIST)].map((code) => ({ code: code[0].toUpperCase(), start: listStart + code.index!, end: listStart + code.index! + code[0].length, used: false })),
  };
}

/** Whether a directive silences a rule, by its code or (on a line) a peer's code; marks the code used. */
function silences(directive: NoqaDirective, rule: RuleMeta, peersCount: boolean): boolean {
  if (directive.codes.length === 0) return true;
  const listed = directive.codes.find((code) => code.code === rule.code) ?? (peersCount ? directive.codes.find((code) => (rule.peers ?? []).some((peer) => peer.tool !== 'pylint' && peer.code === code.code)) : undefined);
  if (!listed) return false;
  listed.used = true;
  return true;
}

function pylintSilences(lines: LineIndex, line: number, rule: RuleMeta): boolean {
  const lineText = lines.lineText(line);
  if (lineText.includes('#') && pylintSays(lineText, rule, 'disable') === true) return true;
  if (line === 0) return false;
  const above = lines.lineText(line - 1);
  if (above.includes('disable-next') && pylintSays(above, rule, 'disable-next') === true) return true;
  return disabledForBlock(lines, line, rule);
}

/**
 * Whether a `# pylint: disable=…` on a line of its own above the finding, in the same block or one
 * around it, still holds: no `enable=…` came after it, and the code did not dedent below it.
 */
function disabledForBlock(lines: LineIndex, line: number, rule: RuleMeta): boolean {
  let innermost = indentation(lines.lineText(line));
  for (let above = line - 1; above >= 0; above--) {
    const text = lines.lineText(above);
    const trimmed = text.trimStart();
    if (trimmed === '') continue;
    const indent = text.length - trimmed.length;
    if (!trimmed.startsWith('#')) {
      innermost = Math.min(innermost, indent);
      continue;
    }
    if (indent > innermost || !trimmed.includes('pylint:')) continue;
    const says = pylintSays(trimmed, rule, 'disable') ?? (pylintSays(trimmed, rule, 'enable') === true ? false : undefined);
    if (says !== undefined) return says;
  }
  return false;
}

function indentation(text: string): number {
  return text.length - text.trimStart().length;
}

/** `true` when a `# pylint: <action>=…` comment on the line names the rule's Pylint peer (or `all`), else nothing. */
function pylintSays(lineText: string, rule: RuleMeta, action: 'disable' | 'disable-next' | 'enable'): true | undefined {
  if (!lineText.includes('pylint')) return undefined;
  for (const match of lineText.matchAll(PYLINT)) {
    if (match.groups!.action.toLowerCase() !== action) continue;
    const names = match.groups!.names.split(',').map((name) => name.trim().toLowerCase());
    if (names.includes('all')) return true;
    if ((rule.peers ?? []).some((peer) => peer.tool === 'pylint' && (names.includes(peer.name) || names.includes(peer.code.toLowerCase())))) return true;
  }
  return undefined;
}
