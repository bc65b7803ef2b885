import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { Retention } from '../src/jobs/retention.js';
import { createLogger } from '../src/log.js';
import { knownDocumentTypes } from '../src/store/collection.js';
import type { StoredDocument } from '../src/store/port.js';
import { startWorld, testStore } from './harness/headway.js';
import { seedHostOffers } from './harness/seeds.js';
import { cardText, makeUser, type User } from './harness/teams.js';

const kinds = ['sqlite', 'cosmos'] as const;
const DAY = 24 * 3600_000;

/**
 * RETENTION_MONTHS (12 by default) through the Teams protocol, with the clock moved rather than
 * waited for: a hosting campaign goes 12 months after its interview window, a completed review
 * loses its individual answers 12 months after completion (keeping what describes the school),
 * and a coaching cohort goes 12 months after its last session; never before.
 */
describe.each(kinds)('privacy: retention (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const amara = makeUser('amara', 'Amara Okafor');
  const ben = makeUser('ben', 'Ben Taylor');
  const heads = [amara, ben, makeUser('cleo', 'Cleo Baptiste'), makeUser('dev', 'Dev Raman')];
  const logLines: string[] = [];
  let world: Awaited<ReturnType<typeof startWorld>>;
  let systemRetention: Retention;
  let campaignPk = '';
  let agreedBefore = '';
  let spreadBefore: string[] = [];
  const chat = (user: User) => world.teams.personal(user);
  const slt = () => world.teams.channel('school', 'slt');

  const everything = async (): Promise<StoredDocument[]> => {
    const docs: StoredDocument[] = [];
    for (const type of knownDocumentTypes().keys()) docs.push(...(await world.bot.store.sweep({ type, updatedBefore: '9999-12-31', limit: 1000 })).map((v) => v.doc));
    return docs;
  };
  /** Runs the daily job on the day the clock is moved to. */
  const runRetentionOn = async (date: string) => {
    clock.set(new Date(`${date}T02:00:00Z`));
    await systemRetention.ensure();
    await world.bot.headway.retention.ensure();
    clock.advance(2 * 3600_000);
    await world.bot.runJobs();
  };
  const spread = (docs: StoredDocument[]) =>
    docs.filter((d) => d.type === 'reviewRevealed').map((d) => `${d.id}:${(d.answers as { value: string }[]).map((a) => a.value).sort().join(',')}`).sort();

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock, log: createLogger('info', { write: (line) => void logLines.push(line) }) });
    const { teams, connector, bot } = world;
    // As src/index.ts: the system's own clean-up (finished jobs, old delivery records) runs daily too.
    systemRetention = new Retention(bot.services.jobs, bot.services.deliveries, clock, bot.services.log);
    for (const user of [grace, ...heads]) await teams.install(user, chat(user));

    await seedHostOffers(teams, bot, grace, [{ head: amara, school: 'Ash Primary School', panelist: 'Chris Doe' }]);
    await teams.say(grace, chat(grace), 'hosting participants');
    await teams.click(grace, chat(grace), 'Add pasted lines', { lines: 'Noor Rahman, primary, Oak Primary, noor@example.org' });
    await teams.click(grace, chat(grace), 'Propose allocation');
    await teams.click(grace, chat(grace), 'Confirm and notify');
    await bot.runJobs();

    // Coaching: one group of four, six sessions from January 2027; the last is in autumn 2027.
    await teams.say(grace, chat(grace), 'coaching setup');
    await teams.click(grace, chat(grace), 'Create programme', { resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    for (const [i, head] of heads.entries()) {
      await teams.say(head, chat(head), 'coaching join');
      await teams.click(head, chat(head), /^Check/, {
        firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary',
        authority: ['Ealing', 'Leeds', 'Brent', 'Wirral'][i]!, school: `${head.name.split(' ')[0]} Primary`, email: `${head.key}@example.org`,
      });
    }
    await teams.say(grace, chat(grace), 'coaching groups');
    await teams.click(grace, chat(grace), 'Propose groups');
    await teams.click(grace, chat(grace), 'Confirm groups and tell everyone');
    await bot.runJobs();
    await teams.say(grace, chat(grace), 'coaching sessions');
    await teams.click(grace, chat(grace), 'Propose sessions', { start: '2027-01-04', weekday: 'Tuesday', time: '16:00' });

    // A named review, completed today: every theme answered by two, revealed and agreed.
    connector.setMembers(slt().teamId!, [amara, ben].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await teams.install(amara, slt());
    await teams.say(amara, slt(), 'review start');
    await teams.click(amara, slt(), 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const shared = () => teams.cards(slt()).at(-1)!;
    for (let theme = 1; theme <= 5; theme++) {
      const poll = shared();
      const statements = JSON.stringify(poll.card.body).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
      for (const [u, user] of [amara, ben].entries()) {
        await teams.click(user, slt(), 'Save my answers', Object.fromEntries(statements.flatMap((id) => [[id, u === 0 ? 'developing' : 'embedding'], [`c_${id.slice(2)}`, `${user.name} thinks so`]])), { card: poll });
      }
      await teams.click(amara, slt(), 'Reveal answers', {}, { card: poll });
      await teams.click(amara, slt(), 'Save agreed responses', { [`own_${statements[0]!.slice(2)}`]: 'Ben Taylor' }, { card: shared() });
      if (theme < 5) await teams.click(amara, slt(), 'Open theme', {}, { card: shared() });
    }
    expect(cardText(shared().card)).toContain('summary');

    const docs = await everything();
    campaignPk = docs.find((d) => d.type === 'hostingOffer')!.pk;
    agreedBefore = JSON.stringify(docs.filter((d) => d.type === 'reviewAgreed').map(({ id, value, action }) => ({ id, value, action })).sort((a, b) => a.id.localeCompare(b.id)));
    spreadBefore = spread(docs);
  }, 180_000);
  afterAll(() => world?.stop());

  it('keeps everything until its time: the review 12 months after completion, the campaign 12 months after its window', async () => {
    await runRetentionOn('2027-11-22');
    expect((await everything()).some((d) => d.type === 'reviewAnswer')).toBe(true);
    await runRetentionOn('2028-03-30');
    const docs = await everything();
    expect(docs.some((d) => d.pk === campaignPk)).toBe(true);
    expect(docs.some((d) => d.type === 'reviewAnswer')).toBe(false);
  });

  it('then deletes the campaign and everything in it, and strips the completed review to what describes the school', async () => {
    await runRetentionOn('2028-04-01');
    const docs = await everything();
    expect(docs.filter((d) => d.pk === campaignPk || d.type === 'hostingCampaign').map((d) => `${d.type} ${d.id}`)).toEqual([]);
    for (const gone of ['Noor Rahman', 'noor@example.org', 'Ash Primary School', 'Chris Doe', 'grace.adeyemi@example.org', '020 8825 8542']) {
      expect(docs.filter((d) => JSON.stringify(d).includes(gone)).map((d) => `${d.type} ${d.id}`)).toEqual([]);
    }
    // The review: no answers, no names or comments, the same spread and agreed levels and actions.
    expect(docs.filter((d) => d.type === 'reviewAnswer')).toEqual([]);
    const reviewDocs = docs.filter((d) => d.type.startsWith('review'));
    for (const user of [amara, ben]) expect(reviewDocs.filter((d) => [user.aadObjectId, user.name].some((s) => JSON.stringify(d).includes(s))).map((d) => `${d.type} ${d.id}`)).toEqual([]);
    expect(reviewDocs.some((d) => JSON.stringify(d).includes('thinks so'))).toBe(false);
    expect(spread(docs)).toEqual(spreadBefore);
    expect(JSON.stringify(docs.filter((d) => d.type === 'reviewAgreed').map(({ id, value, action }) => ({ id, value, action })).sort((a, b) => a.id.localeCompare(b.id)))).toBe(agreedBefore);
    // The cohort has sessions until autumn 2027: it stays.
    expect(docs.some((d) => d.type === 'coachingRegistration' && d.userId === amara.aadObjectId)).toBe(true);
    // Logged with ids and counts, never a name or an e-mail.
    const logged = logLines.filter((l) => l.includes('retention:'));
    expect(logged.some((l) => l.includes('hosting campaign deleted'))).toBe(true);
    for (const secret of ['Noor', 'Amara', 'Ben Taylor', '@example.org', amara.aadObjectId]) expect(logged.join('\n')).not.toContain(secret);
  });

  it('deletes the coaching cohort 12 months after its last session', async () => {
    const docs = await everything();
    const last = docs.filter((d) => d.type === 'coachingSession').map((d) => String(d.endsAt)).sort().at(-1)!;
    const due = new Date(Date.parse(last) + 366 * DAY).toISOString().slice(0, 10);
    await runRetentionOn(new Date(Date.parse(last) + 300 * DAY).toISOString().slice(0, 10));
    expect((await everything()).some((d) => d.type === 'coachingRegistration')).toBe(true);
    await runRetentionOn(due);
    const after = await everything();
    expect(after.filter((d) => d.type.startsWith('coaching')).map((d) => `${d.type} ${d.id}`)).toEqual([]);
    for (const head of heads) expect(after.filter((d) => JSON.stringify(d).includes(`${head.key}@example.org`))).toEqual([]);
  });
});
