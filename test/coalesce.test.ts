import { describe, expect, it } from 'vitest';
import { Coalescer } from '../src/features/coalesce.js';

describe('Coalescer', () => {
  it('runs one job for a burst of requests, in order, and a new one for requests made while it runs', async () => {
    const coalescer = new Coalescer(5);
    const ran: number[] = [];
    let value = 0;
    const job = async () => {
      const seen = value;
      await new Promise((r) => setTimeout(r, 10));
      ran.push(seen);
    };
    for (let i = 0; i < 20; i++) {
      value = i;
      coalescer.schedule('k', job, () => undefined);
    }
    await new Promise((r) => setTimeout(r, 8)); // the job has started with value 19
    value = 42;
    coalescer.schedule('k', job, () => undefined); // arrives while it runs: one more job, after it
    coalescer.schedule('k', job, () => undefined);
    await coalescer.idle();
    expect(ran).toEqual([19, 42]);
  });

  it('keeps keys apart and reports failures without stopping later jobs', async () => {
    const coalescer = new Coalescer(0);
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
