// Bundles the client, the server and the CLI with esbuild; the wasm files go to grammars/.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';
import './copy-grammars.mjs';

const production = process.argv.includes('--production');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // The ESM build of web-tree-sitter finds itself through import.meta.url, which a CJS bundle lacks.
  // jsonc-parser's UMD build loads its parts with require() calls a bundle cannot follow; its ESM build bundles.
  alias: { 'web-tree-sitter': './node_modules/web-tree-sitter/web-tree-sitter.cjs', 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
};

const bundles = {
  client: { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  server: { entryPoints: { server: 'server/src/server.ts', 'analysis-worker': 'server/src/analysis-worker.ts' }, outdir: 'dist' },
  cli: { entryPoints: ['cli/src/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  // Only on request: the benchmark measures the engine as it ships, bundled like the server.
  bench: { entryPoints: ['bench/run.mts'], outfile: 'dist/bench.js', external: ['@astral-sh/ruff-wasm-nodejs'] },
  instructions: { entryPoints: ['bench/instruction-passes.mts'], outfile: 'dist/instruction-passes.js' },
};
// `--only=server,cli` builds a subset; the default is what ships.
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',') ?? ['client', 'server', 'cli'];
const selected = Object.entries(bundles).filter(([name]) => only.includes(name));
await Promise.all(selected.map(([, options]) => esbuild.build({ ...common, ...options })));
if (selected.some(([name]) => name === 'cli')) chmodSync('dist/cli.js', 0o755);
