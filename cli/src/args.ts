// The command line: `pyhints check [PATHS...]`, `pyhints rule CODE`, `pyhints rules`. Option names
// follow Ruff's, so that users' habits carry over.

import { parseArgs } from 'node:util';
import { parseTarget, TARGET_FORMS } from '../../server/src/engine/config/python-version';
import { DEFAULT_TARGET } from '../../server/src/engine/engine';
import type { PythonVersion } from '../../server/src/engine/rule';

export const FORMATS = ['text', 'json', 'sarif', 'github', 'junit'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  paths: string[];
  /** Read the code from stdin (`-`); `stdinFilename` names it, for its configuration and the report. */
  stdin: boolean;
  stdinFilename?: string;
  /** `--force-exclude`: the configured excludes also apply to paths named on the command line. */
  forceExclude: boolean;
  /** How many threads check files (`--threads`); unset: all cores. */
  threads?: number;
  /** Whether results are cached (`--no-cache` turns it off), and where (`--cache-dir`). */
  cache: boolean;
  cacheDir?: string;
  /** `--show-settings`: print the settings of the one path instead of checking. */
  showSettings: boolean;
  format: Format;
  fix: boolean;
  /** Undefined: as the configuration says. */
  unsafeFixes?: boolean;
  diff: boolean;
  select: string[];
  extendSelect: string[];
  ignore: string[];
  /** Undefined: from the configuration, the project's requires-python, or the default. */
  target?: PythonVersion;
  /** `--config FILE`: this configuration for every file, instead of each file's nearest one. */
  config?: string;
  /** `--isolated`: no configuration file at all. */
  isolated: boolean;
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
  pyhints check [OPTIONS] [PATHS...]   check files and folders (default: the current folder);
                                       \`-\` reads the code from stdin
  pyhints rule CODE|NAME               explain one rule
  pyhints rules                        list every rule

Options for check:
  --fix                   apply safe fixes in place
  --unsafe-fixes          also apply (and count) fixes that may change behaviour
  --no-unsafe-fixes       do not, whatever the configuration says
  --diff                  print what --fix would change as a unified diff; write nothing
  --select LIST           run these rules instead of the default set: codes (PH101), prefixes (PH1),
                          names, or ALL; comma-separated
  --extend-select LIST    run these rules as well as the selected ones (opt-in rules, refactorings)
  --ignore LIST           skip these rules (wins over --select)
  --target-version VER    the oldest Python the code must run on: 3.8 … 3.14 or py38 … py314 (default: the
                          configuration's target-version, else the project's requires-python, else
                          Ruff's target-version, else ${DEFAULT_TARGET.join('.')})
  --config FILE           use this pyproject.toml or pyhints.toml for every file
  --isolated              ignore every configuration file
  --format FORMAT         how findings are printed: text (default), json, sarif (SARIF 2.1.0),
                          github (GitHub Actions annotations) or junit (JUnit XML)
  --stdin-filename PATH   the file name of the code read from stdin, for its configuration and the
                          report; with --fix the fixed code is printed, the findings go to stderr
  --threads N             check files on N threads (default: all cores)
  --no-cache              analyse every file, without the cache of earlier results
  --cache-dir DIR         where the cache lives (default: cache-dir in the configuration, else
                          .pyhints_cache in the project's folder, else in the current one)
  --force-exclude         leave out named files that the configuration excludes too (for pre-commit)
  --show-settings         print the settings a file is checked with (configuration file, target
                          version, rules) instead of checking it
  --statistics            count findings per rule instead of listing them
  -q, --quiet             print findings only, no summary
  --exit-zero             exit 0 even when something is found

  -h, --help              this help
  -V, --version           the version

Each file is checked with the nearest pyhints.toml, or pyproject.toml with a [tool.pyhints] table,
in its folder or above; the options above win over it.

Exit codes: 0 nothing found, 1 findings (or files that could not be checked), 2 usage errors.
Silence one line with \`# noqa: PH101\`.
`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  'no-unsafe-fixes': { type: 'boolean' },
  config: { type: 'string' },
  isolated: { type: 'boolean' },
  diff: { type: 'boolean' },
  select: { type: 'string', multiple: true },
  'extend-select': { type: 'string', multiple: true },
  ignore: { type: 'string', multiple: true },
  'target-version': { type: 'string' },
  format: { type: 'string' },
  // Ruff's name for the same option.
  'output-format': { type: 'string' },
  statistics: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  'show-settings': { type: 'boolean' },
  'force-exclude': { type: 'boolean' },
  threads: { type: 'string' },
  'no-cache': { type: 'boolean' },
  'cache-dir': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  'exit-zero': { type: 'boolean' },
} as const;

