// The engine loads its wasm from grammars/, which the build fills; tests must not depend on
// a build having run, so they copy the grammars themselves.
import { execFileSync } from 'node:child_process';

export default function setup(): void {
  execFileSync(process.execPath, ['scripts/copy-grammars.mjs'], { stdio: 'inherit' });
}
