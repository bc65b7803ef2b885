import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, listTitles, makeUser, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe.each(kinds)('Teams protocol (%s store)', (kind) => {
  const coordinator = makeUser('coord', 'Grace Coordinator');
  const head = makeUser('head', 'Amara Head');
  const slt = makeUser('slt', 'Sam Deputy');
  let world: Awaited<ReturnType<typeof startWorld>>;
  const handle = () => testStore(kind, inject('cosmosEndpoint'));
  let store: ReturnType<typeof handle>;

  beforeAll(async () => {
    store = handle();
    world = await startWorld(store, { coordinators: [coordinator.aadObjectId] });
  });
  afterAll(async () => {
    await world.stop();
  });

  it('welcomes on install, suited to personal chat, group chat and team', async () => {
    const { teams } = world;
    const personal = teams.personal(head);
    await teams.install(head, personal);
    const welcome = teams.latestCard(head, personal).card;
    expect(cardText(welcome)).toContain('Welcome to Headway, Amara Head');
    expect(cardText(welcome)).toContain('In this chat you answer invitations');
    expect(listTitles(welcome)).toEqual(['Help', 'Privacy']);

    const group = teams.groupChat('heads');
    await teams.install(head, group);
    expect(cardText(teams.latestCard(head, group).card)).toContain('Headway is now in this group chat');

    const channel = teams.channel('leadership', 'general');
    await teams.install(slt, channel);
    expect(cardText(teams.latestCard(slt, channel).card)).toContain('Senior leadership teams can run maturity reviews');
    // One welcome per install: installationUpdate and conversationUpdate do not both greet,
    // and repeated install events (the Playground sends them on every visit) stay quiet.
    expect(teams.cards(channel)).toHaveLength(1);
    await teams.install(slt, channel);
    expect(teams.cards(channel)).toHaveLength(1);
    // After a removal, adding the app again welcomes again.
    await teams.uninstall(slt, channel);
    await teams.install(slt, channel);
    expect(teams.cards(channel)).toHaveLength(2);
  });

  it('the welcome Help button answers with the help card, by Action.Execute and by its Action.Submit fallback', async () => {
    const { teams } = world;
    const personal = teams.personal(head);
    const welcome = teams.latestCard(head, personal);
    const response = await teams.click(head, personal, 'Help');
    expect(response.status).toBe(200);
    expect(cardText(teams.latestCard(head, personal).card)).toContain('What you can do here');

    await teams.click(head, personal, 'Help', {}, { useFallback: true, card: welcome });
    const sent = teams.cards(personal);
    expect(cardText(sent[sent.length - 1]!.card)).toContain('What you can do here');
  });

  it('help lists only the commands this person may use in this place', async () => {
    const { teams } = world;
    const headChat = teams.personal(head);
    await teams.say(head, headChat, 'help');
    const memberHelp = cardText(teams.latestCard(head, headChat).card);
    expect(memberHelp).toContain('help: Show the commands you can use here.');
    expect(memberHelp).not.toContain('roles');

    const coordChat = teams.personal(coordinator);
    await teams.install(coordinator, coordChat);
    await teams.say(coordinator, coordChat, 'HELP');
    const coordHelp = cardText(teams.latestCard(coordinator, coordChat).card);
    expect(coordHelp).toContain('roles grant [coordinator|facilitator] [name]');
    expect(coordHelp).toContain('You are a coordinator.');

    // In a channel the same coordinator sees no personal-chat-only commands, and must @mention.
    const channel = teams.channel('leadership', 'general');
    await teams.say(coordinator, channel, 'help');
    const channelHelp = cardText(teams.latestCard(coordinator, channel).card);
    expect(channelHelp).toContain('Choose what you want to do in this channel');
    expect(channelHelp).not.toContain('roles grant');
    expect(channelHelp).toContain('Mention @Headway before the command');
  });

  it('help is a menu: buttons for the main actions of each role, the typed commands behind a toggle, and where reviews run', async () => {
    const { teams } = world;
    const coordChat = teams.personal(coordinator);
    await teams.install(coordinator, coordChat);
    await teams.say(coordinator, coordChat, 'help');
    const coordHelp = teams.latestCard(coordinator, coordChat).card;
    const coordButtons = listTitles(coordHelp);
    for (const title of ['Start a hosting campaign', 'Campaign status', 'Set up coaching', 'Invite heads', 'Groups', 'Manage roles', 'Privacy', 'Commands to type']) expect(coordButtons).toContain(title);
    // Reviews cannot be started in personal chat: help says where they run instead of offering a button.
    expect(coordButtons).not.toContain('Start a review');
    expect(cardText(coordHelp)).toContain('type @Headway review start in the channel');

    const headChat = teams.personal(head);
    await teams.say(head, headChat, 'help');
    const headButtons = listTitles(teams.latestCard(head, headChat).card);
    expect(headButtons).toEqual(expect.arrayContaining(['My offer', 'Check eligibility and join', 'My group', 'My sessions', 'My data']));
    for (const title of ['Start a hosting campaign', 'Set up coaching', 'Manage roles', 'Sessions']) expect(headButtons).not.toContain(title);

    const channel = teams.channel('leadership', 'general');
    await teams.say(head, channel, 'help');
    const channelHelp = teams.latestCard(head, channel).card;
    expect(listTitles(channelHelp)).toEqual(expect.arrayContaining(['Start a review', 'Past reviews', 'Themes']));
    expect(cardText(channelHelp)).not.toContain('review start in the channel');
  });

  it("help's buttons do what the typed command does, by Action.Execute and by the Submit fallback", async () => {
    const { teams } = world;
    const chat = teams.personal(coordinator);
    await teams.install(coordinator, chat);
    await teams.say(coordinator, chat, 'help');
    const help = teams.latestCard(coordinator, chat);
    await teams.click(coordinator, chat, 'Start a hosting campaign');
    const form = teams.latestCard(coordinator, chat).card;
    await teams.say(coordinator, chat, 'hosting new');
    expect(cardText(form)).toBe(cardText(teams.latestCard(coordinator, chat).card));
    await teams.click(coordinator, chat, 'Manage roles', {}, { useFallback: true, card: help });
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('Grant a role');

    const channel = teams.channel('leadership', 'general');
    await teams.say(head, channel, 'help');
    await teams.click(head, channel, 'Start a review');
    expect(listTitles(teams.latestCard(head, channel).card)).toContain('Start review');
  });

  it('a refusal that has a next step offers it as a button: no campaign yet, so Start a hosting campaign', async () => {
    const { teams } = world;
    const chat = teams.personal(coordinator);
    await teams.install(coordinator, chat);
    await teams.say(coordinator, chat, 'hosting participants');
    const notice = teams.latestCard(coordinator, chat).card;
    expect(cardText(notice)).toContain('There is no hosting campaign yet.');
    expect(listTitles(notice)).toEqual(['Start a hosting campaign', 'Help']);
    await teams.click(coordinator, chat, 'Start a hosting campaign');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('New hosting campaign');
    // In a channel with no review yet, the same: Start a review.
    const channel = teams.channel('leadership', 'general');
    await teams.say(head, channel, 'review history');
    await teams.say(head, channel, 'review themes');
    expect(listTitles(teams.latestCard(head, channel).card)).toContain('Start a review');
  });

  it("help's command verb refuses a command that is not this person's, not for here, or not a button", async () => {
    const { teams, connector } = world;
    const chat = teams.personal(head);
    await teams.say(head, chat, 'help');
    const before = connector.calls.length;
    const run = async (conversation: ReturnType<typeof teams.personal>, command: string) => {
      const response = await teams.post({ ...teams.base(head, conversation), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'core.command', data: { command } }, trigger: 'manual' } });
      const { value } = response.body as { value?: unknown };
      return typeof value === 'string' ? value : cardText(value);
    };
    // A head forging a coordinator's button is refused by the command's own service.
    expect(await run(chat, 'hosting.status')).toMatch(/That is for coordinators/);
    expect(await run(chat, 'core.roles')).toMatch(/That is for coordinators/);
    // A personal command from a channel, a command with arguments, an unknown id.
    expect(await run(teams.channel('leadership', 'general'), 'hosting.myOffer')).toContain('works in a personal chat with Headway, not here');
    expect(await run(chat, 'core.roles.grant')).toContain('That button is out of date');
    expect(await run(chat, 'nonsense')).toContain('That button is out of date');
    expect(connector.calls.slice(before).filter((c) => c.kind === 'send')).toHaveLength(0);
  });

  it('the privacy notice: by command anywhere, and from the welcome and help cards', async () => {
    const { teams } = world;
    const chat = teams.personal(head);
    await teams.say(head, chat, 'help');
    expect(listTitles(teams.latestCard(head, chat).card)).toContain('Privacy');
    await teams.click(head, chat, 'Privacy');
    const notice = cardText(teams.latestCard(head, chat).card);
    for (const heading of ['What is kept, and why', 'What is never asked or kept', 'Who can see it', 'How long', 'Seeing or deleting what is kept about you']) expect(notice).toContain(heading);
    expect(notice).toContain('Ethnicity, race, religion, health');
    expect(notice).toContain('deleted after 400 days');
    const channel = teams.channel('leadership', 'general');
    await teams.say(coordinator, channel, 'privacy');
    expect(cardText(teams.latestCard(coordinator, channel).card)).toContain('what it keeps about the people who use it');
    const welcome = teams.cards(chat).find((c) => JSON.stringify(c.card).includes('Welcome to Headway'))!;
    expect(listTitles(welcome.card)).toEqual(['Help', 'Privacy']);
  });

  it('answers unknown text with a hint and a Help button; "helpdesk" is not "help"', async () => {
    const { teams } = world;
    const chat = teams.personal(head);
    await teams.say(head, chat, 'helpdesk please');
    const hint = teams.latestCard(head, chat).card;
    expect(cardText(hint)).toContain("I didn't recognise that");
    expect(cardText(hint)).toContain('Type help');
    expect(listTitles(hint)).toEqual(['Help']);

    const group = teams.groupChat('heads');
    await teams.say(head, group, 'what is this');
    expect(cardText(teams.latestCard(head, group).card)).toContain('Mention @Headway with help');
  });

  it('tells a member that roles are for coordinators, and changes nothing', async () => {
    const { teams, bot } = world;
    const chat = teams.personal(head);
    await teams.say(head, chat, 'roles');
    expect(cardText(teams.latestCard(head, chat).card)).toContain('That is for coordinators');
    await teams.say(head, chat, `roles grant coordinator ${head.name}`);
    expect(cardText(teams.latestCard(head, chat).card)).toContain('That is for coordinators');

    // A crafted invoke from a member is refused the same way.
    const forged = await teams.post({
      ...teams.base(head, chat),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'core.roles.grant', data: { role: 'coordinator', userId: head.aadObjectId } } },
    });
    expect(JSON.stringify(forged.body)).toContain('That is for coordinators');
    expect(await bot.services.roles.rolesOf(teams.tenantId, head.aadObjectId)).toEqual(new Set());
  });

  it('lets a coordinator grant and revoke roles on the card and by command', async () => {
    const { teams, bot } = world;
    const chat = teams.personal(coordinator);
    await teams.say(coordinator, chat, 'roles');
    const rolesCard = teams.latestCard(coordinator, chat).card;
    expect(cardText(rolesCard)).toContain('Grace Coordinator (from configuration)');
    expect(JSON.stringify(rolesCard)).not.toContain(head.aadObjectId); // nobody is listed until searched for
    await teams.click(coordinator, chat, 'Find', { find: 'ama' });
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('1 match for "ama": choose below.');
    expect(JSON.stringify(teams.latestCard(coordinator, chat).card)).toContain(head.aadObjectId); // Amara is offered to pick
    await teams.click(coordinator, chat, 'Find', { find: 'zed' });
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('Nobody called "zed" is known to Headway yet');

    await teams.click(coordinator, chat, 'Grant role', { userId: head.aadObjectId, role: 'facilitator' });
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('Amara Head is now a facilitator.');
    expect(await bot.services.roles.rolesOf(teams.tenantId, head.aadObjectId)).toEqual(new Set(['facilitator']));

    // Granting again is idempotent and says so.
    await teams.click(coordinator, chat, 'Grant role', { userId: head.aadObjectId, role: 'facilitator' });
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('already a facilitator');

    // The facilitator's own help now says so.
    await teams.say(head, teams.personal(head), 'help');
    expect(cardText(teams.latestCard(head, teams.personal(head)).card)).toContain('You are a facilitator.');

    await teams.click(coordinator, chat, 'Revoke Amara Head');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('Amara Head is no longer a facilitator.');
    expect(await bot.services.roles.rolesOf(teams.tenantId, head.aadObjectId)).toEqual(new Set());

    await teams.say(coordinator, chat, 'roles grant coordinator amara');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('Amara Head is now a coordinator.');
    await teams.say(coordinator, chat, 'roles revoke coordinator Amara Head');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('Amara Head is no longer a coordinator.');

    // Teams sends an apostrophe typed in a name as an HTML entity.
    const obrien = makeUser('obrien', "Siobhan O'Brien");
    await teams.install(obrien, teams.personal(obrien));
    await teams.say(coordinator, chat, 'roles grant facilitator O&#39;Brien');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain("Siobhan O'Brien is now a facilitator.");
  });

  it('answers a people picker\'s type-ahead for coordinators only', async () => {
    const { teams } = world;
    const search = (user: User, queryText: string) =>
      teams.post({ ...teams.base(user, teams.personal(user)), type: 'invoke', name: 'application/search', value: { queryText, dataset: 'people', queryOptions: { top: 10, skip: 0 } } });
    const found = await search(coordinator, 'amara h');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ type: 'application/vnd.microsoft.search.searchResponse', value: { results: [{ title: 'Amara Head', value: head.aadObjectId }] } });
    const refused = await search(head, 'amara');
    expect((refused.body as { value: { results: unknown[] } }).value.results).toEqual([]);
  });

  it('refuses bad card payloads and bad command arguments with a clear message, changing nothing', async () => {
    const { teams, bot } = world;
    const chat = teams.personal(coordinator);
    await teams.say(coordinator, chat, 'roles');
    const response = await teams.click(coordinator, chat, 'Grant role', { userId: head.aadObjectId, role: 'headteacher' });
    expect(JSON.stringify(response.body)).toContain('nothing was changed');
    await teams.say(coordinator, chat, 'roles grant admin Amara');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain('the role must be coordinator or facilitator');
    await teams.say(coordinator, chat, 'roles grant facilitator Nobody Known');
    expect(cardText(teams.latestCard(coordinator, chat).card)).toContain(`I don't know anyone called "Nobody Known"`);
    expect(await bot.services.roles.rolesOf(teams.tenantId, head.aadObjectId)).toEqual(new Set());
  });

  it('keeps conversation references and roles across a restart', async () => {
    const { teams, connector } = world;
    const chat = teams.personal(coordinator);
    await teams.say(coordinator, chat, `roles grant facilitator ${slt.name}`);
    await world.bot.stop();

    const { startHeadway } = await import('./harness/headway.js');
    const restarted = await startHeadway(store, { coordinators: [coordinator.aadObjectId] });
    world.bot = restarted;
    teams.botUrl = restarted.server.url;
    expect(await restarted.services.roles.rolesOf(teams.tenantId, slt.aadObjectId)).toEqual(new Set(['facilitator']));

    const before = connector.delivered(teams.personal(head).id).length;
    const outcome = await restarted.headway.messenger.deliverToUser(teams.tenantId, head.aadObjectId, { text: 'Hello after restart' }, 'test.restart');
    expect(outcome).toBe('sent');
    const after = connector.delivered(teams.personal(head).id);
    expect(after).toHaveLength(before + 1);
    expect(after[after.length - 1]!.body?.text).toBe('Hello after restart');
  });

  it('marks a reference inactive when the app is uninstalled, and sends nothing there', async () => {
    const { teams } = world;
    const group = teams.groupChat('leavers');
    await teams.install(head, group);
    await teams.uninstall(head, group);
    const stored = await world.bot.services.refs.get(teams.tenantId, group.id);
    expect(stored?.active).toBe(false);
    expect(await world.bot.headway.messenger.deliver(teams.tenantId, group.id, { text: 'anyone?' }, 'test.removed')).toBe('no-conversation');
  });

  it('reports store reachability on /healthz', async () => {
    const res = await fetch(`${world.bot.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: kind });
  });
});

describe('Bot Framework authentication', () => {
  it('refuses requests without a valid token when BOT_ID is set', async () => {
    const user = makeUser('u', 'User');
    const world = await startWorld(testStore('sqlite'), { botId: '8a6e3a52-6e1b-4d4d-9c47-3b1f5f0c2f11' });
    try {
      const unsigned = await world.teams.say(user, world.teams.personal(user), 'help');
      expect(unsigned.status).toBe(401);
      const forged = await world.teams.post({ ...world.teams.base(user, world.teams.personal(user)), type: 'message', text: 'help' }, { Authorization: 'Bearer not-a-jwt' });
      expect(forged.status).toBe(401);
      expect(world.connector.calls).toHaveLength(0);
    } finally {
      await world.stop();
    }
  });
});
