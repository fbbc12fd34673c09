// Reading a project's configuration: `requires-python` forms, `[tool.pyhints]` keys checked one by
// one (a bad one is reported with its line and the rest applies), and which file applies to a
// Python file in nested folders.

import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigDiscovery } from '../../server/src/engine/config/discovery';
import { readConfigFile } from '../../server/src/engine/config/project-config';
import { lowestAllowedPython, parseTarget } from '../../server/src/engine/config/python-version';
import { ALL_RULES } from '../../server/src/rules';

describe('Python versions', () => {
  it('reads the lowest version requires-python allows, raised to 3.8', () => {
    const cases: [string, string | undefined][] = [
      ['>=3.9', '3.9'],
      ['>=3.10,<4', '3.10'],
      ['>= 3.10, < 4', '3.10'],
      ['~=3.11', '3.11'],
      ['==3.12.*', '3.12'],
      ['>3.8', '3.8'],
      ['>=3.7', '3.8'],
      ['>=2.7, !=3.0.*, !=3.1.*', '3.8'],
      ['>=3.9.2', '3.9'],
      ['<3.13', undefined],
      ['!=3.9.*', undefined],
      ['>=4', undefined],
      ['latest', undefined],
    ];
    for (const [spec, expected] of cases) expect(lowestAllowedPython(spec)?.join('.'), spec).toBe(expected);
  });

  it('reads targets as 3.10, py310 or 310, within the versions pyhints knows', () => {
    expect(parseTarget('3.10')).toEqual([3, 10]);
    expect(parseTarget('py39')).toEqual([3, 9]);
    expect(parseTarget('312')).toEqual([3, 12]);
    expect(parseTarget('3.7')).toBeUndefined();
    expect(parseTarget('3.15')).toBeUndefined();
  });
});

