// The language server as an editor meets it under load, through the real process (dist/server.js
// over stdio): many large documents open and edits arriving on them while hovers, code actions and
// completions are asked. What counts is how long a request waits while analyses run.

import type { CodeAction, CompletionItem, Hover } from 'vscode-languageserver';
import { LineIndex } from '../server/src/engine/positions';
import { LspSession } from '../test/lsp/lsp-session';
import { keystrokes, mulberry32, type SourceFile } from './corpus.mjs';

export interface LoadOptions {
  serverPath: string;
  documents: readonly SourceFile[];
  durationMs: number;
  /** Pause between two edits (each on a random document), and between two requests. */
  editEveryMs: number;
  requestEveryMs: number;
}

export interface LoadResult {
  documents: number;
  characters: number;
  edits: number;
  /** How long the initial analysis of every document took, until the last diagnostics came. */
  openAllMs: number;
  latencyMs: Record<'hover' | 'codeAction' | 'completion', number[]>;
  /** Completion at the end of one 80,000-character line. */
  longLineCompletionMs: number;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

export async function serverUnderLoad(options: LoadOptions): Promise<LoadResult> {
  const session = await LspSession.start(options.serverPath, { configuration: true, settings: { select: ['ALL'] }, waitMs: 300_000 });
  try {
    const random = mulberry32(20261201);
    const pick = (n: number) => Math.floor(random() * n);
    const documents = options.documents.map((file, index) => ({
      uri: `file:///bench/${index}.py`,
      text: file.text,
      lines: new LineIndex(file.text),
      version: 1,
      strokes: keystrokes(file.text, 400, 1000 + index),
      next: 0,
    }));

    const openStarted = performance.now();
    const firstDiagnostics = documents.map((document) => session.nextDiagnostics(document.uri, 1));
    for (const document of documents) await session.open(document.uri, document.text, 1);
    await Promise.all(firstDiagnostics);
    const openAllMs = performance.now() - openStarted;

    const latencyMs: LoadResult['latencyMs'] = { hover: [], codeAction: [], completion: [] };
    let edits = 0;
    let running = true;
    const editing = (async () => {
      while (running) {
        const document = documents[pick(documents.length)];
        const stroke = document.strokes[document.next++ % document.strokes.length];
        const end = stroke.offset + stroke.deletes;
        const range = document.lines.rangeOf(stroke.offset, end);
        document.text = document.text.slice(0, stroke.offset) + stroke.text + document.text.slice(end);
        document.lines = document.lines.afterEdit(document.text, stroke.offset, end, stroke.text);
        await session.change(document.uri, ++document.version, [{ range, text: stroke.text }]);
        edits++;
        await sleep(options.editEveryMs);
      }
    })();
    const kinds = ['hover', 'codeAction', 'completion'] as const;
    const deadline = performance.now() + options.durationMs;
    for (let i = 0; performance.now() < deadline; i++) {
      const kind = kinds[i % kinds.length];
      const document = documents[pick(documents.length)];
      const position = document.lines.positionAt(pick(document.text.length));
      const started = performance.now();
      if (kind === 'hover') await session.request<Hover | null>('textDocument/hover', { textDocument: { uri: document.uri }, position });
      else if (kind === 'codeAction') {
        await session.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: document.uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
      } else await session.request<CompletionItem[] | null>('textDocument/completion', { textDocument: { uri: document.uri }, position });
      latencyMs[kind].push(performance.now() - started);
      await sleep(options.requestEveryMs);
    }
    running = false;
    await editing;

    // A statement of one long word, where the snippets fit: after `x = ` none would be looked for.
    const longLine = 'a'.repeat(80_000);
    await session.open('file:///bench/long-line.py', longLine, 1);
    const completionStarted = performance.now();
    await session.request('textDocument/completion', { textDocument: { uri: 'file:///bench/long-line.py' }, position: { line: 0, character: longLine.length } });
    const longLineCompletionMs = performance.now() - completionStarted;

    await session.shutdown();
    const characters = documents.reduce((sum, document) => sum + document.text.length, 0);
    return { documents: documents.length, characters, edits, openAllMs, latencyMs, longLineCompletionMs };
  } finally {
    session.kill();
  }
}
