import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { FakeConnector } from './harness/connector.js';
import { startHeadway, testStore, type Running } from './harness/headway.js';
import { FakeIdentity } from './harness/identity.js';
import { TeamsClient, makeUser } from './harness/teams.js';

const BOT_ID = '8a6e3a52-6e1b-4d4d-9c47-3b1f5f0c2f11';

/**
 * Bot Framework authentication as in production, against a local identity platform: the
 * OpenID configuration and JWKS whose keys sign inbound tokens, and the authority whose token
 * endpoint gives the bot its outbound tokens (harness/identity.ts).
 */
describe('Bot Framework authentication, end to end', () => {
  const user = makeUser('auth', 'Ada Auth');
  let identity: FakeIdentity;
  let connector: FakeConnector;
  let bot: Running;
  let teams: TeamsClient;
  const logged: Record<string, unknown>[] = [];
  /** A logger whose records the test reads. */
  const capture = () => pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) });

  beforeAll(async () => {
    identity = await new FakeIdentity().start();
    connector = await new FakeConnector().start();
    bot = await startHeadway(testStore('sqlite'), { botId: BOT_ID, identity: { metadataUrl: identity.metadataUrl, loginUrl: identity.loginUrl, issuer: identity.issuer }, log: capture() });
    teams = new TeamsClient(bot.server.url, connector);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
    await identity.close();
  });

  const activity = (text: string) => ({ ...teams.base(user, teams.personal(user)), id: `act-${Math.random().toString(36).slice(2)}`, type: 'message', text });
  const good = () => identity.claims(BOT_ID, connector.url);
  const stored = async () => (await bot.store.query({ tenantId: teams.tenantId, pk: `${teams.tenantId}|conversations`, type: 'conversation', limit: 10 })).items.length;

  it('processes a correctly signed token, and the reply carries a token from the token endpoint', async () => {
    const res = await teams.post(activity('help'), { Authorization: `Bearer ${identity.sign(good())}` });
    expect(res.status).toBe(200);
    const reply = connector.calls.find((c) => c.kind === 'reply' || c.kind === 'send');
    expect(reply).toBeDefined();
    expect(identity.issued.length).toBeGreaterThan(0);
    expect(reply!.authorization).toBe(`Bearer ${identity.issued.at(-1)!.token}`);
    const form = identity.issued.at(-1)!.form;
    expect(form.get('client_id')).toBe(BOT_ID);
    expect(form.get('scope')).toBe('https://api.botframework.com/.default');
    expect(await stored()).toBe(1);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refused: [string, () => string][] = [
    ['signed by another key', () => identity.sign(good(), { key: FakeIdentity.otherKey() })],
    ['signed by another key under the published kid', () => identity.sign(good(), { key: FakeIdentity.otherKey(), kid: identity.key.kid })],
    ['for another audience', () => identity.sign({ ...good(), aud: '00000000-0000-0000-0000-000000000001' })],
    ['from another issuer', () => identity.sign({ ...good(), iss: 'https://sts.example.org/' })],
    ['expired', () => identity.sign({ ...good(), iat: now() - 7200, nbf: now() - 7200, exp: now() - 3600 })],
    ['not yet valid', () => identity.sign({ ...good(), nbf: now() + 3600, exp: now() + 7200 })],
    ['with alg none', () => identity.sign(good(), { alg: 'none' })],
    ['with an unknown kid', () => identity.sign(good(), { kid: 'not-a-published-key' })],
    ['for another service URL', () => identity.sign({ ...good(), serviceurl: 'https://smba.example.org/evil/' })],
    ['that is not a JWT', () => 'not-a-jwt'],
  ];
  it.each(refused)('refuses a token %s with 401: nothing stored or sent, nothing internal in the body, a log line', async (_label, token) => {
    connector.reset();
    const before = await stored();
    const sent = activity('help');
    const res = await teams.post({ ...sent, conversation: { id: `a:other-${sent.id}`, conversationType: 'personal', tenantId: teams.tenantId } }, { Authorization: `Bearer ${token()}` });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Unauthorized' });
    expect(connector.calls).toHaveLength(0);
    expect(await stored()).toBe(before);
    expect(logged.some((r) => r.activityId === sent.id && r.msg === 'request refused: token not accepted')).toBe(true);
  });

  it('with a user-assigned managed identity, the reply carries a token from the identity endpoint', async () => {
    // App Service tells a process where its identity endpoint is through these two settings.
    const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
    process.env.IDENTITY_ENDPOINT = `${identity.url}/msi/token`;
    process.env.IDENTITY_HEADER = FakeIdentity.IDENTITY_HEADER;
    // Its own bot id: the SDK keeps outbound tokens per app id across adapters in a process.
    const MSI_BOT_ID = '3c9d7e11-2a4b-4c5d-8e6f-7a8b9c0d1e2f';
    const msi = await startHeadway(testStore('sqlite'), { botId: MSI_BOT_ID, botType: 'UserAssignedMsi', identity: { metadataUrl: identity.metadataUrl, loginUrl: identity.loginUrl, issuer: identity.issuer }, log: capture() });
    try {
      connector.reset();
      const res = await new TeamsClient(msi.server.url, connector, teams.tenantId).post(activity('help'), { Authorization: `Bearer ${identity.sign(identity.claims(MSI_BOT_ID, connector.url))}` });
      expect(res.status).toBe(200);
      const reply = connector.calls.find((c) => c.kind === 'reply' || c.kind === 'send')!;
      const issued = identity.issued.filter((i) => i.token.startsWith('msi-')).at(-1)!;
      expect(reply.authorization).toBe(`Bearer ${issued.token}`);
      expect(issued.form.get('client_id')).toBe(MSI_BOT_ID);
      expect(issued.form.get('resource')).toBe('https://api.botframework.com');
    } finally {
      await msi.stop();
      process.env.IDENTITY_ENDPOINT = saved.endpoint ?? '';
      process.env.IDENTITY_HEADER = saved.header ?? '';
      if (!saved.endpoint) delete process.env.IDENTITY_ENDPOINT;
      if (!saved.header) delete process.env.IDENTITY_HEADER;
    }
  });

  it('refuses a request with no token', async () => {
    const res = await teams.post(activity('help'));
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: 'Unauthorized' });
  });

  it('answers 503 naming nothing internal when the signing keys cannot be read, and logs why', async () => {
    // A fresh bot, so no keys are cached from before the outage.
    const down = await startHeadway(testStore('sqlite'), { botId: BOT_ID, identity: { metadataUrl: `${identity.url}/nowhere/openidconfiguration`, loginUrl: identity.loginUrl, issuer: identity.issuer }, log: capture() });
    try {
      const sent = activity('help');
      const res = await new TeamsClient(down.server.url, connector, teams.tenantId).post(sent, { Authorization: `Bearer ${identity.sign(good())}` });
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ error: 'Service unavailable' });
      expect(JSON.stringify(res.body)).not.toMatch(/127\.0\.0\.1|openid|fetch|ENOTFOUND/i);
      expect(logged.some((r) => r.activityId === sent.id && r.msg === 'request refused: the token could not be checked')).toBe(true);
    } finally {
      await down.stop();
    }
  });
});

