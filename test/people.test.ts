import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { Person } from '../src/features/core/model.js';
import { PeopleDirectory, searchKeysOf } from '../src/features/core/people.js';
import { Collection } from '../src/store/collection.js';
import type { DocumentStore } from '../src/store/port.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, makeUser } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe('searchKeysOf', () => {
  it('keeps word prefixes up to 12 characters, lower case, without accents', () => {
    expect(searchKeysOf('José Ó Briain')).toEqual(['j', 'jo', 'jos', 'jose', 'o', 'b', 'br', 'bri', 'bria', 'briai', 'briain']);
    expect(searchKeysOf('José Ó Briain')).toContain('jose');
    expect(searchKeysOf('Anne-Marie')).toEqual(expect.arrayContaining(['anne', 'marie']));
    expect(searchKeysOf('Bartholomew-Featherstonehaugh').every((k) => k.length <= 12)).toBe(true);
  });
});

describe.each(kinds)('finding people by name (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const tenantId = 'tenant-people';
  let store: DocumentStore;
  let people: PeopleDirectory;
  let docs: Collection<typeof Person>;

  beforeAll(async () => {
    store = await testStore(kind, inject('cosmosEndpoint')).open();
    docs = new Collection(store, clock, 'person', Person);
    people = new PeopleDirectory(docs, clock);
  });
  afterAll(async () => {
    await store.close();
  });

  it('finds by the start of each word typed, and finds people recorded before search once they are backfilled', async () => {
    for (const [id, name] of [['g', 'Grace Adeyemi'], ['a', 'Amara Okafor'], ['j', 'José Ramírez'], ['t', 'Tom Adewale']] as const) await people.record(tenantId, { userId: id, name });
    expect((await people.search(tenantId, 'ade')).map((p) => p.name)).toEqual(['Grace Adeyemi', 'Tom Adewale']);
    expect((await people.search(tenantId, 'gra ade')).map((p) => p.name)).toEqual(['Grace Adeyemi']);
    expect((await people.search(tenantId, 'jose')).map((p) => p.name)).toEqual(['José Ramírez']);
    expect(await people.search(tenantId, '   ')).toEqual([]);
    expect(await people.search('another-tenant', 'grace')).toEqual([]);
    // Someone recorded by an earlier version has no search keys until the migration writes them.
    await store.create({ id: 'old', pk: `${tenantId}|people`, type: 'person', tenantId, schemaVersion: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', name: 'Olu Old', lastSeenAt: '2026-01-01T00:00:00Z' });
    expect(await people.search(tenantId, 'olu')).toEqual([]);
    clock.advance(1000);
    expect(await people.backfillSearchKeys(clock.now())).toBe(5);
    expect((await people.search(tenantId, 'olu')).map((p) => p.userId)).toEqual(['old']);
    expect(await people.backfillSearchKeys(new Date('2026-01-02T00:00:00Z'))).toBe(0);
  });
  it('someone talking to the bot often is read once per ten minutes, and a new name is written at once', async () => {
    let reads = 0;
    const counting = new Proxy(store, { get: (target, prop, receiver) => (prop === 'get' ? (...args: Parameters<DocumentStore['get']>) => (reads++, target.get(...args)) : Reflect.get(target, prop, receiver)) });
    const memo = new PeopleDirectory(new Collection(counting, clock, 'person', Person), clock);
    for (let i = 0; i < 10; i++) await memo.record(tenantId, { userId: 'often', name: 'Often Here', teamsId: '29:often' });
    expect(reads).toBe(1);
    await memo.record(tenantId, { userId: 'often', name: 'Often Here-Again', teamsId: '29:often' });
    expect(reads).toBe(2);
    expect((await docs.get({ tenantId, partition: 'people' }, 'often'))?.doc.name).toBe('Often Here-Again');
    clock.advance(10 * 60_000);
    await memo.record(tenantId, { userId: 'often', name: 'Often Here-Again', teamsId: '29:often' });
    expect(reads).toBe(3);
  });
});

describe.each(kinds)('pickers in a tenant where Headway knows 5,000 people (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = () => world.teams.personal(grace);
  const sizes: Record<string, number> = {};

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    await world.teams.install(grace, chat());
    const ids = Array.from({ length: 5000 }, (_, i) => i);
    for (let i = 0; i < ids.length; i += 100) {
      await Promise.all(ids.slice(i, i + 100).map((n) => world.bot.services.people.record(world.teams.tenantId, { userId: `person-${n}`, name: `Person ${n} Surname${n % 97}` })));
    }
  }, 120_000);
  afterAll(async () => {
    await world.stop();
  });

  const size = (label: string) => {
    const card = world.teams.latestCard(grace, chat()).card;
    sizes[label] = 2 * JSON.stringify(card).length;
    return cardText(card);
  };

  it('every picker card stays under 80 KB as Teams counts, and anyone can be found by part of their name', async () => {
    const { teams } = world;
    await teams.say(grace, chat(), 'roles');
    size('roles');
    await teams.click(grace, chat(), 'Find', { find: 'person 4321' });
    expect(size('roles, found')).toContain('1 match for "person 4321": choose below.');
    expect(JSON.stringify(teams.latestCard(grace, chat()).card)).toContain('person-4321');
    await teams.click(grace, chat(), 'Find', { find: 'surname5' });
    expect(size('roles, many found')).toContain('The first 20 matches for "surname5"');

    await teams.say(grace, chat(), 'coaching setup');
    await teams.click(grace, chat(), 'Create programme', { resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    await teams.say(grace, chat(), 'coaching invite');
    size('coaching invite');
    await teams.click(grace, chat(), 'Find', { find: 'person 17' });
    expect(size('coaching invite, found')).toContain('matches for "person 17"');
    await teams.say(grace, chat(), 'coaching facilitators');
    size('facilitators');

    await teams.say(grace, chat(), 'hosting new');
    await teams.click(grace, chat(), 'Create campaign', { contactEmail: 'grace@example.org', contactPhone: '020 8825 8542' });
    await teams.click(grace, chat(), 'Invite heads');
    size('hosting invite');
    await teams.click(grace, chat(), 'Find', { find: 'person 4999' });
    expect(size('hosting invite, found')).toContain('1 match');
    for (const [label, bytes] of Object.entries(sizes)) expect(bytes, label).toBeLessThan(80 * 1024);
    expect(Object.keys(sizes)).toHaveLength(8);
  });

  it('a team of 1,200 is read in pages of 500, once for a lead\'s Finds within two minutes', async () => {
    const { teams, connector } = world;
    const channel = teams.channel('big', 'slt');
    const members = Array.from({ length: 1200 }, (_, n) => ({ id: `29:team-${n}`, aadObjectId: `team-${n}`, name: `Member ${n} Teamname` }));
    connector.setMembers(channel.teamId!, [{ id: grace.id, aadObjectId: grace.aadObjectId, name: grace.name }, ...members]);
    await teams.install(grace, channel);
    const rosterCalls = () => connector.calls.filter((c) => c.kind === 'members' && c.conversationId === channel.teamId).length;
    const before = rosterCalls();
    await teams.say(grace, channel, 'review start');
    const started = await teams.click(grace, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
    expect(rosterCalls() - before).toBe(3); // 500 + 500 + 201
    const startCard = teams.cards(channel).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
    const assign = { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value };
    const found = await teams.click(grace, channel, 'Find', { find: 'member 1199' }, { card: assign });
    expect(JSON.stringify(found.body)).toContain('team-1199'); // the last page's people are there
    await teams.click(grace, channel, 'Find', { find: 'member 7' }, { card: assign });
    expect(rosterCalls() - before).toBe(3);
    clock.advance(2 * 60_000);
    await teams.click(grace, channel, 'Find', { find: 'member 8' }, { card: assign });
    expect(rosterCalls() - before).toBe(6); // read afresh: people join and leave
  });
});
