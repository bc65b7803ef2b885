import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { partitionKey } from '../src/store/collection.js';
import { startWorld, testStore } from './harness/headway.js';
import { cardText, makeUser } from './harness/teams.js';

function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

describe('Teams edge', () => {
  it('on an unexpected error tells the user to check what took effect (never that nothing was saved), and logs ids but no text or names', async () => {
    const { log, lines } = capturedLogger();
    const head = makeUser('head', 'Amara Okafor');
    const world = await startWorld(testStore('sqlite'), { log });
    try {
      const chat = world.teams.personal(head);
      await world.teams.install(head, chat);
      // A stored role grant that no longer matches its schema: reading it fails unexpectedly.
      await world.bot.store.create({
        id: `facilitator:${head.aadObjectId}`, pk: partitionKey({ tenantId: world.teams.tenantId, partition: 'roles' }), type: 'roleGrant',
        tenantId: world.teams.tenantId, schemaVersion: 1, createdAt: 'x', updatedAt: 'x', role: 'janitor', userId: head.aadObjectId,
      });
      const secret = 'help';
      const sent = await world.teams.say(head, chat, secret);
      expect(sent.status).toBe(200);
      const reply = cardText(world.teams.latestCard(head, chat).card);
      expect(reply).toContain('Sorry, something went wrong');
      expect(reply).toContain('Part of it may not have been done. Check before trying again');

      const error = lines.find((l) => l.msg === 'unexpected error in turn');
      expect(error).toMatchObject({ tenantId: world.teams.tenantId, conversationId: chat.id, activityType: 'message' });
      expect(typeof error?.activityId).toBe('string');
      expect(reply).toContain(String(error?.activityId));
      const all = JSON.stringify(lines);
      expect(all).not.toContain('Amara Okafor');
      expect(all).not.toContain(`"text":"${secret}"`);
    } finally {
      await world.stop();
    }
  });

  it('binds to localhost without a bot id, and /healthz reports an unreachable store', async () => {
    const world = await startWorld(testStore('sqlite'));
    try {
      expect((world.bot.server.server.address() as { address: string }).address).toBe('127.0.0.1');
      expect((await fetch(`${world.bot.server.url}/healthz`)).status).toBe(200);
      await world.bot.store.close();
      const res = await fetch(`${world.bot.server.url}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable', store: 'sqlite' });
    } finally {
      await world.stop();
    }
  });

  it('marks the conversation inactive when the bot is removed from a team', async () => {
    const sam = makeUser('sam', 'Sam');
    const world = await startWorld(testStore('sqlite'));
    try {
      const channel = world.teams.channel('leadership', 'general');
      await world.teams.install(sam, channel);
      await world.teams.post({ ...world.teams.base(sam, channel), type: 'conversationUpdate', membersRemoved: [{ id: '28:headway-bot' }] });
      expect((await world.bot.services.refs.get(world.teams.tenantId, channel.id))?.active).toBe(false);
    } finally {
      await world.stop();
    }
  });

  it('finishes the turns in flight on shutdown and then refuses new connections', async () => {
    const head = makeUser('head', 'Head');
    const world = await startWorld(testStore('sqlite'));
    const chat = world.teams.personal(head);
    await world.teams.install(head, chat);
    const slow = world.connector.hold(); // the reply to the turn below is slow to send
    const inFlight = world.teams.say(head, chat, 'help');
    await slow.arrived; // the turn is in flight, waiting on its reply
    const closing = world.bot.server.close(5000);
    slow.release();
    expect((await inFlight).status).toBe(200);
    await closing;
    expect(cardText(world.teams.latestCard(head, chat).card)).toContain('What you can do here');
    await expect(fetch(`${world.bot.server.url}/healthz`)).rejects.toThrow();
    await world.bot.services.jobs.stop();
    await world.bot.store.close();
    await world.connector.close();
  });
});
