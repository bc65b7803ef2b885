import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, makeUser, type Card, type Conversation, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe.each(kinds)('reviews in a channel (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const slt = ['Grace Lead', 'Amara Deputy', 'Tom SENCo', 'Priya Assistant', 'Sam Careers', 'Lena Governor'].map((name, i) => makeUser(`slt${i}`, name));
  const lead = slt[0]!;
  let world: Awaited<ReturnType<typeof startWorld>>;
  let channel: Conversation;
  /** The shared card in the channel, as the connector last saw it (sent or updated). */
  const shared = (): Card => world.teams.cards(channel).at(-1)!;

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock });
    channel = world.teams.channel('leadership', 'slt');
    world.connector.setMembers(channel.teamId!, slt.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await world.teams.install(lead, channel);
  });
  afterAll(async () => {
    await world.stop();
  });

  const answerAll = async (user: User, value: string, card: Card) => {
    const statements = JSON.stringify(card.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
    const inputs = Object.fromEntries(statements.map((id) => [id, value]));
    return world.teams.click(user, channel, 'Save my answers', inputs, { card });
  };

  it('runs a named review theme by theme: private answers, live count, reveal, agree, summary', async () => {
    const { teams } = world;
    await teams.say(lead, channel, 'review start');
    const started = await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    // The lead shares themes out; those newly given one get a personal nudge, once.
    const startCard = teams.cards(channel).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
    const assign = { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value };
    const themes = { 't_leadership': slt[1]!.aadObjectId, 't_curriculum-progress-inclusion': `${slt[2]!.aadObjectId},${slt[3]!.aadObjectId}` };
    const nudged = await teams.click(lead, channel, 'Send nudges', themes, { card: assign });
    expect(JSON.stringify(nudged.body)).toContain('Saved. 3 of 3 people nudged in their personal chat.');
    expect(teams.texts(teams.openedChat(slt[2]!)).join()).toContain('Grace Lead has asked you to look closely at 3. Curriculum, progress and inclusion');
    const again = await teams.click(lead, channel, 'Send nudges', themes, { card: assign });
    expect(JSON.stringify(again.body)).toContain('Nobody new to nudge');
    const refusedNudge = await teams.click(slt[1]!, channel, 'Send nudges', themes, { card: assign });
    expect(JSON.stringify(refusedNudge.body)).toContain('Only the review’s lead');
    // Starting a second review of the same framework in this channel is refused.
    const second = await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' }, { card: startCard });
    expect(JSON.stringify(second.body)).toContain('already has an active');
    let poll = shared();
    expect(cardText(poll.card)).toContain('1. Leadership');
    expect(cardText(poll.card)).toContain('0 of 6 have answered');
    expect((poll.card.refresh as { userIds: string[] }).userIds).toHaveLength(6);

    const levels = ['emerging', 'developing', 'embedding', 'sustaining', 'embedding', 'developing'];
    for (const [i, user] of slt.entries()) {
      const response = await answerAll(user, levels[i]!, poll);
      expect(JSON.stringify(response.body)).toContain('Your answers are saved');
      expect(JSON.stringify(response.body)).not.toContain('"refresh"'); // a personal view is never pushed to all
    }
    await world.bot.headway.liveCounts.idle(); // the shared count moves on just after the answers
    poll = shared();
    expect(cardText(poll.card)).toContain('6 of 6 have answered');
    expect(JSON.stringify(poll.card)).not.toMatch(/"id":"s_[^"]+","label":"Best fit","value":"[a-z]/); // nobody's answers on the shared card

    // Each person sees their own answers when their client refreshes.
    const mine = await teams.click(slt[2]!, channel, 'Show my answers', {}, { card: poll });
    expect(JSON.stringify(mine.body)).toMatch(/"id":"s_leadership-policy","label":"Best fit","value":"embedding"/);

    const refused = await teams.click(slt[1]!, channel, 'Reveal answers', {}, { card: poll });
    expect(JSON.stringify(refused.body)).toContain('Only the review’s lead, Grace Lead');
    await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
    const revealed = cardText(shared().card);
    expect(revealed).toContain('Emerging: 1 · Developing: 2 · Embedding: 2 · Sustaining: 1');
    expect(revealed).toContain('For discussion: answers are two or more levels apart');
    const late = await answerAll(slt[3]!, 'emerging', poll);
    expect(JSON.stringify(late.body)).toContain('can no longer be changed');

    const reveal = shared();
    await teams.click(lead, channel, 'Save agreed responses', { 'act_leadership-policy': 'Co-write the policy with families', 'own_leadership-policy': 'Amara' }, { card: reveal });
    expect(cardText(world.teams.cards(channel).find((c) => c.activityId === reveal.activityId)!.card)).toContain('Agreed: Developing · action: Co-write the policy with families (Amara)');
    expect(cardText(shared().card)).toContain('2. Engaging parents and communities as assets');

    // The remaining four themes: everyone answers, the lead reveals and agrees.
    for (let theme = 2; theme <= 5; theme++) {
      poll = shared();
      for (const [i, user] of slt.entries()) await answerAll(user, theme === 3 ? 'emerging' : levels[(i + theme) % 6]!, poll);
      await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
      await teams.click(lead, channel, 'Save agreed responses', {}, { card: shared() });
    }
    const summary = cardText(shared().card);
    expect(summary).toContain('ELP race equality leadership ambitions 2022-2026: summary');
    expect(summary).toContain('3. Curriculum, progress and inclusion: 1.0 of 4');
    expect(summary).toContain('Priorities');
    expect(summary).toContain('Curriculum training');
    expect((shared().card.body as { type: string }[]).some((b) => b.type === 'Chart.VerticalBar')).toBe(true);
    const csvUrl = JSON.stringify(shared().card).match(/"url":"([^"]+)"/)![1]!;
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(csvUrl)).arrayBuffer());
    expect(csv).toContain('"1. Leadership","Every school has an anti-racist policy that is widely understood, constructed with, and supported by all stakeholders","Developing","Co-write the policy with families","Amara"');
  });

  it('an anonymous second review hides names, and its summary compares with the first', async () => {
    const { teams } = world;
    clock.advance(90 * 24 * 3600_000);
    await teams.say(lead, channel, 'review start');
    await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'true' });
    for (let theme = 1; theme <= 5; theme++) {
      const poll = shared();
      for (const user of slt) {
        const statements = JSON.stringify(poll.card.body).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
        await teams.click(user, channel, 'Save my answers', Object.fromEntries(statements.flatMap((id) => [[id, 'sustaining'], [`c_${id.slice(2)}`, theme === 1 && user === slt[1] ? 'Much stronger now' : '']])), { card: poll });
      }
      await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
      if (theme === 1) {
        expect(cardText(shared().card)).toContain('“Much stronger now” (Anonymous)');
        expect(JSON.stringify(shared().card)).not.toContain('Amara Deputy');
      }
      await teams.click(lead, channel, 'Save agreed responses', {}, { card: shared() });
    }
    const summary = cardText(shared().card);
    expect(summary).toContain('Since the last review');
    expect(summary).toContain('3. Curriculum, progress and inclusion: +3.0 (from 1.0 to 4.0)');
    await teams.say(lead, channel, 'review history');
    const history = cardText(teams.latestCard(lead, channel).card);
    expect(history.match(/ELP race equality leadership ambitions 2022-2026: started/g)).toHaveLength(2);
  });
});
