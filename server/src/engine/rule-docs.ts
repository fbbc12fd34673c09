// Renders a rule's metadata as markdown: the hover and the generated reference are the same text.

import type { PeerRule, RuleMeta } from './rule';

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

/** Python source as a fenced markdown block. */
export function pythonBlock(code: string): string {
  return '```python\n' + code.trimEnd() + '\n```';
}

function versionNote(meta: RuleMeta): string | undefined {
  const [major, minor] = meta.minPython;
  return major > 3 || minor > 0 ? `Applies when the target Python version is ${major}.${minor} or newer.` : undefined;
}

/** What the fix of a finding does to the user's code: the changed lines before and after. */
export interface FixPreview {
  title: string;
  hunks: { before: string; after: string }[];
}

/**
 * The hover over a finding, short enough to read without scrolling: the finding's own message
 * (none where the editor shows it already), why it matters (the first paragraph), then its fix as a before/after of the user's code (or,
 * without one, the rule's own example of the better code), and the link to the rule's page
 * (`docsUrl`: the server links the copy that ships with it).
 */
export function findingHoverMarkdown(meta: RuleMeta, message: string | undefined, docsUrl: (meta: RuleMeta) => string = ruleDocsUrl, preview?: FixPreview): string {
  const parts = [`**${ruleTitle(meta)}**`, ...(message === undefined ? [] : [message]), firstParagraph(meta.docs.why)];
  if (preview && preview.hunks.length > 0) {
    parts.push(`**${preview.title}**${meta.fix?.safety === 'unsafe' ? ' (unsafe: it may change what the code does)' : ''}`);
    parts.push('```diff\n' + preview.hunks.map(diffLines).join('\n…\n') + '\n```');
  } else {
    parts.push('**Prefer**', pythonBlock(meta.docs.instead));
  }
  parts.push(...closing(meta, docsUrl));
  return parts.join('\n\n');
}

/** The whole explanation of a rule, for a hover on its code in a `noqa` comment. */
export function hoverMarkdown(meta: RuleMeta, message: string, docsUrl: (meta: RuleMeta) => string = ruleDocsUrl): string {
  const parts = [`**${ruleTitle(meta)}**`, message, meta.docs.why, '**Instead of**', pythonBlock(meta.docs.example), '**Prefer**', pythonBlock(meta.docs.instead)];
  if (meta.fix?.safety === 'unsafe' && meta.docs.fixSafety) parts.push(`*Fix safety:* ${meta.docs.fixSafety}`);
  parts.push(...closing(meta, docsUrl));
  return parts.join('\n\n');
}

function closing(meta: RuleMeta, docsUrl: (meta: RuleMeta) => string): string[] {
  // A version-gated rule fires only at that target, so the advice is for code that needs that Python.
  const version = versionNote(meta);
  return [...(version ? [`*${version}*`] : []), `[Rule reference](${docsUrl(meta)}) · silence with \`# noqa: ${meta.code}\``];
}

function firstParagraph(text: string): string {
  return text.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim();
}

/** A hunk as diff lines: kept lines with two blanks, removed ones with `-`, added ones with `+` (a longest common subsequence; hunks are short). */
function diffLines({ before, after }: { before: string; after: string }): string {
  // A hunk is whole lines: an empty text is one empty line.
  const split = (text: string) => text.split(/\r\n|\r|\n/);
  const [old, changed] = [split(before), split(after)];
  // common[i][j]: the longest common subsequence of old[i..] and changed[j..].
  const common = Array.from({ length: old.length + 1 }, () => new Array<number>(changed.length + 1).fill(0));
  for (let i = old.length - 1; i >= 0; i--) {
    for (let j = changed.length - 1; j >= 0; j--) common[i][j] = old[i] === changed[j] ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
  }
  const lines: string[] = [];
  let [i, j] = [0, 0];
  while (i < old.length || j < changed.length) {
    if (i < old.length && j < changed.length && old[i] === changed[j]) {
      lines.push(`  ${old[i]}`);
      i++;
      j++;
    } else if (i < old.length && (j === changed.length || common[i + 1][j] >= common[i][j + 1])) {
      lines.push(`- ${old[i++]}`);
    } else {
      lines.push(`+ ${changed[j++]}`);
    }
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}

const KIND_LABEL = {
  correctness: 'correctness — the code misbehaves at run time',
  suggestion: 'suggestion — the code works, and a better idiom exists',
} as const;

/** Whether the rule runs without being selected, and how to turn it on. */
export function selectionNote(meta: RuleMeta): string {
  switch (meta.selection) {
    case 'default':
      return 'in the default set: it runs unless ignored';
    case 'opt-in':
      return `opt-in: it runs when selected (\`select = ["${meta.code}"]\`, its name, a prefix or \`ALL\`)`;
    case 'refactoring':
      return `a refactoring: offered in the light bulb, with no diagnostic; selected (\`${meta.code}\`), it is reported too`;
  }
}

const PEER_TOOL = { ruff: 'Ruff', 'flake8-bugbear': 'flake8-bugbear', 'flake8-comprehensions': 'flake8-comprehensions', 'flake8-async': 'flake8-async', pylint: 'Pylint' } as const;

function peerText(peer: PeerRule): string {
  return `${PEER_TOOL[peer.tool]} \`${peer.code}\` (\`${peer.name}\`)`;
}

/** A rule's page in `docs/rules/`. */
export function rulePageMarkdown(meta: RuleMeta): string {
  const facts = [
    `- Code: \`${meta.code}\` · name: \`${meta.name}\` · category: ${meta.category} · default severity: ${meta.severity}`,
    `- Kind: ${KIND_LABEL[meta.kind]}`,
    `- Set: ${selectionNote(meta)}`,
    `- Fix: ${meta.fix ? `${FIX_LABEL[meta.fix.safety]} — ${meta.fix.title}` : 'none'}`,
  ];
  const version = versionNote(meta);
  if (version) facts.push(`- ${version}`);
  if (meta.peers?.length) facts.push(`- Peers: ${meta.peers.map(peerText).join(', ')}`);
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
  if (meta.narrower) sections.push('## Compared with its peers', meta.narrower);
  const peerSuppressions = (meta.peers ?? []).map((peer) => (peer.tool === 'pylint' ? `\`# pylint: disable=${peer.name}\`` : `\`# noqa: ${peer.code}\``));
  const peers = peerSuppressions.length > 0 ? ` A line already silenced for a peer (${[...new Set(peerSuppressions)].join(', ')}) is silenced for this rule too.` : '';
  sections.push('## Suppressing', `Add \`# noqa: ${meta.code}\` to the line, or list \`${meta.code}\` under \`ignore\` in \`[tool.pyhints]\`.${peers}`);
  return sections.join('\n\n') + '\n';
}
