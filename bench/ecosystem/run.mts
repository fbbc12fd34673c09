// `npm run ecosystem`: pyhints over real projects, like Ruff's ecosystem check. It runs the CLI with
// the default rule set and with ALL over the pinned corpus, compares the findings with the ledger of
// judged ones, and prints per rule: findings, verdicts, precision, new (unjudged) findings and judged
// ones that disappeared. It fails when a default-set rule is below 90 % precision, when more than a
// quarter of the default-set findings are debatable, or when a default-set finding is unjudged.
//
//   npm run ecosystem
//   npm run ecosystem -- --unjudged /tmp/unjudged.md   write the unjudged findings with their code, to judge them
//   npm run ecosystem -- --rules PH107,PH502           only these rules in the table

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ALL_RULES } from '../../server/src/rules';
import { loadCorpus, type Project } from './corpus.mjs';
import { keyOf, readLedger, type Judgement } from './ledger.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.join(HERE, '..', '..', 'dist', 'cli.js');
const LEDGER = path.join(HERE, 'ledger.tsv');
const PRECISION_TARGET = 0.9;
const DEBATABLE_LIMIT = 0.25;
/** Judged findings each opt-in rule needs at least (or all of them, when it has fewer). */
const OPT_IN_SAMPLE = 15;

interface Finding {
  path: string;
  line: number;
  column: number;
  code: string;
  message: string;
  fix: string | null;
  /** The project folder the path is relative to (after the prefix). */
  root: string;
  prefix: string;
}

interface CliFinding {
  path: string;
  code: string;
  message: string;
  start: { line: number; column: number };
  fix: { safety: string } | null;
}

const argument = (name: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};
const log = (line: string) => process.stderr.write(`${line}\n`);

