// One process of `bench/instructions.sh`: parses, or analyses with every rule, every sixth file of
// the standard library, `passes` times over. Run under cachegrind, its instruction count is
// reproducible, where timings on a shared machine are not.
//
//   node dist/instruction-passes.js parse|analyze|none PASSES

import path from 'node:path';
import { createEngine } from '../server/src/engine/engine';
import { ALL_RULES } from '../server/src/rules';
import { readCorpus, stdlibDir } from './corpus.mjs';

async function main() {
  const [mode, passes] = [process.argv[2], Number(process.argv[3] ?? 1)];
  const texts = readCorpus(stdlibDir())
    .filter((_, index) => index % 6 === 0)
    .map((file) => file.text);
  const engine = await createEngine(path.resolve('grammars'), ALL_RULES, { select: ['ALL'] });
  for (let pass = 0; pass < passes; pass++) {
    for (const text of texts) {
      if (mode === 'parse') {
        engine.parser.parse(text).delete();
      } else if (mode === 'analyze') {
        const document = engine.open(text);
        engine.analyze(document);
        document.dispose();
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
