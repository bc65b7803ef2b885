import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, inputValues, makeUser, type Card, type Conversation, type User } from './harness/teams.js';

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

  /** A response as a reader sees it: the no-break space after a theme's number reads as a space. */
  const said = (response: { body?: unknown }) => JSON.stringify(response.body).replace(/\u00a0/g, ' ');
  const answerAll = async (user: User, value: string, card: Card) => {
    const statements = JSON.stringify(card.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(6, -1));
    const inputs = Object.fromEntries(statements.map((id) => [id, value]));
    return world.teams.click(user, channel, 'Save my answers', inputs, { card });
  };

  it('runs a named review theme by theme: private answers, live count, reveal, agree, summary', async () => {
    const { teams } = world;
    await teams.say(lead, channel, 'review start');
    // The picker starts on nothing, and each variant reads as one name: the lead chooses.
    const picker = teams.latestCard(lead, channel).card;
    expect(inputValues(picker).framework).toBe('');
    expect(JSON.stringify(picker)).toContain('"title":"Careers leadership review (Gatsby Benchmarks), special school version"');
    expect(JSON.stringify(picker)).not.toContain(') (');
    const unchosen = await teams.click(lead, channel, 'Start review', { anonymous: 'false' });
    expect(cardText((unchosen.body as { value: unknown }).value)).toContain('Choose the framework to review against, then Start review.');
    const started = await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    // The lead shares themes out; those newly given one get a personal nudge, once.
    const startCard = teams.cards(channel).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
    const assign = { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value };
    const give = (person: User, themes: string) => teams.click(lead, channel, 'Give the themes and nudge', { person: person.aadObjectId, themes }, { card: assign });
    const nudged = await give(slt[1]!, 'leadership');
    expect(JSON.stringify(nudged.body)).toContain(`Saved. ${slt[1]!.name} has been nudged in their personal chat.`);
    for (const member of [slt[2]!, slt[3]!]) await give(member, 'curriculum-progress-inclusion');
    const sharedOut = JSON.stringify((await give(slt[3]!, 'curriculum-progress-inclusion')).body);
    expect(sharedOut).toContain(`has no new theme, so nobody was nudged`); // the same again: nobody nudged twice
    expect(sharedOut).toContain(`${slt[2]!.name}, ${slt[3]!.name}`); // who has the curriculum theme, as text
    expect(teams.texts(teams.openedChat(slt[2]!)).join()).toContain('Grace Lead has asked you to look closely at 3. Curriculum, progress and inclusion');
    expect(teams.texts(teams.openedChat(slt[3]!)).filter((t) => t.includes('has asked you to look closely'))).toHaveLength(1);
    const found = await teams.click(lead, channel, 'Find', { find: slt[2]!.name.split(' ')[0]! }, { card: assign });
    expect(JSON.stringify(found.body)).toContain(slt[2]!.aadObjectId);
    const refusedNudge = await teams.click(slt[1]!, channel, 'Give the themes and nudge', { person: slt[1]!.aadObjectId, themes: 'leadership' }, { card: assign });
    expect(JSON.stringify(refusedNudge.body)).toContain('Only the review’s lead');
    // Starting a second review of the same framework in this channel is refused.
    const second = await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' }, { card: startCard });
    expect(JSON.stringify(second.body)).toContain('already has an active');
    let poll = shared();
    expect(cardText(poll.card)).toContain('1. Leadership');
    // The ambition's own sentence, then what the levels mean once; the drop-downs name the levels only.
    expect(cardText(poll.card)).toContain('We accept that there are barriers to achievement and life chances based on ethnicity');
    expect(cardText(poll.card)).toContain('What the levels mean\nEmerging: We have made a start');
    expect(JSON.stringify(poll.card)).toContain('{"title":"Emerging","value":"emerging"}');
    expect(cardText(poll.card)).toContain('if this card shows them empty, choose Show my answers');
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
    const agreedCard = world.teams.cards(channel).find((c) => c.activityId === reveal.activityId)!;
    expect(cardText(agreedCard.card)).toContain('Agreed: Developing · action: Co-write the policy with families (Amara)');
    expect(shared().activityId).toBe(reveal.activityId); // nothing new until the lead opens a theme

    // The lead opens any theme next, not only the following one; only the lead can.
    const posted = teams.cards(channel).length;
    const notLead = await teams.click(slt[2]!, channel, 'Open theme', { nextTheme: 'curriculum-progress-inclusion' }, { card: agreedCard });
    expect(JSON.stringify(notLead.body)).toContain('Only the review’s lead');
    const opened = await teams.click(lead, channel, 'Open theme', { nextTheme: 'curriculum-progress-inclusion' }, { card: agreedCard });
    expect(said(opened)).toContain('3. Curriculum, progress and inclusion is open');
    expect(cardText(shared().card)).toContain('3. Curriculum, progress and inclusion');
    const twice = await teams.click(lead, channel, 'Open theme', { nextTheme: 'curriculum-progress-inclusion' }, { card: agreedCard });
    expect(JSON.stringify(twice.body)).toContain('already the current theme');
    expect(teams.cards(channel).length).toBe(posted + 1); // the repeated click posted nothing
    const agreedAgain = await teams.click(lead, channel, 'Open theme', { nextTheme: 'leadership' }, { card: agreedCard });
    expect(said(agreedAgain)).toContain('1. Leadership is already agreed');
    await teams.say(slt[4]!, channel, 'review themes');
    const themeList = cardText(teams.latestCard(slt[4]!, channel).card);
    expect(themeList).toContain('1. Leadership: agreed');
    expect(themeList).toContain('3. Curriculum, progress and inclusion: answering now');
    expect(themeList).toContain('2. Engaging parents and communities as assets: not opened yet');

    // The summary so far, on request: once per state of the review.
    const before = teams.cards(channel).length;
    await teams.click(lead, channel, 'Summary so far', {}, { card: agreedCard });
    const soFar = cardText(teams.cards(channel).at(-1)!.card);
    expect(soFar).toContain('1. Leadership: 2.0 of 4 (3 of 3 statements agreed)');
    expect(soFar).toContain('2. Engaging parents and communities as assets: not agreed yet (0 of 2 statements)');
    const again2 = await teams.click(lead, channel, 'Summary so far', {}, { card: agreedCard });
    expect(JSON.stringify(again2.body)).toContain('already in the channel');
    expect(teams.cards(channel).length).toBe(before + 1);

    // The remaining four themes in the order the lead takes them: 3, then the default each time (4, 5, 2).
    const order: string[] = [];
    const agreedOf = (card: Card) => world.teams.cards(channel).find((c) => c.activityId === card.activityId)!;
    for (let i = 0; i < 4; i++) {
      if (i > 0) await teams.click(lead, channel, 'Open theme', {}, { card: agreedOf(poll) });
      poll = world.teams.cards(channel).filter((c) => JSON.stringify(c.card).includes('Save my answers')).at(-1)!;
      const title = cardText(poll.card).match(/^(\d)\. /m)![1]!;
      order.push(title);
      for (const [u, user] of slt.entries()) await answerAll(user, title === '3' ? 'emerging' : levels[(u + Number(title)) % 6]!, poll);
      await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
      await teams.click(lead, channel, 'Save agreed responses', {}, { card: agreedOf(poll) });
    }
    expect(order).toEqual(['3', '4', '5', '2']);
    const summary = cardText(shared().card);
    expect(summary).toContain('ELP race equality leadership ambitions 2022-2026: summary');
    expect(summary).toContain('3. Curriculum, progress and inclusion: 1.0 of 4');
    expect(summary).toContain('Priorities');
    expect(summary).toContain('Curriculum training');
    // Every theme's agreed actions, not only the priorities'; support sits under the priority it is for.
    expect(summary).toContain('1. Leadership\nAgreed actions\n- Co-write the policy with families (Amara, not started)'); // a strength, with its action
    expect(summary).toContain('3. Curriculum, progress and inclusion (a priority)\nSupport for this priority\n- **Curriculum training**');
    expect(summary).toContain('5. Inclusive recruitment and retention (a priority)\nSupport for this priority\n- **‘Talking Heads’ videos**');
    const chart = (shared().card.body as { type: string; data?: { x: string; y: number }[] }[]).find((b) => b.type === 'Chart.VerticalBar')!;
    expect(chart.data!.at(-1)).toMatchObject({ x: 'Top: Sustaining', y: 4 }); // the axis reaches the top of the scale
    expect(chart.data!.map((d) => d.x)).toContain('Engaging parents and…'); // whole words
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
      if (theme < 5) await teams.click(lead, channel, 'Open theme', {}, { card: shared() });
    }
    const summary = cardText(shared().card);
    expect(summary).toContain('Since the last review');
    expect(summary).toContain('3. Curriculum, progress and inclusion: +3.0 (from 1.0 to 4.0)');
    await teams.say(lead, channel, 'review history');
    const history = cardText(teams.latestCard(lead, channel).card);
    expect(history.match(/ELP race equality leadership ambitions 2022-2026: started/g)).toHaveLength(2);

    // The lead changes an agreed theme: it reopens with what was agreed filled in; saving again completes the review again.
    const agreedThemes = teams.cards(channel).filter((c) => cardText(c.card).includes('Change agreed responses') || JSON.stringify(c.card).includes('reviews.reopen'));
    const curriculum = agreedThemes.filter((c) => cardText(c.card).includes('3. Curriculum, progress and inclusion: answers')).at(-1)!;
    const refusedChange = await teams.click(slt[1]!, channel, 'Change agreed responses', {}, { card: curriculum });
    expect(JSON.stringify(refusedChange.body)).toContain('Only the review’s lead');
    await teams.click(lead, channel, 'Change agreed responses', {}, { card: curriculum });
    const reopened = teams.cards(channel).find((c) => c.activityId === curriculum.activityId)!;
    expect(cardText(reopened.card)).toContain('Change what the team agreed');
    expect(JSON.stringify(reopened.card)).toMatch(/"id":"a_cpi-[a-z-]+","label":"Agreed best fit","value":"sustaining"/);
    await teams.say(lead, channel, 'review history');
    expect(cardText(teams.latestCard(lead, channel).card)).toContain('in progress');
    const summaries = teams.cards(channel).filter((c) => cardText(c.card).includes(': summary')).length;
    const changed = Object.fromEntries((JSON.stringify(reopened.card).match(/"id":"a_[^"]+"/g) ?? []).map((m) => [m.slice(6, -1), 'embedding']));
    await teams.click(lead, channel, 'Save agreed responses', changed, { card: reopened });
    expect(teams.cards(channel).filter((c) => cardText(c.card).includes(': summary')).length).toBe(summaries + 1);
    expect(cardText(shared().card)).toContain('3. Curriculum, progress and inclusion: +2.0 (from 1.0 to 3.0)');
    const stale = await teams.click(lead, channel, 'Save agreed responses', changed, { card: reopened });
    expect(JSON.stringify(stale.body)).toContain('already agreed');
  });
  it('the lead opens themes in any order, reminds people who have not answered, and hears when the deadline passes', async () => {
    const { teams } = world;
    const today = clock.now().toISOString().slice(0, 10);
    const deadline = new Date(Date.parse(today) + 7 * 86400_000).toISOString().slice(0, 10);
    await teams.say(lead, channel, 'review start');
    await teams.click(lead, channel, 'Start review', { framework: 'careers-gatsby|school', anonymous: 'true', deadline });
    const first = shared();
    expect(cardText(first.card)).toContain('1. A stable careers programme');
    expect(cardText(first.card)).toContain(`answers by`);

    // From the themes card the lead opens theme 2, then theme 1 again: posted afresh, the old copy says so.
    await teams.say(lead, channel, 'review themes');
    const themesCard = teams.latestCard(lead, channel);
    const forged = await teams.click(lead, channel, 'Open theme', { nextTheme: 'not-a-theme' }, { card: themesCard });
    expect(JSON.stringify(forged.body)).toContain('not part of this review');
    await teams.click(lead, channel, 'Open theme', { nextTheme: 'labour-market' }, { card: themesCard });
    const second = shared();
    expect(cardText(second.card)).toContain('2. Learning from careers and labour market information');
    await teams.click(lead, channel, 'Open theme', { nextTheme: 'stable-programme' }, { card: themesCard });
    const reopened = shared();
    expect(cardText(reopened.card)).toContain('1. A stable careers programme');
    expect(reopened.activityId).not.toBe(first.activityId);
    expect(cardText(teams.cards(channel).find((c) => c.activityId === first.activityId)!.card)).toContain('This theme has moved');

    // Three people answer both open themes; three answer nothing.
    for (const user of slt.slice(0, 3)) {
      await answerAll(user, 'developing', reopened);
      await answerAll(user, 'established', second);
    }
    await teams.say(slt[1]!, channel, 'review remind');
    expect(cardText(teams.latestCard(slt[1]!, channel).card)).toContain('Only the review’s lead, Grace Lead');
    await teams.say(lead, channel, 'review remind');
    expect(cardText(teams.latestCard(lead, channel).card)).toContain('Sending reminders to answer the open themes to 3 people… 0 done, 3 to go.');
    await world.bot.runJobs(); // a team can be large: the reminders go from a job
    expect(cardText(teams.latestCard(lead, channel).card)).toContain('Finished sending reminders to answer the open themes.\nSent to 3.'); // the report, posted in the channel
    const reminded = teams.texts(teams.openedChat(slt[4]!)).at(-1)!;
    expect(reminded).toContain('you have not yet answered 1. A stable careers programme and 2. Learning from careers and labour market information');
    expect(reminded).toContain(`Answers are due by`);
    expect(teams.texts(teams.openedChat(slt[1]!)).join()).not.toContain('you have not yet answered'); // answered: not reminded
    await teams.say(lead, channel, 'review remind'); // again the same day: today's reminders, not new ones
    await world.bot.runJobs();
    expect(cardText(teams.latestCard(lead, channel).card)).toContain('Finished sending reminders to answer the open themes.\nSent to 3.');
    expect(teams.texts(teams.openedChat(slt[4]!)).filter((t) => t.includes('you have not yet answered'))).toHaveLength(1);

    // The day before the deadline at 09:00 London, the scheduled reminder goes to whoever still has not answered.
    await answerAll(slt[3]!, 'foundations', reopened);
    await answerAll(slt[3]!, 'foundations', second);
    const before = teams.texts(teams.openedChat(slt[3]!)).length;
    clock.set(new Date(Date.parse(`${deadline}T09:00:00Z`) - 86400_000 + 60_000));
    await world.bot.runJobs();
    expect(teams.texts(teams.openedChat(slt[3]!)).length).toBe(before); // answered since: no reminder
    expect(teams.texts(teams.openedChat(slt[5]!)).filter((t) => t.includes('you have not yet answered'))).toHaveLength(2);
    // After the deadline day the lead hears how many answered.
    clock.set(new Date(Date.parse(`${deadline}T23:59:00Z`) + 3600_000));
    await world.bot.runJobs();
    const told = teams.texts(teams.openedChat(lead)).at(-1)!;
    expect(told).toContain('has passed. 1. A stable careers programme: 4 of 6 have answered; 2. Learning from careers and labour market information: 4 of 6 have answered.');
  });

  it('the lead moves the deadline: reminders follow the new date, a past date or another person changes nothing', async () => {
    const { teams } = world;
    const day = (offset: number) => new Date(clock.now().getTime() + offset * 86400_000).toISOString().slice(0, 10);
    const [first, moved] = [day(5), day(12)];
    await teams.say(lead, channel, 'review start');
    await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false', deadline: first });
    const poll = shared();
    await teams.say(lead, channel, 'review themes');
    const themesCard = teams.latestCard(lead, channel);
    expect(JSON.stringify(themesCard.card)).toContain(`"id":"deadline","label":"Answers due by (optional; clear it for no deadline)","value":"${first}"`);
    const notLead = await teams.click(slt[2]!, channel, 'Save deadline', { deadline: moved }, { card: themesCard });
    expect(JSON.stringify(notLead.body)).toContain('Only the review’s lead');
    const past = await teams.click(lead, channel, 'Save deadline', { deadline: day(-1) }, { card: themesCard });
    expect(JSON.stringify(past.body)).toContain('The deadline cannot be in the past. Nothing was changed.');
    const saved = await teams.click(lead, channel, 'Save deadline', { deadline: moved }, { card: themesCard });
    expect(cardText((saved.body as { value: Record<string, unknown> }).value)).toContain('Answers are now due by');
    // The theme's card in the channel shows the new date.
    const [y, m, d] = moved.split('-');
    expect(cardText(teams.cards(channel).find((c) => c.activityId === poll.activityId)!.card)).toMatch(new RegExp(`answers by \\w+ ${Number(d)} \\w+ ${y}|${d}/${m}/${y}`));
    const reminded = () => slt.map((u) => teams.texts(teams.openedChat(u)).filter((t) => t.includes('you have not yet answered 1. Leadership')).length).reduce((a, b) => a + b, 0);
    const before = reminded();
    clock.set(new Date(Date.parse(`${first}T09:00:00Z`) - 86400_000 + 60_000)); // the old reminder time
    await world.bot.runJobs();
    expect(reminded()).toBe(before);
    clock.set(new Date(Date.parse(`${moved}T09:00:00Z`) - 86400_000 + 60_000)); // the new one
    await world.bot.runJobs();
    expect(reminded()).toBe(before + 6);
  });
});
