// Lists what the packaged .vsix holds and fails when a file the extension needs is missing or
// anything else got in (sources, source maps, tests, node_modules …). A .vsix is a zip; its
// central directory is read here directly so the check needs no unzip tool.
//
//   node scripts/check-vsix.mjs [python-pattern-hints.vsix]
import { readFileSync } from 'node:fs';

const vsixPath = process.argv[2] ?? 'python-pattern-hints.vsix';

/** Files without which the installed extension does not work or does not present itself. */
const REQUIRED = [
  'extension/package.json',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/analysis-worker.js',
  'extension/grammars/web-tree-sitter.wasm',
  'extension/grammars/tree-sitter-python.wasm',
  'extension/snippets/python.json',
  'extension/docs/rules/PH001.md',
  'extension/docs/patterns.md',
  'extension/images/icon.png',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
];
/** Everything else that may be in the package: vsce's own metadata and the other bundles. */
const ALSO_ALLOWED = [/^extension\.vsixmanifest$/, /^\[Content_Types\]\.xml$/, /^extension\/docs\/rules\/(PH\d{3}|README)\.md$/];

/** `{ name, size }` for every entry of a zip, from its central directory. */
function zipEntries(zip) {
  const END_OF_DIRECTORY = 0x06054b50;
  const DIRECTORY_ENTRY = 0x02014b50;
  // The end record is 22 bytes plus a comment of at most 64 KiB, so search backwards for it.
  let end = zip.length - 22;
  while (end >= Math.max(0, zip.length - 22 - 0xffff) && zip.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  if (end < 0 || zip.readUInt32LE(end) !== END_OF_DIRECTORY) throw new Error('not a zip file (no end of central directory)');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error(`corrupt central directory at byte ${at}`);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    entries.push({ name: zip.toString('utf8', at + 46, at + 46 + nameLength), size });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let zip;
try {
  zip = readFileSync(vsixPath);
} catch (error) {
  console.error(`cannot read ${vsixPath} (run npm run package first): ${error.message}`);
  process.exit(1);
}
const entries = zipEntries(zip);
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
for (const { name, size } of entries) console.log(`${kib(size).padStart(12)}  ${name}`);
console.log(`${entries.length} files, ${kib(entries.reduce((sum, { size }) => sum + size, 0))} unpacked, ${vsixPath} is ${kib(zip.length)}`);

const names = new Set(entries.map(({ name }) => name));
const missing = REQUIRED.filter((name) => !names.has(name));
const unexpected = [...names].filter((name) => !REQUIRED.includes(name) && !ALSO_ALLOWED.some((pattern) => pattern.test(name)));
for (const name of missing) console.error(`missing: ${name}`);
for (const name of unexpected) console.error(`should not be packaged: ${name}`);
if (missing.length > 0 || unexpected.length > 0) process.exit(1);
