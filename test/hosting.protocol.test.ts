import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, listTitles, makeUser, type Conversation, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

/** What the coordinator types on the campaign card. */
const CAMPAIGN = {
  programme: 'Ealing diversity in leadership programme',
  cohort: 'Cohort 3',
  participantsPrimary: '7',
  participantsSecondary: '12',
  participantsSpecial: '2',
  hostsPrimary: '2',
  hostsSecondary: '4',
  hostsSpecial: '2',
  placesPerHost: '3',
  windowStart: '2027-02-22',
  windowEnd: '2027-03-31',
  replyDeadline: '2026-12-09',
  reminderDaysBefore: '3',
  contactName: 'Grace Adeyemi',
  contactEmail: 'grace.adeyemi@example.org',
  contactPhone: '020 8825 8542',
};

describe.each(kinds)('hosting journeys (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const amara = makeUser('amara', 'Amara Okafor');
  const tom = makeUser('tom', 'Tom Whitfield');
  const lena = makeUser('lena', 'Lena Novak');
  const samUser = makeUser('sam', 'Sam Mensah');
  const sam = () => samUser;
  let world: Awaited<ReturnType<typeof startWorld>>;
  let coordChat: Conversation;
  const chat = (user: User) => world.teams.openedChat(user);
  const text = (user: User, conversation = chat(user)) => cardText(world.teams.latestCard(user, conversation).card);

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    coordChat = world.teams.personal(grace);
    await world.teams.install(grace, coordChat);
    // The heads are in a team the bot is installed in, but have never chatted with it.
    const channel = world.teams.channel('heads', 'general');
    world.connector.setMembers(channel.teamId!, [amara, tom, lena].map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
    await world.teams.install(grace, channel);
  });
  afterAll(async () => {
    await world.stop();
  });

  it('coordinator creates a campaign; bad entries are shown by their fields and nothing is saved', async () => {
    const { teams, bot } = world;
    await teams.say(grace, coordChat, 'hosting new');
    const form = teams.latestCard(grace, coordChat).card;
    expect(JSON.stringify(form)).toContain('Attend the online briefing session'); // duties prefilled from the seed

    // A programme name pasted 10 KB long is refused under its field like any other mistake.
    await teams.click(grace, coordChat, 'Create campaign', { ...CAMPAIGN, programme: 'P'.repeat(10_240) });
    expect(text(grace, coordChat)).toContain('Keep the programme name under 120 characters.');
    await teams.click(grace, coordChat, 'Create campaign', { ...CAMPAIGN, windowEnd: '2027-02-01', replyDeadline: '2027-03-01', contactEmail: 'not-an-email', hostsSpecial: '-1' });
    const errors = text(grace, coordChat);
    expect(errors).toContain('Nothing was saved');
    expect(errors).toContain('The window must end on or after it starts.');
    expect(errors).toContain('The reply deadline must be before the interview window.');
    expect(errors).toContain('Give a valid contact e-mail.');
    expect(errors).toContain('Special cannot be negative.');
    expect(JSON.stringify(teams.latestCard(grace, coordChat).card)).toContain('not-an-email'); // what was typed is kept
    expect(await bot.headway.hosting.campaigns.list(actorOf(grace))).toHaveLength(0);

    await teams.click(grace, coordChat, 'Create campaign', { ...CAMPAIGN, duties: SEED_DUTIES_TEXT(), provides: 'Generic job descriptions' });
    expect(text(grace, coordChat)).toContain('Campaign created. Next, invite heads.');
    expect(text(grace, coordChat)).toContain('Reply by: Wednesday 9 December 2026');
  });

  it('invites a whole team once each, through 429s, opening personal chats', async () => {
    const { teams, connector } = world;
    await teams.click(grace, coordChat, 'Invite heads');
    expect(JSON.stringify(teams.latestCard(grace, coordChat).card)).toContain('"title":"heads"'); // the team is offered
    connector.failNext(2, { status: 429, retryAfterSeconds: 1, kinds: ['send'] });
    const teamId = teams.channel('heads', 'general').teamId!;
    await teams.click(grace, coordChat, 'Send invitations', { teamId });
    expect(text(grace, coordChat)).toContain('Sending the invitation to Ealing diversity in leadership programme: Cohort 3 to 3 people…');
    await world.bot.runJobs(); // the sending is a job, not part of the click
    expect(text(grace, coordChat)).toContain('Sent to 3.');
    for (const head of [amara, tom, lena]) {
      expect(connector.delivered(chat(head).id)).toHaveLength(1);
      expect(text(head)).toContain('would your school host mock leadership interviews?');
      expect(listTitles(teams.latestCard(head, chat(head)).card)).toEqual(['Volunteer to host', 'Not this time', 'Ask a question']);
    }
    // Again, with one more named person: only they get it.
    await teams.install(sam(), teams.personal(sam()));
    await teams.click(grace, coordChat, 'Back to the campaign');
    await teams.click(grace, coordChat, 'Invite heads');
    await teams.click(grace, coordChat, 'Send invitations', { teamId, userIds: sam().aadObjectId });
    await world.bot.runJobs();
    expect(text(grace, coordChat)).toContain('Sent to 1. 3 already had it.');
    for (const head of [amara, tom, lena]) expect(connector.delivered(chat(head).id)).toHaveLength(1);
  });

  it('a head volunteers in five steps; Back and Next keep every entry; errors sit by their fields', async () => {
    const { teams } = world;
    await teams.click(amara, chat(amara), 'Volunteer to host');
    expect(text(amara)).toContain('Step 1 of 5: Your school');
    await teams.click(amara, chat(amara), 'Next', { school: '', phase: 'primary', places: '3' });
    expect(text(amara)).toContain('Give your school’s name.');
    // Too long is refused under the field, not cut silently.
    await teams.click(amara, chat(amara), 'Next', { school: 'Ash Primary School '.repeat(20), phase: 'primary', places: '3' });
    expect(text(amara)).toMatch(/School name\n(.*\n)?Keep the school name under 120 characters\./);
    await teams.click(amara, chat(amara), 'Next', { school: 'Ash Primary School', phase: 'primary', places: '3' });
    expect(text(amara)).toContain('Step 2 of 5: Dates');
    await teams.click(amara, chat(amara), 'Back', { date1: '2027-03-01' });
    const back = JSON.stringify(teams.latestCard(amara, chat(amara)).card);
    expect(back).toContain('Ash Primary School');
    await teams.click(amara, chat(amara), 'Next', { school: 'Ash Primary School', phase: 'primary', places: '3' });
    expect(JSON.stringify(teams.latestCard(amara, chat(amara)).card)).toContain('2027-03-01'); // the date typed before Back
    await teams.click(amara, chat(amara), 'Next', { date1: '2027-03-01', date2: '2027-05-01' });
    expect(text(amara)).toContain('Choose a date within the interview window.');
    await teams.click(amara, chat(amara), 'Next', { date1: '2027-03-01', date2: '2027-03-08' });
    expect(text(amara)).toContain('Step 3 of 5: Interview panel');
    await teams.click(amara, chat(amara), 'Next', { panel1Name: 'Amara Okafor', panel1Role: 'Headteacher', panel2Name: 'Chris Doe' });
    expect(text(amara)).toContain('Give both the name and the role.');
    await teams.click(amara, chat(amara), 'Next', { panel1Name: 'Amara Okafor', panel1Role: 'Headteacher and '.repeat(10) });
    expect(text(amara)).toContain('Keep the name and the role each under 100 characters.');
    expect(JSON.stringify(teams.latestCard(amara, chat(amara)).card)).toContain('Headteacher and '.repeat(10).trim()); // shown back whole, to correct
    await teams.click(amara, chat(amara), 'Next', { panel1Name: 'Amara Okafor', panel1Role: 'Headteacher', panel2Name: 'Chris Doe', panel2Role: 'Chair of governors' });
    expect(text(amara)).toContain('Step 4 of 5: Host duties');
    const allDuties = Object.fromEntries([0, 1, 2, 3, 4].map((i) => [`duty${i}`, 'true']));
    await teams.click(amara, chat(amara), 'Next', { ...allDuties, duty4: 'false' });
    expect(text(amara)).toContain('Please confirm this to host.');
    await teams.click(amara, chat(amara), 'Next', allDuties);
    const review = text(amara);
    expect(review).toContain('Step 5 of 5: Review and submit');
    expect(review).toContain('Dates: Monday 1 March 2027; Monday 8 March 2027');
    expect(review).toContain('Panel: Amara Okafor (Headteacher); Chris Doe (Chair of governors)');

    const reviewCard = teams.latestCard(amara, chat(amara));
    await teams.click(amara, chat(amara), 'Submit offer');
    expect(text(amara)).toContain('Thank you: your offer is submitted');
    // A second click on the same (stale) Submit button: still one offer, one notice.
    await teams.click(amara, chat(amara), 'Submit offer', {}, { card: reviewCard });
    expect(text(amara)).toContain('Your offer to host');
    const notices = teams.cards(coordChat).filter((c) => cardText(c.card).includes('offered to host at Ash Primary School'));
    expect(notices).toHaveLength(1);
    // The notice offers the next step: the campaign's status, one click away.
    expect(cardText(notices[0]!.card)).toContain('A new offer to host');
    await teams.click(grace, coordChat, 'Campaign status', {}, { card: notices[0]! });
    expect(text(grace, coordChat)).toContain('Ash Primary School');
  });

  it('one offer per school: a second head from the same school sees who offered', async () => {
    const { teams } = world;
    await teams.click(tom, chat(tom), 'Volunteer to host');
    await teams.click(tom, chat(tom), 'Next', { school: 'ash primary', phase: 'primary', places: '2' });
    expect(text(tom)).toContain('Amara Okafor has already offered Ash Primary School for this campaign.');
  });

  it('"Not this time", a question, and a head resuming a draft with my offer', async () => {
    const { teams, connector } = world;
    await teams.click(tom, chat(tom), 'Volunteer to host', {}, { card: teams.cards(chat(tom))[0]! });
    await teams.click(tom, chat(tom), 'Not this time', {}, { card: teams.cards(chat(tom))[0]! });
    expect(text(tom)).toContain('Thank you for letting us know');

    await teams.click(lena, chat(lena), 'Ask a question');
    await teams.click(lena, chat(lena), 'Send question', { question: 'Can two of us share a panel?' });
    expect(text(lena)).toContain('Question sent');
    expect(teams.cards(coordChat).map((c) => cardText(c.card)).some((t) => t.includes('Question from Lena Novak about Ealing diversity in leadership programme: Can two of us share a panel?'))).toBe(true);
    // When Teams refuses the coordinator's message, the head is told so, and whom to ask instead.
    connector.failNext(1, { status: 400, conversationId: coordChat.id, kinds: ['send'] });
    await teams.click(lena, chat(lena), 'Ask a question', {}, { card: teams.cards(chat(lena))[0]! });
    await teams.click(lena, chat(lena), 'Send question', { question: 'Is lunch provided?' });
    expect(text(lena)).toContain('Your question could not be delivered');
    expect(text(lena)).toContain('Please ask Grace Adeyemi directly: grace.adeyemi@example.org, 020 8825 8542.');

    await teams.click(lena, chat(lena), 'Volunteer to host', {}, { card: teams.cards(chat(lena))[0]! });
    await teams.click(lena, chat(lena), 'Next', { school: 'Birch Special', phase: 'special', places: '2' });
    await teams.say(lena, chat(lena), 'my offer');
    expect(text(lena)).toContain('Step 2 of 5: Dates');
  });

  it('the status card counts offers against targets and who has answered', async () => {
    const { teams } = world;
    await teams.say(grace, coordChat, 'hosting status');
    const status = text(grace, coordChat);
    expect(status).toContain('Primary\n1 / 2\n3 / 7');
    expect(status).toContain('Secondary\n0 / 4\n0 / 12');
    expect(status).toContain('Ash Primary School: Primary, 3 places, Amara Okafor');
    expect(status).toContain('Declined (1)\nTom Whitfield');
    expect(status).toContain('Not answered yet (2)\nLena Novak, Sam Mensah');
  });

  it('exports the offers as Excel-friendly CSV behind an expiring signed link', async () => {
    const { teams } = world;
    const card = teams.latestCard(grace, coordChat).card;
    const url = JSON.stringify(card).match(/"url":"([^"]+)"/)?.[1];
    expect(url).toContain('/files/hosting-offers?');
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toContain('Ealing-diversity-in-leadership-programme-Cohort-3-offers.csv');
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(body.startsWith('\uFEFF"School","Phase","Places","Dates","Panel","Contact","Status"\r\n')).toBe(true);
    expect(body).toContain('"Ash Primary School","Primary","3","01/03/2027; 08/03/2027","Amara Okafor (Headteacher); Chris Doe (Chair of governors)","Amara Okafor","Offered"');

    const tampered = url!.replace(/p\.campaignId=[^&]+/, 'p.campaignId=someone-else');
    expect((await fetch(tampered)).status).toBe(403);
    const otherTenant = url!.replace(/t=[^&]+/, 't=another-tenant');
    expect((await fetch(otherTenant)).status).toBe(403);
    clock.advance(61 * 60_000);
    const expired = await fetch(url!);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('This link has expired');
  });

  it('coordinator enters participants, proposes, moves within the rules, confirms; everyone is told', async () => {
    const { teams, connector } = world;
    const priya = makeUser('priya', 'Priya Shah');
    await teams.install(priya, teams.personal(priya)); // a participant who uses Teams
    await teams.say(grace, coordChat, 'hosting participants');
    expect(text(grace, coordChat)).toContain('No participants yet.');
    await teams.click(grace, coordChat, 'Add pasted lines', {
      lines: ['Priya Shah, primary, Oak Primary, priya@example.org', 'Ada Obi, primary, Ash Primary, ada@example.org', 'Ben Ray, primary, Elm Primary, ben@example.org', 'Cal Day, special, Holly School, cal@example.org', 'Dee, infant, Yew, dee@example.org'].join('\n'),
    });
    const pasted = text(grace, coordChat);
    expect(pasted).toContain('4 added. These lines were not added');
    expect(pasted).toContain('Line 5 (Dee, infant, Yew, dee@example.org): Choose primary, secondary or special.');
    expect(JSON.stringify(teams.latestCard(grace, coordChat).card)).toContain('Dee, infant, Yew'); // kept to correct
    await teams.click(grace, coordChat, 'Add participant', { name: 'Eve Fox', phase: 'secondary', ownSchool: 'Fir High', email: 'eve@' });
    expect(text(grace, coordChat)).toContain('Give a valid e-mail address.');
    await teams.click(grace, coordChat, 'Add participant', { name: 'Eve Fox '.repeat(40), phase: 'secondary', ownSchool: 'Fir High', email: 'eve@example.org' });
    expect(text(grace, coordChat)).toContain('Keep the name under 100 characters.');
    await teams.click(grace, coordChat, 'Add participant', { name: 'Eve Fox', phase: 'secondary', ownSchool: 'Fir High', email: 'eve@example.org' });
    expect(text(grace, coordChat)).toContain('Eve Fox added.');
    await teams.click(grace, coordChat, 'Remove Eve Fox');
    expect(text(grace, coordChat)).toContain('Removed.');
    expect(text(grace, coordChat)).not.toContain('Eve Fox');

    await teams.click(grace, coordChat, 'Propose allocation');
    const proposal = text(grace, coordChat);
    expect(proposal).toContain('2 could not be placed');
    expect(proposal).toContain('Ada Obi (primary, from Ash Primary)\nThe only primary host is their own school, Ash Primary School, and nobody is interviewed at their own school.');
    expect(proposal).toContain('No special school has offered to host.');
    // The fix for each phase someone is left in: no other primary host can take Ada, so only another host would.
    expect(proposal).toContain('To place the primary participant left\nInvite another primary head to host.');
    expect(proposal).toContain('To place the special-school participant left\nInvite another special-school head to host.');
    expect(proposal).toContain('Primary · 2 of 3 places · Amara Okafor');

    const card = teams.latestCard(grace, coordChat).card;
    const inputId = (name: string) => JSON.stringify(card).match(new RegExp(`"id":"(move_[^"]+)","value":"[^"]*","label":"(Move|Place) ${name}"`))?.[1];
    const ash = JSON.stringify(card).match(/"title":"Ash Primary School","value":"([^"]+)"/)?.[1];
    await teams.click(grace, coordChat, 'Save moves', { [inputId('Ada Obi')!]: ash });
    expect(text(grace, coordChat)).toContain('Ada Obi cannot be interviewed at their own school.');
    expect(text(grace, coordChat)).toContain('nothing was changed');
    await teams.click(grace, coordChat, 'Save moves', { [inputId('Ben Ray')!]: '' });
    expect(text(grace, coordChat)).toContain('Moves saved.');
    expect(text(grace, coordChat)).toContain('Primary · 1 of 3 places');

    const allocationCard = teams.latestCard(grace, coordChat);
    await teams.click(grace, coordChat, 'Confirm and notify');
    expect(text(grace, coordChat)).toContain('Sending the placements to hosts and participants to 2 people… 0 done, 2 to go.');
    expect(text(grace, coordChat)).not.toContain('Please e-mail'); // every placed participant is in Teams
    await world.bot.runJobs(); // hosts and participants are told by a job
    const confirmed = text(grace, coordChat);
    expect(confirmed).toContain('Finished sending the placements to hosts and participants.\nSent to 2.');
    const hostCard = teams.latestCard(amara, chat(amara)).card;
    expect(cardText(hostCard)).toContain('Your mock interview candidates');
    expect(cardText(hostCard)).toContain('Priya Shah: priya@example.org (currently at Oak Primary)');
    expect(cardText(teams.latestCard(priya, teams.personal(priya)).card)).toContain('You will be interviewed at **Ash Primary School**.');
    // Confirming again tells nobody twice.
    const before = connector.delivered().length;
    await teams.click(grace, coordChat, 'Confirm and notify', {}, { card: allocationCard });
    await world.bot.runJobs();
    expect(connector.delivered().length).toBe(before + 0);

    await teams.click(amara, chat(amara), 'Save checklist', { check0: 'true', check1: 'true' });
    expect(text(amara)).toContain('Checklist saved: 2 of 5 done.');
  });

  it('coordinator invites hosts to the online briefing; hosts confirm attendance', async () => {
    const { teams } = world;
    await teams.say(grace, coordChat, 'hosting campaigns');
    await teams.click(grace, coordChat, /^Open /);
    await teams.click(grace, coordChat, 'Briefing');
    expect(text(grace, coordChat)).toContain('Amara Okafor (Ash Primary School): Not invited yet');
    await teams.click(grace, coordChat, 'Invite hosts', { date: '2027-02-10', time: '16:00', link: 'teams meeting' });
    expect(text(grace, coordChat)).toContain('Give the meeting link (https://…).');
    await teams.click(grace, coordChat, 'Invite hosts', { date: '2027-02-10', time: '16:00', link: 'https://teams.example.org/meet/briefing' });
    // The click answers with a progress card; a job sends the details to every host.
    expect(text(grace, coordChat)).toContain('Sending the briefing details to host schools to 1 person… 0 done, 1 to go.');
    expect(text(amara)).not.toContain('Online briefing for host schools');
    await world.bot.runJobs();
    expect(text(grace, coordChat)).toContain('Finished sending the briefing details to host schools.\nSent to 1.');
    expect(text(amara)).toContain('When: Wednesday 10 February 2027, 16:00 (UK time)');
    // The same details again tell nobody twice.
    await teams.click(grace, coordChat, 'Back to the campaign');
    await teams.click(grace, coordChat, 'Briefing');
    await teams.click(grace, coordChat, 'Send the updated details', { date: '2027-02-10', time: '16:00', link: 'https://teams.example.org/meet/briefing' });
    await world.bot.runJobs();
    expect(world.connector.delivered().filter((d) => JSON.stringify(d.body).includes('Online briefing for host schools')).length).toBe(1);
    expect(text(grace, coordChat)).toContain('Finished sending the briefing details to host schools.');
    await teams.click(amara, chat(amara), "I'll attend");
    expect(text(amara)).toContain('Thank you: you are down as attending.');
    // Someone who is not a host cannot answer (e.g. a forwarded card).
    const refused = await teams.click(tom, chat(tom), "I'll attend", {}, { card: teams.latestCard(amara, chat(amara)) });
    expect(JSON.stringify(refused.body)).toContain('The briefing is for host schools');
    await teams.click(grace, coordChat, 'Back to the campaign');
    await teams.click(grace, coordChat, 'Briefing');
    expect(text(grace, coordChat)).toContain('Amara Okafor (Ash Primary School): Attending');
  });

  it('reminds the heads who have not answered, once, three days before the deadline at 09:00', async () => {
    const { teams, connector } = world;
    clock.set('2026-12-06T08:59:00Z');
    await world.bot.runJobs();
    expect(connector.delivered(chat(lena).id).filter((c) => JSON.stringify(c.body).includes('Reminder:'))).toHaveLength(0);
    clock.set('2026-12-06T09:00:00Z');
    await world.bot.runJobs();
    const reminded = (user: User, conversation = chat(user)) => connector.delivered(conversation.id).filter((c) => JSON.stringify(c.body).includes('Reminder: please reply by Wednesday 9 December 2026')).length;
    expect(reminded(lena)).toBe(1);
    expect(reminded(makeUser('x', 'x'), teams.personal(sam()))).toBe(1);
    expect(reminded(amara)).toBe(0); // offered
    expect(reminded(tom)).toBe(0); // declined
    await world.bot.runJobs();
    expect(reminded(lena)).toBe(1);
  });

  it('a head can edit and withdraw until the deadline; after it, changes are refused naming the contact', async () => {
    const { teams } = world;
    await teams.say(amara, chat(amara), 'my offer');
    await teams.click(amara, chat(amara), 'Edit offer');
    expect(JSON.stringify(teams.latestCard(amara, chat(amara)).card)).toContain('Ash Primary School');
    await teams.click(amara, chat(amara), 'Next', { school: 'Ash Primary School', phase: 'primary', places: '2' });
    for (let i = 0; i < 3; i++) await teams.click(amara, chat(amara), 'Next'); // dates, panel and duties as they were
    await teams.click(amara, chat(amara), 'Submit offer');
    expect(text(amara)).toContain('Your offer is updated.');
    expect(teams.cards(coordChat).map((c) => cardText(c.card)).some((t) => t.includes('An offer to host changed') && t.includes('Amara Okafor updated the offer from Ash Primary School (primary, 2 places)'))).toBe(true);

    clock.set('2026-12-10T00:00:00Z'); // past 23:59 on 9 December, London
    await world.bot.runJobs();
    const closed = teams.latestCard(grace, coordChat).card;
    expect(cardText(closed)).toContain('Closed to replies');
    expect(cardText(closed)).toContain('Primary\n1 / 2\n2 / 7');
    await teams.click(amara, chat(amara), 'Withdraw offer');
    expect(text(amara)).toContain('This campaign closed to replies at its deadline. If you would still like to help, please contact Grace Adeyemi (grace.adeyemi@example.org, 020 8825 8542).');
  });

  it('after the interview dates, hosts give feedback; the candidate gets it privately; the coordinator sees who has given it', async () => {
    const { teams } = world;
    clock.set('2027-03-09T09:00:00Z'); // the day after Ash Primary's last offered date
    await world.bot.runJobs();
    expect(text(amara)).toContain('Feedback on Priya Shah');
    await teams.click(amara, chat(amara), 'Send feedback', { strengths: '', areas: 'Data', readiness: '' });
    expect(text(amara)).toContain('Describe the candidate’s strengths.');
    expect(text(amara)).toContain('Choose how ready they are for the role.');
    await teams.click(amara, chat(amara), 'Send feedback', { strengths: 'Clear vision', areas: 'Use of data', readiness: 'Ready within a year', comments: '' });
    expect(text(amara)).toContain('Priya Shah has it now, privately.');
    const toPriya = world.connector.delivered().filter((c) => JSON.stringify(c.body).includes('Feedback from your mock interview'));
    expect(toPriya).toHaveLength(1);
    expect(JSON.stringify(toPriya[0]!.body)).toContain('Clear vision');
    await teams.say(grace, coordChat, 'hosting feedback');
    const progress = text(grace, coordChat);
    expect(progress).toContain('Ash Primary School: 1 of 1 candidates · Amara Okafor · done');
    expect(progress).not.toContain('Clear vision'); // coordinators see who, not what
  });

  function actorOf(user: User) {
    return { tenantId: world.teams.tenantId, userId: user.aadObjectId, name: user.name, scope: 'personal' as const, conversationId: 'x' };
  }
});

function SEED_DUTIES_TEXT(): string {
  return [
    'Host a mock interview session for about three participants',
    'Form a selection and interview panel',
    'Run the session as if for a real vacancy',
    'Give feedback to and on the candidates interviewed',
    'Attend the online briefing session',
  ].join('\n');
}
