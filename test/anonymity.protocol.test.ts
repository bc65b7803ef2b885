import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { inReview, PARTITION } from '../src/features/reviews/model.js';
import { saltedResponder } from '../src/features/reviews/responder.js';
import { reviewCollections } from '../src/features/reviews/store.js';
import { knownDocumentTypes } from '../src/store/collection.js';
import type { StoredDocument } from '../src/store/port.js';
import { startWorld, testStore } from './harness/headway.js';
import { cardText, makeUser, type Card, type User } from './harness/teams.js';

const kinds = ['sqlite', 'cosmos'] as const;
const KEY = 'the anonymity key: kept in Key Vault, never in the store';

/**
 * Anonymous reviews under ANONYMITY_KEY, through the Teams protocol: someone holding every stored
 * document and every user id cannot tell who answered what (they can when the key is known: the
 * control that shows the attack would work); a review from before the key, with its salt beside
 * its member ids, can be so read until the migration re-keys it and deletes the salt, after which
 * each member still sees their own answers.
 */
describe.each(kinds)('privacy: anonymous reviews stay anonymous to whoever holds the database (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const lead = makeUser('lead', 'Grace Lead');
  const team = [lead, makeUser('amara', 'Amara Deputy'), makeUser('ben', 'Ben Assistant'), makeUser('cleo', 'Cleo Senco')];
  let world: Awaited<ReturnType<typeof startWorld>>;
  const channelA = () => world.teams.channel('school', 'slt');
  const channelB = () => world.teams.channel('school', 'governors');

  const everything = async (): Promise<StoredDocument[]> => {
    const docs: StoredDocument[] = [];
    for (const type of knownDocumentTypes().keys()) docs.push(...(await world.bot.store.sweep({ type, updatedBefore: '9999-12-31', limit: 1000 })).map((v) => v.doc));
    return docs;
  };
  const strings = (value: unknown, into = new Set<string>()): Set<string> => {
    if (typeof value === 'string') into.add(value);
    else if (Array.isArray(value)) value.forEach((v) => strings(v, into));
    else if (value && typeof value === 'object') Object.values(value).forEach((v) => strings(v, into));
    return into;
  };
  /**
   * The attack: every stored string tried as a salt (sha256 of salt:user, as reviews once did) or
   * as an HMAC key over review and user, for every user id. Answers the answers it could tie to a
   * person, as "reviewId user".
   */
  const tiedByAttack = async (keys: string[] = []) => {
    const docs = await everything();
    const candidates = [...strings(docs), ...keys];
    const tied = new Set<string>();
    for (const review of docs.filter((d) => d.type === 'review' && d.anonymous)) {
      const responders = new Set(docs.filter((d) => (d.type === 'reviewAnswer' && d.pk.endsWith(`review:${review.id}`)) || (d.type === 'reviewRevealed' && d.pk.endsWith(`review:${review.id}`))).flatMap((d) => (d.type === 'reviewAnswer' ? [String(d.responder)] : (d.answers as { responder: string }[]).map((a) => a.responder))));
      for (const user of team) {
        for (const s of candidates) {
          const salted = createHash('sha256').update(`${s}:${user.aadObjectId}`).digest('hex').slice(0, 32);
          const keyed = createHmac('sha256', Buffer.from(s, 'utf8')).update(`${review.id}\n${user.aadObjectId}`).digest('hex').slice(0, 32);
          if (responders.has(salted) || responders.has(keyed)) tied.add(`${review.id} ${user.key}`);
        }
      }
    }
    return tied;
  };
  const statementsOf = (card: Card) => JSON.stringify(card.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
  const answer = async (user: User, channel: ReturnType<typeof channelA>, poll: Card, level: string) =>
    world.teams.click(user, channel, 'Save my answers', { ...Object.fromEntries(statementsOf(poll).map((id) => [id, level])), [`c_${statementsOf(poll)[0]!.slice(2)}`]: `${user.name.split(' ')[0]} would say so` }, { card: poll });

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock, anonymityKey: KEY });
    const { teams, connector } = world;
    for (const channel of [channelA(), channelB()]) {
      connector.setMembers(channel.teamId!, team.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
      await teams.install(lead, channel);
      await teams.say(lead, channel, 'review start');
      await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'true' });
      const poll = teams.cards(channel).at(-1)!;
      for (const [i, user] of team.slice(1).entries()) await answer(user, channel, poll, ['emerging', 'developing', 'embedding'][i]!);
      await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
      await teams.click(lead, channel, 'Save agreed responses', {}, { card: teams.cards(channel).at(-1)! });
      await teams.click(lead, channel, 'Open theme', {}, { card: teams.cards(channel).at(-1)! });
      const second = teams.cards(channel).at(-1)!;
      for (const user of team.slice(1, 3)) await answer(user, channel, second, 'sustaining');
    }
  }, 120_000);
  afterAll(() => world?.stop());

  it('keys answers so that every stored document and every user id tie no answer to anyone; the key would', async () => {
    const docs = await everything();
    expect(docs.filter((d) => d.type === 'review').every((d) => !('salt' in d))).toBe(true);
    expect(docs.filter((d) => JSON.stringify(d).includes(KEY))).toEqual([]);
    expect([...(await tiedByAttack())]).toEqual([]);
    // The control: knowing the key, the same attack ties each answerer in both reviews.
    expect((await tiedByAttack([KEY])).size).toBe(2 * 3);
  });

  it('migrates a review from before the key: readable with its salt, re-keyed and unreadable after, and members still see their own answers', async () => {
    const { teams, bot } = world;
    // Channel B's review as it was stored before ANONYMITY_KEY: a salt beside the member ids, answers under sha256(salt:user).
    const c = reviewCollections(bot.store, clock);
    const review = (await c.reviews.all({ tenantId: teams.tenantId, partition: PARTITION })).find((r) => r.conversationId === channelB().id)!;
    const salt = 'c0ffee0123456789abcdef0123456789';
    await c.reviews.update({ tenantId: teams.tenantId, partition: PARTITION }, review.id, (current) => ({ ...current!, salt }));
    const scope = inReview(teams.tenantId, review.id);
    const legacy = new Map(team.map((u) => [bot.services.responders.of(review, u.aadObjectId), saltedResponder(salt, u.aadObjectId)]));
    for (const a of await c.answers.all(scope)) {
      const responder = legacy.get(a.responder)!;
      await c.answers.create(scope, `answer:${a.statementId}:${responder}`, { statementId: a.statementId, themeId: a.themeId, responder, name: a.name, value: a.value, comment: a.comment });
      await c.answers.delete(scope, a.id);
    }
    for (const s of await c.snapshots.all(scope)) await c.snapshots.update(scope, s.id, (current) => ({ ...current!, answers: current!.answers.map((a) => ({ ...a, responder: legacy.get(a.responder)! })) }));
    const before = await everything();
    expect([...(await tiedByAttack())].sort()).toEqual([`${review.id} amara`, `${review.id} ben`, `${review.id} cleo`]);

    expect(await bot.headway.reviews.rekeyAnonymous()).toBe(1);
    expect(await bot.headway.reviews.rekeyAnonymous()).toBe(0); // run again: nothing left
    const after = await everything();
    expect(after.find((d) => d.id === review.id && d.type === 'review')).not.toHaveProperty('salt');
    expect([...(await tiedByAttack())]).toEqual([]);
    // The same answers and reveal, under new keys.
    const levels = (docs: StoredDocument[]) => docs.filter((d) => d.pk === `${teams.tenantId}|review:${review.id}` && d.type === 'reviewAnswer').map((d) => `${d.statementId}:${d.value}`).sort();
    expect(levels(after)).toEqual(levels(before));
    const spread = (docs: StoredDocument[]) => docs.filter((d) => d.pk === `${teams.tenantId}|review:${review.id}` && d.type === 'reviewRevealed').map((d) => (d.answers as { value: string }[]).map((a) => a.value).sort().join());
    expect(spread(after)).toEqual(spread(before));
    // Amara still sees her own answers on the open theme, and nobody else's.
    const poll = teams.cards(channelB()).at(-1)!;
    const mine = await teams.click(team[1]!, channelB(), 'Show my answers', {}, { card: poll });
    expect(JSON.stringify(mine.body)).toMatch(/"label":"Best fit","value":"sustaining"/);
    const cleos = await teams.click(team[3]!, channelB(), 'Show my answers', {}, { card: poll });
    expect(JSON.stringify(cleos.body)).not.toMatch(/"label":"Best fit","value":"sustaining"/);
    await bot.headway.liveCounts.idle();
    expect(cardText(teams.cards(channelB()).at(-1)!.card)).toContain('2 of 4 have answered');
  });
});
