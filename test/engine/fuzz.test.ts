// Mutation fuzzing of the engine over real code: pieces of the installed standard library, cut,
// duplicated, re-indented and sprinkled with the characters half-typed code is made of. Whatever
// the text, incremental analysis agrees with a fresh one, no fix throws, and fix-all ends without
// making the code parse worse. `npm run fuzz` runs it longer (PYHINTS_FUZZ_RUNS).

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/engine/analyzer';
import type { PythonDocument } from '../../server/src/engine/document';
import { applyEdits } from '../../server/src/engine/fixes';
import { refactoringsAt } from '../../server/src/engine/refactoring';
import { PATTERNS } from '../../server/src/patterns';
import { ALL_REFACTORINGS } from '../../server/src/refactorings';
import { engineWith, parser } from '../engine-fixture';

const RUNS = Number(process.env.PYHINTS_FUZZ_RUNS ?? 100);
const STDLIB = execFileSync('python3', ['-c', 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: 'utf8' }).trim();
/** Modules full of the patterns the rules look at: decorators, dataclasses, caches, async, classes. */
const MODULES = ['functools.py', 'dataclasses.py', 'contextlib.py', 'enum.py', 'asyncio/tasks.py', 'json/decoder.py', 'typing.py', 'argparse.py'];
const SOURCES = MODULES.map((module) => path.join(STDLIB, module))
  .filter((file) => fs.existsSync(file))
  .map((file) => fs.readFileSync(file, 'utf8').split('\n'));

const engine = await engineWith({ select: ['ALL'], target: [3, 12] });

/** Half-typed code: openers without closers, stray indentation, odd line breaks, wide characters. */
const FRAGMENT = fc.constantFrom('(', ')', '[', ':', '"""', "'", '\\', '\t', '    ', '\n', '\r\n', '\r', '😀', '日本', 'def ', 'class X:', '@', 'lambda', 'async ', 'await ', '= []', 'yield', '#');

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'indent' | 'dedent'; line: number };

const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.nat({ max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.array(FRAGMENT, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('')) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.nat({ max: 200 }) }),
  fc.record({ kind: fc.constantFrom('indent' as const, 'dedent' as const), line: fc.nat() }),
);

/** A run of up to 80 lines of one module. */
const SNIPPET = fc
  .record({ source: fc.nat({ max: SOURCES.length - 1 }), start: fc.nat(), length: fc.integer({ min: 5, max: 80 }) })
  .map(({ source, start, length }) => {
    const lines = SOURCES[source];
    const from = start % lines.length;
    return lines.slice(from, from + length).join('\n') + '\n';
  });

/** The mutation as one editor change to the document. */
function apply(document: PythonDocument, mutation: Mutation): void {
  const { text, lines } = document;
  const at = (offset: number) => offset % (text.length + 1);
  const change = (start: number, end: number, newText: string) => document.update([{ range: lines.rangeOf(start, end), text: newText }]);
  switch (mutation.kind) {
    case 'delete':
      return change(at(mutation.at), Math.min(text.length, at(mutation.at) + mutation.length), '');
    case 'insert':
      return change(at(mutation.at), at(mutation.at), mutation.text);
    case 'duplicate': {
      const start = at(mutation.at);
      const copied = text.slice(start, start + mutation.length);
      return change(start, start, copied);
    }
    case 'indent':
    case 'dedent': {
      const line = mutation.line % lines.lineCount;
      const start = lines.lineStart(line);
      if (mutation.kind === 'indent') return change(start, start, '    ');
      const spaces = /^ {0,4}/.exec(lines.lineText(line))![0].length;
      return change(start, start + spaces, '');
    }
  }
}

function described(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.rule.code}@${finding.start}-${finding.end} ${finding.message} ${JSON.stringify(finding.fix ?? null)}`).sort();
}

describe('the engine under mutated standard-library code', () => {
  it('has modules to mutate', () => {
    expect(SOURCES.length).toBeGreaterThanOrEqual(MODULES.length - 2);
  });

  it('agrees with a fresh analysis after every edit, builds every fix, and ends fix-all', () => {
    fc.assert(
      fc.property(SNIPPET, fc.array(MUTATION, { minLength: 1, maxLength: 6 }), (snippet, mutations) => {
        const document = engine.open(snippet);
        try {
          engine.analyze(document);
          for (const mutation of mutations) {
            apply(document, mutation);
            const incremental = engine.analyze(document);
            for (const finding of incremental) engine.fixEdits(document, finding);
            const fresh = engine.open(document.text);
            try {
              // A unit that stops parsing keeps its earlier findings by design; elsewhere the two must agree.
              if (!fresh.tree.rootNode.hasError) expect(described(incremental)).toEqual(described(engine.analyze(fresh)));
            } finally {
              fresh.dispose();
            }
          }
          const fixed = engine.fixAll(document.text, true);
          const before = engine.open(document.text);
          const after = engine.open(fixed.text);
          try {
            if (!before.tree.rootNode.hasError) expect(after.tree.rootNode.hasError).toBe(false);
          } finally {
            before.dispose();
            after.dispose();
          }
        } finally {
          document.dispose();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);

  it('answers pattern hovers and refactoring requests anywhere after every edit, and every offer parses', () => {
    fc.assert(
      fc.property(SNIPPET, fc.array(MUTATION, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 4, maxLength: 12 }), (snippet, mutations, places) => {
        const document = engine.open(snippet);
        try {
          for (const mutation of mutations) {
            apply(document, mutation);
            const length = document.text.length;
            for (const place of places) {
              const offset = length === 0 ? 0 : place % (length + 1);
              for (const target of [[3, 8], [3, 14]] as const) {
                PATTERNS.at(document, target, offset);
                for (const offered of refactoringsAt(parser, document, ALL_REFACTORINGS, target, offset, Math.min(length, offset + (place % 40)))) {
                  const output = engine.open(applyEdits(document.text, offered.edits));
                  try {
                    if (!document.tree.rootNode.hasError) expect({ id: offered.id, error: output.tree.rootNode.hasError }).toEqual({ id: offered.id, error: false });
                  } finally {
                    output.dispose();
                  }
                }
              }
            }
          }
        } finally {
          document.dispose();
        }
      }),
      { numRuns: RUNS },
    );
  }, 120_000);
});
