// The CLI as users run it: the built `dist/cli.js` in a child process, on temporary folders.

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSource } from '../../cli/src/read-source';
import { NotWrittenError, writeFileAtomic } from '../../cli/src/write-atomic';
import { rulePageMarkdown } from '../../server/src/engine/rule-docs';
import { ALL_RULES } from '../../server/src/rules';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = path.join(ROOT, 'dist', 'cli.js');

const temporaryFolders: string[] = [];

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--only=cli'], { cwd: ROOT, stdio: 'pipe' });
});

afterAll(() => {
  for (const dir of temporaryFolders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temporary folder holding `files` (text is written as UTF-8, buffers as they are). */
function project(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyhints-cli-'));
  temporaryFolders.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/**
 * Runs the CLI. The fixtures use two opt-in rules (PH502's safe fix, PH201's finding without one),
 * so a `check` that selects nothing itself also selects those.
 */
function run(cwd: string, args: string[], env: Record<string, string> = {}, input?: string | Buffer) {
  if (args[0] === 'check' && !args.some((arg) => /^--(extend-)?select/.test(arg))) args = ['check', '--extend-select', 'PH201,PH502', ...args.slice(1)];
  const environment: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('FORCE_COLOR' in env)) delete environment.FORCE_COLOR;
  if (!('NO_COLOR' in env)) delete environment.NO_COLOR;
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: environment, encoding: 'utf8', input });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function snapshot(file: string) {
  return { bytes: fs.readFileSync(file), mtime: fs.statSync(file).mtimeMs };
}

const SUM = 'total = sum([price for price in prices])\n';
/** PH107, in the default set, with an unsafe fix. */
const SHARED = 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n';
const SINGLETON = ['class Settings:', '    _instance = None', '', '    def __new__(cls):', '        if cls._instance is None:', '            cls._instance = super().__new__(cls)', '        return cls._instance', ''].join('\n');

describe('pyhints check: text report', () => {
  it('counts columns in characters and underlines under emoji, CJK and tabs', () => {
    const dir = project({ 'wide.py': 'x = ["😀中文",\tsum([i for i in range(3)])]\nn = sum([len(c) for c in "中文"])\n' });
    const { code, stdout } = run(dir, ['check']);
    expect(code).toBe(1);
    const lines = stdout.split('\n');
    const first = lines.indexOf(lines.find((line) => line.startsWith('wide.py:1:'))!);
    expect(lines[first]).toBe('wide.py:1:17: PH502 `sum()` over a list comprehension builds a throwaway list; pass a generator expression');
    // x = [" takes 6 columns, the emoji and two CJK characters 2 each, `",` 2 more, and the tab runs to column 16.
    expect(lines.slice(first + 1, first + 5)).toEqual([
      '   |',
      ' 1 | x = ["😀中文",  sum([i for i in range(3)])]',
      '   | ' + ' '.repeat(20) + '^'.repeat('[i for i in range(3)]'.length),
      '   = [*] fixable with --fix',
    ]);
    const second = lines.indexOf('wide.py:2:9: PH502 `sum()` over a list comprehension builds a throwaway list; pass a generator expression');
    expect(second).toBeGreaterThan(first);
    // Two CJK characters inside the finding take two columns each.
    expect(lines[second + 3]).toBe('   | ' + ' '.repeat(8) + '^'.repeat('[len(c) for c in "中文"]'.length + 2));
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('Found 2 findings in 1 file (2 fixable with --fix).');
  });

  it('reads CRLF files and keeps CRLF when fixing', () => {
    const dir = project({ 'crlf.py': 'import os\r\nt = sorted([x for x in "中"])\r\n' });
    expect(run(dir, ['check']).stdout).toContain('crlf.py:2:12: PH502');
    const { code, stdout } = run(dir, ['check', '--fix']);
    expect(code).toBe(0);
    expect(stdout).toContain('Fixed 1 finding in 1 file.');
    expect(fs.readFileSync(path.join(dir, 'crlf.py'), 'utf8')).toBe('import os\r\nt = sorted(x for x in "中")\r\n');
  });

  it('says which fixes need --unsafe-fixes, and counts findings per rule with --statistics', () => {
    const dir = project({ 'a.py': SHARED + SUM, 'b.py': SINGLETON });
    const { stdout } = run(dir, ['check']);
    expect(stdout).toContain('= [*] fixable with --fix --unsafe-fixes');
    expect(stdout).toContain('Found 3 findings in 2 files (1 fixable with --fix, 1 more with --unsafe-fixes).');
    const stats = run(dir, ['check', '--statistics']).stdout.split('\n');
    expect(stats.slice(0, 3)).toEqual(['1  PH107      mutable-default-argument', '1  PH201      manual-singleton', '1  PH502  [*] comprehension-in-call']);
  });

  it('colors only on request when stdout is not a terminal', () => {
    const dir = project({ 'a.py': SUM });
    expect(run(dir, ['check']).stdout).not.toContain('\u001b[');
    expect(run(dir, ['check'], { FORCE_COLOR: '1' }).stdout).toContain('\u001b[31m^');
    expect(run(dir, ['check', '--format', 'json'], { FORCE_COLOR: '1' }).stdout).not.toContain('\u001b[');
  });

  it('prints only findings with --quiet', () => {
    const dir = project({ 'a.py': SUM, 'clean.py': 'x = 1\n' });
    const { stdout } = run(dir, ['check', '--quiet']);
    expect(stdout).toContain('a.py:1:13: PH502');
    expect(stdout).not.toContain('Found');
    expect(run(dir, ['check', '--quiet', 'clean.py']).stdout).toBe('');
  });
});

describe('pyhints check: exit codes', () => {
  it('exits 0 when nothing is found, 1 on findings, 0 with --exit-zero', () => {
    const dir = project({ 'clean.py': 'total = sum(price for price in prices)\n', 'dirty.py': SUM });
    const clean = run(dir, ['check', 'clean.py']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('All checks passed (1 file).\n');
    expect(run(dir, ['check']).code).toBe(1);
    expect(run(dir, ['check', '--exit-zero']).code).toBe(0);
  });

  it('exits 2 on usage errors, with a one-line message and no stack trace', () => {
    const dir = project({ 'a.py': SUM });
    for (const [args, message] of [
      [['check', '--bogus'], 'pyhints: unknown option --bogus'],
      [['check', '--select', 'PH9'], 'pyhints: no rule matches `PH9`'],
      [['check', '--ignore', 'no-such-rule'], 'pyhints: no rule matches `no-such-rule`'],
      [['check', '--target-version', '2.7'], 'pyhints: unknown target version `2.7`'],
      [['check', '--format', 'xml'], 'pyhints: unknown format `xml`'],
      [['lint'], 'pyhints: unknown command `lint`'],
      [[], 'pyhints: a command is missing'],
      [['rule', 'PH999'], 'pyhints: no rule is called `PH999`'],
    ] as const) {
      const result = run(dir, [...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.startsWith(message), result.stderr).toBe(true);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stdout).toBe('');
    }
  });

  it('accepts target versions as 3.10 or py310, and --help and --version exit 0', () => {
    const dir = project({ 'a.py': SUM });
    expect(run(dir, ['check', '--target-version', '3.10']).code).toBe(1);
    expect(run(dir, ['check', '--target-version=py38']).code).toBe(1);
    const help = run(dir, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('pyhints check [OPTIONS] [PATHS...]');
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
    expect(run(dir, ['--version']).stdout).toBe(`pyhints ${version}\n`);
  });
});

describe('pyhints check --format json', () => {
  it('prints one JSON array with positions in characters, fixes and their edits', () => {
    const dir = project({ 'a.py': 'x = "😀"; total = sum([p for p in prices])\n', 'b.py': SINGLETON });
    const { code, stdout } = run(dir, ['check', '--format', 'json']);
    expect(code).toBe(1);
    const findings = JSON.parse(stdout);
    expect(findings).toEqual([
      {
        path: 'a.py',
        code: 'PH502',
        name: 'comprehension-in-call',
        message: '`sum()` over a list comprehension builds a throwaway list; pass a generator expression',
        severity: 'information',
        start: { line: 1, column: 22 },
        end: { line: 1, column: 41 },
        fix: {
          safety: 'safe',
          title: 'Use a generator expression',
          edits: [{ start: { line: 1, column: 22 }, end: { line: 1, column: 41 }, text: 'p for p in prices' }],
        },
      },
      expect.objectContaining({ path: 'b.py', code: 'PH201', name: 'manual-singleton', start: { line: 1, column: 7 }, fix: null }),
    ]);
  });

  it('prints an empty array when nothing is found', () => {
    const dir = project({ 'a.py': 'x = 1\n' });
    const { code, stdout } = run(dir, ['check', '--format', 'json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
  });
});

describe('pyhints check --format sarif / github / junit', () => {
  const files = { 'src/a b.py': 'x = "😀"; total = sum([p for p in prices])\n', 'b.py': SHARED };

  it('prints a SARIF 2.1.0 log: rules by index, character columns, paths relative to the run, fixes', () => {
    const dir = project(files);
    const { code, stdout } = run(dir, ['check', '--format', 'sarif']);
    expect(code).toBe(1);
    const log = JSON.parse(stdout) as Sarif.Log;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const [sarifRun] = log.runs;
    const rules = sarifRun.tool.driver.rules!;
    expect(sarifRun.tool.driver.name).toBe('pyhints');
    expect(sarifRun.columnKind).toBe('unicodeCodePoints');
    expect(sarifRun.invocations).toEqual([{ executionSuccessful: true }]);
    expect(sarifRun.originalUriBaseIds!.SRCROOT.uri).toBe(pathToFileURL(fs.realpathSync(dir) + path.sep).href.replace(/\/?$/, '/'));
    expect(new Set(rules.map((rule) => rule.id)).size).toBe(rules.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^PH\d{3}$/);
      expect(rule.shortDescription!.text.length).toBeGreaterThan(0);
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration!.level);
    }
    const results = sarifRun.results!;
    expect(results.map((result) => [result.ruleId, result.locations![0].physicalLocation!.artifactLocation!.uri])).toEqual([
      ['PH107', 'b.py'],
      ['PH502', 'src/a%20b.py'],
    ]);
    for (const result of results) {
      expect(rules[result.ruleIndex!].id).toBe(result.ruleId);
      expect(result.locations![0].physicalLocation!.artifactLocation!.uriBaseId).toBe('SRCROOT');
      expect(['note', 'warning', 'error']).toContain(result.level);
    }
    const sum = results[1];
    expect(sum.locations![0].physicalLocation!.region).toEqual({ startLine: 1, startColumn: 22, endLine: 1, endColumn: 41 });
    expect(sum.fixes![0].artifactChanges[0].replacements).toEqual([{ deletedRegion: { startLine: 1, startColumn: 22, endLine: 1, endColumn: 41 }, insertedContent: { text: 'p for p in prices' } }]);
  });

  it('prints logs valid under the SARIF 2.1.0 schema, which a broken log fails', () => {
    // The schema as Microsoft's SARIF SDK ships it (draft-04), validated the way its matchers do.
    const schemas = path.join(ROOT, 'node_modules', 'ajv', 'lib', 'refs');
    const ajv = new Ajv({ schemaId: 'auto', allErrors: true });
    ajv.addMetaSchema(JSON.parse(fs.readFileSync(path.join(schemas, 'json-schema-draft-04.json'), 'utf8')));
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')));
    const valid = (log: unknown) => (validate(log) ? 'valid' : ajv.errorsText(validate.errors));
    // Every rule's metadata, fixes, a notebook cell, a file that cannot be decoded and a configuration warning.
    const notebook = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: ['total = sum([x for x in xs])\n'] }], metadata: { kernelspec: { language: 'python' } }, nbformat: 4, nbformat_minor: 5 });
    const dir = project({ ...files, 'n.ipynb': notebook, 'bad.py': Buffer.from([0xff, 0xfe, 0x00]), 'pyproject.toml': '[tool.pyhints]\nnot-a-key = 1\n' });
    const log = JSON.parse(run(dir, ['check', '--format', 'sarif', '--select', 'ALL']).stdout) as Sarif.Log;
    expect(log.runs[0].results!.length).toBeGreaterThan(2);
    expect(valid(log)).toBe('valid');
    expect(valid(JSON.parse(run(project({ 'a.py': 'x = 1\n' }), ['check', '--format', 'sarif']).stdout))).toBe('valid');
    const broken = structuredClone(log);
    broken.runs[0].results![0].locations![0].physicalLocation!.region!.startColumn = 0;
    expect(valid(broken)).toMatch(/startColumn should be >= 1/);
  });

  it('prints GitHub workflow annotations, escaped', () => {
    const dir = project({ 'a,b.py': SHARED });
    const { code, stdout } = run(dir, ['check', '--format', 'github']);
    expect(code).toBe(1);
    expect(stdout).toBe(
      '::warning title=pyhints (PH107),file=a%2Cb.py,line=1,col=19,endLine=1,endColumn=21::a,b.py:1:19: PH107 The default of `tags` is built once, changed in place and returned: every call that omits it gets the same object back\n',
    );
  });

  it('prints JUnit XML that parses, a failed case per finding, and one passing case when nothing is found', () => {
    const dir = project({ ...files, 'c&<">.py': 'text = "<&>"\nsizes = sum([len(t) for t in "<&>"])\n' });
    const { stdout } = run(dir, ['check', '--format', 'junit']);
    const parsed = spawnSync('python3', ['-c', 'import sys, xml.etree.ElementTree as ET; root = ET.fromstring(sys.stdin.read()); print(root.get("tests"), root.get("failures"), [s.get("name") for s in root], [c.get("name") for c in root.iter("testcase")])'], { input: stdout, encoding: 'utf8' });
    expect(parsed.stderr).toBe('');
    expect(parsed.stdout.trim()).toBe("3 3 ['b.py', 'c&<\">.py', 'src/a b.py'] ['PH107 mutable-default-argument (1:19)', 'PH502 comprehension-in-call (2:13)', 'PH502 comprehension-in-call (1:22)']");
    const clean = run(project({ 'a.py': 'x = 1\n' }), ['check', '--format', 'junit']);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('<testsuites name="pyhints" tests="1" failures="0" errors="0">');
  });

  it('refuses --statistics and --diff with these formats', () => {
    const dir = project(files);
    expect(run(dir, ['check', '--format', 'sarif', '--statistics']).stderr).toMatch(/--statistics counts findings per rule as text or json, not sarif/);
    expect(run(dir, ['check', '--format', 'junit', '--diff']).code).toBe(2);
    expect(run(dir, ['check', '--format', 'xml']).stderr).toMatch(/unknown format `xml`; use text, json, sarif, github, junit/);
  });
});

