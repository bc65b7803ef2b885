import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { CoordinatorRoster, Person, RoleGrant } from '../src/features/core/model.js';
import { PeopleDirectory } from '../src/features/core/people.js';
import { RoleService } from '../src/features/core/service.js';
import { Collection } from '../src/store/collection.js';
import type { DocumentStore } from '../src/store/port.js';
import { testStore, type StoreKind } from './harness/headway.js';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];
const TENANT = 'tenant-roles';

describe.each(kinds)('coordinators revoking each other at the same moment (%s store)', (kind) => {
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  let store: DocumentStore;
  const roles = (bootstrap: string[]) =>
    new RoleService(new Collection(store, clock, 'roleGrant', RoleGrant), new Collection(store, clock, 'coordinatorRoster', CoordinatorRoster), people(), bootstrap);
  const people = () => new PeopleDirectory(new Collection(store, clock, 'person', Person), clock);
  const actor = (userId: string) => ({ tenantId: TENANT, userId, name: userId, scope: 'personal' as const, conversationId: `chat-${userId}` });

  beforeAll(async () => {
    store = await testStore(kind, inject('cosmosEndpoint')).open();
  });
  afterAll(async () => {
    await store.close();
  });

  it('always leaves at least one coordinator, however the writes interleave', async () => {
    const directory = people();
    for (const id of ['ana', 'bo', 'cy']) await directory.record(TENANT, { userId: id, name: id });
    // The first coordinator came from COORDINATORS; later the setting is emptied, as after handover.
    const boot = roles(['boot']);
    for (const id of ['ana', 'bo']) await boot.grantById(actor('boot'), 'coordinator', id);
    const handedOver = roles([]);
    const results = await Promise.allSettled([
      handedOver.revoke(actor('ana'), 'coordinator', 'bo'),
      handedOver.revoke(actor('bo'), 'coordinator', 'ana'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason)).toMatch(/at least one coordinator|That is for coordinators/);
    const left = await Promise.all(['ana', 'bo'].map(async (id) => (await handedOver.rolesOf(TENANT, id)).has('coordinator')));
    expect(left.filter(Boolean)).toHaveLength(1);
  });

  it('two coordinators deleting their data at the same moment: one goes, the last one is refused and keeps the role', async () => {
    const tenant = 'tenant-roles-erase';
    const directory = people();
    for (const id of ['dee', 'eli']) await directory.record(tenant, { userId: id, name: id });
    const boot = roles(['boot']);
    for (const id of ['dee', 'eli']) await boot.grantById({ ...actor('boot'), tenantId: tenant }, 'coordinator', id);
    await boot.grant({ ...actor('dee'), tenantId: tenant }, 'facilitator', { userId: 'fay', name: 'fay' });
    await boot.grant({ ...actor('eli'), tenantId: tenant }, 'facilitator', { userId: 'gus', name: 'gus' });
    const handedOver = roles([]);
    const results = await Promise.allSettled([handedOver.relinquish(tenant, 'dee'), handedOver.relinquish(tenant, 'eli')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain('You are the only coordinator');
    const left = await Promise.all(['dee', 'eli'].map(async (id) => (await handedOver.rolesOf(tenant, id)).has('coordinator')));
    expect(left.filter(Boolean)).toHaveLength(1);
    // The grant the one who went gave stays, without their name; the other's keeps it.
    const [gone, stayed] = left[0] ? ['gus', 'fay'] : ['fay', 'gus'];
    const grants = new Collection(store, clock, 'roleGrant', RoleGrant);
    expect((await grants.get({ tenantId: tenant, partition: 'roles' }, `facilitator:${gone}`))?.doc).toMatchObject({ userId: gone, grantedBy: '', grantedByName: '' });
    expect((await grants.get({ tenantId: tenant, partition: 'roles' }, `facilitator:${stayed}`))?.doc.grantedBy).not.toBe('');
  });
});