function check(project: Project, select: string[]): Finding[] {
  // No cache: the corpus lives in system folders, which the check must not write into.
  const args = [CLI, 'check', '--no-cache', '--format', 'json', '--exit-zero', '--quiet', '--target-version', project.target, ...select, ...project.paths];
  const output = execFileSync(process.execPath, args, { cwd: project.root, encoding: 'utf8', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  return (JSON.parse(output) as CliFinding[]).map((finding) => ({
    path: project.prefix + finding.path,
    line: finding.start.line,
    column: finding.start.column,
    code: finding.code,
    message: finding.message,
    fix: finding.fix?.safety ?? null,
    root: project.root,
    prefix: project.prefix,
  }));
}

interface RuleRow {
  code: string;
  selection: string;
  default: number;
  all: number;
  right: number;
  wrong: number;
  debatable: number;
  unjudged: number;
  gone: number;
}

function main(): number {
  const projects = loadCorpus(log);
  const ledger = readLedger(LEDGER);
  const started = Date.now();
  const defaults: Finding[] = [];
  const everything: Finding[] = [];
  for (const project of projects) {
    defaults.push(...check(project, []));
    everything.push(...check(project, ['--select', 'ALL']));
  }
  log(`checked ${projects.length} projects in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const only = argument('--rules')?.split(',');
  const rows: RuleRow[] = [];
  const seen = new Set(everything.map(keyOf));
  const unjudged: Finding[] = [];
  for (const rule of ALL_RULES) {
    const { code, selection } = rule.meta;
    const found = everything.filter((finding) => finding.code === code);
    const judged = found.map((finding) => ledger.get(keyOf(finding))).filter((judgement): judgement is Judgement => judgement !== undefined);
    const count = (verdict: string) => judged.filter((judgement) => judgement.verdict === verdict).length;
    const missing = found.filter((finding) => !ledger.has(keyOf(finding)));
    unjudged.push(...missing);
    rows.push({
      code,
      selection,
      default: defaults.filter((finding) => finding.code === code).length,
      all: found.length,
      right: count('right'),
      wrong: count('wrong'),
      debatable: count('debatable'),
      unjudged: missing.length,
      gone: [...ledger.values()].filter((judgement) => judgement.code === code && !seen.has(keyOf(judgement))).length,
    });
  }

  const shown = rows.filter((row) => !only || only.includes(row.code));
  const percent = (value: number) => `${(value * 100).toFixed(0)} %`;
  const precision = (row: RuleRow) => (row.right + row.wrong === 0 ? undefined : row.right / (row.right + row.wrong));
  const table = [
    ['rule', 'set', 'default', 'ALL', 'right', 'wrong', 'debatable', 'precision', 'unjudged', 'gone'],
    ...shown.map((row) => [row.code, row.selection, row.default, row.all, row.right, row.wrong, row.debatable, precision(row) === undefined ? '–' : percent(precision(row)!), row.unjudged, row.gone].map(String)),
  ];
  const widths = table[0].map((_, column) => Math.max(...table.map((cells) => cells[column].length)));
  for (const cells of table) process.stdout.write(cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ') + '\n');

  const problems: string[] = [];
  const defaultRows = rows.filter((row) => row.selection === 'default');
  const defaultTotal = defaultRows.reduce((sum, row) => sum + row.default, 0);
  const defaultDebatable = defaultRows.reduce((sum, row) => sum + row.debatable, 0);
  process.stdout.write(`\ndefault set: ${defaultTotal} findings, ${defaultDebatable} debatable (${defaultTotal ? percent(defaultDebatable / defaultTotal) : '–'})\n`);
  for (const row of defaultRows) {
    const value = precision(row);
    if (value !== undefined && value < PRECISION_TARGET) problems.push(`${row.code} is in the default set at ${percent(value)} precision (target ${percent(PRECISION_TARGET)})`);
    if (row.unjudged > 0) problems.push(`${row.code} has ${row.unjudged} unjudged default-set findings`);
  }
  for (const row of rows.filter((each) => each.selection !== 'default')) {
    const judged = row.right + row.wrong + row.debatable;
    if (judged < Math.min(OPT_IN_SAMPLE, row.all)) problems.push(`${row.code} has ${judged} judged findings; judge at least ${Math.min(OPT_IN_SAMPLE, row.all)}`);
  }
  if (defaultTotal > 0 && defaultDebatable / defaultTotal > DEBATABLE_LIMIT) problems.push(`${percent(defaultDebatable / defaultTotal)} of the default-set findings are debatable (limit ${percent(DEBATABLE_LIMIT)})`);

  const unjudgedFile = argument('--unjudged');
  if (unjudgedFile) {
    fs.writeFileSync(unjudgedFile, unjudgedReport(unjudged.filter((finding) => !only || only.includes(finding.code))));
    log(`wrote ${unjudged.length} unjudged findings to ${unjudgedFile}`);
  }
  for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
  if (problems.length === 0) process.stdout.write('✓ every default-set rule meets the precision target, and every default-set finding is judged\n');
  return problems.length === 0 ? 0 : 1;
}

/** The unjudged findings with ten lines of code around each, and a ledger line to fill in. */
function unjudgedReport(findings: Finding[]): string {
  const parts: string[] = [];
  for (const finding of findings) {
    const file = path.join(finding.root, finding.path.slice(finding.prefix.length));
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const from = Math.max(0, finding.line - 6);
    const excerpt = lines.slice(from, finding.line + 5).map((text, index) => `${from + index + 1 === finding.line ? '>' : ' '}${String(from + index + 1).padStart(5)}  ${text}`);
    parts.push(
      [`### ${finding.path}:${finding.line}:${finding.column} ${finding.code} (fix: ${finding.fix ?? 'none'})`, finding.message, `file: ${file}`, '```', ...excerpt, '```', `ledger: ${finding.path}\t${finding.line}\t${finding.code}\t<verdict>\t<why>`].join('\n'),
    );
  }
  return parts.join('\n\n') + '\n';
}

process.exitCode = main();