describe('ALLOWED_TENANTS', () => {
  const ours = '6f1b2c3d-0000-4000-8000-000000000001';
  const theirs = '6f1b2c3d-0000-4000-8000-000000000002';
  const ada = makeUser('ada', 'Ada Ours');
  const eve = makeUser('eve', 'Eve Theirs');
  let connector: FakeConnector;
  let bot: Running;
  let inside: TeamsClient;
  let outside: TeamsClient;
  const logged: Record<string, unknown>[] = [];

  beforeAll(async () => {
    connector = await new FakeConnector().start();
    bot = await startHeadway(testStore('sqlite'), { coordinators: [ada.aadObjectId, eve.aadObjectId], allowedTenants: [ours], log: pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line) as Record<string, unknown>) }) });
    inside = new TeamsClient(bot.server.url, connector, ours);
    outside = new TeamsClient(bot.server.url, connector, theirs);
  });
  afterAll(async () => {
    await bot.stop();
    await connector.close();
  });

  const documents = async (tenantId: string) => {
    let count = 0;
    for (const partition of ['conversations', 'people', 'roles']) count += (await bot.store.query({ tenantId, pk: `${tenantId}|${partition}`, limit: 100 })).items.length;
    return count;
  };

  it('refuses another tenant with one line, stores nothing of them and logs it; our tenant is served', async () => {
    await inside.install(ada, inside.personal(ada));
    const served = await inside.say(ada, inside.personal(ada), 'help');
    expect(served.status).toBe(200);
    expect(await documents(ours)).toBeGreaterThan(0);

    await outside.install(eve, outside.personal(eve)); // no welcome: nothing at all for an install
    expect(connector.calls.filter((c) => c.conversationId === outside.personal(eve).id)).toHaveLength(0);
    const said = await outside.say(eve, outside.personal(eve), 'hosting campaigns');
    expect(said.status).toBe(200);
    expect(outside.texts(outside.personal(eve))).toEqual(['Headway is not available in your organisation.']);
    // A forged card action from the other tenant with a real verb gets the same line, and runs nothing.
    const clicked = await outside.post({ ...outside.base(eve, outside.personal(eve)), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'core.roles.show', data: {} } } });
    expect(clicked.status).toBe(200);
    expect(JSON.stringify(clicked.body)).toBe(JSON.stringify({ statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: 'Headway is not available in your organisation.' }));
    expect(await documents(theirs)).toBe(0);
    expect(logged.filter((r) => r.msg === 'request refused: tenant not allowed' && r.tenantId === theirs).length).toBeGreaterThanOrEqual(3);
  });

  it('refuses an activity that names no tenant', async () => {
    const base = outside.base(eve, outside.personal(eve));
    const res = await outside.post({ ...base, type: 'message', text: 'help', conversation: { id: 'a:no-tenant', conversationType: 'personal' }, channelData: {} });
    expect(res.status).toBe(200);
    expect(connector.calls.filter((c) => c.conversationId === 'a:no-tenant').map((c) => c.body?.text)).toEqual(['Headway is not available in your organisation.']);
  });
});

