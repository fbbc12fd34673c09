// The analysis scheduler: debounced per document, one run at a time per document, errors reported.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalysisScheduler } from '../../server/src/scheduler';

describe('AnalysisScheduler', () => {
  const runs: string[] = [];
  const errors: string[] = [];
  /** Resolves the run that is waiting, when a test makes runs wait. */
  let finishRun: (() => void) | undefined;

  beforeEach(() => {
    vi.useFakeTimers();
    runs.length = 0;
    errors.length = 0;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  const scheduler = (analyse: (uri: string) => Promise<void>) =>
    new AnalysisScheduler(analyse, (uri, error) => errors.push(`${uri}: ${String(error)}`));
  const recording = () =>
    scheduler(async (uri) => {
      runs.push(uri);
    });

  it('runs once, a delay after the last request for a document', async () => {
    const subject = recording();
    subject.schedule('a', 150);
    await vi.advanceTimersByTimeAsync(100);
    subject.schedule('a', 150);
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toEqual(['a']);
  });

  it('keeps documents apart', async () => {
    const subject = recording();
    subject.schedule('a', 150);
    subject.schedule('b', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['b']);
    await vi.advanceTimersByTimeAsync(150);
    expect(runs).toEqual(['b', 'a']);
  });

  it('does not run a cancelled or disposed request', async () => {
    const subject = recording();
    subject.schedule('a', 10);
    subject.schedule('b', 10);
    subject.cancel('a');
    await vi.advanceTimersByTimeAsync(20);
    expect(runs).toEqual(['b']);
    subject.schedule('b', 10);
    subject.dispose();
    await vi.advanceTimersByTimeAsync(20);
    expect(runs).toEqual(['b']);
  });

  it('runs a document once more after its running analysis, never twice at once', async () => {
    let running = 0;
    const subject = scheduler(async (uri) => {
      running++;
      expect(running).toBe(1);
      runs.push(uri);
      await new Promise<void>((resolve) => (finishRun = resolve));
      running--;
    });
    subject.schedule('a', 0);
    await vi.advanceTimersByTimeAsync(0);
    subject.schedule('a', 0);
    await vi.advanceTimersByTimeAsync(0);
    subject.schedule('a', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['a']);
    finishRun!();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['a', 'a']);
    finishRun!();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['a', 'a']);
    expect(errors).toEqual([]);
  });

  it('reports a failing analysis and keeps scheduling', async () => {
    const subject = scheduler(async (uri) => {
      runs.push(uri);
      if (runs.length === 1) throw new Error('broken tree');
    });
    subject.schedule('a', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors).toEqual(['a: Error: broken tree']);
    subject.schedule('a', 0);
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual(['a', 'a']);
  });
});
