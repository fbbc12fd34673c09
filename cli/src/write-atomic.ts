// Writing a fixed file so that it is never seen half-written: the bytes go to a temporary file in
// the same folder, which then replaces the original in one rename. The file keeps its mode, and a
// symlink stays a symlink (the file it points to is replaced).

import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, bytes: Uint8Array): void {
  const target = fs.realpathSync(file);
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
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
