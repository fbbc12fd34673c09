// The CLI's cache of analysis results, as Ruff keeps one: per checked file, the findings of its
// last analysis under a key of everything they depend on — the text, the rules and target (the
// engine key), whether fix edits were computed, the kind of source, and the pyhints version. A
// changed file, configuration or build of pyhints gives another key, so a stale entry is never used; it is
// replaced. Entries are written atomically (a temporary file renamed), so parallel workers and an
// interrupted run leave none half-written; an unreadable entry is a miss.

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FixSafety, TextEdit } from '../../server/src/engine/rule';

/** A finding as the cache keeps it: what the reports need, without the rule's metadata. */
export interface CachedFinding {
  code: string;
  message: string;
  start: number;
  end: number;
  fix?: { title: string; safety: FixSafety };
  fixEdits?: TextEdit[];
}

export const DEFAULT_CACHE_DIR = '.pyhints_cache';

export class ResultCache {
  private readonly folder: string;
  private prepared = false;

  /** `build`: the pyhints version and build, a folder of its own. */
  constructor(
    readonly root: string,
    build: string,
  ) {
    this.folder = path.join(root, build);
  }

  static keyOf(parts: readonly unknown[], text: string): string {
    return createHash('sha256').update(JSON.stringify(parts)).update('\0').update(text).digest('hex');
  }

  get(file: string, key: string): CachedFinding[] | undefined {
    try {
      const entry = JSON.parse(fs.readFileSync(this.entryPath(file), 'utf8')) as { key?: unknown; findings?: unknown };
      return entry.key === key && Array.isArray(entry.findings) ? (entry.findings as CachedFinding[]) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores the findings; a cache that cannot be written (a read-only folder) is only slower. */
  set(file: string, key: string, findings: readonly CachedFinding[]): void {
    try {
      this.prepare();
      const target = this.entryPath(file);
      const temporary = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      fs.writeFileSync(temporary, JSON.stringify({ key, findings }));
      fs.renameSync(temporary, target);
    } catch {
      // Nothing to do: the next run analyses the file again.
    }
  }

  private entryPath(file: string): string {
    return path.join(this.folder, `${createHash('sha1').update(path.resolve(file)).digest('hex')}.json`);
  }

  /** The folder, marked as a cache for backup tools and ignored by Git, as Ruff marks its own. */
  private prepare(): void {
    if (this.prepared) return;
    fs.mkdirSync(this.folder, { recursive: true });
    const gitignore = path.join(this.root, '.gitignore');
    if (!fs.existsSync(gitignore)) fs.writeFileSync(gitignore, '# Created by pyhints: its cache, which Git need not keep.\n*\n');
    const tag = path.join(this.root, 'CACHEDIR.TAG');
    if (!fs.existsSync(tag)) fs.writeFileSync(tag, 'Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by pyhints.\n');
    this.prepared = true;
  }
}
