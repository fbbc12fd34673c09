// Copies the wasm files the engine loads into grammars/, from the npm packages that ship them.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'grammars');
mkdirSync(target, { recursive: true });
const files = [
  require.resolve('web-tree-sitter/web-tree-sitter.wasm'),
  join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
];
// Through a temporary file and a rename, and not at all when the copy is current: test runs that
// start side by side must never load a half-written grammar.
for (const file of files) {
  const destination = join(target, file.split(/[\\/]/).pop());
  if (existsSync(destination) && readFileSync(destination).equals(readFileSync(file))) continue;
  const temporary = `${destination}.${process.pid}.tmp`;
  copyFileSync(file, temporary);
  renameSync(temporary, destination);
}
