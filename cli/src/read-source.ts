// Reading one file for analysis: a size cap, the bytes, then Python's decoding rules.

import * as fs from 'node:fs';
import { fileErrorMessage } from './file-errors';
import { decodeSource, type SourceFormat } from './source-encoding';

/** Larger files are generated code or data; reading them would only make the run slow. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** What the file was when it was read, so that a fix never overwrites a newer save. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  bytes: Uint8Array;
}

export type SourceRead =
  | { ok: true; text: string; format: SourceFormat; stamp: FileStamp }
  /** `tooLarge` is a deliberate skip; the others are failures. */
  | { ok: false; tooLarge: boolean; message: string };

export function readSource(file: string): SourceRead {
  let bytes: Buffer;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
    const { size } = stat;
    if (size > MAX_FILE_BYTES) {
      return { ok: false, tooLarge: true, message: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${(size / 1024 / 1024).toFixed(1)} MB); skipped` };
    }
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, tooLarge: false, message: `cannot read: ${fileErrorMessage(error)}; skipped` };
  }
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return { ok: false, tooLarge: false, message: `${decoded.reason}; skipped` };
  return { ...decoded, stamp: { size: stat.size, mtimeMs: stat.mtimeMs, bytes } };
}
