// The language server as editors run it: the built dist/server.js as a child process, spoken to
// over stdio in plain JSON-RPC. Covers document sync, diagnostics, hovers, code actions,
// completions, settings and the lifecycle.

import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CodeAction, CompletionItem, Diagnostic, Hover, InitializeResult, MarkupContent, Range, TextEdit } from 'vscode-languageserver';
import { LineIndex } from '../../server/src/engine/positions';
import { applyLspEdits, editsFor, LspSession } from './lsp-session';
import { ROOT, serverSessions } from './server-sessions';

const startSession = serverSessions();

const READINGS = [
  'import math', // 0
  '',
  '',
  'def mean(readings):', // 3
  '    return sum([r.value for r in readings]) / len(readings)', // 4
  '',
  '',
  'def alarm(reading, seen=[]):', // 7
  '    seen.append(reading)', // 8
  '    return seen', // 9
  '',
].join('\n');

/** PH107, in the default set, with an unsafe fix. */
const SHARED = 'def add(tag, tags=[]):\n    tags.append(tag)\n    return tags\n';

/** The range of the `occurrence`-th `snippet` in `text`. */
function rangeOf(text: string, snippet: string, occurrence = 0): Range {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(snippet, start + 1);
  if (start < 0) throw new Error(`${snippet} not in the text`);
  return new LineIndex(text).rangeOf(start, start + snippet.length);
}

function summary(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map(({ code, range: { start, end } }) => `${code} ${start.line}:${start.character}-${end.line}:${end.character}`);
}

function markdown(hover: Hover | null): string {
  return (hover?.contents as MarkupContent | undefined)?.value ?? '';
}

let counter = 0;
/** A fresh document URI, so that every test starts from its own document. */
function newUri(name = 'module'): string {
  return `file:///workspace/${name}-${++counter}.py`;
}

