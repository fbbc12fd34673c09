// How a Python file's bytes become text and back, as Python reads them: UTF-8 unless a PEP 263
// coding cookie on line 1 or 2 names another encoding. A UTF-8 byte order mark is stripped for
// analysis and written back; CRLF line breaks are kept when the file used them throughout.

import { TextDecoder } from 'node:util';

export interface SourceFormat {
  /** The encoding, for messages: `utf-8` or the cookie's name. */
  encoding: string;
  bom: boolean;
  /** Every line break in the file is `\r\n`. */
  crlf: boolean;
}

export type Decoded = { ok: true; text: string; format: SourceFormat } | { ok: false; reason: string };

interface Codec {
  /** Throws on bytes that are invalid in the encoding. */
  decode(bytes: Uint8Array): string;
  /** Undefined when the text has characters the encoding cannot represent. */
  encode(text: string): Uint8Array | undefined;
}

const BOM = [0xef, 0xbb, 0xbf];
// PEP 263: a comment with `coding:` or `coding=` followed by the name.
const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT = /^[ \t\f]*(?:#.*)?\r?$/;

export function decodeSource(bytes: Uint8Array): Decoded {
  const bom = BOM.every((byte, index) => bytes[index] === byte);
  const body = bom ? bytes.subarray(BOM.length) : bytes;
  const cookie = codingCookie(body);
  if (cookie && bom && !isUtf8Name(cookie)) return { ok: false, reason: `cannot decode: the file starts with a UTF-8 byte order mark but its coding cookie says \`${cookie}\`` };
  const encoding = cookie && !isUtf8Name(cookie) ? cookie : 'utf-8';
  const codec = codecFor(encoding);
  if (!codec) return { ok: false, reason: `cannot decode: Node.js has no decoder for \`${cookie}\`, which the coding cookie names` };
  let text: string;
  try {
    text = codec.decode(body);
  } catch {
    return { ok: false, reason: encoding === 'utf-8' ? `cannot decode as UTF-8 (${invalidUtf8At(body)})` : `cannot decode as ${encoding} (invalid bytes for that encoding)` };
  }
  const lineFeeds = text.split('\n').length - 1;
  const crlf = lineFeeds > 0 && text.split('\r\n').length - 1 === lineFeeds;
  return { ok: true, text, format: { encoding, bom, crlf } };
}

/** Fixes insert `\n`; in a file written with `\r\n` throughout, every break is `\r\n` again. */
export function withOriginalLineBreaks(text: string, format: SourceFormat): string {
  return format.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
}

/** The bytes of `text` in the file's format, or undefined when its encoding cannot represent the text. */
export function encodeSource(text: string, format: SourceFormat): Uint8Array | undefined {
  const encoded = codecFor(format.encoding)?.encode(text);
  if (!encoded || !format.bom) return encoded;
  const withBom = new Uint8Array(BOM.length + encoded.length);
  withBom.set(BOM);
  withBom.set(encoded, BOM.length);
  return withBom;
}

/** The encoding a cookie on line 1 (or on line 2 below a comment or blank line) declares. */
function codingCookie(bytes: Uint8Array): string | undefined {
  // The cookie is ASCII, so reading the first lines byte by byte as latin-1 is exact enough.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').split('\n', 2);
  const first = COOKIE.exec(head[0] ?? '');
  if (first) return first[1].toLowerCase();
  if (head.length > 1 && BLANK_OR_COMMENT.test(head[0])) return COOKIE.exec(head[1])?.[1].toLowerCase();
  return undefined;
}

function isUtf8Name(name: string): boolean {
  return /^utf[-_]?8(?:[-_].*)?$/.test(name);
}

const LATIN_1 = new Set(['latin-1', 'latin_1', 'latin1', 'latin', 'l1', 'iso-8859-1', 'iso_8859_1', 'iso8859-1', 'iso-latin-1', 'cp819', '8859']);
const ASCII = new Set(['ascii', 'us-ascii', '646']);

function codecFor(encoding: string): Codec | undefined {
  if (encoding === 'utf-8') {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    return { decode: (bytes) => decoder.decode(bytes), encode: (text) => Buffer.from(text, 'utf8') };
  }
  // WHATWG's `latin1` label means windows-1252; Python's latin-1 is ISO 8859-1, byte = code point.
  if (LATIN_1.has(encoding)) return byteCodec(0xff);
  if (ASCII.has(encoding)) return byteCodec(0x7f);
  return webCodec(encoding) ?? webCodec(encoding.replace(/_/g, '-'));
}

/** Encodings where each byte up to `max` is the code point of the same value. */
function byteCodec(max: number): Codec {
  return {
    decode(bytes) {
      if (max < 0xff && bytes.some((byte) => byte > max)) throw new Error('byte out of range');
      return Buffer.from(bytes).toString('latin1');
    },
    encode(text) {
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > max) return undefined;
      return Buffer.from(text, 'latin1');
    },
  };
}

/**
 * An encoding Node's TextDecoder knows. Node has no encoders besides UTF-8, so text is encoded
 * through the table of single bytes, and the result is accepted only if it decodes back to the
 * same text (which rules out characters a multi-byte encoding would need two bytes for).
 */
function webCodec(label: string): Codec | undefined {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return undefined;
  }
  // Python refuses cookies for encodings that are not ASCII-compatible.
  if (decoder.encoding.startsWith('utf-16')) return undefined;
  let table: Map<string, number> | undefined;
  return {
    decode: (bytes) => decoder.decode(bytes),
    encode(text) {
      table ??= singleByteTable(label);
      const bytes = new Uint8Array(text.length);
      let length = 0;
      for (const char of text) {
        const byte = table.get(char);
        if (byte === undefined) return undefined;
        bytes[length++] = byte;
      }
      const encoded = bytes.subarray(0, length);
      try {
        return decoder.decode(encoded) === text ? encoded : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

function singleByteTable(label: string): Map<string, number> {
  const decoder = new TextDecoder(label);
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) {
    const char = decoder.decode(Uint8Array.of(byte));
    if (char.length === 1 && char !== '\ufffd' && !table.has(char)) table.set(char, byte);
  }
  return table;
}

/** Where UTF-8 decoding fails: the byte's value, line and column (in characters). */
function invalidUtf8At(bytes: Uint8Array): string {
  const lenient = Buffer.from(bytes).toString('utf8');
  let byteOffset = 0;
  let index = 0;
  // Replacement characters also stand for real U+FFFD in the file, which are the bytes EF BF BD.
  for (const char of lenient) {
    if (char === '\ufffd' && !(bytes[byteOffset] === 0xef && bytes[byteOffset + 1] === 0xbf && bytes[byteOffset + 2] === 0xbd)) break;
    byteOffset += Buffer.byteLength(char, 'utf8');
    index += char.length;
  }
  const before = lenient.slice(0, index);
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = [...before.slice(lineStart)].length + 1;
  const line = before.split('\n').length;
  const value = bytes[byteOffset]?.toString(16).toUpperCase().padStart(2, '0') ?? '??';
  return `invalid byte 0x${value} on line ${line}, column ${column}`;
}
