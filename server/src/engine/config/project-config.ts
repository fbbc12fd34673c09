// A project's pyhints configuration as its files write it: `[tool.pyhints]` in `pyproject.toml`,
// or the top level of `pyhints.toml`, read with smol-toml and checked key by key. A bad value is a
// problem naming the key, the file and the line, and only that key falls back: the rest applies.
// The same files say which Python the project needs (`requires-python`, Ruff's `target-version`)
// and which rules Ruff already runs there.

import { parse, TomlError } from 'smol-toml';
import type { PythonVersion, Rule, Severity } from '../rule';
import { unknownSelectors } from '../selection';
import { lowestAllowedPython, parseTarget, TARGET_FORMS } from './python-version';

export type SeverityOverride = Severity | 'off';

/** The settings `[tool.pyhints]` may hold; absent keys are undefined. */
export interface ProjectConfig {
  targetVersion?: PythonVersion;
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
  /** By rule code or name. */
  severity?: Record<string, SeverityOverride>;
  exclude?: string[];
  extendExclude?: string[];
  /** Glob → rule selectors, in the order written. */
  perFileIgnores?: [string, string[]][];
  fixable?: string[];
  unfixable?: string[];
  unsafeFixes?: boolean;
  deferToRuff?: boolean;
  /** Where the CLI keeps its cache, as written (relative to the configuration's folder). */
  cacheDir?: string;
}

export interface ConfigProblem {
  file: string;
  /** 0-based line of the key (or of the error) in the file. */
  line: number;
  message: string;
}

/** What one configuration file says. */
export interface ConfigFile {
  file: string;
  /** Whether it has pyhints settings (`pyhints.toml`, or a `pyproject.toml` with `[tool.pyhints]`). */
  hasPyhints: boolean;
  config: ProjectConfig;
  /** The lowest Python `[project] requires-python` allows. */
  requiresPython?: PythonVersion;
  /** `[tool.ruff] target-version`. */
  ruffTarget?: PythonVersion;
  /** The rule selectors Ruff is configured with here, when the file configures Ruff. */
  ruff?: RuffSelection;
  problems: ConfigProblem[];
}

export interface RuffSelection {
  select?: string[];
  extendSelect?: string[];
  ignore?: string[];
}

const LEVELS: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];
const SELECTOR_KEYS = ['select', 'extend-select', 'ignore', 'fixable', 'unfixable'] as const;
const KNOWN_KEYS = new Set<string>([
  'target-version',
  ...SELECTOR_KEYS,
  'severity',
  'exclude',
  'extend-exclude',
  'per-file-ignores',
  'unsafe-fixes',
  'defer-to-ruff',
  'cache-dir',
]);

type Table = Record<string, unknown>;

/**
 * Reads a `pyproject.toml` (`kind: 'pyproject'`), a `pyhints.toml` (`'pyhints'`) or a Ruff file
 * (`'ruff'`: `ruff.toml`/`.ruff.toml`, read only for Ruff's selection and target).
 */
export function readConfigFile(file: string, text: string, kind: 'pyproject' | 'pyhints' | 'ruff', rules: readonly Rule[]): ConfigFile {
  const result: ConfigFile = { file, hasPyhints: kind === 'pyhints', config: {}, problems: [] };
  let document: Table;
  try {
    document = parse(text) as Table;
  } catch (error) {
    const line = error instanceof TomlError ? error.line - 1 : 0;
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    result.problems.push({ file, line, message: `${file} is not valid TOML (${reason}); its settings are not used` });
    return result;
  }
  const tool = table(document.tool);
  if (kind === 'ruff') {
    result.ruff = ruffSelection(document);
    result.ruffTarget = targetOf(document['target-version']);
    return result;
  }
  if (kind === 'pyproject') {
    const requiresPython = table(document.project)?.['requires-python'];
    if (typeof requiresPython === 'string') result.requiresPython = lowestAllowedPython(requiresPython);
    const ruff = table(tool?.ruff);
    if (ruff) {
      result.ruff = ruffSelection(ruff);
      result.ruffTarget = targetOf(ruff['target-version']);
    }
  }
  const section = kind === 'pyhints' ? document : table(tool?.pyhints);
  if (!section) return result;
  result.hasPyhints = true;
  const header = kind === 'pyhints' ? undefined : 'tool.pyhints';
  const reader = new SectionReader(file, text, header, rules, result.problems);
  result.config = reader.read(section);
  return result;
}

