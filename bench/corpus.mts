// The benchmark's inputs: the installed Python's standard library, and the seeded keystrokes
// over its `_pydecimal.py`.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface SourceFile {
  path: string;
  text: string;
}

/** The stdlib folder of the `python3` on PATH, or PYHINTS_BENCH_STDLIB. */
export function stdlibDir(): string {
  const configured = process.env.PYHINTS_BENCH_STDLIB;
  if (configured) return configured;
  return execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
}

/**
 * Every `.py` file under `dir` that decodes as UTF-8, in a stable order. Third-party packages
 * (`site-packages`) are not the standard library; the stdlib's own tests are, and stay in.
 */
export function readCorpus(dir: string): SourceFile[] {
  const files: SourceFile[] = [];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'site-packages' && entry.name !== '__pycache__') walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        try {
          files.push({ path: full, text: decoder.decode(fs.readFileSync(full)) });
        } catch {
          // A few test files are deliberately not UTF-8; neither tool is asked to read them.
        }
      }
    }
  };
  walk(dir);
  return files;
}

/** A single-character change at a UTF-16 offset: an insertion (`text`) or a deletion (`deletes`). */
export interface Keystroke {
  offset: number;
  text: string;
  deletes: number;
}

/**
 * `count` keystrokes spread over `text`, deterministic (seeded): a letter typed at a random
 * place inside a line's code, then deleted again, as typing and backspacing do; the file never
 * drifts far from its real self.
 */
export function keystrokes(text: string, count: number, seed = 20261123): Keystroke[] {
  const random = mulberry32(seed);
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const strokes: Keystroke[] = [];
  while (strokes.length < count) {
    const line = Math.floor(random() * (lineStarts.length - 1));
    const start = lineStarts[line];
    const end = lineStarts[line + 1] - 1;
    const indent = text.slice(start, end).search(/\S/);
    if (indent < 0) continue;
    const offset = start + indent + Math.floor(random() * (end - start - indent + 1));
    const letter = String.fromCharCode(97 + Math.floor(random() * 26));
    strokes.push({ offset, text: letter, deletes: 0 }, { offset, text: '', deletes: 1 });
  }
  return strokes.slice(0, count);
}

/** The text after one keystroke. */
export function applyKeystroke(text: string, stroke: Keystroke): string {
  return text.slice(0, stroke.offset) + stroke.text + text.slice(stroke.offset + stroke.deletes);
}

/** A small, seedable PRNG (mulberry32), so every run types the same keystrokes. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
