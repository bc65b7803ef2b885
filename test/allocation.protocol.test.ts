import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { seedHostOffers } from './harness/seeds.js';
import { cardText, listTitles, makeUser, type Card, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

/** Cohort 3 (seed 000): 2 primary, 4 secondary and 2 special hosts at 3 places. */
const HOSTS = [
  { key: 'ash', name: 'Amara Okafor', school: 'Ash Primary School', phase: 'primary' },
  { key: 'birch', name: 'Ben Carter', school: 'Birch Primary School', phase: 'primary' },
  { key: 'cedar', name: 'Chloe Dunn', school: 'Cedar High School', phase: 'secondary' },
  { key: 'elm', name: 'Eli Grant', school: 'Elm Academy', phase: 'secondary' },
  { key: 'fir', name: 'Fay Hughes', school: 'Fir High School', phase: 'secondary' },
  { key: 'oak', name: 'Omar Khan', school: 'Oak Academy', phase: 'secondary' },
  { key: 'hazel', name: 'Hana Lee', school: 'Hazel School', phase: 'special' },
  { key: 'holly', name: 'Hugo Moss', school: 'Holly School', phase: 'special' },
] as const;

/** 21 participants: 12 secondary, 7 primary, 2 special, none from a host school; the seventh primary entered last of its phase. */
const PARTICIPANTS = [
  ...Array.from({ length: 6 }, (_, i) => `Primary Person ${i + 1}, primary, Rowan Primary ${i + 1}, primary${i + 1}@example.org`),
  ...Array.from({ length: 12 }, (_, i) => `Secondary Person ${i + 1}, secondary, Yew High ${i + 1}, secondary${i + 1}@example.org`),
  ...Array.from({ length: 2 }, (_, i) => `Special Person ${i + 1}, special, Willow School ${i + 1}, special${i + 1}@example.org`),
  'Aaron Last, primary, Rowan Primary 7, primary7@example.org',
];

describe.each(kinds)('an allocation that explains itself (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const lena = makeUser('lena', 'Lena Novak'); // a primary head asked after the deadline
  const tom = makeUser('tom', 'Tom Whitfield'); // invited in time, never answered
  const heads = Object.fromEntries(HOSTS.map((h) => [h.key, makeUser(h.key, h.name)])) as Record<(typeof HOSTS)[number]['key'], User>;
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = (user: User) => world.teams.personal(user);
  const text = (user: User) => cardText(world.teams.latestCard(user, chat(user)).card);

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    for (const user of [grace, lena, tom, ...Object.values(heads)]) await world.teams.install(user, chat(user));
    await seedHostOffers(world.teams, world.bot, grace, HOSTS.map((h) => ({ head: heads[h.key], school: h.school, panelist: 'Chris Doe', phase: h.phase })));
    // Tom was invited in time too, but never answered.
    await world.teams.say(grace, chat(grace), 'hosting status');
    await world.teams.click(grace, chat(grace), 'Invite heads');
    await world.teams.click(grace, chat(grace), 'Send invitations', { userIds: tom.aadObjectId });
    await world.bot.runJobs();
    await world.teams.say(grace, chat(grace), 'hosting participants');
    await world.teams.click(grace, chat(grace), 'Add pasted lines', { lines: PARTICIPANTS.join('\n') });
    expect(text(grace)).toContain('21 added.');
    // The reply deadline (9 December, 23:59 UK time) passes and the campaign closes.
    clock.set('2026-12-10T00:00:00Z');
    await world.bot.runJobs();
  }, 120_000);
  afterAll(async () => {
    await world.stop();
  });

  it('with the cohort 3 figures one primary participant is left: the last entered, every time, with a reason that is true of them', async () => {
    const { teams } = world;
    expect(text(grace)).toContain('Closed to replies'); // the close summary came at the deadline
    await teams.say(grace, chat(grace), 'hosting participants');
    await teams.click(grace, chat(grace), 'Propose allocation');
    const proposal = text(grace);
    expect(proposal).toContain('1 could not be placed');
    expect(proposal).toContain('Aaron Last (primary, from Rowan Primary 7)\nAll 6 places at the 2 primary hosts are taken: 7 primary participants for 6 places, placed in the order they were entered.');
    expect(proposal).not.toContain('other primary hosts');
    // Proposed again, the same person is left (alphabetically first, but entered last).
    await teams.click(grace, chat(grace), 'Propose again');
    expect(text(grace)).toContain('Aaron Last (primary, from Rowan Primary 7)\nAll 6 places');
    // The fixes, each a click away: another primary host, or one more place at either primary host.
    expect(text(grace)).toContain('To place the primary participant left\nInvite another primary head to host, or give a primary host one more place once its head has agreed.');
    expect(listTitles(teams.latestCard(grace, chat(grace)).card)).toEqual(expect.arrayContaining(['Invite another primary host', 'One more place at Ash Primary School', 'One more place at Birch Primary School']));
  });

  it('one more place at a host, once its head agrees: asked first, the head told, everyone placed, and a repeated click adds nothing', async () => {
    const { teams } = world;
    await teams.click(grace, chat(grace), 'One more place at Birch Primary School');
    const ask = teams.latestCard(grace, chat(grace));
    expect(cardText(ask.card)).toContain('One more place at Birch Primary School?\nBirch Primary School offered 3 places. Check with Ben Carter, its head, first');
    await teams.click(grace, chat(grace), 'Back to the allocation');
    expect(text(grace)).toContain('Aaron Last'); // nothing changed
    await teams.click(grace, chat(grace), 'Yes, 4 places', {}, { card: ask });
    const after = text(grace);
    expect(after).toContain('Birch Primary School now takes 4. Ben Carter has been told. Proposed again: everyone is placed.');
    expect(after).toContain('Primary · 4 of 4 places · Ben Carter');
    expect(after).not.toContain('Not placed');
    expect(text(heads.birch)).toContain('Your school takes one more participant');
    expect(text(heads.birch)).toContain('Grace Adeyemi has given Birch Primary School 4 places');
    // The same confirmation clicked again (Teams re-sending, or a second click): still 4.
    await teams.click(grace, chat(grace), 'Yes, 4 places', {}, { card: ask });
    expect(text(grace)).toContain('Birch Primary School already takes 4: nothing was added.');
    expect(world.connector.delivered(chat(heads.birch).id).filter((d) => JSON.stringify(d.body).includes('one more participant'))).toHaveLength(1);
  });

  it('after the deadline a late invitation lets another primary head offer; nobody else may, and the allocation then has room', async () => {
    const { teams, bot } = world;
    await teams.click(grace, chat(grace), 'Participants');
    await teams.click(grace, chat(grace), 'Add pasted lines', { lines: 'Zoe Newcomer, primary, Rowan Primary 8, primary8@example.org' });
    await teams.click(grace, chat(grace), 'Propose allocation');
    expect(text(grace)).toContain('Zoe Newcomer (primary, from Rowan Primary 8)\nAll 7 places at the 2 primary hosts are taken');

    await teams.click(grace, chat(grace), 'Invite another primary host');
    expect(text(grace)).toContain('Replies have closed. Heads you invite now get a late invitation and can still offer to host');
    await teams.click(grace, chat(grace), 'Send invitations', { userIds: lena.aadObjectId });
    await bot.runJobs();
    expect(text(lena)).toMatch(/Replies closed on Wednesday 9 December 2026, 23:59 UK time, but Grace Adeyemi would still welcome your offer/);
    await teams.click(lena, chat(lena), 'Volunteer to host');
    await teams.click(lena, chat(lena), 'Next', { school: 'Larch Primary School', phase: 'primary', places: '2' });
    await teams.click(lena, chat(lena), 'Next', { date1: '2027-03-02' });
    await teams.click(lena, chat(lena), 'Next', { panel1Name: lena.name, panel1Role: 'Headteacher' });
    await teams.click(lena, chat(lena), 'Next', { duty0: 'true' });
    await teams.click(lena, chat(lena), 'Submit offer');
    expect(text(lena)).toContain('Thank you: your offer is submitted');

    // Tom was invited before the deadline and did not answer: for him replies are closed.
    const tomInvitation = teams.cards(chat(tom)).find((c) => cardText(c.card).includes('would your school host')) as Card | undefined;
    expect(tomInvitation).toBeDefined();
    const refused = await teams.click(tom, chat(tom), 'Volunteer to host', {}, { card: tomInvitation });
    expect(JSON.stringify(refused.body)).toContain('This campaign closed to replies at its deadline');

    expect(text(grace)).toContain('Lena Novak offered to host'); // the coordinator's notice of the late offer
    await teams.say(grace, chat(grace), 'hosting participants');
    await teams.click(grace, chat(grace), 'Propose allocation');
    expect(text(grace)).toContain('Everyone is placed.');
    expect(text(grace)).toContain('Larch Primary School');
  });
});
