// When documents are analysed: a while after the last keystroke (debounced per document), never
// twice at once for the same document, and always off the handler that asked for it, so that the
// connection keeps answering while the user types.

export class AnalysisScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Set<string>();
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

  /** Forgets a pending analysis (the document closed); one already running finishes on its own. */
  cancel(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.again.delete(uri);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.again.clear();
  }

  private start(uri: string): void {
    if (this.running.has(uri)) {
      this.again.add(uri);
      return;
    }
    this.running.add(uri);
    // Through `then`, so that even a synchronous throw ends up in `onError`.
    Promise.resolve(uri)
      .then((key) => this.analyse(key))
      .catch((error: unknown) => this.onError(uri, error))
      .finally(() => {
        this.running.delete(uri);
        if (this.again.delete(uri)) this.start(uri);
      });
  }
}
