import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { SETTLE_MS } from '../src/features/fanout.js';
import { startHeadway, testStore, type Running, type StoreHandle, type StoreKind } from './harness/headway.js';
import { FakeConnector } from './harness/connector.js';
import { TeamsClient, cardText, makeUser, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

const CAMPAIGN = {
  programme: 'Diversity in leadership', cohort: 'Cohort 4',
  participantsPrimary: '7', participantsSecondary: '12', participantsSpecial: '2', hostsPrimary: '2', hostsSecondary: '4', hostsSpecial: '2', placesPerHost: '3',
  windowStart: '2027-02-22', windowEnd: '2027-03-31', replyDeadline: '2026-12-09', reminderDaysBefore: '3',
  contactName: 'Grace Adeyemi', contactEmail: 'grace@example.org', contactPhone: '020 8825 8542', duties: 'Host a mock interview session', provides: 'Job descriptions',
};

/**
 * Sending to many people is a durable job: the click answers at once, the job survives a restart,
 * sends each person the message once, updates the clicked card and ends with who was not reached.
 */
describe.each(kinds)('fan-out as a durable job (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const heads = Array.from({ length: 60 }, (_, i) => makeUser(`fan${i}`, `Fan Head ${i}`));
  let handle: StoreHandle;
  let connector: FakeConnector;
  let bot: Running;
  let teams: TeamsClient;
  const start = async () => {
    bot = await startHeadway(handle, { coordinators: [grace.aadObjectId], clock });
    if (teams) teams.botUrl = bot.server.url; // the same Teams client, now talking to the new instance
    else teams = new TeamsClient(bot.server.url, connector);
  };
  const invitations = (head: User) => connector.calls.filter((c) => c.kind === 'send' && c.conversationId === teams.openedChat(head).id && c.status < 300).length;

  beforeAll(async () => {
    handle = testStore(kind, inject('cosmosEndpoint'));
    connector = await new FakeConnector().start();
    await start();
    await teams.install(grace, teams.personal(grace));
    const channel = teams.channel('network', 'general');
    connector.setMembers(channel.teamId!, heads.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await teams.install(grace, channel);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
  });

  it('answers the click at once, survives a restart before sending, sends each head once and reports who was not reached', async () => {
    const chat = teams.personal(grace);
    await teams.say(grace, chat, 'hosting new');
    await teams.click(grace, chat, 'Create campaign', CAMPAIGN);
    await teams.click(grace, chat, 'Invite heads');
    const clicked = teams.latestCard(grace, chat);
    const answer = await teams.click(grace, chat, 'Send invitations', { teamId: teams.channel('network', 'general').teamId });
    expect(answer.status).toBe(200);
    expect(cardText(teams.latestCard(grace, chat).card)).toContain('Sending the invitation to Diversity in leadership: Cohort 4 to 60 people… 0 done, 60 to go.');
    expect(heads.filter((h) => invitations(h) > 0)).toHaveLength(0); // nothing was sent inside the click

    // The instance stops before the job runs; another starts on the same store and sends.
    await bot.stop();
    await start();
    // Teams refuses to open a chat with one head (they blocked the app): they are reported.
    connector.failNext(1, { status: 403, kinds: ['createConversation'] });
    await bot.services.jobs.runDue();
    const report = cardText(teams.latestCard(grace, chat).card);
    expect(report).toContain('Finished sending the invitation to Diversity in leadership: Cohort 4.');
    expect(report).toContain('Sent to 59. 1 could not be reached:');
    expect(report).toMatch(/Fan Head \d+: Headway cannot open a chat with them/);
    expect(heads.map(invitations).filter((n) => n > 1)).toEqual([]);
    expect(heads.map(invitations).filter((n) => n === 1)).toHaveLength(59);

    // Teams sends the same click again (it was slow to answer): the same job, nothing sent twice.
    await teams.click(grace, chat, 'Send invitations', { teamId: teams.channel('network', 'general').teamId }, { card: clicked });
    await bot.services.jobs.runDue();
    expect(heads.map(invitations).filter((n) => n > 1)).toEqual([]);
    // Sending again later, on purpose: the one who was not reached gets it now, nobody twice.
    await teams.click(grace, chat, 'Back to the campaign');
    await teams.click(grace, chat, 'Invite heads');
    await teams.click(grace, chat, 'Send invitations', { teamId: teams.channel('network', 'general').teamId });
    await bot.services.jobs.runDue();
    expect(cardText(teams.latestCard(grace, chat).card)).toContain('Sent to 1. 59 already had it.');
    expect(heads.map(invitations).every((n) => n === 1)).toBe(true);
  });

  it("ends on its report even when the job finishes before Teams applies the click's own answer", async () => {
    const chat = teams.personal(grace);
    clock.advance(1_000); // a second click on the same card, a moment after the last sending from it
    await teams.click(grace, chat, 'Back to the campaign');
    await teams.click(grace, chat, 'Invite heads');
    await teams.click(grace, chat, 'Send invitations', { userIds: heads[0]!.aadObjectId });
    await bot.services.jobs.runDue();
    expect(cardText(teams.latestCard(grace, chat).card)).toContain('Finished sending');
    // The click's answer ("… 0 done") reaches the card after the job's final update: the card is stuck on it…
    teams.answerLandsLate(grace, chat);
    expect(cardText(teams.latestCard(grace, chat).card)).toContain('0 done, 1 to go.');
    await bot.services.jobs.runDue();
    expect(cardText(teams.latestCard(grace, chat).card)).toContain('0 done, 1 to go.'); // nothing more is due yet
    // …until the final card is sent once more, SETTLE_MS after the click; the earlier sending from
    // this card, due to settle meanwhile, does not bring its own report back over this one.
    clock.advance(SETTLE_MS);
    await bot.services.jobs.runDue();
    expect(cardText(teams.latestCard(grace, chat).card)).toContain('Finished sending the invitation to Diversity in leadership: Cohort 4.\nSent to 0. 1 already had it.');
  });
});
