// A worker thread of `pyhints check` (parallel-check.ts): it checks the files the main thread
// sends, one at a time, with its own parser and engines, and sends back what each one gave.

import { parentPort, workerData } from 'node:worker_threads';
import { ALL_RULES } from '../../server/src/rules';
import { Engines, RULES_BY_CODE } from './check-command';
import { errorText, FileChecker } from './file-checker';
import { capturingSink, paletteOf, type WorkerMessage, type WorkerSetup } from './parallel-check';
import { ProjectSettings } from './project-settings';
import { ResultCache } from './result-cache';

export function runCheckWorker(): void {
  const port = parentPort!;
  const setup = workerData as WorkerSetup;
  // The main thread has printed the configuration's warnings already.
  const settings = new ProjectSettings(setup.options, ALL_RULES, () => undefined);
  const cache = setup.cacheDir === undefined ? undefined : new ResultCache(setup.cacheDir, setup.build);
  const { sink, take } = capturingSink();
  const checker = new FileChecker(setup.options, sink, paletteOf(setup.colors), RULES_BY_CODE, cache);
  const engines = new Engines(setup.grammarDir, (message) => sink.stderr(`${checker.currentFile}: ${message}\n`));
  port.on('message', ({ index, file }: { index: number; file: string }) => {
    const fileSettings = settings.forFile(file);
    engines
      .for(fileSettings)
      .then((engine) => checker.check(engine, fileSettings, file))
      .catch((error: unknown) => {
        sink.stderr(`${file}: internal error (${errorText(error)}); skipped\n`);
        sink.totals.failed++;
      })
      .finally(() => port.postMessage({ type: 'done', index, ...take() } satisfies WorkerMessage));
  });
  port.postMessage({ type: 'ready' } satisfies WorkerMessage);
}