describe('pyhints check - (stdin)', () => {
  const config = ['[tool.pyhints]', '[tool.pyhints.per-file-ignores]', '"tests/**" = ["PH107"]', ''].join('\n');

  it('checks code from stdin as the file --stdin-filename names, with its configuration', () => {
    const dir = project({ 'pyproject.toml': config });
    const plain = run(dir, ['check', '-', '--format', 'json'], {}, SHARED + SUM);
    expect(plain.code).toBe(1);
    expect((JSON.parse(plain.stdout) as { path: string; code: string }[]).map((finding) => `${finding.path} ${finding.code}`)).toEqual(['- PH107', '- PH502']);
    const named = run(dir, ['check', '--stdin-filename', 'tests/test_a.py', '--format', 'json'], {}, SHARED + SUM);
    expect((JSON.parse(named.stdout) as { path: string; code: string }[]).map((finding) => `${finding.path} ${finding.code}`)).toEqual(['tests/test_a.py PH502']);
    expect(fs.readdirSync(dir)).toEqual(['pyproject.toml']);
  });

  it('prints the fixed code with --fix and reports what is left on stderr; writes no file', () => {
    const dir = project({ 'pyproject.toml': config });
    const { code, stdout, stderr } = run(dir, ['check', '-', '--stdin-filename', 'app.py', '--fix'], {}, SHARED + SUM);
    expect(stdout).toBe(SHARED + 'total = sum(price for price in prices)\n');
    expect(stderr).toMatch(/app\.py:1:19: PH107/);
    expect(stderr).toMatch(/Fixed 1 finding/);
    expect(code).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['pyproject.toml']);
  });

  it('prints code it cannot decode back unchanged with --fix, and fails', () => {
    const bytes = Buffer.from([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0x22, 0x0a]);
    const result = spawnSync(process.execPath, [CLI, 'check', '-', '--fix'], { cwd: project({}), input: bytes });
    expect(Buffer.compare(result.stdout, bytes)).toBe(0);
    expect(result.status).toBe(1);
    expect(result.stderr.toString()).toMatch(/^-: /);
  });

  it('takes no other path with -', () => {
    expect(run(project({}), ['check', '-', 'a.py']).stderr).toMatch(/give no other path with it/);
  });
});

