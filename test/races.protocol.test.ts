import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, makeUser, type Conversation, type User } from './harness/teams.js';

/**
 * Two (or many) people writing the same thing at the same moment, through the real endpoint, on
 * both stores: every rule that must hold across people is decided at the write.
 */
const kinds: StoreKind[] = ['sqlite', 'cosmos'];

const CAMPAIGN = {
  programme: 'Ealing diversity in leadership programme', cohort: 'Cohort 3',
  participantsPrimary: '7', participantsSecondary: '12', participantsSpecial: '2',
  hostsPrimary: '2', hostsSecondary: '4', hostsSpecial: '2', placesPerHost: '3',
  windowStart: '2027-02-22', windowEnd: '2027-03-31', replyDeadline: '2026-12-09', reminderDaysBefore: '3',
  contactName: 'Grace Adeyemi', contactEmail: 'grace.adeyemi@example.org', contactPhone: '020 8825 8542',
  duties: 'Host a mock interview session\nForm a panel', provides: 'Generic job descriptions',
};

describe.each(kinds)('races (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const amara = makeUser('amara', 'Amara Okafor');
  const tom = makeUser('tom', 'Tom Whitfield');
  const joy = makeUser('joy', 'Joy Bello'); // a second coordinator
  let world: Awaited<ReturnType<typeof startWorld>>;
  let coordChat: Conversation;
  const chat = (user: User) => world.teams.openedChat(user);
  const text = (user: User, conversation = chat(user)) => cardText(world.teams.latestCard(user, conversation).card);

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId, joy.aadObjectId], clock });
    coordChat = world.teams.personal(grace);
    await world.teams.install(grace, coordChat);
    await world.teams.install(joy, world.teams.personal(joy));
  });
  afterAll(async () => {
    await world.stop();
  });

  it('two heads of one school submit at the same moment: one offer, the other is told who offered, the coordinator is told once', async () => {
    const { teams, connector } = world;
    const channel = teams.channel('heads', 'general');
    connector.setMembers(channel.teamId!, [amara, tom].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await teams.install(grace, channel);
    await teams.say(grace, coordChat, 'hosting new');
    await teams.click(grace, coordChat, 'Create campaign', CAMPAIGN);
    await teams.click(grace, coordChat, 'Invite heads');
    await teams.click(grace, coordChat, 'Send invitations', { teamId: channel.teamId });
    await world.bot.runJobs();
    for (const head of [amara, tom]) {
      await teams.click(head, chat(head), 'Volunteer to host');
      await teams.click(head, chat(head), 'Next', { school: 'Ash Primary School', phase: 'primary', places: '3' });
      await teams.click(head, chat(head), 'Next', { date1: '2027-03-01' });
      await teams.click(head, chat(head), 'Next', { panel1Name: head.name, panel1Role: 'Headteacher' });
      await teams.click(head, chat(head), 'Next', { duty0: 'true', duty1: 'true' });
      expect(text(head)).toContain('Step 5 of 5: Review and submit');
    }
    const answers = await Promise.all([amara, tom].map((head) => teams.click(head, chat(head), 'Submit offer')));
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    const told = [amara, tom].map((head) => text(head));
    const winners = told.filter((t) => t.includes('your offer is submitted'));
    const losers = told.filter((t) => /(Amara Okafor|Tom Whitfield) has already offered Ash Primary School/.test(t));
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]).toContain('Step 1 of 5');
    const notices = teams.cards(coordChat).map((c) => cardText(c.card)).filter((t) => t.includes('offered to host at Ash Primary School'));
    expect(notices).toHaveLength(1);
    await teams.say(grace, coordChat, 'hosting status');
    expect(text(grace, coordChat).match(/Ash Primary School: Primary, 3 places/g)).toHaveLength(1);
  });

  it('120 eligible heads press Join at the same moment: every one gets a definite answer, 60 registered, the waiting list 1 to 60', async () => {
    const { teams, bot } = world;
    await teams.say(grace, coordChat, 'coaching setup');
    await teams.click(grace, coordChat, 'Create programme', { resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    expect(text(grace, coordChat)).toContain('Programme created.');
    const heads = Array.from({ length: 120 }, (_, i) => makeUser(`rush${i}`, `Rush Head ${i}`));
    for (const head of heads) {
      await teams.install(head, teams.personal(head));
      await teams.say(head, teams.personal(head), 'coaching join');
    }
    const answers = await Promise.all(heads.map((head) => teams.click(head, teams.personal(head), /^Check/, { ...ELIGIBLE, authority: 'Leeds' })));
    expect(answers.map((a) => a.status).filter((s) => s !== 200), 'HTTP answers').toEqual([]);
    const told = heads.map((head) => cardText(teams.latestCard(head, teams.personal(head)).card));
    expect(told.filter((t) => !/registered|waiting list/.test(t)), 'answers other than registered or waitlisted').toEqual([]);
    expect(told.filter((t) => t.includes('You are eligible and registered')), 'told registered').toHaveLength(60);
    const positions = told.map((t) => /number (\d+) on the waiting list/.exec(t)?.[1]).filter((n) => n !== undefined).map(Number);
    expect(positions.sort((a, b) => a - b), 'told positions').toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // What is stored agrees with what people were told.
    const programme = (await bot.headway.coaching.programmes.current(teams.tenantId))!;
    const stored = await Promise.all(heads.map((head) => bot.headway.coaching.joining.registration({ tenantId: teams.tenantId, userId: head.aadObjectId, name: '', scope: 'personal', conversationId: '' }, programme.id)));
    expect(stored.filter((r) => r?.status === 'registered'), 'stored registered').toHaveLength(60);
    expect(new Set(stored.map((r) => r?.seat).filter((n) => n !== undefined)).size).toBe(60);
    expect(stored.filter((r) => r?.status === 'waitlisted')).toHaveLength(60);

    // Three registered heads leave at the same moment: the first three on the waiting list are
    // offered a place, once each, and everyone behind them moves up three.
    const registered = heads.filter((_, i) => stored[i]?.status === 'registered').slice(0, 3);
    const byPosition = heads.filter((_, i) => stored[i]?.status === 'waitlisted').sort((a, b) => position(a) - position(b));
    await Promise.all(registered.map((head) => teams.say(head, teams.personal(head), 'leave coaching')));
    await Promise.all(registered.map((head) => teams.click(head, teams.personal(head), 'Yes, withdraw')));
    for (const head of byPosition.slice(0, 3)) {
      const offers = teams.cards(teams.personal(head)).filter((c) => cardText(c.card).includes('A place is yours if you want it'));
      const now = await bot.headway.coaching.joining.registration({ tenantId: teams.tenantId, userId: head.aadObjectId, name: '', scope: 'personal', conversationId: '' }, programme.id);
      const replies = await Promise.all(registered.map((r) => cardText(teams.latestCard(r, teams.personal(r)).card).slice(0, 120)));
      expect(offers, `offers to ${head.name} (told ${position(head)}; now ${JSON.stringify({ status: now?.status, ticket: now?.ticket, seat: now?.seat })}; leavers saw ${JSON.stringify(replies)})`).toHaveLength(1);
    }
    for (const head of byPosition.slice(3, 6)) expect(teams.cards(teams.personal(head)).some((c) => cardText(c.card).includes('A place is yours'))).toBe(false);
    const fourth = byPosition[3]!;
    await teams.say(fourth, teams.personal(fourth), 'coaching join');
    expect(cardText(teams.latestCard(fourth, teams.personal(fourth)).card)).toContain('number 1 on the waiting list');

    function position(head: User): number {
      return Number(/number (\d+) on the waiting list/.exec(told[heads.indexOf(head)]!)![1]);
    }
  });

  it('allocation: a move from a stale card is refused and shows the current state; confirm and propose at once never replace a confirmed allocation', async () => {
    const { teams, bot } = world;
    const joyChat = teams.personal(joy);
    await teams.say(grace, coordChat, 'hosting participants');
    await teams.click(grace, coordChat, 'Add pasted lines', { lines: 'Ada Obi, primary, Elm Primary, ada@example.org\nBen Ray, primary, Oak Primary, ben@example.org' });
    await teams.click(grace, coordChat, PROPOSE);
    const graceCard = teams.latestCard(grace, coordChat);
    await teams.say(joy, joyChat, 'hosting participants');
    await teams.click(joy, joyChat, PROPOSE);
    const ben = JSON.stringify(graceCard.card).match(/"id":"(move_[^"]+)","value":"[^"]*","label":"(Move|Place) Ben Ray"/)![1]!;
    await teams.click(grace, coordChat, 'Save moves', { [ben]: '' }, { card: graceCard });
    expect(text(grace, coordChat)).toContain('Someone else changed the allocation at the same moment, so nothing was changed.');
    expect(text(grace, coordChat)).toContain('Primary · 2 of 3 places'); // the current state: Joy's proposal
    const campaign = (await bot.headway.hosting.campaigns.list(actor(grace)))[0]!;
    const stored = async () => (await bot.headway.hosting.allocation.view(actor(grace), campaign.id)).allocation!;
    expect(Object.keys((await stored()).placements)).toHaveLength(2);

    // Grace confirms and Joy proposes afresh from cards showing the same revision, at once.
    await teams.say(grace, coordChat, 'hosting participants');
    await teams.click(grace, coordChat, PROPOSE);
    const proposal = teams.latestCard(grace, coordChat);
    // Joy holds the same allocation card (as a second coordinator would after a refresh).
    const joyCard = { ...proposal };
    expect(revisionOn(joyCard.card)).toBeDefined();
    const [graceSaw, joySaw] = (
      await Promise.all([
        teams.click(grace, coordChat, 'Confirm and notify', {}, { card: proposal }),
        teams.click(joy, joyChat, PROPOSE, {}, { card: joyCard }),
      ])
    ).map(answered);
    const confirmed = graceSaw!.includes('Sending the placements');
    // Participants entered by hand have no Teams account: the coordinator is told to e-mail them.
    if (confirmed) expect(graceSaw).toContain('Please e-mail these participants their placement (they are not in Teams): Ada Obi <ada@example.org>, Ben Ray <ben@example.org>.');
    expect(confirmed ? joySaw : graceSaw).toMatch(/Someone else changed the allocation|This allocation is confirmed/);
    expect((await stored()).status).toBe(confirmed ? 'confirmed' : 'proposed');
    if (!confirmed) await teams.click(grace, coordChat, 'Confirm and notify');
    expect((await stored()).status).toBe('confirmed');
    // Once confirmed, a proposal never replaces it.
    await teams.say(joy, joyChat, 'hosting participants');
    await teams.click(joy, joyChat, PROPOSE);
    expect(cardText(teams.latestCard(joy, joyChat).card)).toContain('This allocation is confirmed and hosts and participants have been told');
    expect((await stored()).status).toBe('confirmed');
  });

  it('coaching groups: confirm and propose at once never replace confirmed groups', async () => {
    const { teams, bot } = world;
    const joyChat = teams.personal(joy);
    await teams.say(grace, coordChat, 'coaching groups');
    await teams.click(grace, coordChat, 'Propose groups');
    const proposal = teams.latestCard(grace, coordChat);
    await teams.say(joy, joyChat, 'coaching groups');
    const joyCard = teams.latestCard(joy, joyChat);
    expect(revisionOn(joyCard.card)).toBe(revisionOn(proposal.card));
    const [graceSaw, joySaw] = (
      await Promise.all([
        teams.click(grace, coordChat, 'Confirm groups and tell everyone', {}, { card: proposal }),
        teams.click(joy, joyChat, 'Propose groups', {}, { card: joyCard }),
      ])
    ).map(answered);
    const confirmed = graceSaw!.includes('Sending the coaching groups');
    const loser = confirmed ? joySaw : graceSaw;
    expect(loser).toMatch(/Someone else changed the groups at the same moment|Groups are already confirmed/);
    const programme = (await bot.headway.coaching.programmes.current(teams.tenantId))!;
    const grouping = (await bot.headway.coaching.groups.view(actor(grace), programme.id)).grouping!;
    expect(grouping.status).toBe(confirmed ? 'confirmed' : 'proposed');
  });

  it('review document: three share-outs and a theme opened at the same moment all land', async () => {
    const { teams, connector, bot } = world;
    const channel = teams.channel('leadership', 'race-slt');
    const slt = [grace, amara, tom, joy];
    connector.setMembers(channel.teamId!, slt.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await teams.install(grace, channel);
    await teams.say(grace, channel, 'review start');
    const started = await teams.click(grace, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const startCard = teams.cards(channel).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
    const assign = { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value };
    await teams.say(grace, channel, 'review themes');
    const themesCard = teams.latestCard(grace, channel);
    const review = (await bot.headway.reviews.service.history({ ...actor(grace), scope: 'channel', conversationId: channel.id }))[0]!;
    const next = bot.headway.reviews.service.framework(review.frameworkId).themes.find((t) => t.id !== review.currentThemeId)!.id;
    const answers = await Promise.all([
      teams.click(grace, channel, 'Give the themes and nudge', { person: amara.aadObjectId, themes: 'leadership' }, { card: assign }),
      teams.click(grace, channel, 'Give the themes and nudge', { person: tom.aadObjectId, themes: 'curriculum-progress-inclusion' }, { card: assign }),
      teams.click(grace, channel, 'Give the themes and nudge', { person: joy.aadObjectId, themes: 'leadership' }, { card: assign }),
      teams.click(grace, channel, 'Open theme', { nextTheme: next }, { card: themesCard }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const after = await bot.headway.reviews.service.get(teams.tenantId, review.id);
    expect(Object.fromEntries(Object.entries(after.assignments).map(([theme, who]) => [theme, [...who].sort()]))).toMatchObject({
      leadership: [amara.aadObjectId, joy.aadObjectId].sort(),
      'curriculum-progress-inclusion': [tom.aadObjectId],
    });
    expect(after.themeStatus[next]).toBe('open');
    expect(after.pollActivityIds[next]).toBeDefined();
  });

  function actor(user: User) {
    return { tenantId: world.teams.tenantId, userId: user.aadObjectId, name: user.name, scope: 'personal' as const, conversationId: 'x' };
  }
});

const PROPOSE = /^Propose (allocation|again)$/;

/** The card an Action.Execute answered with, as text. */
function answered(response: { body: unknown }): string {
  return cardText((response.body as { value?: unknown }).value);
}

function revisionOn(card: unknown): string | undefined {
  return /"revision":"?(\d+)/.exec(JSON.stringify(card))?.[1];
}

const ELIGIBLE = {
  firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no',
  phase: 'primary', authority: 'Ealing', school: 'Ash Primary', email: 'head@example.org',
};
