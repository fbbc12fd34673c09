// The snippet library: every template is valid snippet syntax; expanded with its defaults it
// parses, compiles with CPython and trips none of our own rules (the templates are where we model
// the advice); its metadata says where it fits and which Python it needs.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { atLeast } from '../server/src/engine/analyzer';
import { NEWEST_TARGET } from '../server/src/engine/config/python-version';
import type { PythonVersion } from '../server/src/engine/rule';
import { loadSnippets, snippetPreview, type Snippet } from '../server/src/snippet-completions';
import { engineWith, parser } from './engine-fixture';
import { compileFailures, compilingPython } from './python-compile';

const root = new URL('../', import.meta.url);
const SNIPPETS_FILE = new URL('snippets/python.json', root).pathname;
const raw: Record<string, { prefix: string | string[] }> = JSON.parse(readFileSync(SNIPPETS_FILE, 'utf8'));
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const engine = await engineWith({ select: ['ALL'], target: NEWEST_TARGET });

/** One entry of the file, as the server reads it: its prefixes together. */
interface Entry extends Omit<Snippet, 'prefix'> {
  prefixes: string[];
}

const entries: Entry[] = [];
for (const snippet of loadSnippets(SNIPPETS_FILE)) {
  const entry = entries.find((each) => each.name === snippet.name);
  if (entry) entry.prefixes.push(snippet.prefix);
  else entries.push({ ...snippet, prefixes: [snippet.prefix] });
}