describe('over stdio, with a client that answers workspace/configuration', () => {
  let session: LspSession;

  beforeAll(async () => {
    // PH502, opt-in, is most of these tests' finding: every rule runs unless a test says otherwise.
    session = await startSession({ configuration: true, settings: { select: ['ALL'] } });
  });

  it('announces incremental sync, hovers, the code action kinds and completions', async () => {
    const { capabilities, serverInfo } = session.initializeResult as InitializeResult;
    expect(serverInfo?.name).toBe('pyhints');
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 });
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.codeActionProvider).toEqual({ codeActionKinds: ['quickfix', 'refactor.rewrite', 'source.fixAll.pyhints'] });
    expect(capabilities.completionProvider).toBeDefined();
    // Asks to hear of changes to its settings section, which the VS Code client only sends when asked.
    const registration = await session.waitFor('a registration', () => session.registrations[0]);
    expect(registration).toMatchObject({ method: 'workspace/didChangeConfiguration', registerOptions: { section: 'pyhints' } });
  });

  it('publishes one diagnostic per finding when a document opens', async () => {
    const uri = newUri('readings');
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, READINGS);
    const diagnostics = await published;
    expect(summary(diagnostics)).toEqual([`PH502 4:15-4:42`, `PH107 7:24-7:26`]);
    expect(diagnostics[0].range).toEqual(rangeOf(READINGS, '[r.value for r in readings]'));
    expect(diagnostics[0]).toMatchObject({
      severity: 3,
      source: 'pyhints',
      // The page that ships beside the server, not a web page that may describe another version.
      codeDescription: { href: new URL('../../docs/rules/PH502.md', import.meta.url).href },
      data: { version: 1, index: 0 },
    });
    expect(diagnostics[0].message).toMatch(/^`sum\(\)` over a list comprehension/);
    expect(diagnostics[0].tags).toBeUndefined();
    // The settings are asked for the document itself, so that folder settings apply.
    expect(session.configurationRequests.flatMap((request) => request.items)).toContainEqual({ scopeUri: uri, section: 'pyhints' });
  });

  it('follows incremental changes that add and remove findings', async () => {
    const uri = newUri();
    const text = 'total = sum([x for x in xs])\n';
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    expect(summary(await published)).toEqual(['PH502 0:12-0:27']);

    published = session.nextDiagnostics(uri, 2);
    await session.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'best = max([y for y in ys])\n' }]);
    expect(summary(await published)).toEqual(['PH502 0:12-0:27', 'PH502 1:11-1:26']);

    published = session.nextDiagnostics(uri, 3);
    await session.change(uri, 3, [{ range: { start: { line: 0, character: 12 }, end: { line: 0, character: 27 } }, text: '(x for x in xs)' }]);
    const diagnostics = await published;
    expect(summary(diagnostics)).toEqual(['PH502 1:11-1:26']);
    expect(diagnostics[0].data).toEqual({ version: 3, index: 0 });
  });

  it('counts columns in UTF-16 code units, after an emoji and CJK text', async () => {
    const uri = newUri('unicode');
    const line = 'label = "😀中文"; total = sum([x for x in xs])';
    // 😀 is two UTF-16 units: the comprehension starts at unit 28, though it is the 27th code point.
    expect(line.indexOf('[x')).toBe(28);
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, `${line}\n`);
    expect(summary(await published)).toEqual(['PH502 0:28-0:43']);

    // Positions that come in are UTF-16 too: swap the brackets for parentheses, in two changes.
    published = session.nextDiagnostics(uri, 2);
    await session.change(uri, 2, [
      { range: { start: { line: 0, character: 28 }, end: { line: 0, character: 29 } }, text: '(' },
      { range: { start: { line: 0, character: 42 }, end: { line: 0, character: 43 } }, text: ')' },
    ]);
    expect(await published).toEqual([]);

    published = session.nextDiagnostics(uri, 3);
    await session.change(uri, 3, [{ range: { start: { line: 0, character: 44 }, end: { line: 0, character: 44 } }, text: '; low = min([z for z in zs])' }]);
    expect(summary(await published)).toEqual(['PH502 0:56-0:71']);
    const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 60 } });
    expect(hover.range).toEqual({ start: { line: 0, character: 56 }, end: { line: 0, character: 71 } });
  });

  it('analyses a while after the last of quick changes, not once per keystroke', async () => {
    const uri = newUri('typing');
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, 'total = sum([x for x in xs])\n');
    await published;
    const before = session.published.length;
    published = session.nextDiagnostics(uri, 6);
    // Keystrokes 20 ms apart, well within the server's wait.
    for (let version = 2; version <= 6; version++) {
      await session.change(uri, version, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'x' }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(summary(await published)).toEqual(['PH502 0:12-0:27']);
    const versions = session.published.slice(before).filter((params) => params.uri === uri).map((params) => params.version);
    // Exactly [6] unless the machine stalls; one publish per keystroke would be [2, 3, 4, 5, 6].
    expect(versions.at(-1)).toBe(6);
    expect(versions.length).toBeLessThan(3);
  });

  it('still reports the findings outside a syntax error', async () => {
    const uri = newUri('broken');
    const text = 'def broken(:\n    pass\n\ntotal = sum([x for x in xs])\nif x\n';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    expect(summary(await published)).toEqual(['PH502 3:12-3:27']);
  });

  it('leaves documents in other languages alone and clears the diagnostics of a closed one', async () => {
    const other = 'file:///workspace/notes.txt';
    await session.open(other, 'total = sum([x for x in xs])\n', 1, 'plaintext');
    const uri = newUri();
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, 'total = sum([x for x in xs])\n');
    expect(await published).toHaveLength(1);
    expect(session.published.some((params) => params.uri === other)).toBe(false);

    published = session.nextDiagnostics(uri);
    await session.close(uri);
    expect(await published).toEqual([]);
  });

  it('explains the finding under the cursor on hover, and nothing elsewhere', async () => {
    const uri = newUri('readings');
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, READINGS);
    const [first] = await published;
    const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 20 } });
    expect(hover.range).toEqual(first.range);
    expect(markdown(hover)).toContain('**PH502 comprehension-in-call');
    expect(markdown(hover)).toContain('walk their argument once');
    expect(markdown(hover)).toContain('# noqa: PH502');
    expect(await session.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 6 } })).toBeNull();
  });

  it('explains the rule of a code in a noqa comment, and that an unused one is unused', async () => {
    const uri = newUri('noqa-hover');
    const text = 'total = sum([x for x in xs])  # noqa: E501, PH502\nsize = 1  # noqa: PH107\n';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    // The first code silences its finding; the second silences nothing (PH001, faded).
    const [unused] = await published;
    expect(unused).toMatchObject({ code: 'PH001', range: { start: { line: 1, character: 10 }, end: { line: 1, character: 23 } }, tags: [1] });
    const used = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 46 } });
    expect(used.range).toEqual({ start: { line: 0, character: 44 }, end: { line: 0, character: 49 } });
    expect(markdown(used)).toMatch(/^\*\*PH502 comprehension-in-call/);
    const stale = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 20 } });
    const sections = markdown(stale).split('\n\n---\n\n');
    expect(sections.map((section) => section.split(' ')[0])).toEqual(['**PH001', '**PH107']);
    // Another tool's code is not ours to explain.
    expect(await session.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 40 } })).toBeNull();
  });

  it('shows every finding under the cursor in one hover', async () => {
    const uri = newUri('nested');
    const text = 'total = sum([max([a for a in b]) for b in c])\n';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    expect(await published).toHaveLength(2);
    const hover = await session.request<Hover>('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 20 } });
    const sections = markdown(hover).split('\n\n---\n\n');
    expect(sections).toHaveLength(2);
    expect(sections.every((section) => section.startsWith('**PH502 comprehension-in-call'))).toBe(true);
  });

  describe('code actions', () => {
    let uri: string;
    let diagnostics: Diagnostic[];

    beforeAll(async () => {
      uri = newUri('readings');
      const published = session.nextDiagnostics(uri, 1);
      await session.open(uri, READINGS);
      diagnostics = await published;
    });

    const codeActions = (range: Range, context: { diagnostics: Diagnostic[]; only?: string[] }) =>
      session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context });
    const applied = (action: CodeAction | undefined) => applyLspEdits(READINGS, editsFor(action?.edit, uri, 1));
    const lineOf = (text: string, line: number) => text.split('\n')[line];

    it('offers the safe fix as the preferred quick fix, then the noqa comment', async () => {
      const actions = await codeActions(diagnostics[0].range, { diagnostics: [diagnostics[0]] });
      expect(actions.map((action) => [action.title, action.kind, action.isPreferred ?? false])).toEqual([
        ['Use a generator expression', 'quickfix', true],
        ['Disable PH502 for this line', 'quickfix', false],
      ]);
      expect(actions[0].diagnostics).toEqual([diagnostics[0]]);
      expect(lineOf(applied(actions[0]), 4)).toBe('    return sum(r.value for r in readings) / len(readings)');
      expect(lineOf(applied(actions[1]), 4)).toBe('    return sum([r.value for r in readings]) / len(readings)  # noqa: PH502');
    });

    it('says when a fix is unsafe and does not prefer it', async () => {
      const actions = await codeActions(diagnostics[1].range, { diagnostics: [diagnostics[1]] });
      expect(actions[0]).toMatchObject({ title: 'Default to None and build the value in the body (unsafe)', kind: 'quickfix' });
      expect(actions[0].isPreferred).toBeUndefined();
      expect(lineOf(applied(actions[0]), 7)).toBe('def alarm(reading, seen=None):');
    });

    it('respects the kinds the client asks for', async () => {
      const everything = { diagnostics };
      expect(await codeActions(diagnostics[0].range, { ...everything, only: ['refactor'] })).toEqual([]);
      const quickfixes = await codeActions(diagnostics[0].range, { ...everything, only: ['quickfix'] });
      expect(quickfixes.map((action) => action.kind)).toEqual(['quickfix', 'quickfix', 'quickfix', 'quickfix']);
      // Fix-all reparses the whole file, so it comes only when asked for.
      expect((await codeActions(diagnostics[0].range, everything)).some((action) => action.kind === 'source.fixAll.pyhints')).toBe(false);
    });

    it('applies every safe fix, and only those, with source.fixAll.pyhints', async () => {
      const whole = new LineIndex(READINGS).rangeOf(0, READINGS.length);
      const actions = await codeActions(whole, { diagnostics: [], only: ['source.fixAll.pyhints'] });
      expect(actions.map((action) => [action.title, action.kind])).toEqual([['Apply all safe fixes (Python Pattern Hints)', 'source.fixAll.pyhints']]);
      const fixed = applied(actions[0]);
      expect(lineOf(fixed, 4)).toBe('    return sum(r.value for r in readings) / len(readings)');
      expect(lineOf(fixed, 7)).toBe('def alarm(reading, seen=[]):');
      // `source` covers it too, as VS Code's Source Action menu asks.
      expect((await codeActions(whole, { diagnostics: [], only: ['source'] })).map((action) => action.kind)).toEqual(['source.fixAll.pyhints']);
    });

    it('offers nothing for diagnostics of an older version of the document', async () => {
      const stale = { ...diagnostics[0], data: { version: 0, index: 0 } };
      expect(await codeActions(stale.range, { diagnostics: [stale] })).toEqual([]);
    });
  });

  it('adds the code to an existing noqa comment, and the finding goes away', async () => {
    const uri = newUri('noqa');
    const text = 'total = sum([x for x in xs])  # noqa: E501\n';
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    const [diagnostic] = await published;
    const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    const disable = actions.find((action) => action.title === 'Disable PH502 for this line');
    const edits = editsFor(disable?.edit, uri, 1);
    expect(applyLspEdits(text, edits)).toBe('total = sum([x for x in xs])  # noqa: E501, PH502\n');

    published = session.nextDiagnostics(uri, 2);
    await session.change(uri, 2, edits.map((edit: TextEdit) => ({ range: edit.range, text: edit.newText })));
    expect(await published).toEqual([]);
  });

  it('applies a fix-all whose edits then leave no safe finding', async () => {
    const uri = newUri('fix-all');
    const text = 'a = sum([x for x in xs])\nb = min([y for y in ys])\n';
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    expect(await published).toHaveLength(2);
    const [fixAll] = await session.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: new LineIndex(text).rangeOf(0, text.length),
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const edits = editsFor(fixAll.edit, uri, 1);
    expect(applyLspEdits(text, edits)).toBe('a = sum(x for x in xs)\nb = min(y for y in ys)\n');
    published = session.nextDiagnostics(uri, 2);
    await session.change(uri, 2, edits.map((edit) => ({ range: edit.range, text: edit.newText })));
    expect(await published).toEqual([]);
  });

  describe('snippet completions', () => {
    interface RawSnippet {
      prefix: string | string[];
      body: string[];
      description: string;
      context?: string | string[];
      minPython?: string;
    }
    const snippets = Object.entries(JSON.parse(readFileSync(`${ROOT}snippets/python.json`, 'utf8')) as Record<string, RawSnippet>);
    /** The prefixes the file says fit a context at a target (3.10 when nothing sets one), worked out here from the file. */
    const prefixesFor = (context: string, targetMinor = 10) =>
      snippets
        .filter(([, snippet]) => [snippet.context ?? 'statement'].flat().includes(context) && Number((snippet.minPython ?? '3.0').split('.')[1]) <= targetMinor)
        .flatMap(([, snippet]) => [snippet.prefix].flat())
        .sort();

    async function complete(text: string, line: number, character: number, on = session): Promise<CompletionItem[]> {
      const uri = newUri('completion');
      await on.open(uri, text);
      const result = await on.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri }, position: { line, character } });
      await on.close(uri);
      return result ?? [];
    }
    const labels = (items: CompletionItem[]) => items.map((item) => item.label).sort();

    it('offers the statement snippets at module level, each replacing the typed prefix', async () => {
      const items = await complete('import math\n\nph-de', 2, 5);
      expect(labels(items)).toEqual(prefixesFor('statement'));
      expect(labels(items)).toEqual(expect.arrayContaining(['dec', 'ph-decorator', 'ctx-gen', 'match-class']));
      for (const [name, snippet] of snippets) {
        for (const prefix of [snippet.prefix].flat()) {
          const item = items.find((candidate) => candidate.label === prefix);
          if (!item) continue;
          expect(item).toMatchObject({
            kind: 15,
            insertTextFormat: 2,
            insertTextMode: 2,
            detail: name,
            filterText: prefix,
            textEdit: { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 5 } }, newText: snippet.body.join('\n') },
          });
          const documentation = item.documentation as MarkupContent;
          expect(documentation.kind).toBe('markdown');
          expect(documentation.value.startsWith(`${snippet.description}\n\n\`\`\`python\n`)).toBe(true);
          // The preview shows the defaults, not the tab stop syntax.
          expect(documentation.value).not.toMatch(/\$\{?\d/);
        }
      }
    });

    it('offers only the class-body snippets in a class body, and the statement ones in its methods', async () => {
      const classBody = labels(await complete('class Order:\n    total = 0\n    pr', 2, 6));
      expect(classBody).toEqual(prefixesFor('class-body'));
      expect(classBody).toEqual(expect.arrayContaining(['prop', 'desc-field', 'init-subclass', 'pydantic-config']));
      expect(classBody).not.toContain('dec');
      expect(labels(await complete('class Order:\n    def add(self):\n        ', 2, 8))).toEqual(prefixesFor('statement'));
      expect(labels(await complete('class Order:\r\n\tdef add(self):\r\n\t\tpass\r\n\t', 3, 1))).toEqual(prefixesFor('class-body'));
    });

    it('renders the tab stops of the preview with their defaults', async () => {
      const items = await complete('', 0, 0);
      const decorator = items.find((item) => /def \$\{1:(\w+)\}/.test((item.textEdit as TextEdit).newText));
      expect(decorator, 'a snippet that names a function with `def ${1:name}`').toBeDefined();
      const name = /def \$\{1:(\w+)\}/.exec((decorator!.textEdit as TextEdit).newText)![1];
      expect((decorator!.documentation as MarkupContent).value).toContain(`def ${name}(`);
    });

    it('offers nothing inside strings and comments', async () => {
      expect(await complete('x = "ph-"\n', 0, 8)).toEqual([]);
      expect(await complete('x = """\nph-\n"""\n', 1, 3)).toEqual([]);
      expect(await complete('x = 1  # ph-\n', 0, 12)).toEqual([]);
      expect(await complete('class A:\n    """Doc.\n\n    """\n', 2, 4)).toEqual([]);
      // After a string that ends the line before, it is code again.
      expect(await complete('x = "a"\n', 1, 0)).not.toEqual([]);
    });

    it('offers nothing where a statement cannot start', async () => {
      expect(await complete('x = de\n', 0, 6)).toEqual([]);
      expect(await complete('x = f"{ph}"\n', 0, 9)).toEqual([]);
      expect(await complete('print(\n    de\n)\n', 1, 6)).toEqual([]);
      expect(await complete('value = 1 + \\\n    de', 1, 6)).toEqual([]);
    });

    it('offers the snippets that need a newer Python only when the target allows them', async () => {
      const module = labels(await complete('', 0, 0));
      expect(module).not.toContain('async-taskgroup');
      expect(module).not.toContain('generic');
      const newest = await startSession({ configuration: true, settings: { targetVersion: '3.12' } });
      const at312 = labels(await complete('', 0, 0, newest));
      expect(at312).toEqual(prefixesFor('statement', 12));
      expect(at312).toEqual(expect.arrayContaining(['async-taskgroup', 'ph-taskgroup', 'generic', 'async-timeout']));
      const oldest = await startSession({ configuration: true, settings: { targetVersion: '3.8' } });
      const at38 = labels(await complete('', 0, 0, oldest));
      expect(at38).toEqual(prefixesFor('statement', 8));
      expect(at38).not.toContain('match-mapping');
      expect(at38).toContain('dec');
      expect(await newest.shutdown()).toBe(0);
      expect(await oldest.shutdown()).toBe(0);
    });

    it('offers none in a file where pyhints is turned off', async () => {
      const off = await startSession({ configuration: true, settings: { enable: false } });
      expect(await complete('', 0, 0, off)).toEqual([]);
      expect(await off.shutdown()).toBe(0);
    });
  });

  describe('settings', () => {
    let uri: string;

    beforeAll(async () => {
      uri = newUri('settings');
      const published = session.nextDiagnostics(uri, 1);
      await session.open(uri, READINGS);
      expect(await published).toHaveLength(2);
    });

    async function reconfigure(settings: Record<string, unknown>): Promise<Diagnostic[]> {
      session.settings = settings;
      const published = session.nextDiagnostics(uri);
      await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      return published;
    }

    it('re-analyses open documents when the settings change', async () => {
      expect(await reconfigure({ select: ['ALL'], ignore: ['PH502', 'PH107'] })).toEqual([]);
      expect(summary(await reconfigure({ select: ['comprehension-in-call'] }))).toEqual(['PH502 4:15-4:42']);
      expect(summary(await reconfigure({ select: ['PH2'] }))).toEqual([]);
      // No selection: the default set, without the opt-in PH502.
      expect(summary(await reconfigure({}))).toEqual(['PH107 7:24-7:26']);
      expect(await reconfigure({ select: ['ALL'] })).toHaveLength(2);
    });

    it('clears the diagnostics, hovers and code actions while disabled', async () => {
      expect(await reconfigure({ enable: false })).toEqual([]);
      expect(await session.request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 20 } })).toBeNull();
      const actions = await session.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: new LineIndex(READINGS).rangeOf(0, READINGS.length),
        context: { diagnostics: [], only: ['source.fixAll.pyhints'] },
      });
      expect(actions).toEqual([]);
      expect(await reconfigure({ enable: true, select: ['ALL'] })).toHaveLength(2);
    });

    it('logs invalid values and falls back to the defaults', async () => {
      const logged = session.logs.length;
      expect(await reconfigure({ targetVersion: 'banana', ignore: 'PH502', select: ['PH999'], enable: 'yes' })).toEqual([]);
      const lines = session.logs.slice(logged);
      expect(lines).toContainEqual(expect.stringMatching(/^pyhints\.targetVersion: expected a version from "3\.8" to "3\.14", got "banana"/));
      expect(lines).toContainEqual(expect.stringMatching(/^pyhints\.ignore: expected a list/));
      expect(lines).toContainEqual(expect.stringMatching(/^pyhints\.enable: expected true or false/));
      expect(lines).toContainEqual('pyhints.select: `PH999` matches no rule');
      expect(await reconfigure({ targetVersion: '3.8', select: ['ALL'] })).toHaveLength(2);
    });
  });

  it('neither parses nor analyses a document over the size cap', async () => {
    const uri = newUri('huge');
    const small = 'total = sum([x for x in xs])\n';
    // Findings all the way down: none of them is reported.
    const filler = small.repeat(Math.ceil((4 * 1024 * 1024) / small.length));
    const logged = session.logs.length;
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, small + filler);
    expect(await published).toEqual([]);
    expect(session.logs.slice(logged)).toContainEqual(expect.stringContaining(`${uri} is not analysed`));
    expect(await session.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 14 } })).toBeNull();

    // Shrinking it (here by deleting the filler) brings the analysis back; growing it stops it again.
    const end = new LineIndex(small + filler).positionAt((small + filler).length);
    published = session.nextDiagnostics(uri, 2);
    await session.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end }, text: '' }]);
    expect(summary(await published)).toEqual(['PH502 0:12-0:27']);

    published = session.nextDiagnostics(uri, 3);
    await session.change(uri, 3, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: filler }]);
    expect(await published).toEqual([]);
  });

  it('shuts down and exits cleanly', async () => {
    expect(await session.shutdown()).toBe(0);
  });
});