/** Checks the keys of one `[tool.pyhints]` table. */
class SectionReader {
  constructor(
    private readonly file: string,
    private readonly text: string,
    private readonly header: string | undefined,
    private readonly rules: readonly Rule[],
    private readonly problems: ConfigProblem[],
  ) {}

  read(section: Table): ProjectConfig {
    const config: ProjectConfig = {};
    for (const [key, value] of Object.entries(section)) {
      if (!KNOWN_KEYS.has(key)) {
        this.problem(key, `unknown key \`${key}\`; it is ignored`);
        continue;
      }
      switch (key) {
        case 'target-version': {
          const version = typeof value === 'string' ? parseTarget(value) : undefined;
          if (version) config.targetVersion = version;
          else this.problem(key, `\`target-version\` must be one of ${TARGET_FORMS}, not ${JSON.stringify(value)}`);
          break;
        }
        case 'select':
        case 'extend-select':
        case 'ignore':
        case 'fixable':
        case 'unfixable': {
          const selectors = this.selectors(key, value);
          if (!selectors) break;
          const field = ({ select: 'select', 'extend-select': 'extendSelect', ignore: 'ignore', fixable: 'fixable', unfixable: 'unfixable' } as const)[key];
          config[field] = selectors;
          break;
        }
        case 'exclude':
        case 'extend-exclude': {
          const globs = this.strings(key, value, 'a list of glob patterns');
          if (globs) config[key === 'exclude' ? 'exclude' : 'extendExclude'] = globs;
          break;
        }
        case 'severity':
          config.severity = this.severities(value);
          break;
        case 'per-file-ignores':
          config.perFileIgnores = this.perFileIgnores(value);
          break;
        case 'cache-dir':
          if (typeof value === 'string' && value.trim() !== '') config.cacheDir = value.trim();
          else this.problem(key, `\`cache-dir\` must be a folder path, not ${JSON.stringify(value)}`);
          break;
        case 'unsafe-fixes':
        case 'defer-to-ruff':
          if (typeof value === 'boolean') config[key === 'unsafe-fixes' ? 'unsafeFixes' : 'deferToRuff'] = value;
          else this.problem(key, `\`${key}\` must be true or false, not ${JSON.stringify(value)}`);
          break;
      }
    }
    return config;
  }

  private strings(key: string, value: unknown, expected: string): string[] | undefined {
    if (Array.isArray(value) && value.every((entry) => typeof entry === 'string')) return value.map((entry: string) => entry.trim()).filter(Boolean);
    this.problem(key, `\`${key}\` must be ${expected}, not ${JSON.stringify(value)}`);
    return undefined;
  }

  /** Rule selectors; one that matches no rule is kept (it may be a newer rule) and reported. */
  private selectors(key: string, value: unknown): string[] | undefined {
    const selectors = this.strings(key, value, 'a list of rule codes, code prefixes or rule names');
    for (const unknown of unknownSelectors(this.rules, selectors ?? [])) this.problem(key, `\`${key}\`: \`${unknown}\` matches no rule`);
    return selectors;
  }

