import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { answerText, cardText, makeUser, type Card, type Conversation, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

/** Every statement of ELP's first theme (leadership), as the school version has them. */
const LEADERSHIP = ['leadership-policy', 'leadership-leads', 'leadership-voices'];

describe.each(kinds)('the review action plan (%s store)', (kind) => {
  const clock = new ManualClock('2026-12-01T10:00:00Z');
  const slt = ['Grace Lead', 'Amara Deputy', 'Tom SENCo', 'Sam Careers'].map((name, i) => makeUser(`act${i}`, name));
  const [lead, amara, tom, sam] = slt as [User, User, User, User];
  let world: Awaited<ReturnType<typeof startWorld>>;
  let channel: Conversation;
  let statements: string[] = [];
  const body = answerText;
  const latestShared = (): Card => world.teams.cards(channel).at(-1)!;
  /** The plan posted in the channel, as everyone sees it now. */
  /** Where the plan was last asked for: that message is the one kept up to date. */
  let planIn: Conversation;
  const posted = (): string => {
    const plan = world.teams.cards(planIn).filter((c) => cardText(c.card).includes('Action plan:')).at(-1)!;
    return cardText(plan.card).replace(/\u00a0/g, ' ');
  };
  const personal = (user: User) => world.teams.openedChat(user);
  const sentTo = (user: User, phrase: string) => world.connector.delivered(personal(user).id).filter((c) => cardText(c.body).includes(phrase)).length;

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { clock });
    channel = world.teams.channel('leaders', 'slt');
    planIn = channel;
    world.connector.setMembers(channel.teamId!, slt.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await world.teams.install(lead, channel);
    const { teams } = world;
    await teams.say(lead, channel, 'review start');
    await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    const poll = latestShared();
    statements = JSON.stringify(poll.card).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(8, -1));
    for (const user of slt) await teams.click(user, channel, 'Save my answers', Object.fromEntries(statements.map((id) => [`s_${id}`, 'developing'])), { card: poll });
    await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
  });
  afterAll(async () => {
    await world.stop();
  });

  it('records the agreed action with its owner from the team, its due date and the evidence; bad evidence or a past date saves nothing', async () => {
    const { teams } = world;
    expect(statements).toEqual(LEADERSHIP);
    const reveal = latestShared();
    const agree = (inputs: Record<string, string>) => teams.click(lead, channel, 'Save agreed responses', inputs, { card: reveal });
    const notALink = await agree({ 'act_leadership-policy': 'Co-write the policy with families', 'evl_leadership-policy': 'policy.docx' });
    expect(body(notALink)).toContain('Nothing was saved');
    expect(body(notALink)).toContain('"policy.docx" is not a web address (start it with https://)');
    const past = await agree({ 'act_leadership-policy': 'Co-write the policy with families', 'due_leadership-policy': '2026-11-30' });
    expect(body(past)).toContain('The due date cannot be in the past.');
    await teams.say(lead, channel, 'review themes');
    expect(cardText(teams.latestCard(lead, channel).card)).toContain('1. Leadership: answers revealed, to agree'); // nothing was agreed

    const agreed = await agree({
      'act_leadership-policy': 'Co-write the policy with families',
      'own_leadership-policy': 'amara deputy', // typed at the table: linked to the team member of that name
      'due_leadership-policy': '2027-01-15',
      'evl_leadership-policy': 'https://school.sharepoint.com/policy https://school.sharepoint.com/minutes',
      'evn_leadership-policy': 'Governors approved the draft in May',
    });
    const text = body(agreed);
    expect(text).toContain('Agreed: Developing · action: Co-write the policy with families (amara deputy), due Friday 15 January 2027');
    expect(text).toContain('Evidence: https://school.sharepoint.com/policy · https://school.sharepoint.com/minutes · Governors approved the draft in May');
  });

  it('review actions posts the plan; the lead adds an action for someone outside Teams; Mine and Overdue; only the lead edits', async () => {
    const { teams } = world;
    await teams.say(tom, channel, 'review actions');
    expect(posted()).toContain('Action plan: ELP race equality leadership ambitions 2022-2026');
    expect(posted()).toContain('Co-write the policy with families');
    expect(posted()).toContain('Owner: Amara Deputy · due Friday 15 January 2027 · Not started');
    const plan = teams.cards(channel).at(-1)!;

    const refused = await teams.click(tom, channel, 'Add an action', {}, { card: plan });
    expect(body(refused)).toContain('Only the review’s lead, Grace Lead, can do that');
    await teams.click(lead, channel, 'Add an action', {}, { card: plan });
    const blank = await teams.click(lead, channel, 'Save action', { statementId: 'leadership-leads', ownerTyped: 'Chair of governors', due: '2027-01-10' });
    expect(body(blank)).toContain('Say what the action is.');
    const saved = await teams.click(lead, channel, 'Save action', { statementId: 'leadership-leads', what: 'Publish pupil outcomes by ethnicity to governors', ownerTyped: 'Chair of governors', due: '2027-01-10' });
    expect(body(saved)).toContain('Saved: “Publish pupil outcomes by ethnicity to governors”. You are reminded 7 days before it is due and on the day.');
    expect(posted()).toContain('Owner: Chair of governors (not in Teams) · due Sunday 10 January 2027 · Not started'); // the channel's plan, for everyone
    expect(posted()).toContain('2 actions: 0 done');

    const mine = await teams.click(amara, channel, 'Mine', {}, { card: plan });
    expect(body(mine)).toContain('Your actions');
    expect(body(mine)).toContain('Co-write the policy with families');
    expect(body(mine)).not.toContain('Publish pupil outcomes');
    const overdue = await teams.click(amara, channel, 'Overdue', {}, { card: plan });
    expect(body(overdue)).toContain('Nothing is overdue.');
    const none = await teams.click(lead, channel, 'Update', {}, { card: plan });
    expect(body(none)).toContain('Choose an action first, then Update.');
  });

  it('finds the channel’s review from a new post: Teams makes each post its own conversation', async () => {
    const { teams } = world;
    const newPost = teams.thread(channel, '1796300000000');
    await teams.install(tom, newPost);
    await teams.say(tom, newPost, 'review actions');
    const plan = cardText(teams.cards(newPost).at(-1)!.card);
    expect(plan).toContain('Action plan: ELP race equality leadership ambitions 2022-2026');
    expect(plan).toContain('2 actions: 0 done');
    planIn = newPost;
  });

  it('reminds owners at 09:00 London 7 days before and on the day; an owner outside Teams through the lead; each once', async () => {
    const { teams } = world;
    clock.set('2027-01-03T08:59:00Z');
    await world.bot.runJobs();
    expect(sentTo(lead, 'An action is due in 7 days')).toBe(0);
    clock.set('2027-01-03T09:00:00Z'); // 7 days before 10 January, 09:00 London (GMT)
    await world.bot.runJobs();
    await world.bot.runJobs();
    expect(sentTo(lead, 'An action is due in 7 days')).toBe(1);
    expect(cardText(teams.latestCard(lead, personal(lead)).card)).toContain('Chair of governors owns this action but is not in Teams');
    clock.set('2027-01-08T09:00:00Z');
    await world.bot.runJobs();
    expect(sentTo(amara, 'An action is due in 7 days')).toBe(1);
    const reminder = cardText(teams.latestCard(amara, personal(amara)).card);
    expect(reminder).toContain('Co-write the policy with families');
    expect(reminder).toContain('Friday 15 January 2027');
    expect(sentTo(tom, 'An action is due')).toBe(0);
  });

  it('the owner updates the status from the reminder and the channel plan changes; nobody else can; a repeat changes nothing', async () => {
    const { teams } = world;
    const reminder = teams.latestCard(amara, personal(amara));
    // Someone else sending the same buttons from their own chat changes nothing.
    const forged = await teams.click(sam, teams.personal(sam), 'In progress', { note: 'done it all' }, { card: reminder });
    expect(body(forged)).toContain('Only the review’s lead');
    const updated = await teams.click(amara, personal(amara), 'In progress', { note: 'Parents’ forum booked for 12 January' }, { card: reminder });
    expect(body(updated)).toContain('Marked in progress. The team’s action plan in the channel shows it too.');
    expect(posted()).toContain('Owner: Amara Deputy · due Friday 15 January 2027 · In progress');
    expect(posted()).toContain('Progress: Parents’ forum booked for 12 January');
    expect(posted()).not.toContain('done it all');
    const again = await teams.click(amara, personal(amara), 'Not started', { note: 'Parents’ forum booked for 12 January' });
    expect(body(again)).toContain('Marked not started');
    const back = teams.latestCard(amara, personal(amara));
    await teams.click(amara, personal(amara), 'In progress', {}, { card: back });
    const repeat = await teams.click(amara, personal(amara), 'In progress', {}, { card: back });
    expect(body(repeat)).toContain('It was already in progress: nothing changed.');
  });

  it('tells the lead once when an action is overdue, and never about one done in time', async () => {
    const { teams } = world;
    clock.set('2027-01-11T09:00:00Z'); // the day after the governors' action fell due
    await world.bot.runJobs();
    await world.bot.runJobs();
    expect(sentTo(lead, 'An action is overdue')).toBe(1);
    expect(cardText(teams.latestCard(lead, personal(lead)).card)).toContain('Publish pupil outcomes by ethnicity to governors');
    const plan = teams.cards(planIn).filter((c) => cardText(c.card).includes('Action plan:')).at(-1)!;
    const overdue = await teams.click(tom, planIn, 'Overdue', {}, { card: plan });
    expect(body(overdue)).toContain('Publish pupil outcomes by ethnicity to governors');
    expect(body(overdue)).toContain('overdue: was due Sunday 10 January 2027');
    expect(body(overdue)).not.toContain('Co-write the policy');

    clock.set('2027-01-15T09:00:00Z');
    await world.bot.runJobs();
    expect(sentTo(amara, 'An action is due today')).toBe(1);
    await teams.click(amara, personal(amara), 'Done', { note: 'Policy published on the website' });
    clock.set('2027-01-16T09:00:00Z');
    await world.bot.runJobs();
    expect(sentTo(lead, 'An action is overdue')).toBe(1); // still only the governors' one
    expect(posted()).toContain('2 actions: 1 done, 1 overdue');
  });

  it('exports the plan as a CSV Excel reads, with dates as en-GB', async () => {
    // A link lasts a while, not for ever: the plan drawn now carries a fresh one.
    const plan = world.teams.cards(planIn).filter((c) => cardText(c.card).includes('Action plan:')).at(-1)!;
    const all = await world.teams.click(tom, planIn, 'All', {}, { card: plan });
    const csvUrl = JSON.stringify(all.body).match(/"url":"([^"]+)"/)![1]!;
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(csvUrl)).arrayBuffer());
    expect(csv).toContain('"Theme","Statement","Action","Owner","Due","Status","Overdue","Progress note"');
    expect(csv).toContain('"Co-write the policy with families","Amara Deputy","15/01/2027","Done","No","Policy published on the website"');
    expect(csv).toContain('"Publish pupil outcomes by ethnicity to governors","Chair of governors","10/01/2027","Not started","Yes",""');
  });

  it('the summary lists the plan with owners, due dates and status, and the evidence; the export carries the evidence', async () => {
    const { teams } = world;
    await teams.say(tom, channel, 'review summary');
    const summary = teams.cards(channel).at(-1)!;
    const text = cardText(summary.card).replace(/\u00a0/g, ' ');
    expect(text).toContain('Co-write the policy with families (Amara Deputy, due Friday 15 January 2027, done)');
    expect(text).toContain('Publish pupil outcomes by ethnicity to governors (Chair of governors, due Sunday 10 January 2027, not started)');
    expect(text).toContain('Evidence\n- https://school.sharepoint.com/policy · https://school.sharepoint.com/minutes · Governors approved the draft in May');
    const plan = await teams.click(tom, channel, 'Action plan', {}, { card: summary });
    expect(body(plan)).toContain('Every action, theme by theme');
    const csvUrl = JSON.stringify(summary.card).match(/"url":"([^"]+)"/)![1]!;
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(csvUrl)).arrayBuffer());
    expect(csv).toContain('"Theme","Statement","Agreed best fit","Action","Owner","Evidence links","Evidence note","Comments"');
    expect(csv).toContain('"https://school.sharepoint.com/policy\nhttps://school.sharepoint.com/minutes","Governors approved the draft in May"');
  });
});
