import type { Clock } from '../clock.js';

export interface WindowRule {
  limit: number;
  windowMs: number;
}

/**
 * Sliding-window rate limiter: waits (on the injected clock) until a send fits every rule for
 * its key. In-process only: it keeps one instance under Teams' limits; across instances the
 * 429 backoff in the messenger is what holds the line.
 */
export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly longest: number;

  constructor(
    private readonly clock: Clock,
    private readonly rules: WindowRule[],
  ) {
    this.longest = Math.max(...rules.map((r) => r.windowMs));
  }

  async acquire(key: string): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const stamps = (this.sent.get(key) ?? []).filter((t) => t > now - this.longest);
      let wait = 0;
      for (const rule of this.rules) {
        const inWindow = stamps.filter((t) => t > now - rule.windowMs);
        if (inWindow.length >= rule.limit) {
          wait = Math.max(wait, inWindow[inWindow.length - rule.limit]! + rule.windowMs - now + 1);
        }
      }
      if (wait <= 0) {
        stamps.push(now);
        this.sent.set(key, stamps);
        return;
      }
      this.sent.set(key, stamps);
      await this.clock.sleep(wait);
    }
  }

  /** Forget keys with nothing in their windows, so the map does not grow without bound. */
  prune(): void {
    const cutoff = this.clock.now().getTime() - this.longest;
    for (const [key, stamps] of this.sent) if (!stamps.some((t) => t > cutoff)) this.sent.delete(key);
  }
}
