// The command line: `pyhints check [PATHS...]`, `pyhints rule CODE`, `pyhints rules`. Option names
// follow Ruff's, so that users' habits carry over.

import { parseArgs } from 'node:util';
import { DEFAULT_TARGET } from '../../server/src/engine/engine';
import type { PythonVersion } from '../../server/src/engine/rule';

export interface CheckOptions {
  paths: string[];
  format: 'text' | 'json';
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  select: string[];
  extendSelect: string[];
  ignore: string[];
  target: PythonVersion;
  quiet: boolean;
  statistics: boolean;
  exitZero: boolean;
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'rules' }
  | { kind: 'rule'; selector: string }
  | { kind: 'check'; options: CheckOptions };

/** A mistake on the command line: reported in one line, exit code 2. */
export class UsageError extends Error {}

export const HELP = `pyhints — flags the Python patterns good guides warn about, and fixes them.

Usage:
  pyhints check [OPTIONS] [PATHS...]   check files and folders (default: the current folder)
  pyhints rule CODE|NAME               explain one rule
  pyhints rules                        list every rule

Options for check:
  --fix                   apply safe fixes in place
  --unsafe-fixes          also apply (and count) fixes that may change behaviour
  --diff                  print what --fix would change as a unified diff; write nothing
  --select LIST           run these rules instead of the default set: codes (PH101), prefixes (PH1),
                          names, or ALL; comma-separated
  --extend-select LIST    run these rules as well as the selected ones (opt-in rules, refactorings)
  --ignore LIST           skip these rules (wins over --select)
  --target-version VER    the oldest Python the code must run on: 3.8 … 3.14 or py38 … py314 (default ${DEFAULT_TARGET.join('.')})
  --format text|json      how findings are printed (default text)
  --statistics            count findings per rule instead of listing them
  -q, --quiet             print findings only, no summary
  --exit-zero             exit 0 even when something is found

  -h, --help              this help
  -V, --version           the version

Exit codes: 0 nothing found, 1 findings (or files that could not be checked), 2 usage errors.
Silence one line with \`# noqa: PH101\`.
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  diff: { type: 'boolean' },
  select: { type: 'string', multiple: true },
  'extend-select': { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'target-version': { type: 'string' },
  format: { type: 'string' },
  // Ruff's name for the same option.
  'output-format': { type: 'string' },
  statistics: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  'exit-zero': { type: 'boolean' },
} as const;

const CHECK_ONLY = ['fix', 'unsafe-fixes', 'diff', 'select', 'extend-select', 'ignore', 'target-version', 'format', 'output-format', 'statistics', 'quiet', 'exit-zero'] as const;

export function parseCommandLine(argv: readonly string[]): Command {
  const { values, positionals } = parseOrExplain(argv);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...rest] = positionals;
  if (command === undefined) throw new UsageError('a command is missing: `pyhints check [PATHS...]`, `pyhints rule CODE` or `pyhints rules`');
  if (command === 'rule' || command === 'rules') {
    const misplaced = CHECK_ONLY.find((option) => values[option] !== undefined);
    if (misplaced) throw new UsageError(`--${misplaced} is an option of \`pyhints check\``);
  }
  switch (command) {
    case 'check':
      return { kind: 'check', options: checkOptions(values, rest) };
    case 'rules':
      if (rest.length > 0) throw new UsageError('`pyhints rules` takes no arguments; to explain one rule use `pyhints rule CODE`');
      return { kind: 'rules' };
    case 'rule':
      if (rest.length !== 1) throw new UsageError('`pyhints rule` takes one rule code or name, e.g. `pyhints rule PH502`');
      return { kind: 'rule', selector: rest[0] };
    default:
      throw new UsageError(`unknown command \`${command}\`; the commands are check, rule and rules`);
  }
}

type Values = ReturnType<typeof parseOrExplain>['values'];

function parseOrExplain(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const option = /'([^']+)'/.exec((error as Error).message)?.[1];
      throw new UsageError(`unknown option ${option ?? ''}`.trim());
    }
    if (code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

function checkOptions(values: Values, paths: string[]): CheckOptions {
  if (values.format !== undefined && values['output-format'] !== undefined) throw new UsageError('give --format once');
  const format = values.format ?? values['output-format'] ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format \`${format}\`; use text or json`);
  const diff = values.diff ?? false;
  if (diff && format === 'json') throw new UsageError('--diff prints a diff; it cannot be combined with --format json');
  if (diff && values.statistics) throw new UsageError('--diff prints a diff; it cannot be combined with --statistics');
  return {
    paths: paths.length > 0 ? paths : ['.'],
    format,
    fix: values.fix ?? false,
    unsafeFixes: values['unsafe-fixes'] ?? false,
    diff,
    select: commaList(values.select),
    extendSelect: commaList(values['extend-select']),
    ignore: commaList(values.ignore),
    target: values['target-version'] === undefined ? DEFAULT_TARGET : pythonVersion(values['target-version']),
    quiet: values.quiet ?? false,
    statistics: values.statistics ?? false,
    exitZero: values['exit-zero'] ?? false,
  };
}

/** `--select PH1,PH502 --select comprehension-in-call` → every entry, in order. */
function commaList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

const OLDEST_MINOR = 8;
const NEWEST_MINOR = 14;

/** `3.10`, `py310` or `310`. */
function pythonVersion(text: string): PythonVersion {
  const match = /^(?:py)?3\.?(\d{1,2})$/i.exec(text.trim());
  const minor = match ? Number(match[1]) : NaN;
  if (!(minor >= OLDEST_MINOR && minor <= NEWEST_MINOR)) {
    throw new UsageError(`unknown target version \`${text}\`; use 3.${OLDEST_MINOR} … 3.${NEWEST_MINOR} (or py3${OLDEST_MINOR} … py3${NEWEST_MINOR})`);
  }
  return [3, minor];
}
