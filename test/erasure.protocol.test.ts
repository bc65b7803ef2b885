import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { ERASE_AFTER_MS } from '../src/features/privacy/erasure.js';
import { knownDocumentTypes } from '../src/store/collection.js';
import type { StoredDocument } from '../src/store/port.js';
import { startWorld, testStore } from './harness/headway.js';
import { seedHostOffers } from './harness/seeds.js';
import { cardText, makeUser, TeamsClient, type User } from './harness/teams.js';

const kinds = ['sqlite', 'cosmos'] as const;

/**
 * `delete my data` through the Teams protocol: a head with a hosting offer, a place in a confirmed
 * coaching group with an RSVP, and answers in a named review (revealed and agreed) and an
 * anonymous one, among others with similar data. After the erasure no stored document names her;
 * everyone else's data is as it was; her place has gone to the waiting list; the counts and the
 * agreed responses are unchanged.
 */
describe.each(kinds)('privacy: delete my data (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi'); // coordinator
  const sam = makeUser('sam', 'Sam Facilitator');
  const amara = makeUser('amara', 'Amara Okafor'); // the one who deletes her data
  const ben = makeUser('ben', 'Ben Taylor');
  const cleo = makeUser('cleo', 'Cleo Baptiste');
  const dev = makeUser('dev', 'Dev Raman');
  const eve = makeUser('eve', 'Eve Waiting'); // on the waiting list
  const kofi = makeUser('kofi', 'Kofi Mensah'); // leads the reviews
  const tia = makeUser('tia', 'Tia Other'); // a coordinator in another organisation
  const heads = [amara, ben, cleo, dev];
  const AMARA_EMAIL = 'amara.head@example.org';
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = (user: User) => world.teams.personal(user);
  const named = () => world.teams.channel('school', 'slt');
  const anonymous = () => world.teams.channel('school', 'governors');
  const text = (user: User) => cardText(world.teams.latestCard(user, chat(user)).card);

  /** Every stored document, of every type the app stores. */
  const everything = async (): Promise<StoredDocument[]> => {
    const docs: StoredDocument[] = [];
    for (const type of knownDocumentTypes().keys()) docs.push(...(await world.bot.store.sweep({ type, updatedBefore: '9999-12-31', limit: 1000 })).map((v) => v.doc));
    return docs;
  };
  const naming = (docs: StoredDocument[], user: User, extra: string[] = []) =>
    docs.filter((d) => [user.aadObjectId, user.id, user.name, ...extra].some((s) => JSON.stringify(d).toLowerCase().includes(s.toLowerCase())));
  /** Programme documents (not the shared plumbing), by type and id, as stored. */
  const programmeDocs = async () =>
    new Map((await everything()).filter((d) => /^(hosting|coaching|review)/.test(d.type)).map((d) => [`${d.type}|${d.pk}|${d.id}`, JSON.stringify(d)]));
  const exportOf = async (user: User) => {
    await world.teams.say(user, chat(user), 'my data');
    const url = JSON.stringify(world.teams.latestCard(user, chat(user)).card).match(/"url":"([^"]+\/files\/my-data\?[^"]+)"/)![1]!;
    const { exportedAt: _at, ...data } = (await (await fetch(url)).json()) as Record<string, unknown>;
    return data;
  };
  let statements: string[] = [];
  let before: { ben: Record<string, unknown>; revealed: string; agreed: string; answers: number };

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId, tia.aadObjectId], clock });
    const { teams, connector, bot } = world;
    for (const user of [grace, sam, ...heads, eve, kofi]) await teams.install(user, chat(user));

    // Hosting: Amara and Ben each offer their school.
    await seedHostOffers(teams, bot, grace, [
      { head: amara, school: 'Ash Primary School', panelist: 'Chris Doe' },
      { head: ben, school: 'Birch Primary School', panelist: 'Chris Doe' },
    ]);

    // Coaching: four places, four primary heads in one group, Eve waiting; Amara and Ben accept session 1.
    await teams.say(grace, chat(grace), 'coaching setup');
    await teams.click(grace, chat(grace), 'Create programme', { cap: '4', resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    const authorities = ['Ealing', 'Leeds', 'Brent', 'Wirral', 'Hackney'];
    for (const [i, head] of [...heads, eve].entries()) {
      await teams.say(head, chat(head), 'coaching join');
      await teams.click(head, chat(head), /^Check/, {
        firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary',
        authority: authorities[i]!, school: `${head.name.split(' ')[0]} Primary`, email: head === amara ? AMARA_EMAIL : `${head.key}@example.org`,
      });
    }
    await teams.say(grace, chat(grace), 'coaching facilitators');
    await teams.click(grace, chat(grace), 'Add facilitator', { userId: sam.aadObjectId, phases: 'primary', capacity: '2' });
    await teams.click(grace, chat(grace), 'Groups');
    await teams.click(grace, chat(grace), 'Propose groups');
    await teams.click(grace, chat(grace), 'Confirm groups and tell everyone');
    await bot.runJobs();
    await teams.say(sam, chat(sam), 'coaching sessions');
    await teams.click(sam, chat(sam), 'Propose sessions', { start: '2027-01-04', weekday: 'Tuesday', time: '16:00' });
    await teams.click(sam, chat(sam), 'Edit Session 1');
    await teams.click(sam, chat(sam), 'Save and tell members', { link: 'https://meet.example.org/g1' });
    await teams.click(sam, chat(sam), 'Send invitations');
    await bot.runJobs();
    for (const head of [amara, ben]) {
      const invitation = teams.cards(chat(head)).find((c) => JSON.stringify(c.card).includes('Session 1 of 6'))!;
      await teams.click(head, chat(head), 'Accept', {}, { card: invitation });
    }

    // Reviews: a named one, its first theme revealed and agreed; an anonymous one, still open.
    for (const channel of [named(), anonymous()]) {
      connector.setMembers(channel.teamId!, [amara, ben, kofi].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    }
    for (const [channel, anonymity] of [[named(), 'false'], [anonymous(), 'true']] as const) {
      await teams.install(kofi, channel);
      await teams.say(kofi, channel, 'review start');
      const started = await teams.click(kofi, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: anonymity });
      if (anonymity === 'false') {
        // Kofi gives Amara the first theme to look at closely (she is nudged in her chat).
        const startCard = teams.cards(channel).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
        await teams.click(kofi, channel, 'Give the themes and nudge', { person: amara.aadObjectId, themes: 'leadership' }, { card: { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value } });
      }
      const poll = teams.cards(channel).at(-1)!;
      statements = JSON.stringify(poll.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
      for (const [i, head] of [amara, ben].entries()) {
        const level = i === 0 ? 'emerging' : 'developing';
        await teams.click(head, channel, 'Save my answers', { ...Object.fromEntries(statements.map((id) => [id, level])), [`c_${statements[0]!.slice(2)}`]: `${head.name} says the policy is unread` }, { card: poll });
      }
    }
    await bot.headway.liveCounts.idle();
    const poll = teams.cards(named()).at(-1)!;
    await teams.click(kofi, named(), 'Reveal answers', {}, { card: poll });
    const reveal = teams.cards(named()).at(-1)!;
    await teams.click(kofi, named(), 'Save agreed responses', { [`act_${statements[0]!.slice(2)}`]: 'Co-write the policy with families', [`own_${statements[0]!.slice(2)}`]: 'Amara Okafor' }, { card: reveal });

    const docs = await everything();
    before = {
      ben: await exportOf(ben),
      revealed: cardText(teams.cards(named()).find((c) => c.activityId === reveal.activityId)!.card),
      agreed: JSON.stringify(docs.filter((d) => d.type === 'reviewAgreed').map(({ value, statementId }) => ({ value, statementId })).sort((a, b) => String(a.statementId).localeCompare(String(b.statementId)))),
      answers: docs.filter((d) => d.type === 'reviewAnswer').length,
    };
  }, 180_000);
  afterAll(() => world?.stop());

  it('asks first, saying what will happen to what she has, and changes nothing until she confirms', async () => {
    expect(naming(await everything(), amara, [AMARA_EMAIL]).length).toBeGreaterThan(10);
    await world.teams.say(amara, chat(amara), 'delete my data');
    const ask = text(amara);
    expect(ask).toContain('Delete your data?');
    expect(ask).toContain('Your offer for Ash Primary School (Ealing diversity in leadership programme · Cohort 3) stays as the school\'s offer, without your name; the coordinators are told.');
    expect(ask).toContain('your place goes to the next person on the waiting list');
    expect(ask).toContain('Your answers in 2 reviews are removed; the team\'s agreed responses and the counts stay.');
    expect(ask).toContain('This cannot be undone.');
    const keep = await world.teams.click(amara, chat(amara), 'Keep my data');
    expect(JSON.stringify(keep.body)).toContain('Your data in Headway');
    expect(naming(await everything(), amara, [AMARA_EMAIL]).length).toBeGreaterThan(10);
  });

  it('erases her: no stored document keeps her ids, name or e-mail, and she is told in counts', async () => {
    const { teams, bot } = world;
    await teams.say(amara, chat(amara), 'delete my data');
    const erasing = await teams.click(amara, chat(amara), 'Delete my data');
    expect(JSON.stringify(erasing.body)).toContain('Deleting your data');
    await bot.runJobs();
    expect(text(amara)).toContain('Deleting your data'); // it starts a moment after the click's answer
    clock.advance(ERASE_AFTER_MS);
    await bot.runJobs();
    expect(text(amara)).toMatch(/Your data has been deleted\n\d+ records deleted, \d+ records kept for others without your name\. The coordinators have been told that your school’s offer stands without your name\. 1 coaching place went to the waiting list\./);
    const left = naming(await everything(), amara, [AMARA_EMAIL]);
    expect(left.map((d) => `${d.type} ${d.id}`)).toEqual([]);
  });

  it('keeps the programme working for everyone else: the offer as the school’s, the place to the waiting list, counts and agreed responses', async () => {
    const { teams } = world;
    const docs = await everything();
    const offer = docs.find((d) => d.type === 'hostingOffer' && d.school === 'Ash Primary School')!;
    expect(offer).toMatchObject({ headUserId: '', headName: '', status: 'offered', places: 3 });
    const kept = cardText(teams.cards(chat(grace)).at(-1)!.card);
    expect(kept).toContain('The head who offered Ash Primary School has deleted their Headway data.');
    expect(kept).toContain('Ealing diversity in leadership programme · Cohort 3');
    // Her place went to Eve, who is told.
    expect(JSON.stringify(teams.cards(chat(eve)).at(-1)!.card)).toMatch(/place/i);
    expect(docs.find((d) => d.type === 'coachingRegistration' && d.userId === eve.aadObjectId)).toMatchObject({ status: 'offered' });
    const grouping = docs.find((d) => d.type === 'coachingGrouping') as unknown as { groups: { members: string[] }[] };
    expect(grouping.groups.flatMap((g) => g.members).sort()).toEqual([ben, cleo, dev].map((u) => u.aadObjectId).sort());
    // What the reveal cut still counts her answer, under no name; the agreed responses stand.
    const snapshot = docs.find((d) => d.type === 'reviewRevealed') as unknown as { answers: { value: string; name: string; comment: string }[] };
    expect(snapshot.answers.filter((a) => a.value === 'emerging').length).toBe(statements.length);
    expect(snapshot.answers.filter((a) => a.value === 'emerging').every((a) => a.name === '' && a.comment === '')).toBe(true);
    expect(JSON.stringify(docs.filter((d) => d.type === 'reviewAgreed').map(({ value, statementId }) => ({ value, statementId })).sort((a, b) => String(a.statementId).localeCompare(String(b.statementId))))).toBe(before.agreed);
    expect(snapshot.answers.some((a) => a.comment.includes('Ben Taylor says'))).toBe(true);
    // Her live answers went in both reviews; Ben's stayed.
    expect(docs.filter((d) => d.type === 'reviewAnswer').length).toBe(before.answers - 2 * statements.length);
    // Ben's own data is exactly as it was, but for his group having one member fewer.
    const ben2 = await exportOf(ben);
    const groupSize = (e: Record<string, unknown>) => JSON.stringify(e).replace(/"size":\d+/g, '"size":0');
    expect(groupSize(ben2)).toBe(groupSize(before.ben));
    // A review she was in goes on: Kofi still leads, and the revealed spread reads the same.
    const reveal = teams.cards(named()).find((c) => cardText(c.card) === before.revealed);
    expect(reveal).toBeDefined();
  });

  it('a repeated confirm changes nothing more, and forgets again what the click itself recorded', async () => {
    const { teams, bot } = world;
    const programme = await programmeDocs();
    const confirm = teams.cards(chat(amara)).find((c) => JSON.stringify(c.card).includes('core.erase"'))!;
    await teams.click(amara, chat(amara), 'Delete my data', {}, { card: confirm });
    clock.advance(ERASE_AFTER_MS);
    await bot.runJobs();
    expect(await programmeDocs()).toEqual(programme);
    expect(naming(await everything(), amara, [AMARA_EMAIL]).map((d) => `${d.type} ${d.id}`)).toEqual([]);
  });

  it('a coordinator who leads the reviews goes too: the role with them, and any member may then lead', async () => {
    const { teams } = world;
    await teams.say(grace, chat(grace), 'roles');
    await teams.click(grace, chat(grace), 'Grant role', { userId: kofi.aadObjectId, role: 'coordinator' });
    await teams.say(kofi, chat(kofi), 'delete my data');
    expect(text(kofi)).toContain('A review you lead can then be led by any of its members.');
    expect(text(kofi)).toContain('You stop being a coordinator.');
    await teams.click(kofi, chat(kofi), 'Delete my data');
    clock.advance(ERASE_AFTER_MS);
    await world.bot.runJobs();
    expect(text(kofi)).toContain('Your data has been deleted');
    expect(naming(await everything(), kofi).map((d) => `${d.type} ${d.id}`)).toEqual([]);
    const agreed = teams.cards(named()).filter((c) => JSON.stringify(c.card).includes('"Open theme"')).at(-1)!;
    const opened = await teams.click(ben, named(), 'Open theme', {}, { card: agreed });
    expect(JSON.stringify(opened.body)).not.toContain('Only the review');
    expect(cardText(teams.cards(named()).at(-1)!.card)).toContain('led by a former member');
  });

  it('a coordinator finds a participant entered by hand by e-mail, downloads and erases their data; nobody else can', async () => {
    const { teams, bot } = world;
    await teams.say(grace, chat(grace), 'hosting participants');
    await teams.click(grace, chat(grace), 'Add pasted lines', { lines: 'Noor Rahman, primary, Oak Primary, noor@example.org\nOmar Said, primary, Elm Primary, omar@example.org' });
    await teams.click(grace, chat(grace), 'Propose allocation');
    await teams.click(grace, chat(grace), 'Confirm and notify');
    await bot.runJobs();
    expect((await everything()).filter((d) => d.type === 'job' && JSON.stringify(d).includes('noor@example.org')).length).toBeGreaterThan(0); // the hosts' candidates card

    // A head without the role is refused, by command and by a forged click; nothing changes.
    const before = await programmeDocs();
    await teams.say(ben, chat(ben), 'privacy find noor@example.org');
    expect(text(ben)).toContain('That is for coordinators');
    await teams.say(grace, chat(grace), 'privacy find noor@example.org');
    const found = teams.latestCard(grace, chat(grace));
    expect(cardText(found.card)).toContain('1 match for "noor@example.org"');
    expect(cardText(found.card)).toContain('noor@example.org · Oak Primary · Ealing diversity in leadership programme · Cohort 3');
    const forged = await teams.click(ben, chat(ben), 'Delete Noor Rahman', {}, { card: found });
    expect(JSON.stringify(forged.body)).toContain('That is for coordinators');
    expect(await programmeDocs()).toEqual(before);

    // A coordinator of another organisation finds nobody: requests are scoped to the tenant.
    const elsewhere = new TeamsClient(world.bot.server.url, world.connector);
    await elsewhere.install(tia, elsewhere.personal(tia));
    await elsewhere.say(tia, elsewhere.personal(tia), 'privacy find noor@example.org');
    expect(cardText(elsewhere.latestCard(tia, elsewhere.personal(tia)).card)).toContain('Nobody in this organisation\'s hosting campaigns matches "noor@example.org"');

    const url = JSON.stringify(found.card).match(/"url":"([^"]+\/files\/participant-data\?[^"]+)"/)![1]!;
    const exported = await (await fetch(url)).text();
    expect(JSON.parse(exported)).toMatchObject({ participant: { name: 'Noor Rahman', email: 'noor@example.org', ownSchool: 'Oak Primary', placedAt: expect.stringMatching(/^(Ash|Birch) Primary School$/) } });
    expect(exported).not.toContain('Omar');

    await teams.click(grace, chat(grace), 'Delete Noor Rahman', {}, { card: found });
    expect(text(grace)).toContain("Delete Noor Rahman's data?");
    await teams.click(grace, chat(grace), 'Delete their data');
    expect(text(grace)).toMatch(/Deleted Noor Rahman's data: \d+ records? deleted/);
    const docs = await everything();
    expect(docs.filter((d) => /noor rahman|noor@example\.org/i.test(JSON.stringify(d))).map((d) => `${d.type} ${d.id}`)).toEqual([]);
    expect(docs.some((d) => d.type === 'hostingParticipant' && d.name === 'Omar Said')).toBe(true);
    const allocation = docs.find((d) => d.type === 'hostingAllocation') as unknown as { placements: Record<string, string> };
    expect(Object.keys(allocation.placements)).toHaveLength(1);
    // Her download no longer finds her.
    expect((await fetch(url)).status).toBe(404);
  });

  it('when no coordinator can be reached about the offer that stays, the head is asked to tell them instead of being told they were', async () => {
    const { teams, bot, connector } = world;
    await teams.say(ben, chat(ben), 'delete my data');
    await teams.click(ben, chat(ben), 'Delete my data');
    clock.advance(ERASE_AFTER_MS);
    // Teams refuses the one message to the one coordinator (not retried).
    connector.failNext(1, { status: 400, conversationId: chat(grace).id, kinds: ['send'] });
    await bot.runJobs();
    const report = text(ben);
    expect(report).toContain('Your school’s offer stands without your name, but Headway could not reach a coordinator in Teams: please tell them.');
    expect(report).not.toContain('have been told');
  });
});
