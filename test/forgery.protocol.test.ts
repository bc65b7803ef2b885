import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { Rules } from '../src/features/rules.js';
import { Verbs, type Verb } from '../src/features/verbs.js';
import type { SqliteStore } from '../src/store/sqlite.js';
import { GENERIC, forgeEveryCommand, forgeEveryVerb, payloadsByVerb, tenantSnapshot, type Outsider } from './harness/forgery.js';
import type { Who } from '../src/features/rules.js';
import type { Conversation } from './harness/teams.js';
import { startWorld, testStore } from './harness/headway.js';
import { TeamsClient, cardText, inputValues, makeUser, type User } from './harness/teams.js';

/**
 * Every card verb, sent with the real ids the seeded cards carry, by every kind of outsider: a
 * head with no role, a coordinator with nothing to do with a review, the facilitator and a member
 * of another coaching group, a review member who is not its lead, the lead of a review in
 * another channel, and someone in another tenant. Nothing private comes back,
 * nothing changes, nobody else is messaged. The tenant is seeded through the real cards.
 */
describe('forged card actions (SQLite store)', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi'); // coordinator
  const joy = makeUser('joy', 'Joy Bello'); // another coordinator
  const amara = makeUser('amara', 'Amara Okafor'); // host head
  const sam = makeUser('sam', 'Sam Mensah'); // the group's facilitator
  const fay = makeUser('fay', 'Fay Adams'); // the other group's facilitator
  // Eight primary heads: two groups of four, one with Sam (whose cards are forged) and one with Fay.
  const heads = Array.from({ length: 8 }, (_, i) => makeUser(`gh${i}`, `Grouphead Person${i}`));
  const olu = makeUser('olu', 'Olu Ade'); // left coaching before grouping; no role
  const wil = makeUser('wil', 'Wil Ward'); // offered a freed coaching place
  const lena = makeUser('lena', 'Lena Novak'); // review lead
  const kofi = makeUser('kofi', 'Kofi Mensah'); // review member who comments
  const priya = makeUser('priya', 'Priya Das'); // review member, not the lead
  const rex = makeUser('rex', 'Rex Lead'); // lead of a review in another channel
  const tia = makeUser('tia', 'Tia Other'); // another tenant
  let world: Awaited<ReturnType<typeof startWorld>>;
  /** Sam's group (whose cards are forged) and Fay's, as grouping formed them. */
  const samsGroup: User[] = [];
  const faysGroup: User[] = [];
  const chat = (user: User) => world.teams.personal(user);
  const slt = () => world.teams.channel('school', 'slt');

  const ELIGIBLE = { firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary', authority: 'Ealing', school: 'Ash Primary', email: 'head@example.org' };
  const CAMPAIGN = {
    programme: 'Ealing diversity in leadership programme', cohort: 'Cohort 3', participantsPrimary: '7', participantsSecondary: '12', participantsSpecial: '2',
    hostsPrimary: '2', hostsSecondary: '4', hostsSpecial: '2', placesPerHost: '3', windowStart: '2027-02-22', windowEnd: '2027-03-31', replyDeadline: '2026-12-09', reminderDaysBefore: '3',
    contactName: 'Grace Adeyemi', contactEmail: 'grace.adeyemi@example.org', contactPhone: '020 8825 8542', duties: 'Host a mock interview session\nForm a panel', provides: 'Generic job descriptions',
  };
  /** What no outsider may see. */
  /** What no outsider may see (Sam's group's members are added once grouping has formed it). */
  const SECRETS = ['Amara Okafor', 'Ash Primary School', 'Noor Rahman', 'noor@example.org', 'https://meet.example.org/forged-g1', 'Kofi Mensah', 'Policy not shared with families', 'Share the policy with families'];

  beforeAll(async () => {
    world = await startWorld(testStore('sqlite'), { coordinators: [grace.aadObjectId, joy.aadObjectId], clock });
    const { teams, connector } = world;
    for (const user of [grace, joy, amara, sam, fay, olu, wil, lena, kofi, priya, rex, ...heads]) await teams.install(user, chat(user));

    await teams.say(grace, chat(grace), 'roles grant facilitator Kofi Mensah');
    await teams.say(grace, chat(grace), 'roles');
    await teams.click(grace, chat(grace), 'Find', { find: 'joy' });

    // Hosting: a campaign, Amara's offer, a participant, a confirmed allocation, the briefing, feedback.
    await teams.say(grace, chat(grace), 'hosting new');
    await teams.click(grace, chat(grace), 'Create campaign', CAMPAIGN);
    await teams.click(grace, chat(grace), 'Invite heads');
    await teams.click(grace, chat(grace), 'Send invitations', { userIds: amara.aadObjectId });
    await world.bot.runJobs();
    const invitationCard = teams.latestCard(amara, chat(amara));
    await teams.click(amara, chat(amara), 'Ask a question');
    await teams.click(amara, chat(amara), 'Volunteer to host', {}, { card: invitationCard });
    const offerChat = chat(amara);
    await teams.click(amara, offerChat, 'Next', { school: 'Ash Primary School', phase: 'primary', places: '3' });
    await teams.click(amara, offerChat, 'Next', { date1: '2027-03-01', date2: '2027-03-08' });
    await teams.click(amara, offerChat, 'Next', { panel1Name: 'Amara Okafor', panel1Role: 'Headteacher', panel2Name: 'Chris Doe', panel2Role: 'Chair of governors' });
    await teams.click(amara, offerChat, 'Next', Object.fromEntries([0, 1, 2, 3, 4].map((i) => [`duty${i}`, 'true'])));
    await teams.click(amara, offerChat, 'Submit offer');
    await teams.say(grace, chat(grace), 'hosting participants');
    // Four primary participants for Ash's three places: one is left, and the allocation offers the fixes.
    const others = ['Elm', 'Fir', 'Yew'].map((school) => `${school} Participant, primary, ${school} Primary, ${school.toLowerCase()}@example.org`);
    await teams.click(grace, chat(grace), 'Add pasted lines', { lines: ['Noor Rahman, primary, Oak Primary, noor@example.org', ...others].join('\n') });
    await teams.click(grace, chat(grace), 'Propose allocation');
    await teams.click(grace, chat(grace), 'One more place at Ash Primary School');
    await teams.click(grace, chat(grace), 'Back to the allocation');
    await teams.click(grace, chat(grace), 'Confirm and notify');
    await world.bot.runJobs();
    await teams.click(grace, chat(grace), 'Back to the campaign');
    await teams.click(grace, chat(grace), 'Briefing');
    await teams.click(grace, chat(grace), 'Invite hosts', { date: '2027-02-10', time: '16:00', link: 'https://teams.example.org/meet/briefing' });
    await world.bot.runJobs();
    await teams.say(grace, chat(grace), 'hosting status');
    await teams.say(grace, chat(grace), 'hosting campaigns');

    // Coaching: a programme, four primary heads grouped with Sam, sessions with a link, an RSVP, attendance.
    await teams.say(grace, chat(grace), 'coaching setup');
    await teams.click(grace, chat(grace), 'Create programme', { cap: '9', resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    await teams.say(grace, chat(grace), 'coaching invite');
    await teams.click(grace, chat(grace), 'Send invitations', { userIds: olu.aadObjectId });
    await world.bot.runJobs();
    for (const [i, head] of heads.entries()) {
      await teams.say(head, chat(head), 'coaching join');
      await teams.click(head, chat(head), /^Check/, { ...ELIGIBLE, authority: ['Ealing', 'Leeds', 'Kent', 'Devon', 'York', 'Bristol', 'Essex', 'Brent'][i]! });
    }
    await teams.say(olu, chat(olu), 'coaching join');
    await teams.click(olu, chat(olu), /^Check/, { ...ELIGIBLE, phase: 'special' });
    // The cap (9) is reached: Wil waits, and is offered Olu's place when Olu leaves.
    await teams.say(wil, chat(wil), 'coaching join');
    await teams.click(wil, chat(wil), /^Check/, { ...ELIGIBLE, phase: 'special' });
    await teams.say(olu, chat(olu), 'leave coaching');
    await teams.click(olu, chat(olu), 'Yes, withdraw');
    await teams.say(grace, chat(grace), 'coaching facilitators');
    await teams.click(grace, chat(grace), 'Add facilitator', { userId: sam.aadObjectId, phases: 'primary', capacity: '1' });
    await teams.click(grace, chat(grace), 'Add facilitator', { userId: fay.aadObjectId, phases: 'primary', capacity: '1' });
    await teams.click(grace, chat(grace), 'Groups');
    await teams.click(grace, chat(grace), 'Propose groups');
    await teams.click(grace, chat(grace), 'Confirm groups and tell everyone');
    await world.bot.runJobs();
    const programme = (await world.bot.headway.coaching.programmes.current(teams.tenantId))!;
    const grouping = (await world.bot.headway.coaching.groups.view({ tenantId: teams.tenantId, userId: grace.aadObjectId, name: grace.name, scope: 'personal', conversationId: chat(grace).id }, programme.id)).grouping!;
    const membersOf = (facilitator: User) => heads.filter((h) => grouping.groups.find((g) => g.facilitatorId === facilitator.aadObjectId)!.members.includes(h.aadObjectId));
    samsGroup.push(...membersOf(sam));
    faysGroup.push(...membersOf(fay));
    expect(samsGroup.length).toBeGreaterThanOrEqual(4);
    expect(faysGroup.length).toBeGreaterThanOrEqual(4);
    SECRETS.push(...samsGroup.map((u) => u.name));
    await teams.say(sam, chat(sam), 'coaching sessions');
    await teams.click(sam, chat(sam), 'Propose sessions', { start: '2027-01-04', weekday: 'Tuesday', time: '16:00' });
    await teams.click(sam, chat(sam), 'Edit Session 1');
    await teams.click(sam, chat(sam), 'Save and tell members', { link: 'https://meet.example.org/forged-g1' });
    await teams.click(sam, chat(sam), 'Send invitations');
    await world.bot.runJobs();
    const invitation = teams.cards(chat(samsGroup[0]!)).find((c) => JSON.stringify(c.card).includes('Session 1 of 6'))!;
    await teams.click(samsGroup[0]!, chat(samsGroup[0]!), 'Accept', {}, { card: invitation });
    clock.set('2027-01-05T18:00:00Z');
    await teams.say(sam, chat(sam), 'coaching sessions');
    await teams.click(sam, chat(sam), 'Attendance Session 1');
    await teams.say(grace, chat(grace), 'coaching groups');

    // After Ash Primary's interview dates, Amara is asked for feedback on her candidate.
    clock.set('2027-03-09T09:00:00Z');
    await world.bot.runJobs();
    await teams.click(amara, chat(amara), 'Send feedback', { strengths: 'Clear vision', areas: 'Use of data', readiness: 'Ready within a year', comments: '' });
    await teams.say(grace, chat(grace), 'hosting feedback');

    // Reviews: a named review in the SLT channel with answers, a comment and an agreed theme.
    connector.setMembers(slt().teamId!, [lena, kofi, priya].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await teams.install(lena, slt());
    await teams.say(lena, slt(), 'review start');
    const started = await teams.click(lena, slt(), 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const startCard = teams.cards(slt()).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
    await teams.click(lena, slt(), 'Give the themes and nudge', { person: kofi.aadObjectId, themes: 'leadership' }, { card: { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value } });
    const poll = teams.cards(slt()).at(-1)!;
    const statements = JSON.stringify(poll.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
    for (const user of [kofi, priya]) {
      await teams.click(user, slt(), 'Save my answers', { ...Object.fromEntries(statements.map((id) => [id, 'developing'])), [`c_${statements[0]!.slice(2)}`]: user === kofi ? 'Policy not shared with families' : '' }, { card: poll });
    }
    await world.bot.headway.liveCounts.idle();
    await teams.click(lena, slt(), 'Reveal answers', {}, { card: teams.cards(slt()).at(-1)! });
    const revealed = teams.latestCard(lena, slt());
    await teams.click(lena, slt(), 'Save agreed responses', { ...Object.fromEntries(statements.map((id) => [`a_${id.slice(2)}`, 'developing'])), [`act_${statements[0]!.slice(2)}`]: 'Share the policy with families', [`own_${statements[0]!.slice(2)}`]: priya.name, [`due_${statements[0]!.slice(2)}`]: '2027-06-01' }, { card: revealed });
    await teams.say(lena, slt(), 'review themes');
    await teams.say(lena, slt(), 'review summary');
    // The remaining themes, so the review completes and its summary offers the next review's date.
    let agreedId = poll.activityId;
    for (let theme = 1; theme < 5; theme++) {
      await teams.click(lena, slt(), 'Open theme', {}, { card: teams.cards(slt()).find((c) => c.activityId === agreedId)! });
      const next = teams.cards(slt()).filter((c) => JSON.stringify(c.card).includes('"reviews.answer"')).at(-1)!;
      const ids = JSON.stringify(next.card.body).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
      await teams.click(kofi, slt(), 'Save my answers', Object.fromEntries(ids.map((id) => [id, 'embedding'])), { card: next });
      await teams.click(lena, slt(), 'Reveal answers', {}, { card: next });
      await teams.click(lena, slt(), 'Save agreed responses', {}, { card: teams.cards(slt()).find((c) => c.activityId === next.activityId)! });
      agreedId = next.activityId;
    }
    // Lena shares the completed review's levels; Grace looks at the network view.
    await teams.click(lena, slt(), 'Share with the network', {}, { card: teams.cards(slt()).filter((c) => JSON.stringify(c.card).includes('"reviews.share"')).at(-1)! });
    await teams.say(grace, chat(grace), 'network reviews');
    // The action plan: the lead's form, and its owner's status card.
    await teams.say(kofi, slt(), 'review actions');
    const plan = teams.cards(slt()).at(-1)!;
    await teams.click(lena, slt(), 'Add an action', {}, { card: plan });
    const actionId = JSON.stringify(plan.card).match(/"value":"(action:[^"]+)"/)![1]!;
    await teams.click(lena, slt(), 'Update', { actionId }, { card: plan });
    await teams.click(priya, slt(), 'Update', { actionId }, { card: plan });

    // Help's buttons as a coordinator and in the review channel: a forged button runs only what
    // the forger could type themselves.
    await teams.say(grace, chat(grace), 'help');
    await teams.say(lena, slt(), 'help');

    // Amara reads the privacy notice, whose My data button shows her own data only, and the
    // confirmation of deleting it (not confirmed: a forged confirm can only erase the forger).
    await teams.say(amara, chat(amara), 'privacy');
    await teams.say(amara, chat(amara), 'my data');
    await teams.say(amara, chat(amara), 'delete my data');
    // Grace finds Noor (entered by hand) for a request and reaches the confirmation, without confirming.
    await teams.say(grace, chat(grace), 'privacy find noor@example.org');
    await teams.click(grace, chat(grace), 'Delete Noor Rahman');

    // Rex leads a review in his own team's channel; the outsiders each have a channel of their own.
    const rexChannel = teams.channel('rex-school', 'rex-slt');
    connector.setMembers(rexChannel.teamId!, [{ id: rex.id, aadObjectId: rex.aadObjectId, name: rex.name }]);
    await teams.install(rex, rexChannel);
    await teams.say(rex, rexChannel, 'review start');
    await teams.click(rex, rexChannel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
  }, 120_000);
  afterAll(async () => {
    await world.stop();
  });

  function outsiders(): Outsider[] {
    const { teams } = world;
    const own = (user: User) => teams.channel(`${user.key}-school`, `${user.key}-slt`);
    const elsewhere = new TeamsClient(world.bot.server.url, world.connector);
    return [
      { label: 'a head with no role', client: teams, user: olu, personal: chat(olu), channel: own(olu), passes: [] },
      // A coordinator runs hosting and coaching for the network, so knows who is in them; not what an SLT said.
      { label: 'a coordinator', client: teams, user: joy, personal: chat(joy), channel: own(joy), passes: ['coordinator', 'runner'], knows: ['Amara Okafor', 'Ash Primary School', 'Noor Rahman', 'noor@example.org', 'https://meet.example.org/forged-g1', ...samsGroup.map((u) => u.name)] },
      { label: 'the facilitator of another group', client: teams, user: fay, personal: chat(fay), channel: own(fay), passes: [] },
      { label: 'a member of another group', client: teams, user: faysGroup[0]!, personal: chat(faysGroup[0]!), channel: own(faysGroup[0]!), passes: [] },
      { label: 'a review member who is not its lead', client: teams, user: priya, personal: chat(priya), channel: slt(), passes: ['channel'], knows: ['Kofi Mensah', 'Share the policy with families'] }, // the channel sees agreed responses and their actions
      { label: 'the lead of a review in another channel', client: teams, user: rex, personal: chat(rex), channel: teams.channel('rex-school', 'rex-slt'), passes: [] },
      { label: 'someone in another tenant', client: elsewhere, user: tia, personal: elsewhere.personal(tia), channel: elsewhere.channel('tia-school', 'tia-slt'), passes: [] },
    ];
  }

  const everyVerb = Object.values(Verbs).flatMap((group) => Object.values(group)) as Verb[];

  it('every verb in the registry has a rule', () => {
    expect(Object.keys(Rules).sort()).toEqual([...everyVerb].sort());
  });

  it('no outsider sees or changes anything through any verb', async () => {
    const snapshot = tenantSnapshot((world.bot.store as SqliteStore).path, world.teams.tenantId);
    const report = await forgeEveryVerb({ cards: world.teams.allCards([world.teams.channel('rex-school', 'rex-slt')]), verbs: everyVerb, outsiders: outsiders(), secrets: SECRETS, snapshot, connector: world.connector, commands: world.bot.headway.router.commands() });
    console.log(`forged card actions: ${report.sent} sent by ${outsiders().length} kinds of outsider over ${everyVerb.length - report.uncovered.length} verbs; ${report.problems.length} problems`);
    if (process.env.FORGERY_DEBUG) console.log([...report.problems, ...report.uncovered.map((v) => `uncovered: ${v}`)].join('\n'));
    expect(report.problems).toEqual([]);
    expect(report.uncovered).toEqual([]);
  });

  it('no outsider sees or changes anything through any command', async () => {
    const snapshot = tenantSnapshot((world.bot.store as SqliteStore).path, world.teams.tenantId);
    const commands = world.bot.headway.router.commands();
    const report = await forgeEveryCommand({ commands, outsiders: outsiders(), secrets: SECRETS, snapshot, connector: world.connector, target: 'Amara Okafor' });
    console.log(`typed commands: ${report.sent} sent by ${outsiders().length} kinds of outsider over ${commands.length} commands; ${report.problems.length} problems`);
    if (process.env.FORGERY_DEBUG) console.log(report.problems.join('\n'));
    expect(report.problems).toEqual([]);
  });

  /** Who the seeded cards belong to, for each kind of rule: hostile values are sent as them, so the handlers run in full. */
  function insider(verb: Verb, who: Who): { user: User; conversation: Conversation } {
    const inChannel = Rules[verb].where.includes('channel');
    if (inChannel) return { user: who === 'lead' ? lena : kofi, conversation: slt() };
    const user = { coordinator: grace, runner: sam, member: samsGroup[0]!, host: amara, channel: kofi, lead: lena, anyone: verb.startsWith('coaching.') ? samsGroup[1]! : amara, self: verb.startsWith('coaching.') ? samsGroup[1]! : amara }[who];
    return { user, conversation: chat(user) };
  }

  /** Values no field accepts: an object whose toString is not a function, an array, a nested object, 200 KB of text. */
  const HOSTILE: unknown[] = [{ toString: 'x' }, ['a', 'b'], { nested: { deeper: [1, 2] } }, 'x'.repeat(200_000)];

  it('hostile values in every field of every verb, sent by the people the cards are for: no unexpected error; with every field hostile, nothing changes', async () => {
    const snapshot = tenantSnapshot((world.bot.store as SqliteStore).path, world.teams.tenantId);
    const payloads = payloadsByVerb(world.teams.allCards([world.teams.channel('rex-school', 'rex-slt')]));
    const verbs = everyVerb.flatMap((verb) => (payloads.get(verb) ?? []).slice(0, 1).map((data) => ({ verb, data, keys: Object.keys(data).filter((k) => k !== 'verb') })));
    const fields = verbs.flatMap(({ verb, data, keys }) => keys.map((key) => ({ verb, data, key })));
    const problems: string[] = [];
    let sent = 0;
    const send = async (verb: Verb, data: Record<string, unknown>, label: string, mustChangeNothing: boolean) => {
      const { user, conversation } = insider(verb, Rules[verb].who);
      const before = snapshot();
      const res = await world.teams.post({ ...world.teams.base(user, conversation), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
      sent++;
      const body = JSON.stringify(res.body ?? '');
      // 413: every field at 200 KB is over the endpoint's 1 MB limit, refused before any handler runs.
      if (res.status !== 200 && res.status !== 413) problems.push(`${verb} ${label}: HTTP ${res.status}`);
      if (GENERIC.test(body)) problems.push(`${verb} ${label}: unexpected error`);
      if (mustChangeNothing && snapshot() !== before) problems.push(`${verb} ${label}: changed the tenant's documents`);
    };
    const show = (value: unknown) => JSON.stringify(value).slice(0, 40);
    // Each field of each verb with each hostile value (a verb may ignore a field it does not read,
    // or coerce it, so only errors count here) ...
    for (const { verb, data, key } of fields) for (const value of HOSTILE) await send(verb, { ...data, [key]: value }, `${key}=${show(value)}`, false);
    // ... and every field hostile at once, which nothing may accept.
    for (const { verb, data, keys } of verbs) for (const value of HOSTILE) await send(verb, Object.fromEntries([...keys.map((k) => [k, value]), ['verb', data.verb]]), `every field=${show(value)}`, true);
    // Then random hostile shapes in random fields, and in all at once (fast-check, bounded so npm test stays fast).
    const hostile = fc.oneof(fc.object({ maxDepth: 2 }), fc.array(fc.anything({ maxDepth: 1 }), { minLength: 1, maxLength: 4 }), fc.constant({ toString: 'x', valueOf: 'y' }), fc.string({ minLength: 2001, maxLength: 4000 }));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fields), hostile, fc.boolean(), async ({ verb, data, key }, value, all) => {
        const keys = Object.keys(data).filter((k) => k !== 'verb');
        await send(verb, all ? Object.fromEntries([...keys.map((k) => [k, value]), ['verb', data.verb]]) : { ...data, [key]: value }, all ? `every field=${show(value)}` : `${key}=${show(value)}`, all);
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: Number(process.env.FUZZ_SEED ?? 20261202) },
    );
    console.log(`hostile values: ${sent} card actions over ${fields.length} fields of ${verbs.length} verbs; ${problems.length} problems`);
    if (process.env.FORGERY_DEBUG) console.log(problems.join('\n'));
    expect(problems).toEqual([]);
  }, 300_000);

  it('a message whose text is not a string is answered with the hint, not an error', async () => {
    const { teams } = world;
    for (const text of [null, 42, { toString: 'x' }, ['help']]) {
      const calls = world.connector.calls.length;
      const res = await teams.post({ ...teams.base(olu, chat(olu)), type: 'message', text });
      expect(res.status).toBe(200);
      const replies = world.connector.calls.slice(calls).map((c) => JSON.stringify(c.body));
      expect(replies.some((r) => r.includes('Type help to start again') || r.includes('Type help to see what you can do'))).toBe(true);
      expect(replies.some((r) => GENERIC.test(r))).toBe(false);
    }
  });

  it('a value over its field\'s limit is refused with a message naming the field, and nothing is saved', async () => {
    const { teams } = world;
    const programme = (await world.bot.headway.coaching.programmes.current(teams.tenantId))!;
    const before = JSON.stringify(programme.fields);
    const res = await teams.post({ ...teams.base(grace, chat(grace)), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'coaching.programme.save', data: { programmeId: programme.id, name: 'N'.repeat(10_000) } } } });
    expect(res.status).toBe(200);
    // Refused on the card, under the field it is about, with the value shown back cut short.
    const card = (res.body as { value: Record<string, unknown> }).value;
    expect(cardText(card)).toContain('Nothing was saved: please correct the fields marked below.');
    expect(cardText(card)).toMatch(/Programme name\nKeep the name under 120 characters\./);
    expect(String(inputValues(card).name)).toHaveLength(2000);
    expect(JSON.stringify((await world.bot.headway.coaching.programmes.current(teams.tenantId))!.fields)).toBe(before);
  });
});
