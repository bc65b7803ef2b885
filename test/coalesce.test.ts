import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { Coalescer } from '../src/features/coalesce.js';

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Coalescer', () => {
  it('runs one job for a burst of requests, in order, and a new one for requests made while it runs', async () => {
    const clock = new ManualClock();
    const coalescer = new Coalescer(clock, 750);
    const ran: number[] = [];
    const started = deferred();
    const gate = deferred();
    let value = 0;
    const job = async () => {
      const seen = value;
      started.resolve();
      await gate.promise;
      ran.push(seen);
    };
    const before = clock.now().getTime();
    for (let i = 0; i < 20; i++) {
      value = i;
      coalescer.schedule('k', job, () => undefined);
    }
    await started.promise; // the job has started, after the delay, with value 19
    expect(clock.now().getTime() - before).toBe(750);
    value = 42;
    coalescer.schedule('k', job, () => undefined); // arrives while it runs: one more job, after it
    coalescer.schedule('k', job, () => undefined);
    gate.resolve();
    await coalescer.idle();
    expect(ran).toEqual([19, 42]);
  });

  it('keeps keys apart and reports failures without stopping later jobs', async () => {
    const coalescer = new Coalescer(new ManualClock(), 0);
    const errors: unknown[] = [];
    const ran: string[] = [];
    coalescer.schedule('a', async () => { throw new Error('boom'); }, (e) => errors.push(e));
    coalescer.schedule('b', async () => { ran.push('b'); }, (e) => errors.push(e));
    await coalescer.idle();
    coalescer.schedule('a', async () => { ran.push('a'); }, (e) => errors.push(e));
    await coalescer.idle();
    expect(ran.sort()).toEqual(['a', 'b']);
    expect(errors).toHaveLength(1);
  });
});
