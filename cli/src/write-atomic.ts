// Writing a fixed file so that it is never seen half-written and never loses a newer save: the
// bytes go to a temporary file in the same folder, which then replaces the original in one rename,
// but only if the original is still what was read and may be written. The file keeps its mode,
// and a symlink stays a symlink (the file it points to is replaced).

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileStamp } from './read-source';

/** Why a file was deliberately left as it is; the message is for the user. */
export class NotWrittenError extends Error {}

export function writeFileAtomic(file: string, bytes: Uint8Array, readAs: FileStamp): void {
  const target = fs.realpathSync(file);
  if (isReadOnly(target)) throw new NotWrittenError('read-only, not fixed');
  const mode = fs.statSync(target).mode & 0o7777;
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.pyhints-${process.pid}-${Date.now().toString(36)}.tmp`);
  try {
    const descriptor = fs.openSync(temporary, 'wx', mode);
    try {
      fs.writeFileSync(descriptor, bytes);
      // The umask may have narrowed the mode given to open.
      fs.fchmodSync(descriptor, mode);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    // As late as possible, so that the window for a save to slip in is the rename alone.
    if (!isUnchanged(target, readAs)) throw new NotWrittenError('changed since it was read, not fixed (run again to fix the new version)');
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Read-only as an editor sees it: no write permission for this process, or no write bit at all
 * (root may write anything, but a file someone made read-only is not meant to be rewritten).
 */
function isReadOnly(target: string): boolean {
  if ((fs.statSync(target).mode & 0o222) === 0) return true;
  try {
    fs.accessSync(target, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}

function isUnchanged(target: string, readAs: FileStamp): boolean {
  const now = fs.statSync(target);
  if (now.size !== readAs.size || now.mtimeMs !== readAs.mtimeMs) return false;
  return fs.readFileSync(target).equals(readAs.bytes);
}
