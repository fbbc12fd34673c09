// The snippet library: every template, expanded with its defaults, must parse and must not
// trip any of our own rules (the templates are where we model the advice).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Node } from 'web-tree-sitter';
import { engineWith, parser } from './engine-fixture';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

const root = new URL('../', import.meta.url);
const snippets: Record<string, Snippet> = JSON.parse(readFileSync(new URL('snippets/python.json', root), 'utf8'));
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const engine = await engineWith();

/** A piece of a snippet body: literal text or a tab stop, which may hold a default. */
type Piece = string | { index: number; placeholder?: Piece[] };

/**
 * Parses the part of VS Code's snippet grammar we use: `$1`, `${1}`, `${1:default}` (defaults
 * may nest) and `${1|one,two|}`, with `\$`, `\}` and `\\` escapes. Variables such as
 * `$TM_FILENAME` are rejected: a template must not depend on the editor's state.
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
          const end = text.indexOf('|}', at);
          if (end < 0) fail('unterminated choice');
          pieces.push({ index, placeholder: [text.slice(at + 1, end).split(',')[0]] });
          at = end + 1;
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
  const pieces = readPieces(false);
  if (at < text.length) fail('unbalanced }');
  return pieces;
}

/** The text VS Code inserts when every tab stop keeps its default; mirrors repeat their placeholder's text. */
function expand(body: string[]): string {
  const pieces = parseSnippet(body.join('\n'));
  const defaults = new Map<number, Piece[]>();
  const collect = (list: Piece[]) => {
    for (const piece of list) {
      if (typeof piece === 'string' || !piece.placeholder) continue;
      if (!defaults.has(piece.index)) defaults.set(piece.index, piece.placeholder);
      collect(piece.placeholder);
    }
  };
  collect(pieces);
  const render = (list: Piece[]): string =>
    list.map((piece) => (typeof piece === 'string' ? piece : render(piece.placeholder ?? defaults.get(piece.index) ?? []))).join('');
  return render(pieces);
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

describe('snippet expansion', () => {
  it('keeps defaults, mirrors tab stops and honours escapes', () => {
    expect(expand(['def ${1:name}(${2:x}):', '    return $2 + \\$1${3}$0'])).toBe('def name(x):\n    return x + $1');
    expect(expand(['${1:outer ${2:inner}} $2', '${3|a,b|}'])).toBe('outer inner inner\na');
  });

  it('rejects what it cannot expand faithfully', () => {
    expect(() => expand(['$TM_FILENAME'])).toThrow(/variable/);
    expect(() => expand(['${1:open'])).toThrow(/expected }/);
  });
});

describe('snippets/python.json', () => {
  const entries = Object.entries(snippets);

  it('is the file package.json contributes for Python', () => {
    expect(manifest.contributes.snippets).toEqual([{ language: 'python', path: './snippets/python.json' }]);
    expect(entries.length).toBeGreaterThanOrEqual(10);
  });

  it('has unique `ph-` prefixes and a description for every snippet', () => {
    const prefixes = entries.map(([, snippet]) => snippet.prefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    for (const [name, snippet] of entries) {
      expect(snippet.prefix, name).toMatch(/^ph-[a-z]+(-[a-z]+)*$/);
      expect(snippet.description.trim().length, name).toBeGreaterThan(20);
      expect(Array.isArray(snippet.body) && snippet.body.every((line) => typeof line === 'string'), name).toBe(true);
    }
  });

  describe.each(entries)('%s', (_name, snippet) => {
    const code = `${expand(snippet.body)}\n`;

    it('parses after expansion with its defaults', () => {
      expect(syntaxErrors(code)).toEqual([]);
    });

    it('is clean under every rule', () => {
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