const CHECK_ONLY = ['fix', 'unsafe-fixes', 'no-unsafe-fixes', 'config', 'isolated', 'diff', 'select', 'extend-select', 'ignore', 'target-version', 'format', 'output-format', 'statistics', 'stdin-filename', 'show-settings', 'force-exclude', 'threads', 'no-cache', 'cache-dir', 'quiet', 'exit-zero'] as const;

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
  if (!isFormat(format)) throw new UsageError(`unknown format \`${format}\`; use ${FORMATS.join(', ')}`);
  const diff = values.diff ?? false;
  if (diff && format !== 'text') throw new UsageError(`--diff prints a diff; it cannot be combined with --format ${format}`);
  if (diff && values.statistics) throw new UsageError('--diff prints a diff; it cannot be combined with --statistics');
  if (values.statistics && format !== 'text' && format !== 'json') throw new UsageError(`--statistics counts findings per rule as text or json, not ${format}`);
  const stdin = paths.includes('-') || (paths.length === 0 && values['stdin-filename'] !== undefined);
  if (stdin && paths.length > 1) throw new UsageError('`-` reads the code from stdin; give no other path with it');
  const showSettings = values['show-settings'] ?? false;
  if (showSettings && (stdin || paths.length > 1)) throw new UsageError('--show-settings explains the settings of one file or folder');
  if (showSettings && (values.fix || diff || values.statistics)) throw new UsageError('--show-settings prints settings; it checks nothing');
  if (values['unsafe-fixes'] && values['no-unsafe-fixes']) throw new UsageError('give --unsafe-fixes or --no-unsafe-fixes, not both');
  if (values.config !== undefined && values.isolated) throw new UsageError('--config and --isolated cannot be combined');
  return {
    paths: stdin ? [] : paths.length > 0 ? paths : ['.'],
    stdin,
    stdinFilename: values['stdin-filename'],
    showSettings,
    forceExclude: values['force-exclude'] ?? false,
    threads: values.threads === undefined ? undefined : threadCount(values.threads),
    cache: !(values['no-cache'] ?? false),
    cacheDir: values['cache-dir'],
    format,
    fix: values.fix ?? false,
    unsafeFixes: values['unsafe-fixes'] ? true : values['no-unsafe-fixes'] ? false : undefined,
    diff,
    select: commaList(values.select),
    extendSelect: commaList(values['extend-select']),
    ignore: commaList(values.ignore),
    target: values['target-version'] === undefined ? undefined : pythonVersion(values['target-version']),
    config: values.config,
    isolated: values.isolated ?? false,
    quiet: values.quiet ?? false,
    statistics: values.statistics ?? false,
    exitZero: values['exit-zero'] ?? false,
  };
}

function threadCount(text: string): number {
  const count = Number(text);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(`--threads takes a whole number of threads, 1 or more, not \`${text}\``);
  return count;
}

function isFormat(text: string): text is Format {
  return (FORMATS as readonly string[]).includes(text);
}

/** `--select PH1,PH502 --select comprehension-in-call` → every entry, in order. */
function commaList(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(',')).map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** `3.10`, `py310` or `310`. */
function pythonVersion(text: string): PythonVersion {
  const version = parseTarget(text);
  if (!version) throw new UsageError(`unknown target version \`${text}\`; use ${TARGET_FORMS}`);
  return version;
}