describe('[tool.pyhints]', () => {
  const read = (text: string) => readConfigFile('/p/pyproject.toml', text, 'pyproject', ALL_RULES);

  it('reads every key', () => {
    const { config, problems, hasPyhints } = read(
      [
        '[project]',
        'requires-python = ">=3.9"',
        '',
        '[tool.pyhints]',
        'target-version = "3.11"',
        'select = ["PH1", "mutable-default-argument"]',
        'extend-select = ["PH502"]',
        'ignore = ["PH104"]',
        'exclude = ["build/**"]',
        'extend-exclude = ["gen_*.py"]',
        'fixable = ["ALL"]',
        'unfixable = ["PH107"]',
        'unsafe-fixes = true',
        'defer-to-ruff = false',
        '',
        '[tool.pyhints.severity]',
        'PH107 = "error"',
        'lru-cache-maxsize-none = "off"',
        '',
        '[tool.pyhints.per-file-ignores]',
        '"tests/**" = ["PH107"]',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(hasPyhints).toBe(true);
    expect(config).toEqual({
      targetVersion: [3, 11],
      select: ['PH1', 'mutable-default-argument'],
      extendSelect: ['PH502'],
      ignore: ['PH104'],
      exclude: ['build/**'],
      extendExclude: ['gen_*.py'],
      fixable: ['ALL'],
      unfixable: ['PH107'],
      unsafeFixes: true,
      deferToRuff: false,
      severity: { PH107: 'error', 'lru-cache-maxsize-none': 'off' },
      perFileIgnores: [['tests/**', ['PH107']]],
    });
  });

  it('reports each bad value with its line, and applies the rest', () => {
    const { config, problems } = read(
      [
        '[tool.pyhints]', // 1
        'target-version = "3.6"', // 2
        'select = "PH1"', // 3
        'ignore = ["PH999", "PH104"]', // 4
        'colour = "blue"', // 5
        'unsafe-fixes = "yes"', // 6
        'severity = { PH107 = "loud", nope = "error", PH502 = "hint" }', // 7
        '',
      ].join('\n'),
    );
    expect(problems.map((problem) => [problem.line + 1, problem.message])).toEqual([
      [2, expect.stringContaining('`target-version` must be one of 3.8 … 3.14')],
      [3, expect.stringContaining('`select` must be a list of rule codes')],
      [4, expect.stringContaining('`ignore`: `PH999` matches no rule')],
      [5, expect.stringContaining('unknown key `colour`')],
      [6, expect.stringContaining('`unsafe-fixes` must be true or false')],
      [7, expect.stringContaining('`severity`: `PH107` must be one of error, warning, information, hint, off')],
      [7, expect.stringContaining('`severity`: `nope` is no rule code or name')],
    ]);
    expect(problems[0].message.startsWith('/p/pyproject.toml:2: ')).toBe(true);
    expect(config).toEqual({ ignore: ['PH999', 'PH104'], severity: { PH502: 'hint' } });
  });

  it('says where a file is not TOML, and uses none of it', () => {
    const { config, problems } = read('[tool.pyhints]\nselect = ["PH1"\n');
    expect(config).toEqual({});
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/^\/p\/pyproject\.toml is not valid TOML/);
  });

  it('reads Ruff\'s selection and target from [tool.ruff] and ruff.toml', () => {
    const project = read('[tool.ruff]\ntarget-version = "py39"\n[tool.ruff.lint]\nselect = ["B", "UP"]\n');
    expect(project.hasPyhints).toBe(false);
    expect(project.ruffTarget).toEqual([3, 9]);
    expect(project.ruff).toEqual({ select: ['B', 'UP'], extendSelect: undefined, ignore: undefined });
    const ruff = readConfigFile('/p/ruff.toml', 'extend-select = ["RUF006"]\n', 'ruff', ALL_RULES);
    expect(ruff.ruff).toEqual({ select: undefined, extendSelect: ['RUF006'], ignore: undefined });
  });
});

describe('which configuration applies', () => {
  /** A discovery over an in-memory tree of files. */
  const discovery = (files: Record<string, string>, stopAt?: string) =>
    new ConfigDiscovery(ALL_RULES, [3, 10], stopAt, (file) => files[file.split(path.sep).join('/')]);

  it('takes the nearest file with pyhints settings; pyhints.toml wins beside pyproject.toml', () => {
    const files = {
      '/repo/pyproject.toml': '[project]\nrequires-python = ">=3.9"\n[tool.pyhints]\nignore = ["PH104"]\n',
      '/repo/pkg/pyproject.toml': '[project]\nrequires-python = ">=3.12"\n',
      '/repo/tools/pyproject.toml': '[tool.pyhints]\nselect = ["ALL"]\n',
      '/repo/tools/pyhints.toml': 'select = ["PH502"]\n',
    };
    const found = discovery(files);
    expect(found.forFile('/repo/src/a.py')).toMatchObject({ file: '/repo/pyproject.toml', root: '/repo', config: { ignore: ['PH104'] }, target: [3, 9], targetSource: 'requires-python' });
    // A pyproject.toml without [tool.pyhints] is no configuration, and the search goes on up.
    expect(found.forFile('/repo/pkg/b.py')).toMatchObject({ file: '/repo/pyproject.toml', target: [3, 9] });
    expect(found.forFile('/repo/tools/c.py')).toMatchObject({ file: '/repo/tools/pyhints.toml', config: { select: ['PH502'] }, target: [3, 10], targetSource: 'default' });
  });

  it('takes the target from target-version, then requires-python, then Ruff, then the default', () => {
    expect(discovery({ '/a/pyproject.toml': '[project]\nrequires-python = ">=3.9"\n[tool.pyhints]\ntarget-version = "3.12"\n' }).forFile('/a/x.py')).toMatchObject({ target: [3, 12], targetSource: 'target-version' });
    expect(discovery({ '/a/pyproject.toml': '[project]\nrequires-python = "~=3.11"\n' }).forFile('/a/x.py')).toMatchObject({ file: undefined, target: [3, 11], targetSource: 'requires-python' });
    expect(discovery({ '/a/pyproject.toml': '[tool.ruff]\ntarget-version = "py38"\n' }).forFile('/a/x.py')).toMatchObject({ target: [3, 8], targetSource: 'ruff' });
    expect(discovery({ '/a/ruff.toml': 'target-version = "py313"\n' }).forFile('/a/b/x.py')).toMatchObject({ target: [3, 13], targetSource: 'ruff', ruff: {} });
    expect(discovery({}).forFile('/a/x.py')).toMatchObject({ target: [3, 10], targetSource: 'default', config: {} });
  });

  it('stops at the root it is given, and forgets what it read when told', () => {
    const files: Record<string, string> = { '/outside/pyproject.toml': '[tool.pyhints]\nselect = ["ALL"]\n' };
    const found = discovery(files, '/outside/ws');
    expect(found.forFile('/outside/ws/x.py').file).toBeUndefined();
    const unbounded = discovery(files);
    expect(unbounded.forFile('/outside/ws/x.py').file).toBe('/outside/pyproject.toml');
    files['/outside/ws/pyhints.toml'] = 'ignore = ["PH107"]\n';
    expect(unbounded.forFile('/outside/ws/x.py').file).toBe('/outside/pyproject.toml');
    unbounded.forget();
    expect(unbounded.forFile('/outside/ws/x.py').file).toBe('/outside/ws/pyhints.toml');
  });
});