describe('pyhints check: notebooks', () => {
  /** nbformat's own layout (one-space indents, a list of lines per source), with outputs and metadata. */
  const notebook = (language = 'python') =>
    JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: ['# Readings\n', 'total = sum([x for x in xs])\n'] },
          { cell_type: 'code', execution_count: 1, metadata: { tags: ['setup'] }, outputs: [{ output_type: 'stream', name: 'stdout', text: ['ok\n'] }], source: ['%matplotlib inline\n', 'import asyncio\n', 'readings = [1, 2]'] },
          { cell_type: 'code', execution_count: 2, metadata: {}, outputs: [], source: ['total = sum([r * 2 for r in readings])\n', 'await asyncio.sleep(0)  # top-level await runs in a notebook'] },
          { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: '%%bash\necho "sum([x for x in y])"\n' },
        ],
        metadata: { kernelspec: { display_name: 'Python 3', language, name: 'python3' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    ) + '\n';

  it('reports findings of code cells as path:cell N:line:column, and nothing for markdown, magics or top-level await', () => {
    const dir = project({ 'analysis.ipynb': notebook() });
    const { code, stdout } = run(dir, ['check', '--select', 'PH502,PH411']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^analysis\.ipynb:cell 3:1:13: PH502 /m);
    expect(stdout).toContain('Found 1 finding in 1 file');
    const json = JSON.parse(run(dir, ['check', '--select', 'PH502', '--format', 'json']).stdout);
    expect(json).toEqual([expect.objectContaining({ path: 'analysis.ipynb', cell: 3, code: 'PH502', start: { line: 1, column: 13 } })]);
  });

  it('--fix writes back only the edited cell sources: layout, metadata and outputs stay byte for byte', () => {
    const original = notebook();
    const dir = project({ 'analysis.ipynb': original });
    expect(run(dir, ['check', '--select', 'PH502', '--fix']).code).toBe(0);
    const fixed = fs.readFileSync(path.join(dir, 'analysis.ipynb'), 'utf8');
    expect(fixed).toBe(original.replace('"total = sum([r * 2 for r in readings])\\n"', '"total = sum(r * 2 for r in readings)\\n"'));
    expect(fixed).not.toBe(original);
  });

  it('skips a notebook of another language, and fails on one that is no notebook', () => {
    const dir = project({ 'r.ipynb': notebook('R'), 'broken.ipynb': '{"cells": [' });
    const { code, stdout, stderr } = run(dir, ['check', '--select', 'PH502']);
    expect(stdout).not.toMatch(/r\.ipynb/);
    expect(stderr).toMatch(/broken\.ipynb: not a valid notebook/);
    expect(code).toBe(1);
  });
});

