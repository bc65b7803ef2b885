import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, inputValues, listTitles, makeUser, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

const ELIGIBLE = {
  firstHeadshipStart: '2024-09-01',
  setting: 'state-school',
  inEngland: 'yes',
  npqh: 'taking-now',
  withdrawnBefore: 'no',
  phase: 'primary',
  authority: 'Ealing',
  school: 'Ash Primary',
  email: 'head@example.org',
};

describe.each(kinds)('coaching: joining (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const heads = Object.fromEntries(['amara', 'ben', 'cleo', 'dev', 'ed'].map((k) => [k, makeUser(k, `${k[0]!.toUpperCase()}${k.slice(1)} Head`)])) as Record<string, User>;
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = (user: User) => world.teams.personal(user);
  const text = (user: User) => cardText(world.teams.latestCard(user, chat(user)).card);
  const join = async (user: User, answers: Record<string, string>) => {
    await world.teams.say(user, chat(user), 'coaching join');
    await world.teams.click(user, chat(user), /^Check/, answers);
  };

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    for (const user of [grace, ...Object.values(heads)]) await world.teams.install(user, chat(user));
  });
  afterAll(async () => {
    await world.stop();
  });

  it('a coordinator sets up the programme from the seed defaults', async () => {
    const { teams } = world;
    await teams.say(grace, chat(grace), 'coaching setup');
    expect(JSON.stringify(teams.latestCard(grace, chat(grace)).card)).toContain('"value":"60"'); // the early roll-out cap
    // Fields that start empty are marked required, so Teams shows it and says which is missing before sending.
    const inputs = JSON.stringify(teams.latestCard(grace, chat(grace)).card).match(/\{[^{}]*"type":"Input\.[^{}]*\}/g)!;
    for (const id of ['resourcesLink', 'contactEmail']) expect(inputs.find((i) => i.includes(`"id":"${id}"`))).toMatch(/"isRequired":true.*"errorMessage":"Give /);
    await teams.click(grace, chat(grace), 'Create programme', { cap: '2', offerDays: '3' });
    expect(text(grace)).toContain('Give the resources link (https://…).');
    await teams.click(grace, chat(grace), 'Create programme', { cap: '2', offerDays: '3', resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    expect(text(grace)).toContain('Programme created. Next, invite heads');
    expect(JSON.stringify(teams.latestCard(grace, chat(grace)).card)).not.toContain('"Create programme"');
  });

  it('a coordinator invites heads from the saved programme’s Invite heads button; the invitation card opens the eligibility questions', async () => {
    const { teams, connector } = world;
    // The next step is a button on the confirmation, not a command to remember.
    await teams.click(grace, chat(grace), 'Invite heads');
    expect(text(grace)).toContain('Invite heads to Early Headship Coaching Offer');
    await teams.click(grace, chat(grace), 'Send invitations', { userIds: `${heads.amara!.aadObjectId},${heads.ben!.aadObjectId}` });
    expect(text(grace)).toContain('Sending the invitation to Early Headship Coaching Offer to 2 people… 0 done, 2 to go.');
    await world.bot.runJobs(); // the sending is a job, not part of the click
    expect(text(grace)).toContain('Finished sending the invitation to Early Headship Coaching Offer.');
    expect(text(grace)).toContain('Sent to 2.');
    await teams.say(grace, chat(grace), 'coaching invite');
    await teams.click(grace, chat(grace), 'Send invitations', { userIds: heads.amara!.aadObjectId });
    await world.bot.runJobs();
    expect(text(grace)).toContain('Sent to 0. 1 already had it.');
    expect(connector.delivered(chat(heads.amara!).id).filter((c) => JSON.stringify(c.body).includes('Check my eligibility and join'))).toHaveLength(1);
    await teams.click(heads.amara!, chat(heads.amara!), 'Check my eligibility and join');
    expect(text(heads.amara!)).toContain('When did your first headship begin?');
  });

  it('tells a head at once: registered, waitlisted with the place in the queue, or not eligible with each reason', async () => {
    const { teams, bot } = world;
    await teams.say(heads.amara!, chat(heads.amara!), 'coaching join');
    expect(text(heads.amara!)).toContain('When did your first headship begin?');
    await teams.click(heads.amara!, chat(heads.amara!), /^Check/, { ...ELIGIBLE, authority: '', email: 'nope' });
    expect(text(heads.amara!)).toContain('Choose your local authority.');
    expect(text(heads.amara!)).toContain('Give a work e-mail address.');
    // A name too long (longer than the card's old 500-character cap, which answered with a bare list) is refused under its field.
    await teams.click(heads.amara!, chat(heads.amara!), /^Check/, { ...ELIGIBLE, school: 'Ash Primary School '.repeat(40) });
    expect(text(heads.amara!)).toContain('Keep the name under 120 characters.');
    expect(text(heads.amara!)).not.toContain('Give your school or organisation’s name.');

    await join(heads.amara!, ELIGIBLE);
    expect(text(heads.amara!)).toContain('You are eligible and registered');
    expect(text(heads.amara!)).toContain('Local authority: Ealing (London)');
    await join(heads.ben!, { ...ELIGIBLE, authority: 'Leeds' });
    await join(heads.cleo!, { ...ELIGIBLE, authority: 'Kent' });
    expect(text(heads.cleo!)).toContain('You are eligible, and number 1 on the waiting list');
    await join(heads.dev!, { ...ELIGIBLE, authority: 'Devon' });
    expect(text(heads.dev!)).toContain('number 2 on the waiting list');

    await join(heads.ed!, { ...ELIGIBLE, npqh: 'neither', inEngland: 'no', firstHeadshipStart: '2015-09-01' });
    const refusal = text(heads.ed!);
    expect(refusal).toContain('Not eligible this time');
    expect(refusal).toContain('more than 5 years ago');
    expect(refusal).toContain('in England');
    expect(refusal).toContain('NPQH');
    expect(refusal).toContain('contact echo@example.org');
    const programme = await bot.headway.coaching.programmes.current(teams.tenantId);
    expect(await bot.headway.coaching.joining.registration({ tenantId: teams.tenantId, userId: heads.ed!.aadObjectId, name: '', scope: 'personal', conversationId: '' }, programme!.id)).toBeUndefined();
    // A head in Wales has no English local authority to choose: "No" to England is enough for a clear answer.
    await join(heads.ed!, { ...ELIGIBLE, inEngland: 'no', authority: '', school: 'Ysgol Gymraeg Caerdydd' });
    expect(text(heads.ed!)).toContain('Not eligible this time');
    expect(text(heads.ed!)).toContain('The offer is for schools and 16 to 19 organisations in England.');
    expect(text(heads.ed!)).not.toContain('Choose your local authority.');
  });

  it('a freed place goes to the first on the waiting list, who accepts', async () => {
    const { teams } = world;
    // Nothing is given away until she confirms.
    await teams.say(heads.amara!, chat(heads.amara!), 'leave coaching');
    expect(text(heads.amara!)).toContain('Withdraw from Early Headship Coaching Offer?');
    expect(text(heads.amara!)).toContain('Your place goes to the next person on the waiting list.');
    expect(text(heads.cleo!)).not.toContain('A place is yours if you want it');
    await teams.click(heads.amara!, chat(heads.amara!), 'Keep my place');
    expect(text(heads.amara!)).toContain('You are eligible and registered');
    await teams.say(heads.amara!, chat(heads.amara!), 'leave coaching');
    await teams.click(heads.amara!, chat(heads.amara!), 'Yes, withdraw');
    expect(text(heads.amara!)).toContain('You have withdrawn');
    expect(listTitles(teams.latestCard(heads.amara!, chat(heads.amara!)).card)).toEqual(['Check eligibility and join', 'Help']); // the way back, a click away
    expect(text(heads.cleo!)).toContain('A place is yours if you want it');
    expect(text(heads.cleo!)).toContain('26 Nov 2026, 09:00'); // 3 days to accept
    await teams.click(heads.cleo!, chat(heads.cleo!), 'Accept my place');
    expect(text(heads.cleo!)).toContain('You are eligible and registered');
    await teams.say(heads.dev!, chat(heads.dev!), 'coaching join');
    expect(text(heads.dev!)).toContain('number 1 on the waiting list');
  });

  it('an edit is re-checked; losing eligibility frees the place; an unanswered offer passes on', async () => {
    const { teams } = world;
    await teams.say(heads.ben!, chat(heads.ben!), 'coaching join');
    await teams.click(heads.ben!, chat(heads.ben!), 'Edit my answers');
    expect(JSON.stringify(teams.latestCard(heads.ben!, chat(heads.ben!)).card)).toContain('"value":"Leeds"');
    await teams.click(heads.ben!, chat(heads.ben!), /^Check/, { setting: 'other' });
    expect(text(heads.ben!)).toContain('Not eligible this time');
    expect(text(heads.dev!)).toContain('A place is yours if you want it');

    clock.set('2026-11-26T09:01:00Z');
    await world.bot.runJobs();
    expect(text(heads.dev!)).toContain('Your offered place has passed on');
    await teams.say(heads.dev!, chat(heads.dev!), 'coaching join');
    expect(text(heads.dev!)).toContain('When did your first headship begin?');
  });
});

describe.each(kinds)('coaching: groups (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const sam = makeUser('sam', 'Sam Mensah');
  // Nine primary heads (three from Ealing) and three special-school heads.
  const primary = Array.from({ length: 9 }, (_, i) => ({ user: makeUser(`p${i}`, `Primary Head ${i}`), authority: i < 3 ? 'Ealing' : ['Leeds', 'Kent', 'Devon', 'York', 'Bristol', 'Essex'][i - 3]! }));
  const special = Array.from({ length: 3 }, (_, i) => ({ user: makeUser(`s${i}`, `Special Head ${i}`), authority: ['Hackney', 'Brent', 'Wirral'][i]! }));
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = (user: User) => world.teams.personal(user);
  const text = (user: User) => cardText(world.teams.latestCard(user, chat(user)).card);
  const groupMembers: User[] = [];

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    for (const user of [grace, sam, ...primary.map((p) => p.user), ...special.map((s) => s.user)]) await world.teams.install(user, chat(user));
    await world.teams.say(grace, chat(grace), 'coaching setup');
    await world.teams.click(grace, chat(grace), 'Create programme', { resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    for (const { user, authority } of [...primary, ...special.map((s) => ({ ...s }))]) {
      const phase = primary.some((p) => p.user === user) ? 'primary' : 'special';
      await world.teams.say(user, chat(user), 'coaching join');
      await world.teams.click(user, chat(user), /^Check/, { ...ELIGIBLE, phase, authority });
    }
  });
  afterAll(async () => {
    await world.stop();
  });

  it('proposes same-phase groups of 4 to 6, spreading local authorities, and says who cannot be grouped', async () => {
    const { teams } = world;
    await teams.say(grace, chat(grace), 'coaching groups');
    // Before anything is proposed, the card says who there is to group.
    expect(text(grace)).toContain('12 heads registered: 9 primary, 3 special.');
    await teams.click(grace, chat(grace), 'Propose groups');
    const proposal = text(grace);
    expect(proposal).toContain('3 could not be grouped');
    expect(proposal).toContain('Special Head 0: Only 3 special-school heads: a group needs at least 4.');
    expect(proposal).toContain('Group G1: Primary\n5 heads');
    expect(proposal).toContain('Group G2: Primary\n4 heads');
    // Three Ealing heads and only two primary groups: one clash is unavoidable, and it is reported.
    expect(proposal.match(/heads from Ealing \(there was no other way\)/g)).toHaveLength(1);
    expect(proposal).not.toMatch(/heads from (Leeds|Kent|Devon|York|Bristol|Essex)/);
  });

  it('refuses moves that break group sizes and keeps the proposal', async () => {
    const { teams } = world;
    const card = JSON.stringify(teams.latestCard(grace, chat(grace)).card);
    const g2Member = card.match(/"title":"[^"]+ \(Group G2\)","value":"([^"]+)"/)?.[1];
    await teams.click(grace, chat(grace), 'Move', { moveWho: g2Member, moveTo: 'G1' });
    expect(text(grace)).toContain('Group G2 would have 3; groups have 4 to 6.');
    // A move that keeps the rules is saved; moving back restores the proposal.
    const g1 = JSON.stringify(teams.latestCard(grace, chat(grace)).card).match(/"title":"([^"(]+) \(Group G1\)","value":"([^"]+)"/)!;
    await teams.click(grace, chat(grace), 'Move', { moveWho: g1[2], moveTo: 'G2' });
    expect(text(grace)).toContain('Moves saved.');
    expect(JSON.stringify(teams.latestCard(grace, chat(grace)).card)).toContain(`${g1[1]} (Group G2)`);
    await teams.click(grace, chat(grace), 'Move', { moveWho: g1[2], moveTo: 'G1' });
    expect(JSON.stringify(teams.latestCard(grace, chat(grace)).card)).toContain(`${g1[1]} (Group G1)`);
  });

  it('registers a facilitator, confirms, and shows each group only to its members, its facilitator and coordinators', async () => {
    const { teams } = world;
    await teams.say(grace, chat(grace), 'coaching facilitators');
    await teams.click(grace, chat(grace), 'Add facilitator', { userId: sam.aadObjectId, phases: 'primary', capacity: '2' });
    expect(text(grace)).toContain('Sam Mensah: Primary · up to 2 groups');
    await teams.click(grace, chat(grace), 'Groups');
    await teams.click(grace, chat(grace), 'Confirm groups and tell everyone');
    expect(text(grace)).toMatch(/Sending the coaching groups to members and facilitators, and why to the heads not in one to \d+ people… 0 done/);
    await world.bot.runJobs(); // members and facilitators are told by a job
    expect(text(grace)).toMatch(/Finished sending the coaching groups to members and facilitators, and why to the heads not in one\.\nSent to \d+\./);
    // The three special-school heads, too few for a group, are told so, with the reason.
    for (const { user } of special) {
      expect(text(user)).toContain('Coaching groups are formed, but you are not in one yet');
      expect(text(user)).toContain('Only 3 special-school heads: a group needs at least 4.');
    }
    await teams.click(grace, chat(grace), 'Back to the groups');
    expect(text(grace)).toContain('confirmed');
    expect(text(grace)).toContain('facilitator Sam Mensah');

    const member = primary[0]!.user;
    expect(text(member)).toContain('Your coaching group (Primary)');
    expect(text(member)).toContain('Facilitator: Sam Mensah');
    await teams.say(member, chat(member), 'my group');
    const mine = text(member);
    expect(mine).toContain('Primary Head 0: Ash Primary, Ealing');
    const others = primary.filter((p) => !mine.includes(p.user.name)).map((p) => p.user.name);
    expect(others.length).toBeGreaterThan(0); // the other group's heads are not shown
    await teams.say(special[0]!.user, chat(special[0]!.user), 'my group');
    expect(text(special[0]!.user)).toContain('Only 3 special-school heads: a group needs at least 4.');
    expect(text(special[0]!.user)).not.toContain('You will be told when groups are formed');
    await teams.say(sam, chat(sam), 'my group');
    expect(text(sam)).toContain('Your coaching group (Primary)');
    groupMembers.push(...primary.map((p) => p.user).filter((u) => mine.includes(u.name)));
    // A member who leaves after grouping is taken out of the group.
    const leaver = groupMembers[groupMembers.length - 1]!;
    await teams.say(leaver, chat(leaver), 'leave coaching');
    expect(text(leaver)).toContain('You leave your coaching group');
    await teams.click(leaver, chat(leaver), 'Yes, withdraw');
    await teams.say(leaver, chat(leaver), 'my group');
    expect(text(leaver)).toContain('No group yet');
    await teams.say(member, chat(member), 'my group');
    expect(text(member)).not.toContain(leaver.name);
    groupMembers.pop();
    // Answers can no longer be edited once groups are formed.
    await teams.say(special[0]!.user, chat(special[0]!.user), 'coaching join');
    expect(listTitles(teams.latestCard(special[0]!.user, chat(special[0]!.user)).card)).toEqual(['Withdraw']);
  });

  it('the facilitator proposes six sessions across a clock change, adds a link and invites; members answer', async () => {
    const { teams, connector } = world;
    await teams.say(sam, chat(sam), 'coaching sessions');
    await teams.click(sam, chat(sam), 'Propose sessions', { start: '2027-01-04', weekday: 'Tuesday', time: '16:00' });
    const list = text(sam);
    expect(list).toContain('Sessions proposed.');
    // The cohort starts on 1 October 2027 (the seed's default): sessions before it are pointed out.
    expect(list).toMatch(/Check the dates: [2-6] sessions are before the cohort starts on Friday 1 October 2027\./);
    expect(list).toContain('Session 1** Tuesday 5 January 2027, 16:00');
    expect(list).toContain('Session 3** Tuesday 4 May 2027, 16:00'); // BST: still 16:00 on the wall clock
    await teams.click(sam, chat(sam), 'Edit Session 1');
    // Problems are shown on the edit card, under their fields, with what was entered kept.
    await teams.click(sam, chat(sam), 'Save and tell members', { link: 'zoom', time: '' });
    const refused = teams.latestCard(sam, chat(sam)).card;
    expect(cardText(refused)).toContain('Nothing was changed: please correct the fields marked below.');
    expect(cardText(refused)).toContain('Start (UK time)\nChoose a start time.');
    expect(cardText(refused)).toContain('Give the meeting link as https://');
    expect(inputValues(refused)).toMatchObject({ link: 'zoom', time: '' });
    await teams.click(sam, chat(sam), 'Save and tell members', { link: 'https://'.padEnd(5000, 'x'), time: '16:00' });
    expect(cardText(teams.latestCard(sam, chat(sam)).card)).toContain('Keep the link under 2,000 characters.');
    expect(String(inputValues(teams.latestCard(sam, chat(sam)).card).link)).toHaveLength(2000);
    await teams.click(sam, chat(sam), 'Save and tell members', { link: 'https://meet.example.org/g1' });
    expect(text(sam)).toContain('Saved.');
    await teams.click(sam, chat(sam), 'Send invitations');
    expect(text(sam)).toMatch(/Sending the session invitations for group G\d to \d+ people… 0 done/);
    await world.bot.runJobs(); // the invitations go out from a job
    expect(text(sam)).toMatch(/Finished sending the session invitations for group G\d\.\nSent to \d+\./);
    await teams.click(sam, chat(sam), 'Back to the sessions');

    const member = groupMembers[0]!;
    const invitations = connector.delivered(chat(member).id).filter((c) => JSON.stringify(c.body).includes('of 6, 90 minutes'));
    expect(invitations).toHaveLength(6);
    const first = teams.cards(chat(member)).find((c) => JSON.stringify(c.card).includes('Session 1 of 6'))!;
    await teams.click(member, chat(member), 'Accept', {}, { card: first });
    const second = groupMembers[1]!;
    const secondCard = teams.cards(chat(second)).find((c) => JSON.stringify(c.card).includes('Session 1 of 6'))!;
    await teams.click(second, chat(second), 'Decline', { reason: 'Governors meeting' }, { card: secondCard });
    await teams.say(member, chat(member), 'my sessions');
    expect(text(member)).toContain('Session 1: Tuesday 5 January 2027, 16:00 · Accepted');
    expect(text(member)).toContain('Session 2: ');
  });

  it('serves an RFC 5545 file; a change keeps the UID, raises SEQUENCE and tells members; a cancellation too', async () => {
    const { teams, connector } = world;
    const member = groupMembers[0]!;
    const card2 = teams.cards(chat(member)).find((c) => JSON.stringify(c.card).includes('Session 2 of 6'))!;
    const url = JSON.stringify(card2.card).match(/"url":"([^"]+)"/)![1]!;
    const ics = await (await fetch(url)).text();
    expect(ics).toContain('BEGIN:VCALENDAR');
    // A published event: no meeting request (which would need an ORGANIZER for replies).
    expect(ics).toContain('METHOD:PUBLISH');
    expect(ics).not.toMatch(/METHOD:(REQUEST|CANCEL)|ORGANIZER|ATTENDEE/);
    expect(ics).toContain('STATUS:CONFIRMED');
    expect(ics.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true); // lines folded as RFC 5545 asks
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain('DTSTART:20270309T160000Z');
    const uid = ics.match(/UID:(.+)/)![1]!.trim();

    await teams.say(sam, chat(sam), 'coaching sessions');
    await teams.click(sam, chat(sam), 'Edit Session 2');
    await teams.click(sam, chat(sam), 'Save and tell members', { time: '17:00' });
    expect(text(sam)).toMatch(/Saved\. The change: Sent to \d+\./);
    expect(text(sam)).not.toContain('could not be reached');
    expect(text(member)).toContain('This session has changed');
    const updated = await (await fetch(JSON.stringify(teams.latestCard(member, chat(member)).card).match(/"url":"([^"]+)"/)![1]!)).text();
    expect(updated).toContain(`UID:${uid}`);
    expect(updated).toContain('SEQUENCE:1');
    expect(updated).toContain('DTSTART:20270309T170000Z');

    await teams.click(sam, chat(sam), 'Edit Session 6');
    // One member's chat refuses the message: the facilitator is told who was not reached, and why.
    const missed = groupMembers[1]!;
    connector.failNext(1, { status: 400, conversationId: chat(missed).id, kinds: ['send'] });
    await teams.click(sam, chat(sam), 'Cancel this session');
    expect(text(sam)).toMatch(/Session cancelled\. The cancellation: Sent to \d+\. 1 could not be reached: /);
    expect(text(sam)).toContain(`${missed.name}: Teams kept refusing the message; send again to retry.`);
    expect(text(member)).toContain('This session is cancelled.');
    const cancelled = await (await fetch(JSON.stringify(teams.latestCard(member, chat(member)).card).match(/"url":"([^"]+)"/)![1]!)).text();
    expect(cancelled).toContain('METHOD:PUBLISH');
    expect(cancelled).toContain('STATUS:CANCELLED');
    expect(cancelled).toMatch(/SEQUENCE:[1-9]/);
  });

  it('reminds members who have not declined 7 days and 1 day before; the facilitator gets the roll-up', async () => {
    const { connector } = world;
    const [accepted, declined] = groupMembers;
    clock.set('2026-12-29T16:00:00Z'); // 7 days before session 1
    await world.bot.runJobs();
    const reminders = (user: User, phrase: string) => connector.delivered(chat(user).id).filter((c) => JSON.stringify(c.body).includes(phrase)).length;
    expect(reminders(accepted!, 'Reminder: your coaching session is in 7 days.')).toBe(1);
    expect(reminders(declined!, 'Reminder: your coaching session is in 7 days.')).toBe(0);
    clock.set('2027-01-04T16:00:00Z');
    await world.bot.runJobs();
    expect(reminders(accepted!, 'Reminder: your coaching session is tomorrow.')).toBe(1);
    const rollup = text(sam);
    expect(rollup).toContain('Tomorrow: Session 1 for group');
    expect(rollup).toContain(`Accepted: ${accepted!.name}`);
    expect(rollup).toContain(`Declined: ${declined!.name} (Governors meeting)`);
    await world.bot.runJobs();
    expect(reminders(accepted!, 'Reminder: your coaching session is tomorrow.')).toBe(1);
  });

  it('after a session the facilitator records attendance; members get the resources; coordinators see it and export it', async () => {
    const { teams } = world;
    const [accepted] = groupMembers;
    await teams.say(sam, chat(sam), 'coaching sessions');
    await teams.click(sam, chat(sam), 'Attendance Session 1');
    await teams.click(sam, chat(sam), 'Save attendance and send resources', { [`present_${accepted!.aadObjectId}`]: 'true' });
    expect(text(sam)).toContain('Attendance can be recorded once the session has started.');
    clock.set('2027-01-05T18:00:00Z');
    await teams.click(sam, chat(sam), 'Attendance Session 1');
    const stale = teams.latestCard(sam, chat(sam)); // shown before the save below
    await teams.click(sam, chat(sam), 'Save attendance and send resources', { [`present_${accepted!.aadObjectId}`]: 'true' });
    expect(text(sam)).toMatch(/Saved: 1 of \d attended\. The resources link: Sent to \d+\./);
    // Saving from a card shown before that save (a coordinator's, say) changes nothing and says why.
    const again = await teams.click(sam, chat(sam), 'Save attendance and send resources', {}, { card: stale });
    expect(JSON.stringify(again.body)).toContain('Someone else changed this attendance at the same moment, so nothing was changed.');
    expect(text(accepted!)).toContain('https://extend.example.org/echo');

    await teams.say(grace, chat(grace), 'coaching attendance');
    expect(text(grace)).toMatch(/Group G\d, Session 1: 1 attended/);
    const csvUrl = JSON.stringify(teams.latestCard(grace, chat(grace)).card).match(/"url":"([^"]+)"/)![1]!;
    const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await (await fetch(csvUrl)).arrayBuffer());
    expect(csv.startsWith('\uFEFF"Group","Session","Date","Time","Member","Attendance"')).toBe(true);
    expect(csv).toContain(`"Session 1","05/01/2027","16:00","${accepted!.name}","Attended"`);
    expect(csv).toContain('"Cancelled"');
    // Members cannot run sessions.
    const refused = await teams.say(accepted!, chat(accepted!), 'coaching sessions');
    expect(refused.status).toBe(200);
    expect(text(accepted!)).toContain('That is for facilitators');
  });
});