describe('HTTP error bodies name nothing internal', () => {
  let bot: Running;
  beforeAll(async () => {
    bot = await startHeadway(testStore('sqlite'));
  });
  afterAll(async () => {
    await bot.stop();
  });
  const internal = /at .*\(|node_modules|SyntaxError|Error:|\/work\/|src\/|stack/i;

  it.each([
    ['a body that is not JSON', '{"type": "message", ', 400, { error: 'Bad request' }],
    ['a JSON array', '[1, 2]', 400, { error: 'Bad request' }],
    ['an activity with no type', '{"text": "help"}', 400, { error: 'Bad request' }],
    ['a body over 1 MB', JSON.stringify({ type: 'message', text: 'x'.repeat(1_100_000) }), 413, { error: 'Request too large' }],
  ])('POST /api/messages with %s: %i', async (_label, body, status, expected) => {
    const res = await fetch(`${bot.server.url}/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const text = await res.text();
    expect(res.status).toBe(status);
    expect(JSON.parse(text)).toEqual(expected);
    expect(text).not.toMatch(internal);
  });

  it.each([
    ['/files/nothing-here?exp=1&sig=x', 404],
    ['/files/reviews-export?tenantId=t&reviewId=r&exp=99999999999999&sig=forged', 403],
    ['/files/reviews-export', 403],
  ])('GET %s: %i with a plain sentence', async (path, status) => {
    const res = await fetch(`${bot.server.url}${path}`);
    const text = await res.text();
    expect(res.status).toBe(status);
    expect(text).toMatch(/^[A-Z][^{}<>]*\.$/);
    expect(text).not.toMatch(internal);
  });
});
