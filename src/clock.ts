/** Time is injected so tests move it instead of sleeping. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock for tests: sleeping advances time at once, so backoff and schedules run instantly. */
export class ManualClock implements Clock {
  private current: number;
  constructor(start: Date | string = '2026-11-23T09:00:00Z') {
    this.current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.current);
  }
  async sleep(ms: number): Promise<void> {
    this.current += Math.max(0, ms);
    await Promise.resolve();
  }
  advance(ms: number): void {
    this.current += ms;
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime();
  }
}
