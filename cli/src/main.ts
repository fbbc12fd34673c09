// `pyhints`: the command-line face of the engine. Parses the command line, runs the command and
// sets the exit code: 0 clean, 1 findings or files that could not be checked, 2 usage errors.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { isMainThread } from 'node:worker_threads';
import * as path from 'node:path';
import { version } from '../../package.json';
import { rulePageMarkdown } from '../../server/src/engine/rule-docs';
import { unknownSelectors } from '../../server/src/engine/selection';
import { ALL_RULES } from '../../server/src/rules';
import { HELP, parseCommandLine, UsageError } from './args';
import { runCheck } from './check-command';
import { runCheckWorker } from './check-worker';
import { COLORS, NO_COLORS, useColors } from './colors';
import { findRule, rulesTable } from './rule-commands';

/** The wasm files sit in `grammars/` next to the `dist/` folder this bundle runs from. */
const GRAMMAR_DIR = path.join(__dirname, '..', 'grammars');

const stdout = (text: string | Uint8Array) => void process.stdout.write(text);
const stderr = (text: string) => void process.stderr.write(text);

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommandLine(argv);
  switch (command.kind) {
    case 'help':
      stdout(HELP);
      return 0;
    case 'version':
      stdout(`pyhints ${version}\n`);
      return 0;
    case 'rules':
      stdout(rulesTable(ALL_RULES));
      return 0;
    case 'rule': {
      const rule = findRule(ALL_RULES, command.selector);
      if (!rule) throw new UsageError(`no rule is called \`${command.selector}\`; \`pyhints rules\` lists them`);
      stdout(rulePageMarkdown(rule.meta));
      return 0;
    }
    case 'check': {
      const { options } = command;
      const unknown = unknownSelectors(ALL_RULES, [...options.select, ...options.extendSelect, ...options.ignore]);
      if (unknown.length > 0) throw new UsageError(`no rule matches ${unknown.map((selector) => `\`${selector}\``).join(', ')}; \`pyhints rules\` lists them`);
      const colors = options.format === 'text' && useColors(process.stdout, process.env) ? COLORS : NO_COLORS;
      return runCheck(GRAMMAR_DIR, options, { stdout, stderr, colors }, {
        cwd: process.cwd(),
        version,
        build: buildId(),
        readStdin: () => fs.readFileSync(0),
        parallelism: os.availableParallelism(),
        entryFile: __filename,
      });
    }
  }
}

/** The version and a hash of this bundle: a rebuilt CLI does not trust the cache of another build of the same version. */
function buildId(): string {
  return `${version}-${createHash('sha1').update(fs.readFileSync(__filename)).digest('hex').slice(0, 12)}`;
}

function runCommandLine(): void {
  // A reader that stops early (`pyhints check | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        stderr(`pyhints: ${error.message}\nRun \`pyhints --help\` for the options.\n`);
      } else {
        stderr(`pyhints: internal error, please report it:\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exitCode = 2;
    },
  );
}

// The same bundle runs the worker threads of `pyhints check`.
if (isMainThread) runCommandLine();
else runCheckWorker();
