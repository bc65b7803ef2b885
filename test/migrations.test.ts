import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { Programme, Registration, Seat, inProgramme } from '../src/features/coaching/model.js';
import { Collection } from '../src/store/collection.js';
import { startWorld, testStore, type StoreKind } from './harness/headway.js';
import { cardText, makeUser, type User } from './harness/teams.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

const ELIGIBLE = { firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary', authority: 'Ealing', school: 'Ash Primary', email: 'head@example.org' };

/**
 * A programme set up before seats kept its places and waiting list as arrays in the programme
 * document. After the migration the same people hold the places and the queue, in order, and
 * joining, withdrawing and offers carry on as if the programme had always had seats.
 */
describe.each(kinds)('migration of coaching places to seats (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  const grace = makeUser('grace', 'Grace Adeyemi');
  const [amara, ben, cleo, dev, ed] = ['amara', 'ben', 'cleo', 'dev', 'ed'].map((k) => makeUser(k, `${k} Head`)) as [User, User, User, User, User];
  let world: Awaited<ReturnType<typeof startWorld>>;
  const chat = (user: User) => world.teams.personal(user);
  const text = (user: User) => cardText(world.teams.latestCard(user, chat(user)).card);
  const join = async (user: User) => {
    await world.teams.say(user, chat(user), 'coaching join');
    await world.teams.click(user, chat(user), /^Check/, ELIGIBLE);
  };

  beforeAll(async () => {
    world = await startWorld(testStore(kind, inject('cosmosEndpoint')), { coordinators: [grace.aadObjectId], clock });
    for (const user of [grace, amara, ben, cleo, dev, ed]) await world.teams.install(user, chat(user));
  });
  afterAll(async () => {
    await world.stop();
  });

  it('moves the old places and queue to seats and tickets, once, and the programme carries on', async () => {
    const { teams, bot } = world;
    await teams.say(grace, chat(grace), 'coaching setup');
    await teams.click(grace, chat(grace), 'Create programme', { cap: '2', offerDays: '3', resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
    for (const head of [amara, ben, cleo, dev]) await join(head);
    const programme = (await bot.headway.coaching.programmes.current(teams.tenantId))!;

    // Put the programme back in the shape it had before seats: arrays in the programme, nothing else.
    const c = {
      programmes: new Collection(bot.store, clock, 'coachingProgramme', Programme),
      registrations: new Collection(bot.store, clock, 'coachingRegistration', Registration),
      seats: new Collection(bot.store, clock, 'coachingSeat', Seat),
    };
    const scope = inProgramme(teams.tenantId, programme.id);
    const pk = c.seats.key(scope, '').pk;
    for (const type of ['coachingSeat', 'coachingQueue', 'coachingLeftTicket']) {
      for (const { doc } of (await bot.store.query({ tenantId: teams.tenantId, pk, type, limit: 100 })).items) await bot.store.delete({ tenantId: teams.tenantId, pk, id: doc.id });
    }
    for (const reg of await c.registrations.all(scope)) {
      const { seat: _seat, ticket: _ticket, ...old } = reg;
      await c.registrations.upsert(scope, reg.id, old);
    }
    await c.programmes.update({ tenantId: teams.tenantId, partition: 'coaching' }, programme.id, (current) => ({ ...current!, places: [amara.aadObjectId, ben.aadObjectId], waitlist: [cleo.aadObjectId, dev.aadObjectId] }));

    clock.advance(60_000);
    expect(await bot.headway.coaching.moveLegacyPlaces()).toBe(1);
    clock.advance(60_000);
    expect(await bot.headway.coaching.moveLegacyPlaces()).toBe(0); // run again: nothing left to move
    const after = (await c.programmes.get({ tenantId: teams.tenantId, partition: 'coaching' }, programme.id))!.doc;
    expect(after.places).toBeUndefined();
    expect(after.waitlist).toBeUndefined();
    expect((await c.seats.all(scope)).map((s) => [s.seat, s.userId]).sort()).toEqual([[1, amara.aadObjectId], [2, ben.aadObjectId]]);

    // The cap holds, and the queue goes on after the old one.
    await join(ed);
    expect(text(ed)).toContain('number 3 on the waiting list');
    await teams.say(cleo, chat(cleo), 'coaching join');
    expect(text(cleo)).toContain('number 1 on the waiting list');
    await teams.say(amara, chat(amara), 'leave coaching');
    await teams.click(amara, chat(amara), 'Yes, withdraw');
    expect(text(amara)).toContain('You have withdrawn');
    expect(text(cleo)).toContain('A place is yours if you want it'); // the first of the old queue
    await teams.click(cleo, chat(cleo), 'Accept my place');
    expect(text(cleo)).toContain('You are eligible and registered');
    await teams.say(ed, chat(ed), 'coaching join');
    expect(text(ed)).toContain('number 2 on the waiting list');
  });
});