describe('over stdio, with a client that only pushes settings', () => {
  let session: LspSession;

  beforeAll(async () => {
    session = await startSession({ configuration: false, documentChanges: false });
  });

  it('takes the settings from didChangeConfiguration', async () => {
    const uri = newUri();
    let published = session.nextDiagnostics(uri, 1);
    await session.open(uri, SHARED);
    expect(await published).toHaveLength(1);

    published = session.nextDiagnostics(uri);
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { pyhints: { ignore: ['PH1'] } } });
    expect(await published).toEqual([]);

    published = session.nextDiagnostics(uri);
    await session.connection.sendNotification('workspace/didChangeConfiguration', { settings: { pyhints: {} } });
    expect(await published).toHaveLength(1);
    expect(session.configurationRequests).toEqual([]);
  });

  it('sends edits as `changes` to a client without documentChanges', async () => {
    const uri = newUri();
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, SHARED);
    const [diagnostic] = await published;
    const [fix] = await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    expect(fix.edit?.documentChanges).toBeUndefined();
    expect(applyLspEdits(SHARED, fix.edit?.changes?.[uri] ?? [])).toBe('def add(tag, tags=None):\n    if tags is None:\n        tags = []\n    tags.append(tag)\n    return tags\n');
  });

  it('offers a refactoring rule\'s advice in the light bulb of its line, with no diagnostic', async () => {
    const uri = newUri('point');
    const text = 'class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n';
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    expect(await published).toEqual([]);
    const actionsAt = (line: number, only?: string[]) =>
      session.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character: 2 }, end: { line, character: 2 } },
        context: { diagnostics: [], only },
      });
    const [convert] = await actionsAt(0);
    expect(convert).toMatchObject({ title: 'Convert to @dataclass', kind: 'refactor.rewrite' });
    expect(applyLspEdits(text, convert.edit?.changes?.[uri] ?? [])).toBe(
      'from dataclasses import dataclass\nfrom typing import Any\n\n\n@dataclass\nclass Point:\n    x: Any\n    y: Any\n',
    );
    expect(await actionsAt(2)).toEqual([]);
    expect(await actionsAt(0, ['quickfix'])).toEqual([]);
  });

  it('offers the refactorings of the construct under the cursor as refactor.rewrite actions', async () => {
    const uri = newUri('report');
    const text = [
      'import time', // 0
      '',
      '',
      'def timed(func):', // 3
      '    def wrapper(*args, **kwargs):',
      '        started = time.perf_counter()',
      '        result = func(*args, **kwargs)',
      '        print(time.perf_counter() - started)',
      '        return result',
      '    return wrapper',
      '',
      '',
      'def save(path, lines):', // 12
      '    out = open(path, "w")', // 13
      '    for line in lines:',
      '        out.write(line)',
      '    out.close()',
      '',
    ].join('\n');
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, text);
    await published;
    const actionsAt = (line: number, character: number, only?: string[]) =>
      session.request<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line, character }, end: { line, character } },
        context: { diagnostics: [], only },
      });
    const [withBlock, ...others] = await actionsAt(13, 12);
    expect(others).toEqual([]);
    expect(withBlock).toMatchObject({ title: 'Open `out` in a `with` block', kind: 'refactor.rewrite' });
    expect(applyLspEdits(text, withBlock.edit?.changes?.[uri] ?? [])).toBe(
      text.replace('    out = open(path, "w")\n    for line in lines:\n        out.write(line)\n    out.close()\n', '    with open(path, "w") as out:\n        for line in lines:\n            out.write(line)\n'),
    );
    const [typed] = await actionsAt(3, 6, ['refactor']);
    expect(typed).toMatchObject({ title: 'Add `functools.wraps` and `ParamSpec` types to `timed`', kind: 'refactor.rewrite' });
    expect(applyLspEdits(text, typed.edit?.changes?.[uri] ?? []).split('\n').slice(0, 14)).toEqual([
      'import time',
      'import functools',
      'from collections.abc import Callable',
      'from typing import ParamSpec, TypeVar',
      '',
      '',
      'P = ParamSpec("P")',
      'R = TypeVar("R")',
      '',
      '',
      'def timed(func: Callable[P, R]) -> Callable[P, R]:',
      '    @functools.wraps(func)',
      '    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:',
      '        started = time.perf_counter()',
    ]);
    expect(await actionsAt(13, 12, ['quickfix'])).toEqual([]);
    expect(await actionsAt(15, 12)).toEqual([]);
  });

  it('exits cleanly', async () => {
    expect(await session.shutdown()).toBe(0);
  });
});

describe('over node IPC, as the VS Code client starts it', () => {
  it('publishes diagnostics and offers the snippets', async () => {
    const session = await startSession({ transport: 'ipc', configuration: true, initializationOptions: { hoverShowsMessage: false } });
    expect(session.initializeResult.capabilities.completionProvider).toBeDefined();
    const uri = newUri();
    const published = session.nextDiagnostics(uri, 1);
    await session.open(uri, `${SHARED}ph-`);
    expect(summary(await published)).toEqual(['PH107 0:18-0:20']);
    const items = await session.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: { line: 3, character: 3 } });
    expect(items.map((item) => item.label)).toContain('ph-decorator');
    expect(await session.shutdown()).toBe(0);
  });

  it('offers no snippets to a client that turns them off', async () => {
    const session = await startSession({ transport: 'ipc', configuration: true, initializationOptions: { snippets: false } });
    expect(session.initializeResult.capabilities.completionProvider).toBeUndefined();
    const uri = newUri();
    await session.open(uri, 'ph-');
    expect(await session.request('textDocument/completion', { textDocument: { uri }, position: { line: 0, character: 3 } })).toBeNull();
    expect(await session.shutdown()).toBe(0);
  });
});
