// When documents are analysed: a while after the last keystroke (debounced per document), never
// twice at once for the same document, and always off the handler that asked for it, so that the
// connection keeps answering while the user types.

export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The run in progress per document; a cancelled run is forgotten here even before it ends. */
  private readonly running = new Map<string, symbol>();
  /** Documents asked for again while their analysis ran; they run once more when it ends. */
  private readonly again = new Set<string>();

  constructor(
    private readonly analyse: (uri: string) => Promise<void>,
    private readonly onError: (uri: string, error: unknown) => void,
  ) {}

  /** Analyses `uri` after `delayMs`; a later call before then restarts the wait. */
  schedule(uri: string, delayMs: number): void {
    clearTimeout(this.timers.get(uri));
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        this.start(uri);
      }, delayMs),
    );
  }

  /**
   * Forgets a pending analysis (the document closed). One already running finishes on its own,
   * but no longer holds up the document: reopened, it is analysed at once.
   */
  cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.again.delete(uri);
    this.running.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.again.clear();
    this.running.clear();
  }

  private start(uri: string): void {
    if (this.running.has(uri)) {
      this.again.add(uri);
      return;
    }
    const run = Symbol(uri);
    this.running.set(uri, run);
    // Through `then`, so that even a synchronous throw ends up in `onError`.
    Promise.resolve(uri)
      .then((key) => this.analyse(key))
      .catch((error: unknown) => this.onError(uri, error))
      .finally(() => {
        if (this.running.get(uri) !== run) return;
        this.running.delete(uri);
        if (this.again.delete(uri)) this.start(uri);
      });
  }
}
