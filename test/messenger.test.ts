import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { SlidingWindowLimiter } from '../src/teams/limiter.js';
import { retryAfterMs, statusOf } from '../src/teams/messenger.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { makeUser, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe.each(kinds)('proactive messenger (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let world: Awaited<ReturnType<typeof startWorld>>;
  const users: User[] = Array.from({ length: 15 }, (_, i) => makeUser(`head${i}`, `Head ${i}`));

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock });
    for (const user of users) await world.teams.install(user, world.teams.personal(user));
    world.connector.reset();
  });
  afterAll(async () => {
    await world.stop();
  });

  const fanOut = (people: User[], key: string) =>
    world.bot.headway.messenger.fanOutToUsers(world.teams.tenantId, people.map((u) => u.aadObjectId), (id) => ({ text: `Invitation for ${id}` }), key);

  it('delivers a fan-out exactly once through 429s and 5xx, honouring Retry-After', async () => {
    const { connector, teams } = world;
    // Five faults in all, fewer than the six attempts a send gets: with the test clock a retry goes
    // at once, so one person's retries can meet every fault in a row (seven made this flaky).
    connector.failNext(4, { status: 429, retryAfterSeconds: 3, kinds: ['send', 'reply'] });
    connector.failNext(1, { status: 503, kinds: ['send', 'reply'] });
    const started = clock.now().getTime();

    const first = await fanOut(users.slice(0, 12), 'invite:cohort3');
    expect(first).toEqual({ sent: 12, skipped: 0, failed: 0, gone: 0, noConversation: 0, unreached: [] });
    for (const user of users.slice(0, 12)) expect(connector.delivered(teams.personal(user).id)).toHaveLength(1);
    // botbuilder posts proactive messages as replies to the continuation activity; Teams treats
    // them as new messages, and so does the fake.
    expect(connector.calls.filter((c) => c.kind === 'send' || c.kind === 'reply')).toHaveLength(12 + 4 + 1);
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(3000);

    // Run again, then again with three more people: only the new ones get it.
    const again = await fanOut(users.slice(0, 12), 'invite:cohort3');
    expect(again).toMatchObject({ sent: 0, skipped: 12 });
    const more = await fanOut(users, 'invite:cohort3');
    expect(more).toMatchObject({ sent: 3, skipped: 12 });
    for (const user of users) expect(connector.delivered(teams.personal(user).id)).toHaveLength(1);
  });

  it('stops at a 403, marks the conversation inactive and never sends there again', async () => {
    const { connector, teams } = world;
    const removed = users[0]!;
    connector.failNext(1, { status: 403, conversationId: teams.personal(removed).id });
    const result = await fanOut(users.slice(0, 3), 'reminder:1');
    expect(result).toMatchObject({ sent: 2, gone: 1 });
    expect((await world.bot.services.refs.get(teams.tenantId, teams.personal(removed).id))?.active).toBe(false);

    const callsBefore = connector.calls.length;
    const later = await fanOut([removed], 'reminder:2');
    expect(later).toMatchObject({ noConversation: 1, sent: 0 });
    expect(connector.calls.length).toBe(callsBefore);
  });

  it('gives up after repeated failures and a resumed fan-out delivers the rest once', async () => {
    const { connector, teams } = world;
    const target = users[5]!;
    connector.failNext(6, { status: 502, conversationId: teams.personal(target).id });
    const first = await fanOut([target, users[6]!], 'notice:x');
    expect(first).toMatchObject({ sent: 1, failed: 1 });
    const resumed = await fanOut([target, users[6]!], 'notice:x');
    expect(resumed).toMatchObject({ sent: 1, skipped: 1 });
    expect(connector.delivered(teams.personal(target).id).filter((c) => c.body?.text === `Invitation for ${target.aadObjectId}`)).toHaveLength(2);
  });

  it('keeps to 7 messages a second in one conversation', async () => {
    const { teams } = world;
    const target = users[8]!;
    const started = clock.now().getTime();
    for (let i = 0; i < 21; i++) {
      expect(await world.bot.headway.messenger.deliverToUser(teams.tenantId, target.aadObjectId, { text: `n${i}` }, `burst:${i}`)).toBe('sent');
    }
    // 21 sends at 7 per second need at least two full seconds.
    expect(clock.now().getTime() - started).toBeGreaterThanOrEqual(2000);
  });
});

