import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { FakeConnector } from './harness/connector.js';
import { startHeadway, testStore, type Running } from './harness/headway.js';
import { TeamsClient, cardText, makeUser, type Card, type User } from './harness/teams.js';

/**
 * Two bot instances on one Cosmos store, as Azure runs them behind one bot registration: an SLT of
 * 60 answering at once, half through each, and the lead revealing on one while the other is
 * still moving the count on.
 */
describe('two instances on one Cosmos store', () => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const people = Array.from({ length: 60 }, (_, i) => makeUser(`two${i}`, `SLT Member ${i}`));
  const lead = people[0]!;
  let connector: FakeConnector;
  let one: Running;
  let two: Running;
  let viaOne: TeamsClient;
  let viaTwo: TeamsClient;
  const channel = () => viaOne.channel('leadership', 'slt');
  const shared = (): Card => viaOne.cards(channel()).at(-1)!;
  const client = (i: number) => (i % 2 === 0 ? viaOne : viaTwo);

  beforeAll(async () => {
    const handle = testStore('cosmos', inject('cosmosEndpoint'));
    connector = await new FakeConnector().start();
    one = await startHeadway(handle, { clock });
    two = await startHeadway(handle, { clock });
    viaOne = new TeamsClient(one.server.url, connector);
    viaTwo = new TeamsClient(two.server.url, connector, viaOne.tenantId);
    connector.setMembers(channel().teamId!, people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await viaOne.install(lead, channel());
  });
  afterAll(async () => {
    await one.stop();
    await two.stop();
    await connector.close();
  });

  const answer = (i: number, user: User, poll: Card, value: string) => {
    const statements = JSON.stringify(poll.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
    return client(i).click(user, channel(), 'Save my answers', Object.fromEntries(statements.map((id) => [id, value])), { card: poll });
  };
  const idle = async () => {
    await one.headway.liveCounts.idle();
    await two.headway.liveCounts.idle();
  };

  it('counts an answer storm split across both correctly; a reveal on one while the other takes changed answers leaves the card revealed', async () => {
    await viaOne.say(lead, channel(), 'review start');
    await viaOne.click(lead, channel(), 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const poll = shared();
    expect(cardText(poll.card)).toContain('0 of 60 have answered');

    const answers = await Promise.all(people.map((user, i) => answer(i, user, poll, 'developing')));
    expect(answers.filter((a) => !JSON.stringify(a.body).includes('Your answers are saved'))).toEqual([]);
    await idle();
    expect(cardText(shared().card)).toContain('60 of 60 have answered');
    const review = (await one.headway.reviews.service.history({ tenantId: viaOne.tenantId, userId: '', name: '', scope: 'channel', conversationId: channel().id }))[0]!;
    expect(await two.headway.reviews.answers.answered(viaOne.tenantId, review, review.currentThemeId)).toBe(60);

    // People change their answers through instance one while the lead reveals through instance two.
    await Promise.all([
      ...people.slice(1, 31).map((user, i) => answer(0, user, poll, i % 2 ? 'embedding' : 'emerging')),
      viaTwo.click(lead, channel(), 'Reveal answers', {}, { card: poll }),
    ]);
    await idle();
    const final = cardText(shared().card);
    expect(final).not.toContain('have answered'); // never back to the poll
    expect(final).toMatch(/Emerging: \d+ · Developing: \d+ · Embedding: \d+/);
    // What the card shows is the reveal's cut, whichever answers landed after it.
    const revealed = await two.headway.reviews.agreement.revealed(viaOne.tenantId, await one.headway.reviews.service.get(viaOne.tenantId, review.id), review.currentThemeId);
    const first = revealed.spread[0]!;
    expect(Object.values(first.counts).reduce((a, b) => a + b, 0)).toBe(60);
  });

  it('a count rendered on one instance and delayed never lands last over a newer count from the other', async () => {
    const room = viaOne.channel('leadership', 'slt-two');
    connector.setMembers(room.teamId!, people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await viaOne.install(lead, room);
    await viaOne.say(lead, room, 'review start');
    await viaOne.click(lead, room, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const poll = viaOne.cards(room).at(-1)!;
    const answerIn = (via: TeamsClient, user: User) => {
      const statements = JSON.stringify(poll.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
      return via.click(user, room, 'Save my answers', Object.fromEntries(statements.map((id) => [id, 'developing'])), { card: poll });
    };
    // One answer through instance one: its update of the card (1 answered) is slow to reach Teams.
    const slow = connector.hold({ kind: 'update', conversationId: room.id, activityId: poll.activityId }, { once: true });
    await answerIn(viaOne, people[0]!);
    await slow.arrived;
    // Meanwhile 29 more answer through instance two, whose newer count would land first.
    await Promise.all(people.slice(1, 30).map((user) => answerIn(viaTwo, user)));
    await two.headway.liveCounts.idle();
    slow.release();
    await idle();
    // The card ends at the newest count: the stale one landed, and the card was then drawn again.
    expect(cardText(viaOne.cards(room).at(-1)!.card)).toContain('30 of 60 have answered');
  });

  it('a reminder fan-out started on one instance, with both polling for jobs, reaches each person once', async () => {
    const room = viaOne.channel('leadership', 'slt-two'); // 30 of 60 have answered its open theme
    await viaOne.say(lead, room, 'review remind');
    expect(cardText(viaOne.latestCard(lead, room).card)).toContain('Sending reminders to answer the open themes to 30 people');
    // Both instances poll at the same moment, and again, as their timers would.
    await Promise.all([one.runJobs(), two.runJobs(), one.runJobs(), two.runJobs()]);
    const reminded = people.slice(30).map((user) => viaOne.texts(viaOne.openedChat(user)).filter((t) => t.includes('you have not yet answered')).length);
    expect(reminded).toEqual(people.slice(30).map(() => 1));
    expect(people.slice(1, 30).every((user) => !viaOne.texts(viaOne.openedChat(user)).join().includes('you have not yet answered'))).toBe(true);
    expect(cardText(viaOne.latestCard(lead, room).card)).toContain('Finished sending reminders to answer the open themes.\nSent to 30.');
  });
});