/** The word a prefix starts with, one per family of templates, so that typing it lists the family. */
const COMMON_WORDS = [
  'dec', 'ctx', 'dc', 'namedtuple', 'typeddict', 'proto', 'generic', 'abc', 'desc', 'prop', 'meta', 'init', 'registry',
  'singleton', 'observer', 'strategy', 'match', 'walrus', 'async', 'contextvar', 'thread', 'process', 'cache',
  'pydantic', 'pytest', 'mock',
];
/** The prefixes of the first library, which keep working as second prefixes. */
const EARLIER_PREFIXES = [
  'ph-decorator', 'ph-decorator-args', 'ph-contextmanager', 'ph-asynccontextmanager', 'ph-dataclass-frozen',
  'ph-dataclass-default', 'ph-protocol', 'ph-descriptor', 'ph-taskgroup', 'ph-semaphore', 'ph-singleton',
  'ph-singleton-factory', 'ph-registry', 'ph-abc', 'ph-cache', 'ph-cached-property',
];
/** Class-body templates are checked inside a class, with the imports their descriptions ask for. */
const CLASS_PRELUDE = 'import functools\nfrom abc import ABC, abstractmethod\n\nfrom pydantic import ConfigDict\n\n\nclass Example(ABC):\n';
/** Code that needs a newer Python than 3.8, found in the expanded template: its `minPython` must say so. */
const NEWER_SYNTAX: { needs: PythonVersion; what: string; found: (code: string, tree: Node) => boolean }[] = [
  { needs: [3, 10], what: 'a match statement', found: (_code, tree) => tree.descendantsOfType('match_statement').length > 0 },
  {
    needs: [3, 12],
    what: 'type parameters',
    found: (_code, tree) =>
      tree.descendantsOfType(['type_parameter', 'type_alias_statement']).some((node) => node?.type === 'type_alias_statement' || ['class_definition', 'function_definition'].includes(node?.parent?.type ?? '')),
  },
  { needs: [3, 10], what: 'typing.ParamSpec', found: (code) => /\bParamSpec\b/.test(code) },
  { needs: [3, 10], what: 'a dataclass with slots', found: (code) => /@dataclass\([^)]*slots=True/.test(code) },
  { needs: [3, 10], what: 'an `X | None` annotation', found: (code) => /:\s*[\w.[\]]+ \| None|-> [\w.[\]]+ \| None/.test(code) },
  { needs: [3, 11], what: 'asyncio.TaskGroup or asyncio.timeout', found: (code) => /asyncio\.(TaskGroup|timeout)\(/.test(code) },
  { needs: [3, 9], what: 'functools.cache', found: (code) => /functools\.cache\b/.test(code) },
  { needs: [3, 9], what: 'a subscripted builtin or collections.abc type', found: (code) => /\b(list|dict|tuple|set|type|Callable|Iterator|AsyncIterator|ContextVar)\[/.test(code) },
];

/** A piece of a snippet body: literal text, a tab stop (with a default or choices), or a variable. */
type Piece = string | { index: number; placeholder?: Piece[]; choices?: string[] };

/**
 * Parses VS Code's snippet grammar for what templates use: `$1`, `${1}`, `${1:default}` (defaults
 * may nest) and `${1|one,two|}` (with `\,` and `\|` escapes), and `\$`, `\}` and `\\` escapes.
 * Variables such as `$TM_FILENAME` are rejected: a template must not depend on the editor's state.
 */
function parseSnippet(text: string): Piece[] {
  let at = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at ${at} in ${JSON.stringify(text.slice(Math.max(0, at - 20), at + 20))}`);
  };
  const readIndex = (): number => {
    const digits = /^\d+/.exec(text.slice(at))?.[0] ?? fail('expected a tab stop number');
    at += digits.length;
    return Number(digits);
  };
  const readChoices = (): string[] => {
    const choices = [''];
    for (;;) {
      const char = text[at] ?? fail('unterminated choice');
      if (char === '\\' && ',|\\'.includes(text[at + 1] ?? '')) {
        choices[choices.length - 1] += text[at + 1];
        at += 2;
      } else if (char === ',') {
        choices.push('');
        at += 1;
      } else if (char === '|') {
        at += 1;
        return choices;
      } else {
        choices[choices.length - 1] += char;
        at += 1;
      }
    }
  };
  const readPieces = (insidePlaceholder: boolean): Piece[] => {
    const pieces: Piece[] = [];
    let literal = '';
    const flush = () => {
      if (literal) pieces.push(literal);
      literal = '';
    };
    while (at < text.length) {
      const char = text[at];
      if (char === '\\' && '$}\\'.includes(text[at + 1] ?? '')) {
        literal += text[at + 1];
        at += 2;
      } else if (char === '}' && insidePlaceholder) {
        break;
      } else if (char === '$' && /\d/.test(text[at + 1] ?? '')) {
        flush();
        at += 1;
        pieces.push({ index: readIndex() });
      } else if (char === '$' && text[at + 1] === '{') {
        flush();
        at += 2;
        if (!/\d/.test(text[at] ?? '')) fail('only numbered tab stops are supported');
        const index = readIndex();
        if (text[at] === ':') {
          at += 1;
          pieces.push({ index, placeholder: readPieces(true) });
        } else if (text[at] === '|') {
          at += 1;
          pieces.push({ index, choices: readChoices() });
        } else {
          pieces.push({ index });
        }
        if (text[at] !== '}') fail('expected }');
        at += 1;
      } else if (char === '$') {
        fail('a variable or a stray $ (escape it as \\$)');
      } else {
        literal += char;
        at += 1;
      }
    }
    flush();
    return pieces;
  };
  return readPieces(false);
}

/** Every tab stop of a body, nested ones included, in text order. */
function tabStops(pieces: Piece[]): Exclude<Piece, string>[] {
  return pieces.flatMap((piece) => (typeof piece === 'string' ? [] : [piece, ...tabStops(piece.placeholder ?? [])]));
}

/** The text VS Code inserts when every tab stop keeps its default (a choice its first option); mirrors repeat their placeholder's text. */
function expand(body: string): string {
  const pieces = parseSnippet(body);
  const defaults = new Map<number, Piece[]>();
  for (const stop of tabStops(pieces)) {
    const value = stop.placeholder ?? (stop.choices ? [stop.choices[0]] : undefined);
    if (value && !defaults.has(stop.index)) defaults.set(stop.index, value);
  }
  const render = (list: Piece[]): string =>
    list.map((piece) => (typeof piece === 'string' ? piece : render(piece.placeholder ?? (piece.choices ? [piece.choices[0]] : defaults.get(piece.index) ?? [])))).join('');
  return render(pieces);
}

/** What a tab stop layout gets wrong: gaps in the numbering, an index with two defaults, a one-option choice. */
function tabStopProblems(body: string): string[] {
  const stops = tabStops(parseSnippet(body));
  const problems: string[] = [];
  const numbered = [...new Set(stops.map((stop) => stop.index).filter((index) => index > 0))].sort((a, b) => a - b);
  if (numbered.some((index, position) => index !== position + 1)) problems.push(`tab stops ${numbered.join(', ')} are not numbered 1 to ${numbered.length}`);
  for (const index of numbered) {
    const defined = stops.filter((stop) => stop.index === index && (stop.placeholder || stop.choices));
    if (defined.length > 1) problems.push(`tab stop ${index} has ${defined.length} defaults: only the first counts`);
    if (defined[0]?.placeholder?.length === 0) problems.push(`tab stop ${index} has an empty default`);
  }
  for (const stop of stops) if (stop.choices && (stop.choices.length < 2 || stop.choices.some((choice) => choice === ''))) problems.push(`choice ${stop.index} needs two or more options`);
  if (stops.filter((stop) => stop.index === 0).length > 1) problems.push('$0 appears more than once');
  return problems;
}

/** The module a template is checked as: class-body ones inside a class. */
function moduleOf(entry: Entry): string {
  const code = expand(entry.body);
  if (entry.contexts.includes('statement')) return `${code}\n`;
  return `${CLASS_PRELUDE}${code.replace(/^(?=.*\S)/gm, '    ')}\n`;
}

/** Where the tree has ERROR or MISSING nodes, so that a failure says which line broke. */
function syntaxErrors(code: string): string[] {
  const tree = parser.parse(code);
  try {
    const errors: string[] = [];
    const visit = (node: Node) => {
      if (node.isError || node.isMissing) {
        errors.push(`line ${node.startPosition.row + 1}: ${node.isMissing ? `missing ${node.type}` : JSON.stringify(node.text.slice(0, 40))}`);
      } else if (node.hasError) {
        for (const child of node.children) if (child) visit(child);
      }
    };
    visit(tree.rootNode);
    return errors;
  } finally {
    tree.delete();
  }
}

describe('snippet syntax', () => {
  it('expands defaults, first choices, mirrors and escapes', () => {
    expect(expand('def ${1:name}(${2:x}):\n    return $2 + \\$1${3}$0')).toBe('def name(x):\n    return x + $1');
    expect(expand('${1:outer ${2:inner}} $2\n${3|a,b|} $3')).toBe('outer inner inner\na a');
    expect(expand('${1|a\\,b,c\\|d|}')).toBe('a,b');
    // Outside a placeholder a brace is text, as in an f-string's `{value!r}`.
    expect(expand('f"{${1:x}!r}"')).toBe('f"{x!r}"');
  });

  it('rejects what it cannot expand faithfully', () => {
    expect(() => expand('$TM_FILENAME')).toThrow(/variable/);
    expect(() => expand('${1:open')).toThrow(/expected }/);
    expect(() => expand('${1|a,b}')).toThrow(/unterminated choice/);
  });

  it('finds badly numbered tab stops', () => {
    expect(tabStopProblems('${1:a} ${3:b}')).toEqual(['tab stops 1, 3 are not numbered 1 to 2']);
    expect(tabStopProblems('${1:a} ${1:b}')).toEqual(['tab stop 1 has 2 defaults: only the first counts']);
    expect(tabStopProblems('${1|a|}')).toEqual(['choice 1 needs two or more options']);
    expect(tabStopProblems('${1:a} $1 ${2|x,y|} $0')).toEqual([]);
  });

  it('shows the same defaults in the completion preview as the editor inserts', () => {
    for (const entry of entries) expect(snippetPreview(entry.body), entry.name).toBe(expand(entry.body));
  });
});

describe('loadSnippets', () => {
  const fileWith = (entries: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'pyhints-snippets-')), 'python.json');
    writeFileSync(file, JSON.stringify(entries));
    return file;
  };

  it('reads contexts, the Python version and each prefix', () => {
    const file = fileWith({
      Plain: { prefix: 'plain', body: 'pass', description: 'A statement.' },
      Member: { prefix: ['member', 'ph-member'], body: ['x = 1', '$0'], description: 'A member.', context: 'class-body', minPython: '3.11' },
      Both: { prefix: 'both', body: 'pass', context: ['statement', 'class-body'] },
    });
    expect(loadSnippets(file)).toEqual([
      { name: 'Plain', prefix: 'plain', body: 'pass', description: 'A statement.', contexts: ['statement'], minPython: [3, 0] },
      { name: 'Member', prefix: 'member', body: 'x = 1\n$0', description: 'A member.', contexts: ['class-body'], minPython: [3, 11] },
      { name: 'Member', prefix: 'ph-member', body: 'x = 1\n$0', description: 'A member.', contexts: ['class-body'], minPython: [3, 11] },
      { name: 'Both', prefix: 'both', body: 'pass', description: '', contexts: ['statement', 'class-body'], minPython: [3, 0] },
    ]);
  });

  it.each([
    [{ prefix: 'x', body: 'pass', context: 'class' }, /snippet "Bad" has "context" "class": expected "statement" or "class-body", or a list of them/],
    [{ prefix: 'x', body: 'pass', context: [] }, /has "context" \[\]/],
    [{ prefix: 'x', body: 'pass', minPython: 3.1 }, /has "minPython" 3.1: expected a version such as "3.10"/],
    [{ prefix: 'x', body: 'pass', minPython: '3.x' }, /has "minPython" "3.x"/],
    [{ prefix: 'x', body: 'pass', minpython: '3.10' }, /has unknown key\(s\) "minpython"/],
    [{ prefix: [], body: 'pass' }, /needs a prefix and a body/],
    [{ prefix: 'x', body: ['pass', 1] }, /needs a prefix and a body/],
    [{ prefix: 'x', body: 'pass', description: ['two', 'lines'] }, /description that is not a string/],
  ])('rejects %j', (entry, message) => {
    expect(() => loadSnippets(fileWith({ Bad: entry }))).toThrow(message);
  });
});

describe('snippets/python.json', () => {
  it('has at least 40 templates, which the server offers (VS Code too: the manifest contributes none)', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    expect(manifest.contributes.snippets).toBeUndefined();
  });

  it('starts each prefix with the common word of its family; `ph-` ones only as second prefixes', () => {
    const prefixes = entries.flatMap((entry) => entry.prefixes);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    const family = new RegExp(`^(${COMMON_WORDS.join('|')})(-[a-z0-9]+)*$`);
    for (const entry of entries) {
      const [first, ...others] = entry.prefixes;
      expect(first, entry.name).toMatch(family);
      for (const other of others) expect(other, entry.name).toMatch(/^ph-[a-z]+(-[a-z]+)*$/);
    }
  });

  it('keeps every earlier `ph-` prefix', () => {
    const prefixes = entries.flatMap((entry) => entry.prefixes);
    expect(EARLIER_PREFIXES.filter((prefix) => !prefixes.includes(prefix))).toEqual([]);
  });

  it('describes each template in one line, and keeps the body as a list of lines', () => {
    for (const entry of entries) {
      expect(entry.description, entry.name).toMatch(/^[^\n]{20,160}$/);
      expect(Array.isArray(raw[entry.name] && (raw[entry.name] as { body?: unknown }).body), entry.name).toBe(true);
    }
  });

  it('has templates for class bodies and templates gated on newer Pythons', () => {
    expect(entries.filter((entry) => entry.contexts.includes('class-body')).map((entry) => entry.prefixes[0])).toEqual(
      expect.arrayContaining(['desc-field', 'prop', 'init-subclass', 'pydantic-config']),
    );
    expect(entries.filter((entry) => atLeast(entry.minPython, [3, 11])).length).toBeGreaterThan(0);
  });

  const python = compilingPython();
  const compiled = new Map<string, string>();
  let compiledAll = false;
  const compileFailureOf = (entry: Entry) => {
    if (!compiledAll) {
      const sources = entries.filter((each) => atLeast(python, each.minPython)).map((each) => ({ name: each.name, code: moduleOf(each) }));
      for (const failure of compileFailures(sources)) compiled.set(failure.name, failure.error);
      compiledAll = true;
    }
    return compiled.get(entry.name);
  };

  describe.each(entries.map((entry) => [entry.prefixes[0], entry] as const))('%s', (_prefix, entry) => {
    const code = moduleOf(entry);

    it('is valid snippet syntax with sanely numbered tab stops', () => {
      expect(tabStopProblems(entry.body)).toEqual([]);
    });

    it('parses after expansion with its defaults', () => {
      expect(syntaxErrors(code)).toEqual([]);
    });

    it.skipIf(!atLeast(python, entry.minPython))(`compiles with CPython${entry.minPython[1] > 0 ? ` (${entry.minPython.join('.')}+)` : ''}`, () => {
      expect(compileFailureOf(entry)).toBeUndefined();
    });

    it('declares the Python its code needs', () => {
      const tree = parser.parse(code);
      try {
        const needed = NEWER_SYNTAX.filter((feature) => feature.found(code, tree.rootNode) && !atLeast(entry.minPython, feature.needs));
        expect(needed.map((feature) => `${feature.what} needs ${feature.needs.join('.')}`)).toEqual([]);
      } finally {
        tree.delete();
      }
    });

    it('is clean under every rule at the newest target', () => {
      const document = engine.open(code);
      try {
        const findings = engine.analyze(document).map((finding) => `${finding.rule.code}: ${code.slice(finding.start, finding.end)}`);
        expect(findings).toEqual([]);
      } finally {
        document.dispose();
      }
    });
  });
});