describe.each(kinds)('posting to and updating a channel (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let world: Awaited<ReturnType<typeof startWorld>>;
  const lead = makeUser('lead', 'Lead');

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock });
  });
  afterAll(async () => {
    await world.stop();
  });

  it('posts once per key and answers with the same message id on a repeat', async () => {
    const { teams, connector, bot } = world;
    const channel = teams.channel('leadership', 'slt');
    await teams.install(lead, channel);
    connector.reset();
    const first = await bot.headway.messenger.post(teams.tenantId, channel.id, { text: 'Theme 1 poll' }, 'review:1:theme-1');
    expect(first.outcome).toBe('sent');
    expect(first.activityId).toMatch(/^activity-/);
    const again = await bot.headway.messenger.post(teams.tenantId, channel.id, { text: 'Theme 1 poll' }, 'review:1:theme-1');
    expect(again).toEqual({ outcome: 'duplicate', activityId: first.activityId });
    expect(connector.delivered(channel.id)).toHaveLength(1);
  });

  it('updates a posted message through 429s, and stops at a 403', async () => {
    const { teams, connector, bot } = world;
    const channel = teams.channel('leadership', 'slt');
    const { activityId } = await bot.headway.messenger.post(teams.tenantId, channel.id, { text: 'count: 0 of 6' }, 'review:1:theme-2');
    connector.failNext(2, { status: 429, retryAfterSeconds: 1, kinds: ['update'] });
    expect(await bot.headway.messenger.update(teams.tenantId, channel.id, activityId!, { text: 'count: 1 of 6' })).toBe('sent');
    const updates = connector.calls.filter((c) => c.kind === 'update' && c.activityId === activityId);
    expect(updates.map((c) => c.status)).toEqual([429, 429, 200]);
    expect(updates[2]!.body?.text).toBe('count: 1 of 6');
    connector.failNext(1, { status: 403, kinds: ['update'] });
    expect(await bot.headway.messenger.update(teams.tenantId, channel.id, activityId!, { text: 'count: 2 of 6' })).toBe('gone');
    expect(await bot.headway.messenger.update(teams.tenantId, channel.id, activityId!, { text: 'count: 3 of 6' })).toBe('no-conversation');
  });
});

describe('sliding window limiter', () => {
  it('never lets more than 7 a second or 60 in 30 seconds through', async () => {
    const clock = new ManualClock();
    const limiter = new SlidingWindowLimiter(clock, [
      { limit: 7, windowMs: 1000 },
      { limit: 60, windowMs: 30_000 },
    ]);
    const times: number[] = [];
    for (let i = 0; i < 130; i++) {
      await limiter.acquire('conv');
      times.push(clock.now().getTime());
    }
    const inWindow = (t: number, ms: number) => times.filter((x) => x > t - ms && x <= t).length;
    for (const t of times) {
      expect(inWindow(t, 1000)).toBeLessThanOrEqual(7);
      expect(inWindow(t, 30_000)).toBeLessThanOrEqual(60);
    }
    // Other keys are not held back by a busy one.
    const before = clock.now().getTime();
    await limiter.acquire('other');
    expect(clock.now().getTime()).toBe(before);
  });

  it('reads status and Retry-After from connector errors', () => {
    const error = { statusCode: 429, response: { status: 429, headers: { get: (h: string) => (h === 'retry-after' ? '7' : undefined) } } };
    expect(statusOf(error)).toBe(429);
    expect(retryAfterMs(error)).toBe(7000);
    expect(retryAfterMs({ response: { headers: { 'retry-after': 'not a date' } } })).toBeUndefined();
  });
});
