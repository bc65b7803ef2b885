import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { runReview } from './harness/seeds.js';
import { answerText, cardText, makeUser, type Conversation, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe.each(kinds)('the yearly review cycle (%s store)', (kind) => {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const slt = ['Grace Lead', 'Amara Deputy', 'Tom SENCo'].map((name, i) => makeUser(`cyc${i}`, name));
  const [lead, amara, tom] = slt as [User, User, User];
  let world: Awaited<ReturnType<typeof startWorld>>;
  let channel: Conversation;
  const said = answerText;
  const summaryCard = () => world.teams.cards(channel).filter((c) => cardText(c.card).includes(': summary')).at(-1)!;
  const personalTexts = (user: User) => world.connector.delivered(world.teams.openedChat(user).id).map((c) => `${typeof c.body?.text === 'string' ? c.body.text : ''}${cardText(c.body)}`);

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock });
    channel = world.teams.channel('cycle', 'slt');
    world.connector.setMembers(channel.teamId!, slt.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await world.teams.install(lead, channel);
  });
  afterAll(async () => {
    await world.stop();
  });

  it('completing a review sets the next one a year on; the lead can move it, nobody else can', async () => {
    const { teams } = world;
    await runReview(teams, channel, lead, slt, {
      owners: [{ user: tom, themes: 'leadership' }],
      agree: (theme): Record<string, string> =>
        theme === 0
          ? { 'act_leadership-policy': 'Co-write the policy with families', 'own_leadership-policy': amara.name, 'due_leadership-policy': '2027-02-01', 'act_leadership-leads': 'Name a governor for race equality', 'own_leadership-leads': 'Chair of governors' }
          : {},
    });
    const summary = summaryCard();
    expect(cardText(summary.card)).toContain('The next review\nDue Wednesday 1 December 2027. Grace Lead is reminded in personal chat two weeks before');
    const notLead = await teams.click(tom, channel, 'Set next review date', { nextDue: '2027-06-01' }, { card: summary });
    expect(said(notLead)).toContain('Only the review’s lead, Grace Lead, can do that');
    const past = await teams.click(lead, channel, 'Set next review date', { nextDue: '2026-11-01' }, { card: summary });
    expect(said(past)).toContain('Choose a date still to come for the next review. Nothing was changed.');
    const moved = await teams.click(lead, channel, 'Set next review date', { nextDue: '2027-06-01' }, { card: summary });
    expect(said(moved)).toContain('The next review is due Tuesday 1 June 2027. Grace Lead is reminded in personal chat two weeks before.');
  });

  it('reminds the lead two weeks before, at 09:00 London, once; the date it replaced reminds nobody', async () => {
    clock.set('2027-05-18T07:59:00Z');
    await world.bot.runJobs();
    expect(personalTexts(lead).filter((t) => t.includes('Your next review is due in two weeks'))).toHaveLength(0);
    clock.set('2027-05-18T08:00:00Z'); // 09:00 in British Summer Time
    await world.bot.runJobs();
    await world.bot.runJobs();
    const reminders = personalTexts(lead).filter((t) => t.includes('Your next review is due in two weeks'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toContain('is next due on Tuesday 1 June 2027. To repeat it, mention @Headway with review start');
  });

  it('repeats the last review: same framework, anonymity and theme owners; each statement shows last time’s level and open actions', async () => {
    const { teams } = world;
    // Before repeating, Amara finishes her action from the plan.
    await teams.say(amara, channel, 'review actions');
    const plan = teams.cards(channel).at(-1)!;
    const amarasAction = JSON.stringify(plan.card).match(/"title":"Co-write the policy with families","value":"(action:[^"]+)"/)![1]!;
    await teams.click(amara, channel, 'Update', { actionId: amarasAction }, { card: plan });
    expect(said(await teams.click(amara, channel, 'Done', { note: 'Published' }))).toContain('Marked done');

    await teams.say(lead, channel, 'review start');
    const offer = cardText(teams.cards(channel).at(-1)!.card);
    expect(offer).toContain('Repeat the last review\nELP race equality leadership ambitions 2022-2026, named, the same themes shared out to 1 person. Last completed Tuesday 1 December 2026');
    const nudgesBefore = personalTexts(tom).filter((t) => t.includes('has asked you to look closely')).length;
    const repeated = await teams.click(lead, channel, 'Repeat the last review');
    expect(said(repeated)).toContain('Repeating the last review: the same themes are shared out again to 1 person, each nudged.');
    expect(personalTexts(tom).filter((t) => t.includes('has asked you to look closely'))).toHaveLength(nudgesBefore + 1);
    const poll = cardText(teams.cards(channel).filter((c) => JSON.stringify(c.card).includes('"reviews.answer"')).at(-1)!.card);
    expect(poll).toContain('Last review: Developing.');
    expect(poll).toContain('Last review: Developing. Still open: Name a governor for race equality (Chair of governors).');
    expect(poll).not.toContain('Co-write the policy with families'); // done: not carried
    expect(poll).not.toContain('anonymous');
  });

  it('the new review’s summary compares levels and says how many of last time’s actions were done', async () => {
    const { teams } = world;
    // The repeat's first theme is already open: finish the review from there.
    const shared = () => teams.cards(channel).filter((c) => JSON.stringify(c.card).includes('"reviews.answer"')).at(-1)!;
    for (let theme = 0; theme < 5; theme++) {
      const poll = shared();
      const ids = JSON.stringify(poll.card.body).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
      for (const user of slt) await teams.click(user, channel, 'Save my answers', Object.fromEntries(ids.map((id) => [id, 'embedding'])), { card: poll });
      await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
      await teams.click(lead, channel, 'Save agreed responses', {}, { card: teams.cards(channel).find((c) => c.activityId === poll.activityId)! });
      if (theme < 4) await teams.click(lead, channel, 'Open theme', {}, { card: teams.cards(channel).find((c) => c.activityId === poll.activityId)! });
    }
    const text = cardText(summaryCard().card);
    expect(text).toContain('1. Leadership: +1.0 (from 2.0 to 3.0); 1 of 2 actions done since the last review');
    expect(text).toContain('2. Engaging parents and communities as assets: +1.0 (from 2.0 to 3.0)\n');
    // The first review's old date (1 December 2027) reminds nobody: it was moved, and a newer review exists.
    clock.set('2027-11-17T09:00:00Z');
    await world.bot.runJobs();
    expect(personalTexts(lead).filter((t) => t.includes('Your next review is due in two weeks'))).toHaveLength(1);
  });
});
