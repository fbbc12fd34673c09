// The `ph-` code templates as completion items, for editors other than VS Code (which reads the
// same file through `contributes.snippets`). The file is in VS Code's snippet format.

import { readFileSync } from 'node:fs';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Range,
} from 'vscode-languageserver';

export interface Snippet {
  name: string;
  prefix: string;
  /** The body in snippet syntax (`${1:name}` tab stops), lines joined. */
  body: string;
  description: string;
}

interface SnippetEntry {
  prefix?: unknown;
  body?: unknown;
  description?: unknown;
}

/** Reads a VS Code snippet file; an entry with several prefixes becomes one snippet per prefix. */
export function loadSnippets(file: string): Snippet[] {
  const entries = JSON.parse(readFileSync(file, 'utf8')) as Record<string, SnippetEntry>;
  return Object.entries(entries).flatMap(([name, entry]) => {
    const prefixes = typeof entry.prefix === 'string' ? [entry.prefix] : entry.prefix;
    const body = typeof entry.body === 'string' ? entry.body : Array.isArray(entry.body) ? entry.body.join('\n') : undefined;
    if (!Array.isArray(prefixes) || !prefixes.every((prefix) => typeof prefix === 'string') || typeof body !== 'string') {
      throw new Error(`${file}: snippet ${JSON.stringify(name)} needs a prefix and a body`);
    }
    const description = typeof entry.description === 'string' ? entry.description : '';
    return prefixes.map((prefix: string) => ({ name, prefix, body, description }));
  });
}

/**
 * The completion items, each replacing `typed` (the word before the cursor, `-` included: VS Code
 * style word boundaries would otherwise leave the `ph-` of `ph-deco` in front of the template).
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
