import type { Clock } from '../clock.js';

/**
 * Runs at most one pending job per key: the first request schedules it after `delayMs`, and
 * requests that arrive meanwhile ride along. Used for the reviews' live count, so sixty answers in
 * a second make one or two card updates instead of sixty queued behind Teams' 7-per-second limit,
 * and no answer waits for them. It only saves work: the count is always recomputed from the
 * store, so a lost pending update (a restart) is made good by the next answer.
 */
export class Coalescer {
  /** A job per key waiting to start: later requests ride along with it. */
  private readonly waiting = new Set<string>();
  /** The latest job per key: a new one starts only after it, so updates land in order. */
  private readonly latest = new Map<string, Promise<void>>();

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
  ) {}

  schedule(key: string, job: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.waiting.has(key)) return;
    this.waiting.add(key);
    const previous = this.latest.get(key) ?? Promise.resolve();
    const run: Promise<void> = previous
      .then(() => this.clock.sleep(this.delayMs))
      .then(() => {
        this.waiting.delete(key);
        return job();
      })
      .catch(onError)
      .finally(() => {
        if (this.latest.get(key) === run) this.latest.delete(key);
      });
    this.latest.set(key, run);
  }

  /** Resolves when nothing is pending (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.latest.size > 0) await Promise.all([...this.latest.values()]);
  }
}