describe('pyhints check: threads and the cache', () => {
  /** Enough files for several workers, with findings, a configuration warning and an undecodable file. */
  const many = () => {
    const files: Record<string, string | Buffer> = { 'pyproject.toml': '[tool.pyhints]\nextend-select = ["PH502"]\nnot-a-key = 1\n', 'bad.py': Buffer.from([0xff, 0xfe, 0x00]) };
    for (let index = 0; index < 40; index++) files[`pkg/m${String(index).padStart(2, '0')}.py`] = index % 3 === 0 ? SHARED + SUM : index % 3 === 1 ? SUM : 'x = 1\n';
    return project(files);
  };

  it('prints the same on several threads as on one, for every format', () => {
    const dir = many();
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const one = run(dir, ['check', '--no-cache', '--threads', '1', '--format', format]);
      const three = run(dir, ['check', '--no-cache', '--threads', '3', '--format', format]);
      expect(three, format).toEqual(one);
      expect(one.code).toBe(1);
    }
    expect(run(dir, ['check', '--threads', '0']).stderr).toMatch(/--threads takes a whole number of threads, 1 or more/);
  });

  it('answers cached files on the main thread and the rest on workers, printing what one thread prints', () => {
    const dir = many();
    // JSON reports carry fix edits, which are part of the cache key: every run here is JSON.
    const check = (...args: string[]) => run(dir, ['check', '--format', 'json', ...args]);
    check('--threads', '3');
    // An entry changed by hand shows which answers came from the cache.
    const cache = path.join(dir, '.pyhints_cache');
    const [build] = fs.readdirSync(cache).filter((name) => !name.startsWith('.') && name !== 'CACHEDIR.TAG');
    const marked = (text: string) => text.replaceAll('from the cache', 'The default');
    for (const name of fs.readdirSync(path.join(cache, build))) {
      const entry = path.join(cache, build, name);
      const stored = JSON.parse(fs.readFileSync(entry, 'utf8'));
      for (const finding of stored.findings) if (finding.code === 'PH107') finding.message = finding.message.replace('The default', 'from the cache');
      fs.writeFileSync(entry, JSON.stringify(stored));
    }
    const warm = check('--threads', '3');
    expect(warm.stdout).toContain('from the cache');
    expect({ ...warm, stdout: marked(warm.stdout) }).toEqual(check('--no-cache', '--threads', '1'));
    // A few changed files are checked on the main thread too; many go to workers: the order stays.
    for (const changed of [2, 30]) {
      for (let index = 0; index < changed; index++) fs.appendFileSync(path.join(dir, `pkg/m${String(index).padStart(2, '0')}.py`), '# changed\n');
      const mixed = check('--threads', '3');
      expect(mixed.stdout).toContain('from the cache');
      expect({ ...mixed, stdout: marked(mixed.stdout) }).toEqual(check('--no-cache', '--threads', '1'));
    }
  });

  it('answers a re-run from .pyhints_cache, and analyses again a changed file, configuration or build', () => {
    const dir = project({ 'a.py': SHARED, 'b.py': SUM });
    const first = run(dir, ['check']);
    expect(first.stdout).toMatch(/a\.py:1:19: PH107/);
    const cache = path.join(dir, '.pyhints_cache');
    expect(fs.readFileSync(path.join(cache, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    const [build] = fs.readdirSync(cache).filter((name) => !name.startsWith('.') && name !== 'CACHEDIR.TAG');
    expect(build).toMatch(/^\d+\.\d+\.\d+-[0-9a-f]{12}$/);
    // An entry changed by hand proves the entries are used: its finding's message comes back.
    const entries = fs.readdirSync(path.join(cache, build)).map((name) => path.join(cache, build, name));
    for (const entry of entries) {
      const stored = JSON.parse(fs.readFileSync(entry, 'utf8'));
      for (const finding of stored.findings) finding.message = 'from the cache';
      fs.writeFileSync(entry, JSON.stringify(stored));
    }
    expect(run(dir, ['check']).stdout).toMatch(/a\.py:1:19: PH107 from the cache/);
    expect(run(dir, ['check', '--no-cache']).stdout).not.toMatch(/from the cache/);
    // Another build of the CLI has a folder of its own.
    const copy = path.join(ROOT, 'dist', `cli-copy-${process.pid}.js`);
    fs.writeFileSync(copy, fs.readFileSync(CLI, 'utf8') + '\n// another build\n');
    try {
      const other = spawnSync(process.execPath, [copy, 'check'], { cwd: dir, encoding: 'utf8' });
      expect(other.stdout).toMatch(/a\.py:1:19: PH107 The default/);
    } finally {
      fs.rmSync(copy);
    }
    // A changed configuration (here, the selection) and a changed file.
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyhints]\nextend-select = ["PH502"]\n');
    expect(run(dir, ['check']).stdout).toMatch(/b\.py:1:13: PH502 `sum\(\)`/);
    fs.writeFileSync(path.join(dir, 'a.py'), '# changed\n' + SHARED);
    expect(run(dir, ['check']).stdout).toMatch(/a\.py:2:19: PH107 The default/);
    expect(run(dir, ['check', '--cache-dir', 'elsewhere']).code).toBe(1);
    expect(fs.existsSync(path.join(dir, 'elsewhere', 'CACHEDIR.TAG'))).toBe(true);
  });

  it("keeps the cache in the project's folder when run from below it, or where cache-dir says", () => {
    const dir = project({ 'pyproject.toml': '[tool.pyhints]\n', 'src/app/a.py': SHARED });
    run(path.join(dir, 'src', 'app'), ['check']);
    expect(fs.existsSync(path.join(dir, '.pyhints_cache', 'CACHEDIR.TAG'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'src', 'app', '.pyhints_cache'))).toBe(false);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyhints]\ncache-dir = "build/lint-cache"\n');
    run(path.join(dir, 'src'), ['check']);
    expect(fs.existsSync(path.join(dir, 'build', 'lint-cache', 'CACHEDIR.TAG'))).toBe(true);
  });
});

