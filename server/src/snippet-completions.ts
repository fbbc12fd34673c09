// The code templates of snippets/python.json as completion items, for every editor (VS Code
// included): the server knows where the cursor is, so it offers class-body templates in class
// bodies, the others where a statement may start, none in strings, and only those the document's
// target Python runs. The file is in VS Code's snippet format, with two keys of our own:
// `context` (`statement`, the default, or `class-body`, or both in a list) and `minPython`.

import { readFileSync } from 'node:fs';
import {
  CompletionItemKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';
import { atLeast } from './engine/analyzer';
import type { PythonVersion } from './engine/rule';
import { SNIPPET_CONTEXTS, type SnippetContext } from './snippet-context';

export interface Snippet {
  name: string;
  prefix: string;
  /** The body in snippet syntax (`${1:name}` tab stops), lines joined. */
  body: string;
  description: string;
  /** Where it fits: where a statement may start, in a class body, or both. */
  contexts: readonly SnippetContext[];
  /** The oldest Python its code runs on. */
  minPython: PythonVersion;
}

const KEYS = new Set(['prefix', 'body', 'description', 'context', 'minPython']);
const ANY_PYTHON: PythonVersion = [3, 0];

/**
 * Reads a snippet file; an entry with several prefixes becomes one snippet per prefix. Throws on
 * an entry it cannot read, naming the entry and the key, so that a typo does not silently put a
 * template in the wrong place.
 */
export function loadSnippets(file: string): Snippet[] {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, unknown>>;
  return Object.entries(entries).flatMap(([name, entry]) => {
    const problem = (why: string) => new Error(`${file}: snippet ${JSON.stringify(name)} ${why}`);
    const unknown = Object.keys(entry).filter((key) => !KEYS.has(key));
    if (unknown.length > 0) throw problem(`has unknown key(s) ${unknown.map((key) => JSON.stringify(key)).join(', ')} (expected ${[...KEYS].join(', ')})`);
    const prefixes = typeof entry.prefix === 'string' ? [entry.prefix] : entry.prefix;
    const body = typeof entry.body === 'string' ? entry.body : isStringList(entry.body) ? entry.body.join('\n') : undefined;
    if (!isStringList(prefixes) || prefixes.length === 0 || body === undefined) throw problem('needs a prefix and a body');
    if (entry.description !== undefined && typeof entry.description !== 'string') throw problem('has a description that is not a string');
    const description = entry.description ?? '';
    const contexts = contextsOf(entry.context);
    if (!contexts) {
      const expected = SNIPPET_CONTEXTS.map((context) => JSON.stringify(context)).join(' or ');
      throw problem(`has "context" ${JSON.stringify(entry.context)}: expected ${expected}, or a list of them`);
    }
    const minPython = entry.minPython === undefined ? ANY_PYTHON : versionOf(entry.minPython);
    if (!minPython) throw problem(`has "minPython" ${JSON.stringify(entry.minPython)}: expected a version such as "3.10"`);
    return prefixes.map((prefix) => ({ name, prefix, body, description, contexts, minPython }));
  });
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function contextsOf(value: unknown): SnippetContext[] | undefined {
  if (value === undefined) return ['statement'];
  const list = typeof value === 'string' ? [value] : value;
  const isContext = (item: unknown): item is SnippetContext => SNIPPET_CONTEXTS.includes(item as SnippetContext);
  return Array.isArray(list) && list.length > 0 && list.every(isContext) ? [...new Set(list)] : undefined;
}

function versionOf(value: unknown): PythonVersion | undefined {
  const match = typeof value === 'string' ? /^3\.(\d{1,2})$/.exec(value) : null;
  return match ? [3, Number(match[1])] : undefined;
}

/** The snippets that fit a context, for a document whose code must run on `target`. */
export function snippetsFor(snippets: readonly Snippet[], context: SnippetContext, target: PythonVersion): Snippet[] {
  return snippets.filter((snippet) => snippet.contexts.includes(context) && atLeast(target, snippet.minPython));
}

/**
 * The completion items, each replacing `typed` (the word before the cursor, `-` included: VS Code
 * style word boundaries would otherwise leave the `ph-` of `ph-deco` in front of the template).
 * The editor indents every line of a template like the line it goes on.
 */
export function snippetCompletions(snippets: readonly Snippet[], typed: Range): CompletionItem[] {
  return snippets.map((snippet) => ({
    label: snippet.prefix,
    kind: CompletionItemKind.Snippet,
    detail: snippet.name,
    documentation: {
      kind: MarkupKind.Markdown,
      value: [snippet.description, '```python\n' + snippetPreview(snippet.body) + '\n```'].filter(Boolean).join('\n\n'),
    },
    filterText: snippet.prefix,
    insertTextFormat: InsertTextFormat.Snippet,
    insertTextMode: InsertTextMode.adjustIndentation,
    textEdit: { range: typed, newText: snippet.body },
  }));
}

/** Length of the snippet-prefix-like word (letters, digits, `_`, `-`) that ends a line's text. */
export function typedPrefixLength(textBeforeCursor: string): number {
  // A backward scan: `/[\w-]*$/` retries from every start of a word run, quadratic on a long line.
  let start = textBeforeCursor.length;
  while (start > 0 && isPrefixCharacter(textBeforeCursor.charCodeAt(start - 1))) start--;
  return textBeforeCursor.length - start;
}

function isPrefixCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x5f || // _
    code === 0x2d // -
  );
}

/**
 * The text the snippet inserts when every tab stop keeps its default, for the documentation:
 * `${1:name}` shows `name`, `${1|a,b|}` shows `a`, a bare `$1` repeats its placeholder's text
 * (or nothing), and `\$`, `\}` and `\\` lose their backslash.
 */
export function snippetPreview(body: string): string {
  const defaults = new Map<string, string>();
  // The first pass learns the defaults that repeated tab stops show in the second.
  expandSnippet(body, defaults);
  return expandSnippet(body, defaults);
}

const SIMPLE = /\$(\d+|[A-Za-z_]\w*)/y;
const BRACED = /\$\{(\d+|[A-Za-z_]\w*)([:|}])/y;

function expandSnippet(body: string, defaults: Map<string, string>): string {
  let at = 0;
  const matchAt = (pattern: RegExp) => {
    pattern.lastIndex = at;
    return pattern.exec(body);
  };
  const read = (insidePlaceholder: boolean): string => {
    let out = '';
    while (at < body.length) {
      const char = body[at];
      if (char === '\\' && '$}\\'.includes(body[at + 1] ?? '_')) {
        out += body[at + 1];
        at += 2;
        continue;
      }
      if (char === '}' && insidePlaceholder) break;
      const braced = char === '$' ? matchAt(BRACED) : null;
      const simple = char === '$' && !braced ? matchAt(SIMPLE) : null;
      if (simple) {
        at += simple[0].length;
        out += defaults.get(simple[1]) ?? '';
      } else if (braced) {
        at += braced[0].length;
        const [, name, separator] = braced;
        let value = defaults.get(name) ?? '';
        if (separator === '|') {
          const end = body.indexOf('|}', at);
          value = body.slice(at, end < 0 ? body.length : end).split(',')[0];
          at = end < 0 ? body.length : end + 2;
        } else if (separator === ':') {
          value = read(true);
          at += 1; // the closing brace
        }
        if (separator !== '}' && !defaults.has(name)) defaults.set(name, value);
        out += value;
      } else {
        out += char;
        at += 1;
      }
    }
    return out;
  };
  return read(false);
}
