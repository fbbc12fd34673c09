// Adds verdicts to the ledger: `npx tsx bench/ecosystem/judge.mts verdicts.tsv …`, each file with
// lines `path<TAB>line<TAB>PH###<TAB>right|wrong|debatable<TAB>why` (as the `ledger:` lines of
// `npm run ecosystem -- --unjudged FILE` start them). A verdict for a finding already judged
// replaces the old one; the ledger stays sorted.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { keyOf, readLedger, writeLedger } from './ledger.mjs';

const LEDGER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ledger.tsv');
const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npx tsx bench/ecosystem/judge.mts VERDICTS.tsv …\n');
  process.exit(2);
}
const ledger = readLedger(LEDGER);
let added = 0;
for (const file of files) {
  const verdicts = readLedger(file);
  for (const judgement of verdicts.values()) ledger.set(keyOf(judgement), judgement);
  added += verdicts.size;
}
writeLedger(LEDGER, ledger.values());
process.stdout.write(`${added} verdicts recorded; the ledger holds ${ledger.size}\n`);
