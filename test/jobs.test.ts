import { afterAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../src/clock.js';
import { Jobs } from '../src/jobs/jobs.js';
import { Retention } from '../src/jobs/retention.js';
import { Collection } from '../src/store/collection.js';
import { Deliveries, Delivery } from '../src/store/deliveries.js';
import { silentLogger } from '../src/log.js';
import type { DocumentStore } from '../src/store/port.js';
import { testStore, type StoreKind } from './harness/headway.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe.each(kinds)('durable jobs (%s store)', (kind) => {
  const opened: DocumentStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });

  /** Two app instances: separate store handles on the same data, one clock. */
  async function twoInstances(clock: ManualClock) {
    const handle = testStore(kind, inject('cosmosEndpoint'));
    const a = await handle.open();
    const b = await handle.open();
    opened.push(a, b);
    const runs: string[] = [];
    const make = (store: DocumentStore, name: string) => {
      const jobs = new Jobs(store, clock, silentLogger, { instanceId: name, baseDelayMs: 1000, maxAttempts: 3 });
      jobs.register('remind', z.object({ n: z.number() }), async (job) => {
        runs.push(`${job.id}@${name}`);
      });
      return jobs;
    };
    return { one: make(a, 'one'), two: make(b, 'two'), runs };
  }

  it('runs each due job exactly once when two instances poll the same store', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const { one, two, runs } = await twoInstances(clock);
    const ids: string[] = [];
    for (let n = 0; n < 30; n++) ids.push(await one.schedule('tenant-a', new Date(clock.now().getTime() + n * 60_000), 'remind', { n }, `job-${n}`));

    expect(await one.runDue()).toBe(1); // only job-0 is due now
    clock.advance(60 * 60_000);
    await Promise.all([one.runDue(), two.runDue(), one.runDue(), two.runDue()]);
    while ((await Promise.all([one.runDue(), two.runDue()])).some((n) => n > 0));

    const ranIds = runs.map((r) => r.split('@')[0]);
    expect(ranIds.sort()).toEqual([...ids].sort());
    expect(new Set(ranIds).size).toBe(30);
    for (const id of ids) expect((await one.get(id))?.status).toBe('done');
  });

  it('does not run a job before its time, and scheduling the same id twice is a no-op', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const { one, runs } = await twoInstances(clock);
    await one.schedule('tenant-a', new Date('2026-11-24T09:00:00Z'), 'remind', { n: 1 }, 'tomorrow');
    await one.schedule('tenant-a', new Date('2026-11-24T09:00:00Z'), 'remind', { n: 1 }, 'tomorrow');
    expect(await one.runDue()).toBe(0);
    clock.set('2026-11-24T09:00:00Z');
    expect(await one.runDue()).toBe(1);
    expect(runs).toEqual(['tomorrow@one']);
  });

  it('retries a failing job with backoff, then marks it failed', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const handle = testStore(kind, inject('cosmosEndpoint'));
    const store = await handle.open();
    opened.push(store);
    const jobs = new Jobs(store, clock, silentLogger, { baseDelayMs: 1000, maxAttempts: 3 });
    let calls = 0;
    jobs.register('flaky', z.object({}), async () => {
      calls++;
      throw new Error('connector down');
    });
    await jobs.schedule('tenant-a', clock.now(), 'flaky', {}, 'flaky-1');
    expect(await jobs.runDue()).toBe(1);
    expect(await jobs.get('flaky-1')).toMatchObject({ status: 'pending', attempts: 1, lastError: 'connector down' });
    expect(await jobs.runDue()).toBe(0); // backing off
    clock.advance(10_000);
    await jobs.runDue();
    clock.advance(10_000);
    await jobs.runDue();
    expect(calls).toBe(3);
    expect(await jobs.get('flaky-1')).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('picks up a job whose runner died once its lease has expired', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const handle = testStore(kind, inject('cosmosEndpoint'));
    const store = await handle.open();
    opened.push(store);
    let release: () => void = () => undefined;
    const dying = new Jobs(store, clock, silentLogger, { instanceId: 'dying', leaseMs: 60_000 });
    dying.register('slow', z.object({}), () => new Promise<void>((resolve) => (release = resolve)));
    await dying.schedule('tenant-a', clock.now(), 'slow', {}, 'slow-1');
    const stuck = dying.runDue(); // never finishes until released: the instance "died"
    await until(async () => (await dying.get('slow-1'))?.status === 'running');

    const healthy = new Jobs(store, clock, silentLogger, { instanceId: 'healthy' });
    let ran = 0;
    healthy.register('slow', z.object({}), async () => {
      ran++;
    });
    expect(await healthy.runDue()).toBe(0); // lease still live
    clock.advance(61_000);
    expect(await healthy.runDue()).toBe(1);
    expect(ran).toBe(1);
    expect((await healthy.get('slow-1'))?.status).toBe('done');
    release();
    await stuck; // the dead runner's late completion does not overwrite the result
    expect((await healthy.get('slow-1'))?.status).toBe('done');
  });

  it('a long job that beats its heart keeps its lease; one taken over stops at its next beat and changes nothing', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const handle = testStore(kind, inject('cosmosEndpoint'));
    const [a, b] = [await handle.open(), await handle.open()];
    opened.push(a, b);
    const other = new Jobs(b, clock, silentLogger, { instanceId: 'other', leaseMs: 60_000 });
    const steps: string[] = [];
    other.register('long', z.object({}), async () => {
      steps.push('other ran it');
    });
    const runner = new Jobs(a, clock, silentLogger, { instanceId: 'runner', leaseMs: 60_000 });
    runner.register('long', z.object({}), async (job) => {
      for (let step = 0; step < 5; step++) {
        clock.advance(30_000); // 150 s in all: more than twice the lease
        await job.heartbeat();
        expect(await other.runDue()).toBe(0); // never up for grabs
        steps.push(`step ${step}`);
      }
    });
    await runner.schedule('tenant-a', clock.now(), 'long', {}, 'long-1');
    expect(await runner.runDue()).toBe(1);
    expect(steps).toEqual(['step 0', 'step 1', 'step 2', 'step 3', 'step 4']);
    expect((await runner.get('long-1'))?.status).toBe('done');

    // A runner that stalls past its lease is taken over; at its next beat it stops.
    const stalled: string[] = [];
    const stalling = new Jobs(a, clock, silentLogger, { instanceId: 'stalling', leaseMs: 60_000 });
    stalling.register('long', z.object({}), async (job) => {
      clock.advance(61_000);
      expect(await other.runDue()).toBe(1); // the other instance takes it and finishes it
      await job.heartbeat();
      stalled.push('carried on');
    });
    await stalling.schedule('tenant-a', clock.now(), 'long', {}, 'long-2');
    await stalling.runDue();
    expect(stalled).toEqual([]);
    expect(steps.filter((s) => s === 'other ran it')).toHaveLength(1);
    expect((await stalling.get('long-2'))?.status).toBe('done');
  });

  it('a job scheduled and nudged while a poll runs is run straight after that poll, not at the next tick', async () => {
    const clock = new ManualClock('2026-11-23T09:00:00Z');
    const handle = testStore(kind, inject('cosmosEndpoint'));
    const store = await handle.open();
    opened.push(store);
    const jobs = new Jobs(store, clock, silentLogger, { instanceId: 'solo' });
    let followed!: () => void;
    const follower = new Promise<void>((resolve) => (followed = resolve));
    jobs.register('reminder', z.object({}), async () => {
      await jobs.schedule('tenant-a', clock.now(), 'fanout', {}, 'its-fanout');
      jobs.nudge(); // the poll that runs this job is still running
    });
    jobs.register('fanout', z.object({}), async () => followed());
    await jobs.schedule('tenant-a', clock.now(), 'reminder', {}, 'the-reminder');
    jobs.start(3_600_000); // the interval never fires within the test
    jobs.nudge();
    await follower;
    await jobs.stop();
    expect((await jobs.get('its-fanout'))?.status).toBe('done');
  });

  it('fails a job with an invalid payload at once, without running it', async () => {
    const clock = new ManualClock();
    const { one, runs } = await twoInstances(clock);
    await one.schedule('tenant-a', clock.now(), 'remind', { n: 'not a number' }, 'bad');
    await one.runDue();
    expect(runs).toEqual([]);
    expect(await one.get('bad')).toMatchObject({ status: 'failed', lastError: 'invalid payload' });
  });

  it('deletes finished jobs after 30 days, daily at 03:00 London, and keeps pending and recent ones', async () => {
    const clock = new ManualClock('2025-10-01T09:00:00Z');
    const store = await testStore(kind, inject('cosmosEndpoint')).open();
    opened.push(store);
    const one = new Jobs(store, clock, silentLogger);
    one.register('remind', z.object({ n: z.number() }), async () => undefined);
    const deliveries = new Deliveries(new Collection(store, clock, 'delivery', Delivery));
    const deliver = async (key: string, recipient: string) => {
      const claim = await deliveries.claim('tenant-a', key, recipient, clock.now(), 60_000);
      if (claim.kind === 'claimed') await deliveries.finish(claim.claim, { status: 'sent', attempts: 1 });
    };
    await deliver('hosting.invite:last-year', 'u1'); // 2025-10-01: over 400 days old by 2026-12-24
    clock.set('2026-11-23T09:00:00Z');
    await deliver('hosting.invite:this-year', 'u1');
    const retention = new Retention(one, deliveries, clock, silentLogger);
    await retention.ensure();
    await retention.ensure(); // a second instance starting: still one run a day
    expect((await one.get('system.retention:2026-11-24'))?.runAt).toBe('2026-11-24T03:00:00.000Z');
    await one.schedule('tenant-a', new Date('2026-11-23T09:00:00Z'), 'remind', { n: 1 }, 'old-done');
    await one.schedule('tenant-a', new Date('2027-06-01T09:00:00Z'), 'remind', { n: 2 }, 'far-pending');
    await one.schedule('tenant-a', new Date('2026-11-30T09:00:00Z'), 'remind', { n: 3 }, 'cancelled');
    await one.cancel('cancelled');
    await one.runDue(); // old-done runs now
    clock.set('2026-12-20T09:00:00Z');
    await one.schedule('tenant-a', new Date('2026-12-20T09:00:00Z'), 'remind', { n: 4 }, 'recent-done');
    while ((await one.runDue()) > 0); // the daily runs so far, and recent-done
    expect(await one.get('old-done')).toBeDefined(); // 27 days: kept
    clock.set('2026-12-24T03:00:00Z');
    while ((await one.runDue()) > 0);
    expect(await one.get('old-done')).toBeUndefined(); // finished 31 days ago
    expect(await one.get('cancelled')).toBeUndefined();
    expect((await one.get('far-pending'))?.status).toBe('pending');
    expect((await one.get('recent-done'))?.status).toBe('done');
    expect((await one.get('system.retention:2026-12-25'))?.status).toBe('pending'); // the next day is lined up
    // Delivery records older than 400 days are gone (so that message could go again); this year's stay.
    expect((await deliveries.claim('tenant-a', 'hosting.invite:this-year', 'u1', clock.now(), 60_000)).kind).toBe('skip');
    expect((await deliveries.claim('tenant-a', 'hosting.invite:last-year', 'u1', clock.now(), 60_000)).kind).toBe('claimed');
  });
});

/** Waits, a turn of the event loop at a time, until `condition` holds (no timers). */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await condition()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('condition never held');
}
