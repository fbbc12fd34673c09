// The ledger of judged findings: one line per finding, `path  line  code  verdict  why`, tab-separated,
// sorted. A finding is keyed by its path (prefixed with the project's name), line and code.

import fs from 'node:fs';

export type Verdict = 'right' | 'wrong' | 'debatable';

export interface Judgement {
  path: string;
  line: number;
  code: string;
  verdict: Verdict;
  why: string;
}

const HEADER = [
  '# Findings of `npm run ecosystem`, judged by reading them in their context (callers, subclasses, what the code is for).',
  '# path\tline\tcode\tverdict (right|wrong|debatable)\twhy, in one line',
].join('\n');

export const keyOf = (finding: { path: string; line: number; code: string }) => `${finding.path}:${finding.line}:${finding.code}`;

export function readLedger(file: string): Map<string, Judgement> {
  const judgements = new Map<string, Judgement>();
  if (!fs.existsSync(file)) return judgements;
  fs.readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '' || line.startsWith('#')) return;
      const [path, lineNumber, code, verdict, why = ''] = line.split('\t');
      if (!path || !/^\d+$/.test(lineNumber ?? '') || !/^PH\d{3}$/.test(code ?? '') || !['right', 'wrong', 'debatable'].includes(verdict ?? '')) {
        throw new Error(`${file}:${index + 1}: expected "path<TAB>line<TAB>PH###<TAB>right|wrong|debatable<TAB>why", got ${JSON.stringify(line)}`);
      }
      const judgement: Judgement = { path, line: Number(lineNumber), code, verdict: verdict as Verdict, why };
      judgements.set(keyOf(judgement), judgement);
    });
  return judgements;
}

export function writeLedger(file: string, judgements: Iterable<Judgement>): void {
  const sorted = [...judgements].sort((a, b) => a.path.localeCompare(b.path) || a.line - b.line || a.code.localeCompare(b.code));
  const lines = sorted.map((each) => [each.path, each.line, each.code, each.verdict, each.why.replace(/[\t\n]+/g, ' ')].join('\t'));
  fs.writeFileSync(file, `${HEADER}\n${lines.join('\n')}\n`);
}
