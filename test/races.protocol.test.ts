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
  let world: Awaited<ReturnType<typeof startWorld>>;
  let coordChat: Conversation;
  const chat = (user: User) => world.teams.openedChat(user);
  const text = (user: User, conversation = chat(user)) => cardText(world.teams.latestCard(user, conversation).card);

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    coordChat = world.teams.personal(grace);
    await world.teams.install(grace, coordChat);
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
    const notices = teams.texts(coordChat).filter((t) => t.includes('offered to host at Ash Primary School'));
    expect(notices).toHaveLength(1);
    await teams.say(grace, coordChat, 'hosting status');
    expect(text(grace, coordChat).match(/Ash Primary School: Primary, 3 places/g)).toHaveLength(1);
  });
});
