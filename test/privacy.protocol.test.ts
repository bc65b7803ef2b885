import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore } from './harness/headway.js';
import { seedHostOffers } from './harness/seeds.js';
import { makeUser, type User } from './harness/teams.js';

const kinds = ['sqlite', 'cosmos'] as const;

/**
 * `my data` through the Teams protocol: two heads with similar data in every programme; each sees
 * and downloads all of their own and none of the other's.
 */
describe.each(kinds)('privacy: my data (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi'); // coordinator
  const amara = makeUser('amara', 'Amara Okafor');
  const ben = makeUser('ben', 'Ben Taylor');
  const kofi = makeUser('kofi', 'Kofi Mensah'); // review member only
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = (user: User) => world.teams.personal(user);
  const slt = () => world.teams.channel('school', 'slt');
  const schoolOf = (user: User) => (user === amara ? 'Ash Primary School' : 'Birch Primary School');
  const emailOf = (user: User) => (user === amara ? 'amara.head@example.org' : 'ben.head@example.org');

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    const { teams, connector } = world;
    for (const user of [grace, amara, ben, kofi]) await teams.install(user, chat(user));

    await seedHostOffers(teams, world.bot, grace, [amara, ben].map((head) => ({ head, school: schoolOf(head), panelist: head === amara ? 'Chris Doe' : 'Dana Roe' })));

    await teams.say(grace, chat(grace), 'coaching setup');
    await teams.click(grace, chat(grace), 'Create programme', { cap: '9', resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    for (const head of [amara, ben]) {
      await teams.say(head, chat(head), 'coaching join');
      await teams.click(head, chat(head), /^Check/, {
        firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary',
        authority: head === amara ? 'Ealing' : 'Leeds', school: schoolOf(head), email: emailOf(head),
      });
    }

    connector.setMembers(slt().teamId!, [amara, ben, kofi].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await teams.install(kofi, slt());
    await teams.say(kofi, slt(), 'review start');
    await teams.click(kofi, slt(), 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const poll = teams.cards(slt()).at(-1)!;
    const statements = JSON.stringify(poll.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
    for (const head of [amara, ben]) {
      await teams.click(head, slt(), 'Save my answers', { ...Object.fromEntries(statements.map((id) => [id, 'developing'])), [`c_${statements[0]!.slice(2)}`]: `${head.name.split(' ')[0]} says the policy is unread` }, { card: poll });
    }
  }, 120_000);
  afterAll(() => world?.stop());

  const myData = async (user: User) => {
    await world.teams.say(user, chat(user), 'my data');
    return world.teams.latestCard(user, chat(user)).card;
  };
  const exportUrl = (card: unknown) => JSON.stringify(card).match(/"url":"([^"]+\/files\/my-data\?[^"]+)"/)?.[1];

  it('lists what each programme holds about the person, and only theirs', async () => {
    const text = JSON.stringify(await myData(amara));
    expect(text).toContain('Hosting: Ealing diversity in leadership programme · Cohort 3');
    expect(text).toContain('Offer from Ash Primary School: 3 place(s), 1 date(s), a panel of 2 (offered)');
    expect(text).toContain('Coaching: ');
    expect(text).toContain('Registration: Ash Primary School, Ealing, amara.head@example.org (registered)');
    expect(text).toContain('Review: elp-race-equality-2022-2026');
    expect(text).toMatch(/your answers and comments: [1-9]/);
    for (const other of ['Ben Taylor', 'Birch Primary School', 'ben.head@example.org', 'Leeds', 'Dana Roe']) expect(text).not.toContain(other);
  });

  it('downloads a complete JSON export of their data and none of anyone else’s, behind a 15-minute single-person link', async () => {
    const url = exportUrl(await myData(amara));
    expect(url).toBeDefined();
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('headway-my-data.json');
    const body = await res.text();
    const data = JSON.parse(body) as { userId: string; hosting: { offers: { school: string; panel: unknown[] }[] }[]; coaching: { registration?: { email: string; answers: unknown } }[]; reviews: { answers: { comment: string }[] }[] };
    expect(data.userId).toBe(amara.aadObjectId);
    expect(data.hosting[0]!.offers).toEqual([expect.objectContaining({ school: 'Ash Primary School', panel: [{ name: 'Amara Okafor', role: 'Headteacher' }, { name: 'Chris Doe', role: 'Chair of governors' }] })]);
    expect(data.coaching[0]!.registration).toMatchObject({ email: 'amara.head@example.org', answers: { firstHeadshipStart: '2024-09-01', npqh: 'taking-now' } });
    expect(data.reviews[0]!.answers.map((a) => a.comment)).toContain('Amara says the policy is unread');
    for (const other of [ben.aadObjectId, ben.id, 'Ben Taylor', 'Birch Primary School', 'ben.head@example.org', 'Dana Roe', 'Ben says', kofi.aadObjectId, 'Kofi Mensah']) expect(body).not.toContain(other);

    // The link names one person: changed to another, it is refused; after 15 minutes it has expired.
    expect((await fetch(url!.replace(encodeURIComponent(amara.aadObjectId), encodeURIComponent(ben.aadObjectId)))).status).toBe(403);
    clock.advance(16 * 60_000);
    expect((await fetch(url!)).status).toBe(410);
  });

  it('someone who holds nothing sees that plainly', async () => {
    const stranger = makeUser('nia', 'Nia Cole');
    await world.teams.install(stranger, chat(stranger));
    const text = JSON.stringify(await myData(stranger));
    expect(text).toContain('nothing from any programme');
    expect(text).not.toContain('Amara');
  });
});
