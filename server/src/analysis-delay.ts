// How long the server waits after a change before analysing: short when the document analyses
// quickly, so squiggles follow a keystroke within a few dozen milliseconds; longer for a document
// that takes long, and while the user types fast, so that analyses do not pile up behind keystrokes.

/** The least wait: the edits of one action (a multi-cursor edit, a fix) arrive within it. */
const MIN_DELAY_MS = 5;
const MAX_DELAY_MS = 400;
/** Keystrokes closer than this are fast typing; the analysis then waits for a pause. */
const FAST_TYPING_MS = 150;
const PAUSE_MS = 100;

/**
 * `lastAnalysisMs`: how long the document's last analysis took (unknown before the first);
 * `sinceLastChangeMs`: the time since the change before this one.
 */
export function analysisDelay(lastAnalysisMs: number | undefined, sinceLastChangeMs: number | undefined): number {
  const delay = Math.min(MAX_DELAY_MS, Math.max(MIN_DELAY_MS, MIN_DELAY_MS + 2 * (lastAnalysisMs ?? 10)));
  return sinceLastChangeMs !== undefined && sinceLastChangeMs < FAST_TYPING_MS ? Math.max(delay, PAUSE_MS) : delay;
}