  private severities(value: unknown): Record<string, SeverityOverride> | undefined {
    const entries = table(value);
    if (!entries) {
      this.problem('severity', '`severity` must be a table of rule codes or names to error, warning, information, hint or off');
      return undefined;
    }
    const severities: Record<string, SeverityOverride> = {};
    for (const [rule, level] of Object.entries(entries)) {
      const known = this.rules.some(({ meta }) => meta.code === rule.toUpperCase() || meta.name === rule);
      if (!known) this.problem('severity', `\`severity\`: \`${rule}\` is no rule code or name`, rule);
      else if (typeof level !== 'string' || !LEVELS.includes(level as SeverityOverride)) {
        this.problem('severity', `\`severity\`: \`${rule}\` must be one of ${LEVELS.join(', ')}, not ${JSON.stringify(level)}`, rule);
      } else severities[rule] = level as SeverityOverride;
    }
    return severities;
  }

  private perFileIgnores(value: unknown): [string, string[]][] | undefined {
    const entries = table(value);
    if (!entries) {
      this.problem('per-file-ignores', '`per-file-ignores` must be a table of glob patterns to lists of rules');
      return undefined;
    }
    const result: [string, string[]][] = [];
    for (const [glob, selectors] of Object.entries(entries)) {
      const list = Array.isArray(selectors) && selectors.every((entry) => typeof entry === 'string') ? selectors.map((entry: string) => entry.trim()) : undefined;
      if (!list) {
        this.problem('per-file-ignores', `\`per-file-ignores\`: \`${glob}\` must map to a list of rule codes, prefixes or names`, glob);
        continue;
      }
      for (const unknown of unknownSelectors(this.rules, list)) this.problem('per-file-ignores', `\`per-file-ignores\`: \`${unknown}\` matches no rule`, glob);
      result.push([glob, list]);
    }
    return result;
  }

  private problem(key: string, message: string, innerKey?: string): void {
    const line = keyLine(this.text, this.header, key, innerKey);
    this.problems.push({ file: this.file, line, message: `${this.file}:${line + 1}: ${message}` });
  }
}

function table(value: unknown): Table | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date) ? (value as Table) : undefined;
}

function targetOf(value: unknown): PythonVersion | undefined {
  return typeof value === 'string' ? parseTarget(value) : undefined;
}

/** Ruff's rule selection in a `[tool.ruff]` table or a `ruff.toml`: its `lint` table, or the top level (older files). */
function ruffSelection(ruff: Table): RuffSelection {
  const lint = table(ruff.lint) ?? {};
  const list = (key: string): string[] | undefined => {
    const value = lint[key] ?? ruff[key];
    return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? (value as string[]) : undefined;
  };
  return { select: list('select'), extendSelect: list('extend-select'), ignore: list('ignore') };
}

/**
 * The 0-based line where `key` is written in the table under `header` (the top level when there
 * is none), or where `innerKey` is written in its sub-table or inline table; the header's line
 * when it cannot be found. A reading of the text for messages only, not a TOML parser.
 */
export function keyLine(text: string, header: string | undefined, key: string, innerKey?: string): number {
  const lines = text.split(/\r\n|\n|\r/);
  const isHeader = (line: string) => /^\s*\[/.test(line);
  const names = (line: string) => /^\s*\[\[?\s*([^\]]+?)\s*\]\]?/.exec(line)?.[1].replace(/\s+/g, '').replace(/"/g, '');
  const keyPattern = (name: string) => new RegExp(`^\\s*(?:"${escape(name)}"|'${escape(name)}'|${escape(name)})\\s*=`);
  let inTable = header === undefined;
  let headerLine = 0;
  let keyAt: number | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (isHeader(line)) {
      const name = names(line);
      if (innerKey !== undefined && name === (header ? `${header}.${key}` : key)) keyAt ??= i;
      inTable = name === header;
      if (inTable) headerLine = i;
      continue;
    }
    if (inTable && keyPattern(key).test(line)) keyAt ??= i;
  }
  if (keyAt === undefined) return headerLine;
  if (innerKey === undefined) return keyAt;
  const inner = keyPattern(innerKey);
  for (let i = keyAt; i < lines.length && (i === keyAt || !isHeader(lines[i])); i++) if (inner.test(lines[i]) || lines[i].includes(`"${innerKey}"`)) return i;
  return keyAt;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