describe('pyhints check --force-exclude', () => {
  it('applies the configured excludes to named files too, as pre-commit names them', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyhints]\nextend-exclude = ["generated", "*_pb2.py"]\n', 'generated/x.py': SHARED, 'api_pb2.py': SHARED, 'a.py': SHARED });
    const paths = (stdout: string) => (JSON.parse(stdout) as { path: string }[]).map((finding) => finding.path);
    expect(paths(run(dir, ['check', '--format', 'json', 'generated/x.py', 'api_pb2.py', 'a.py']).stdout)).toEqual(['generated/x.py', 'api_pb2.py', 'a.py']);
    expect(paths(run(dir, ['check', '--format', 'json', '--force-exclude', 'generated/x.py', 'api_pb2.py', 'a.py']).stdout)).toEqual(['a.py']);
  });
});

describe('pyhints check --show-settings', () => {
  it('says which configuration, target and rules a file is checked with, and where they come from', () => {
    const dir = project({
      'pyproject.toml': ['[project]', 'requires-python = ">=3.9"', '[tool.pyhints]', 'extend-select = ["PH502"]', '[tool.pyhints.severity]', 'PH502 = "error"', '[tool.pyhints.per-file-ignores]', '"tests/**" = ["PH107"]', ''].join('\n'),
      'tests/test_a.py': 'x = 1\n',
    });
    const { code, stdout } = run(dir, ['check', '--select', 'PH107,PH502', '--show-settings', 'tests/test_a.py']);
    expect(code).toBe(0);
    expect(stdout).toContain(`configuration:    ${path.join(fs.realpathSync(dir), 'pyproject.toml')}`);
    expect(stdout).toContain("target-version:   3.9 (from the project's requires-python)");
    expect(stdout).toContain('rules (1):        PH502');
    expect(stdout).toContain('per-file-ignores: PH107');
    expect(stdout).toContain('severity:         PH502 = error');
    const explained = JSON.parse(run(dir, ['check', '--show-settings', '--format', 'json', '--target-version', '3.12', '.']).stdout);
    expect(explained).toMatchObject({ targetVersion: '3.12', targetFrom: 'command line', perFileIgnores: [], unsafeFixes: false });
    expect(explained.rules).toContain('PH107');
  });
});

