// Renders a rule's metadata as markdown: the hover and the generated reference are the same text.

import type { RuleMeta } from './rule';

export const DOCS_BASE_URL = 'https://github.com/python-pattern-hints/pyhints/blob/main/docs/rules';

export function ruleDocsUrl(meta: RuleMeta): string {
  return `${DOCS_BASE_URL}/${meta.code}.md`;
}

const FIX_LABEL = { safe: 'safe fix', unsafe: 'unsafe fix', suggestion: 'refactoring' } as const;

/** One-line summary: code, name and what the fix is. */
export function ruleTitle(meta: RuleMeta): string {
  const fix = meta.fix ? ` · ${FIX_LABEL[meta.fix.safety]}` : '';
  return `${meta.code} ${meta.name}${fix}`;
}

function pythonBlock(code: string): string {
  return '```python\n' + code.trimEnd() + '\n```';
}

function versionNote(meta: RuleMeta): string | undefined {
  const [major, minor] = meta.minPython;
  return major > 3 || minor > 0 ? `Applies when the target Python version is ${major}.${minor} or newer.` : undefined;
}

/** The explanation shown on hover (`message` is the diagnostic's own, which may be more specific). */
export function hoverMarkdown(meta: RuleMeta, message: string): string {
  const parts = [
    `**${ruleTitle(meta)}**`,
    message,
    meta.docs.why,
    '**Instead of**',
    pythonBlock(meta.docs.example),
    '**Prefer**',
    pythonBlock(meta.docs.instead),
  ];
  if (meta.fix?.safety === 'unsafe' && meta.docs.fixSafety) parts.push(`*Fix safety:* ${meta.docs.fixSafety}`);
  parts.push(`[Rule reference](${ruleDocsUrl(meta)}) · silence with \`# noqa: ${meta.code}\``);
  return parts.join('\n\n');
}

/** A rule's page in `docs/rules/`. */
export function rulePageMarkdown(meta: RuleMeta): string {
  const facts = [
    `- Code: \`${meta.code}\` · name: \`${meta.name}\` · category: ${meta.category} · default severity: ${meta.severity}`,
    `- Fix: ${meta.fix ? `${FIX_LABEL[meta.fix.safety]} — ${meta.fix.title}` : 'none'}`,
  ];
  const version = versionNote(meta);
  if (version) facts.push(`- ${version}`);
  const sections = [
    `# ${meta.code} ${meta.name}`,
    `> ${meta.message}`,
    facts.join('\n'),
    '## What it does',
    meta.docs.what,
    '## Why is this bad?',
    meta.docs.why,
    '## Example',
    pythonBlock(meta.docs.example),
    '## Use instead',
    pythonBlock(meta.docs.instead),
  ];
  if (meta.docs.fixSafety) sections.push('## Fix safety', meta.docs.fixSafety);
  sections.push('## Suppressing', `Add \`# noqa: ${meta.code}\` to the line, or list \`${meta.code}\` under \`ignore\` in \`[tool.pyhints]\`.`);
  return sections.join('\n\n') + '\n';
}