describe('pyhints check --fix and --diff', () => {
  it('applies safe fixes in place, reports the count and leaves unsafe ones', () => {
    const dir = project({ 'a.py': SHARED + SUM });
    const file = path.join(dir, 'a.py');
    fs.chmodSync(file, 0o640);
    const { code, stdout } = run(dir, ['check', '--fix']);
    expect(code).toBe(1);
    expect(stdout).toContain('Fixed 1 finding in 1 file.');
    expect(stdout).toContain('a.py:1:19: PH107');
    expect(fs.readFileSync(file, 'utf8')).toBe(SHARED + 'total = sum(price for price in prices)\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o640);
    // Nothing but the file and the cache: no temporary file left behind.
    expect(fs.readdirSync(dir).filter((name) => name !== '.pyhints_cache')).toEqual(['a.py']);

    const unsafe = run(dir, ['check', '--fix', '--unsafe-fixes']);
    expect(unsafe.code).toBe(0);
    expect(unsafe.stdout).toBe('Fixed 1 finding in 1 file.\nAll checks passed (1 file).\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('def add(tag, tags=None):\n    if tags is None:\n        tags = []\n    tags.append(tag)\n    return tags\ntotal = sum(price for price in prices)\n');
  });

  it('writes nothing without --fix', () => {
    const dir = project({ 'a.py': SUM, 'b.py': SHARED });
    const files = ['a.py', 'b.py'].map((name) => path.join(dir, name));
    const before = files.map(snapshot);
    for (const args of [['check'], ['check', '--unsafe-fixes'], ['check', '--format', 'json'], ['check', '--statistics'], ['check', '--diff', '--unsafe-fixes']]) {
      run(dir, args);
    }
    expect(files.map(snapshot)).toEqual(before);
  });

  it('prints a unified diff with --diff and writes nothing', () => {
    const source = 'import math\n\n\ndef area(shapes):\n    return sum([math.pi * s.r ** 2 for s in shapes])\n';
    const dir = project({ 'shapes.py': source, 'clean.py': 'x = 1\n' });
    const before = snapshot(path.join(dir, 'shapes.py'));
    const { code, stdout, stderr } = run(dir, ['check', '--diff']);
    expect(code).toBe(1);
    expect(stdout).toBe(
      [
        '--- shapes.py',
        '+++ shapes.py',
        '@@ -2,4 +2,4 @@',
        ' ',
        ' ',
        ' def area(shapes):',
        '-    return sum([math.pi * s.r ** 2 for s in shapes])',
        '+    return sum(math.pi * s.r ** 2 for s in shapes)',
        '',
      ].join('\n'),
    );
    expect(stderr).toBe('Would fix 1 finding in 1 file (2 files checked).\n');
    expect(snapshot(path.join(dir, 'shapes.py'))).toEqual(before);
    expect(run(dir, ['check', '--diff', 'clean.py'])).toEqual({ code: 0, stdout: '', stderr: 'Nothing to fix (1 file checked).\n' });
  });

  it('keeps a UTF-8 byte order mark, which does not count as a column', () => {
    const dir = project({ 'bom.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SUM)]) });
    expect(run(dir, ['check']).stdout).toContain('bom.py:1:13: PH502');
    run(dir, ['check', '--fix']);
    const bytes = fs.readFileSync(path.join(dir, 'bom.py'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('total = sum(price for price in prices)\n');
  });

  it('decodes and writes back in the encoding a coding cookie declares', () => {
    const latin1 = Buffer.from('# -*- coding: latin-1 -*-\nname = "café"\nn = max([len(c) for c in name])\n', 'latin1');
    const dir = project({ 'latin.py': latin1 });
    expect(run(dir, ['check']).stdout).toContain('latin.py:3:9: PH502');
    expect(run(dir, ['check', '--fix']).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'latin.py'))).toEqual(Buffer.from('# -*- coding: latin-1 -*-\nname = "café"\nn = max(len(c) for c in name)\n', 'latin1'));
  });

  it('writes cp1252 back byte for byte, and leaves a file whose encoding it cannot reproduce', () => {
    // "€" and the curly quotes are single bytes in cp1252 that Node can decode but not encode directly.
    const cp1252 = Buffer.from([...Buffer.from('# coding: cp1252\ns = "'), 0x80, 0x91, 0x92, ...Buffer.from('"\nn = sum([len(c) for c in s])\n')]);
    // Shift JIS needs two bytes for 日本, which a single-byte table cannot produce.
    const shiftJis = Buffer.from([...Buffer.from('# coding: shift_jis\ns = "'), 0x93, 0xfa, 0x96, 0x7b, ...Buffer.from('"\nn = sum([len(c) for c in s])\n')]);
    const dir = project({ 'cp.py': cp1252, 'sj.py': shiftJis });
    expect(run(dir, ['check']).stdout).toContain('sj.py:3:9: PH502');
    const { code, stdout, stderr } = run(dir, ['check', '--fix']);
    expect(fs.readFileSync(path.join(dir, 'cp.py'))).toEqual(Buffer.from(cp1252.toString('latin1').replace('[len(c) for c in s]', 'len(c) for c in s'), 'latin1'));
    expect(fs.readFileSync(path.join(dir, 'sj.py'))).toEqual(shiftJis);
    expect(stderr).toBe('sj.py: the fixed text has characters that shift_jis cannot encode; not written\n');
    expect(stdout).toContain('Fixed 1 finding in 1 file.\nFound 1 finding in 1 file (1 fixable with --fix). 1 file could not be fixed.');
    expect(code).toBe(1);
  });
});

describe('pyhints check --fix never loses code', () => {
  it('leaves a read-only file as it is, says so and exits 1', () => {
    const dir = project({ 'locked.py': SUM, 'open.py': SUM });
    const locked = path.join(dir, 'locked.py');
    fs.chmodSync(locked, 0o444);
    const { code, stdout, stderr } = run(dir, ['check', '--fix']);
    expect(stderr).toBe('locked.py: read-only, not fixed\n');
    expect(fs.readFileSync(locked, 'utf8')).toBe(SUM);
    expect(fs.statSync(locked).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(path.join(dir, 'open.py'), 'utf8')).toBe('total = sum(price for price in prices)\n');
    expect(stdout).toContain('1 file could not be fixed.');
    expect(code).toBe(1);
  });

  it('does not replace a file that changed after it was read', () => {
    const dir = project({ 'busy.py': SUM });
    const file = path.join(dir, 'busy.py');
    const read = readSource(file);
    if (!read.ok) throw new Error(read.message);
    // A save lands between the read and the write: the fixed copy of the old text must not win.
    const saved = `${SUM}print("saved meanwhile")\n`;
    fs.writeFileSync(file, saved);
    expect(() => writeFileAtomic(file, Buffer.from('fixed\n'), read.stamp)).toThrow(NotWrittenError);
    expect(fs.readFileSync(file, 'utf8')).toBe(saved);
    // Same size and a restored mtime still differ in content.
    const sameSize = SUM.replace('prices', 'PRICES');
    fs.writeFileSync(file, sameSize);
    fs.utimesSync(file, new Date(read.stamp.mtimeMs), new Date(read.stamp.mtimeMs));
    expect(() => writeFileAtomic(file, Buffer.from('fixed\n'), read.stamp)).toThrow('changed since it was read');
    expect(fs.readFileSync(file, 'utf8')).toBe(sameSize);
    expect(fs.readdirSync(dir)).toEqual(['busy.py']);
  });
});

describe('pyhints check: files that cannot be checked', () => {
  it('reports a file that is not UTF-8 and goes on with the others', () => {
    const dir = project({ 'bad.py': Buffer.from([...Buffer.from('x = "'), 0xff, 0xfe, ...Buffer.from('"\n')]), 'good.py': SUM });
    const { code, stdout, stderr } = run(dir, ['check']);
    expect(stderr).toBe('bad.py: cannot decode as UTF-8 (invalid byte 0xFF on line 1, column 6); skipped\n');
    expect(stdout).toContain('good.py:1:13: PH502');
    expect(stdout).toContain('Found 1 finding in 1 file (1 fixable with --fix). 1 file could not be checked.');
    expect(code).toBe(1);
  });

  it('reports a coding cookie Node cannot decode', () => {
    const dir = project({ 'dos.py': '# coding: cp437\nx = 1\n' });
    const { code, stderr } = run(dir, ['check']);
    expect(stderr).toBe('dos.py: cannot decode: Node.js has no decoder for `cp437`, which the coding cookie names; skipped\n');
    expect(code).toBe(1);
  });

  it('reports a missing path, checks the rest and exits 1, as Ruff does', () => {
    const dir = project({ 'clean.py': 'x = 1\n' });
    const { code, stdout, stderr } = run(dir, ['check', 'missing.py', 'clean.py']);
    expect(stderr).toBe('missing.py: no such file or folder\n');
    expect(stdout).toBe('No findings in 1 file. 1 file could not be checked.\n');
    expect(code).toBe(1);
    expect(run(dir, ['check', 'missing.py', '--exit-zero']).code).toBe(0);
  });

  it('skips files over the size cap with a message, without failing the run', () => {
    const dir = project({ 'big.py': '#' + ' '.repeat(10 * 1024 * 1024) + '\n', 'clean.py': 'x = 1\n' });
    const { code, stdout, stderr } = run(dir, ['check']);
    expect(stderr).toBe('big.py: larger than 10 MB (10.0 MB); skipped\n');
    expect(stdout).toBe('All checks passed (1 file).\n');
    expect(code).toBe(0);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file it may not read', () => {
    const dir = project({ 'secret.py': SUM });
    fs.chmodSync(path.join(dir, 'secret.py'), 0o000);
    const { code, stderr } = run(dir, ['check']);
    expect(stderr).toBe('secret.py: cannot read: permission denied; skipped\n');
    expect(code).toBe(1);
  });
});

describe('pyhints check: which files', () => {
  it('walks folders in sorted order, skipping virtualenvs, version control and caches', () => {
    const dir = project({
      'b.py': SUM,
      'a.py': SUM,
      'stubs.pyi': 'def f() -> int: ...\n',
      'notes.txt': SUM,
      'pkg/mod.py': SUM,
      'pkg/__pycache__/mod.py': SUM,
      '.git/hooks/x.py': SUM,
      'node_modules/lib/x.py': SUM,
      '.venv/lib/x.py': SUM,
      'venv/lib/x.py': SUM,
      'env/pyvenv.cfg': 'home = /usr/bin\n',
      'env/lib/x.py': SUM,
      '.tox/py/x.py': SUM,
      '.mypy_cache/x.py': SUM,
      'script': SUM,
    });
    fs.symlinkSync('..', path.join(dir, 'pkg', 'loop'));
    const walked = JSON.parse(run(dir, ['check', '--format', 'json']).stdout).map((finding: { path: string }) => finding.path);
    expect(walked).toEqual(['a.py', 'b.py', 'pkg/mod.py']);
    const all = run(dir, ['check', '--select', 'PH502', '.', 'script']);
    expect(all.stdout).toContain('script:1:13: PH502');
    expect(all.stdout).toContain('Found 4 findings in 4 files');
    // A folder named on the command line is checked even when it would be skipped inside a walk.
    expect(JSON.parse(run(dir, ['check', '--format', 'json', 'venv']).stdout).map((finding: { path: string }) => finding.path)).toEqual(['venv/lib/x.py']);
  });

  it('warns when there is nothing to check', () => {
    const dir = project({ 'notes.txt': 'hello\n' });
    const { code, stderr } = run(dir, ['check']);
    expect(stderr).toBe('pyhints: no Python files found under .\n');
    expect(code).toBe(0);
  });
});

describe('pyhints check --select / --ignore', () => {
  const files = { 'a.py': SUM, 'b.py': SINGLETON };
  const codes = (dir: string, args: string[]) => JSON.parse(run(dir, ['check', '--format', 'json', ...args]).stdout).map((finding: { code: string }) => finding.code);

  it('runs the default set, selects by code, prefix or name, extends the selection, and an ignore wins', () => {
    const dir = project(files);
    expect(codes(dir, ['--select', 'ALL'])).toEqual(['PH502', 'PH201']);
    expect(codes(dir, ['--extend-select', 'PH201'])).toEqual(['PH201']);
    expect(codes(dir, ['--select', 'PH5'])).toEqual(['PH502']);
    expect(codes(dir, ['--select', 'manual-singleton'])).toEqual(['PH201']);
    expect(codes(dir, ['--select', 'PH201,PH502', '--ignore', 'comprehension-in-call'])).toEqual(['PH201']);
    expect(codes(dir, ['--select=PH2', '--ignore=PH201'])).toEqual([]);
  });
});

describe('pyhints check: configuration', () => {
  const json = (stdout: string) => (JSON.parse(stdout) as { path: string; code: string; severity: string }[]).map(({ path: file, code, severity }) => `${file} ${code} ${severity}`);

  it('takes [tool.pyhints] from the nearest pyproject.toml, with per-file ignores, excludes and severities', () => {
    const dir = project({
      'pyproject.toml': [
        '[tool.pyhints]',
        'extend-select = ["PH502"]',
        'extend-exclude = ["generated"]',
        '[tool.pyhints.severity]',
        'PH107 = "error"',
        '[tool.pyhints.per-file-ignores]',
        '"tests/**" = ["PH107"]',
        '',
      ].join('\n'),
      'app.py': SUM + SHARED,
      'tests/test_app.py': SUM + SHARED,
      'generated/out.py': SUM,
      // A nested project with its own settings: the nearest configuration wins.
      'vendor/pyproject.toml': '[tool.pyhints]\nignore = ["ALL"]\n',
      'vendor/lib.py': SUM + SHARED,
    });
    const { stdout, stderr } = run(dir, ['check', '--select', 'PH107', '--format', 'json']);
    expect(stderr).toBe('');
    // --select replaces the configured selection, and the configuration's ignores still apply.
    expect(json(stdout)).toEqual(['app.py PH107 error']);
    const configured = run(dir, ['check', '--extend-select', 'PH502', '--format', 'json']);
    expect(json(configured.stdout)).toEqual(['app.py PH502 information', 'app.py PH107 error', 'tests/test_app.py PH502 information']);
  });

  it('takes the target from requires-python, and --target-version wins over it', () => {
    const cached = '@lru_cache(maxsize=None)\ndef load(path):\n    return open(path).read()\n';
    const dir = project({ 'pyproject.toml': '[project]\nrequires-python = ">=3.8"\n', 'a.py': `from functools import lru_cache\n\n${cached}` });
    // PH104 advises functools.cache, which needs 3.9.
    expect(run(dir, ['check', '--select', 'PH104']).code).toBe(0);
    expect(run(dir, ['check', '--select', 'PH104', '--target-version', '3.9']).code).toBe(1);
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nrequires-python = ">=3.10"\n');
    expect(run(dir, ['check', '--select', 'PH104']).code).toBe(1);
  });

  it('warns about a bad key with its file and line, and applies the rest', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyhints]\nignore = ["PH107"]\ncolour = "blue"\nselect = "PH1"\n', 'a.py': SHARED });
    const { code, stdout, stderr } = run(dir, ['check', '--format', 'json']);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      `warning: ${path.join(fs.realpathSync(dir), 'pyproject.toml')}:3: unknown key \`colour\`; it is ignored`,
      `warning: ${path.join(fs.realpathSync(dir), 'pyproject.toml')}:4: \`select\` must be a list of rule codes, code prefixes or rule names, not "PH1"`,
    ].map((line) => line.replace(fs.realpathSync(dir), path.resolve(dir))));
    expect(JSON.parse(stdout)).toEqual([]);
    expect(code).toBe(0);
  });

  it('uses only the --config file, or none with --isolated', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyhints]\nignore = ["PH107"]\n', 'other.toml': 'unsafe-fixes = true\n', 'a.py': SHARED });
    expect(run(dir, ['check']).code).toBe(0);
    expect(run(dir, ['check', '--isolated']).code).toBe(1);
    const fixed = run(dir, ['check', '--config', 'other.toml', '--fix']);
    expect(fixed.stdout).toContain('Fixed 1 finding in 1 file.');
    expect(fs.readFileSync(path.join(dir, 'a.py'), 'utf8')).toContain('if tags is None:');
  });

  it('leaves fixes to unfixable rules alone, and findings to Ruff when Ruff selects their peer', () => {
    const dir = project({ 'pyproject.toml': '[tool.pyhints]\nextend-select = ["PH502"]\nunfixable = ["PH502"]\n', 'a.py': SUM });
    expect(run(dir, ['check', '--fix']).stdout).not.toContain('Fixed');
    expect(fs.readFileSync(path.join(dir, 'a.py'), 'utf8')).toBe(SUM);
    // PH107's peer is flake8-bugbear's B006, which Ruff runs when `B` is selected.
    const ruff = project({ 'pyproject.toml': '[tool.ruff.lint]\nselect = ["E", "B"]\n', 'a.py': SHARED });
    expect(run(ruff, ['check']).code).toBe(0);
    fs.writeFileSync(path.join(ruff, 'pyproject.toml'), '[tool.ruff.lint]\nselect = ["E", "B"]\nignore = ["B006"]\n');
    expect(run(ruff, ['check']).code).toBe(1);
    fs.writeFileSync(path.join(ruff, 'pyproject.toml'), '[tool.ruff.lint]\nselect = ["B"]\n[tool.pyhints]\ndefer-to-ruff = false\n');
    expect(run(ruff, ['check']).code).toBe(1);
  });
});

describe('pyhints rule / rules', () => {
  it('prints a rule page by code or by name', () => {
    const rule = ALL_RULES.find((candidate) => candidate.meta.code === 'PH502')!;
    const byCode = run(ROOT, ['rule', 'ph502']);
    expect(byCode.code).toBe(0);
    expect(byCode.stdout).toBe(rulePageMarkdown(rule.meta));
    expect(run(ROOT, ['rule', 'comprehension-in-call']).stdout).toBe(byCode.stdout);
  });

  it('lists every rule with its name, fix and message', () => {
    const { code, stdout } = run(ROOT, ['rules']);
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(ALL_RULES.length);
    ALL_RULES.forEach(({ meta }, index) => {
      expect(lines[index]).toMatch(new RegExp(`^${meta.code}\\s+${meta.name}\\s+(safe fix|unsafe fix|refactoring|no fix)\\s+`));
      expect(lines[index].endsWith(meta.message)).toBe(true);
    });
    expect(lines.find((line) => line.startsWith('PH502'))).toContain('safe fix');
  });
});
