import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../src/clock.js';
import { Collection, partitionKey, retryOnConflict } from '../src/store/collection.js';
import {
  AlreadyExistsError,
  ConcurrencyError,
  CorruptDocumentError,
  DocumentMissingError,
  type DocumentStore,
  type StoredDocument,
} from '../src/store/port.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { openTestCosmos } from './harness/cosmos-server.js';

const Note = z.object({ title: z.string(), rank: z.number().int(), tags: z.array(z.string()), done: z.boolean() });

const tenant = 'tenant-a';
const other = 'tenant-b';

function doc(id: string, pk: string, body: Record<string, unknown> = {}, tenantId = tenant): StoredDocument {
  const now = '2026-11-23T09:00:00.000Z';
  return { id, pk, type: 'note', tenantId, schemaVersion: 1, createdAt: now, updatedAt: now, ...body };
}

interface Adapter {
  name: string;
  open: () => Promise<DocumentStore>;
  /** Opens a second, independent handle on the same data (another process, another instance). */
  reopen: () => Promise<DocumentStore>;
}

const sqliteDir = mkdtempSync(join(tmpdir(), 'headway-contract-'));
const sqlitePath = join(sqliteDir, 'contract.db');
const cosmosDatabase = `contract-${randomUUID()}`;

const adapters: Adapter[] = [
  { name: 'sqlite', open: async () => new SqliteStore(sqlitePath), reopen: async () => new SqliteStore(sqlitePath) },
  {
    name: 'cosmos',
    open: () => openTestCosmos(inject('cosmosEndpoint'), cosmosDatabase),
    reopen: () => openTestCosmos(inject('cosmosEndpoint'), cosmosDatabase),
  },
];

describe.each(adapters)('DocumentStore contract: $name', (adapter) => {
  let store: DocumentStore;
  let pk: string;
  const clock = new ManualClock();

  beforeAll(async () => {
    store = await adapter.open();
  });
  afterAll(async () => {
    await store.close();
  });

  const freshPartition = () => (pk = `${tenant}|p-${randomUUID()}`);

  it('creates, reads, replaces, upserts and deletes', async () => {
    freshPartition();
    const created = await store.create(doc('a', pk, { title: 'one' }));
    expect(created.etag).toBeTruthy();
    expect((await store.get({ tenantId: tenant, pk, id: 'a' }))?.doc).toMatchObject({ title: 'one', id: 'a' });

    const replaced = await store.replace(doc('a', pk, { title: 'two' }), { ifMatch: created.etag });
    expect(replaced.etag).not.toBe(created.etag);
    expect((await store.get({ tenantId: tenant, pk, id: 'a' }))?.doc.title).toBe('two');

    await store.upsert(doc('b', pk, { title: 'new' }));
    await store.upsert(doc('b', pk, { title: 'newer' }));
    expect((await store.get({ tenantId: tenant, pk, id: 'b' }))?.doc.title).toBe('newer');

    expect(await store.delete({ tenantId: tenant, pk, id: 'a' })).toBe(true);
    expect(await store.delete({ tenantId: tenant, pk, id: 'a' })).toBe(false);
    expect(await store.get({ tenantId: tenant, pk, id: 'a' })).toBeUndefined();
  });

  it('refuses a duplicate create and a replace of a missing document', async () => {
    freshPartition();
    await store.create(doc('x', pk));
    await expect(store.create(doc('x', pk))).rejects.toBeInstanceOf(AlreadyExistsError);
    await expect(store.replace(doc('missing', pk))).rejects.toBeInstanceOf(DocumentMissingError);
  });

  it('maps a stale ETag to ConcurrencyError and keeps the winning write', async () => {
    freshPartition();
    const first = await store.create(doc('c', pk, { title: 'base' }));
    await store.replace(doc('c', pk, { title: 'winner' }), { ifMatch: first.etag });
    await expect(store.replace(doc('c', pk, { title: 'loser' }), { ifMatch: first.etag })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.upsert(doc('c', pk, { title: 'loser' }), { ifMatch: first.etag })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    await expect(store.delete({ tenantId: tenant, pk, id: 'c' }, { ifMatch: first.etag })).rejects.toBeInstanceOf(
      ConcurrencyError,
    );
    expect((await store.get({ tenantId: tenant, pk, id: 'c' }))?.doc.title).toBe('winner');
    if (store.kind === 'cosmos') {
      // The mapped error keeps what Cosmos DB said, for the log.
      const stale = await store.replace(doc('c', pk, { title: 'loser' }), { ifMatch: first.etag }).catch((e: unknown) => e);
      expect((stale as Error).cause).toMatchObject({ code: 412 });
    }
  });

  it('retries a read-modify-write on conflict so concurrent increments are all kept', async () => {
    const notes = new Collection(store, clock, 'note', Note);
    const scope = { tenantId: tenant, partition: `counter-${randomUUID()}` };
    await notes.create(scope, 'n', { title: 't', rank: 0, tags: [], done: false });
    await Promise.all(
      Array.from({ length: 10 }, () => notes.update(scope, 'n', (current) => ({ ...current!, rank: current!.rank + 1 }))),
    );
    expect((await notes.get(scope, 'n'))?.doc.rank).toBe(10);

    let calls = 0;
    await expect(
      retryOnConflict(async () => {
        calls++;
        throw new ConcurrencyError('always stale');
      }, clock, 3),
    ).rejects.toBeInstanceOf(ConcurrencyError);
    expect(calls).toBe(3);
  });

  it('hands out counter values atomically: 120 writers at once get 1..120, each once, starting from an absent document', async () => {
    const notes = new Collection(store, clock, 'note', Note);
    const scope = { tenantId: tenant, partition: `tickets-${randomUUID()}` };
    const body = { title: 'tickets', rank: 0, tags: [], done: false };
    const values = await Promise.all(Array.from({ length: 120 }, () => notes.increment(scope, 'queue', 'rank', body)));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    const stored = await notes.get(scope, 'queue');
    expect(stored?.doc).toMatchObject({ rank: 120, title: 'tickets', type: 'note' });
    expect(await notes.increment(scope, 'queue', 'rank', body, 5)).toBe(125);
    // Another tenant's counter of the same name is its own.
    expect(await notes.increment({ ...scope, tenantId: other }, 'queue', 'rank', body)).toBe(1);
  });

  it('queries within a partition with filters, order and limit', async () => {
    freshPartition();
    const rows = [
      { id: 'q1', title: 'alpha', rank: 3, tags: ['red'], done: false },
      { id: 'q2', title: 'beta', rank: 1, tags: ['blue', 'red'], done: true },
      { id: 'q3', title: 'gamma', rank: 2, tags: [], done: false },
      { id: 'q4', title: 'delta', rank: 5, tags: ['blue'], done: false },
    ];
    for (const row of rows) await store.create(doc(row.id, pk, row));
    await store.create({ ...doc('elsewhere', `${tenant}|other-${randomUUID()}`), rank: 0 });
    await store.create({ ...doc('other-type', pk, { rank: 4 }), type: 'task' });

    const ordered = await store.query({ tenantId: tenant, pk, type: 'note', orderBy: [{ field: 'rank' }] });
    expect(ordered.items.map((i) => i.doc.id)).toEqual(['q2', 'q3', 'q1', 'q4']);

    const filtered = await store.query({
      tenantId: tenant,
      pk,
      type: 'note',
      where: [
        { field: 'done', op: '=', value: false },
        { field: 'rank', op: '>=', value: 3 },
      ],
      orderBy: [{ field: 'rank', direction: 'desc' }],
      limit: 1,
    });
    expect(filtered.items.map((i) => i.doc.id)).toEqual(['q4']);

    const tagged = await store.query({ tenantId: tenant, pk, where: [{ field: 'tags', op: 'contains', value: 'red' }], orderBy: [{ field: 'title' }] });
    expect(tagged.items.map((i) => i.doc.id)).toEqual(['q1', 'q2']);

    const inList = await store.query({ tenantId: tenant, pk, where: [{ field: 'title', op: 'in', value: ['beta', 'gamma'] }], orderBy: [{ field: 'title' }] });
    expect(inList.items.map((i) => i.doc.id)).toEqual(['q2', 'q3']);
    expect(inList.items[0]?.etag).toBeTruthy();
  });

  it('pages through more than one page with continuation tokens', async () => {
    freshPartition();
    for (let i = 0; i < 23; i++) await store.create(doc(`item-${String(i).padStart(2, '0')}`, pk, { rank: i }));
    const seen: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await store.query({ tenantId: tenant, pk, orderBy: [{ field: 'rank' }], limit: 10, ...(continuation ? { continuation } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(10);
      seen.push(...page.items.map((i) => i.doc.id));
      continuation = page.continuation;
      pages++;
    } while (continuation && pages < 10);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(Array.from({ length: 23 }, (_, i) => `item-${String(i).padStart(2, '0')}`));
  });

  it('keeps tenants apart: no reads, queries, deletes or overwrites across tenants', async () => {
    freshPartition();
    await store.create(doc('secret', pk, { title: 'tenant a only' }));
    expect(await store.get({ tenantId: other, pk, id: 'secret' })).toBeUndefined();
    expect((await store.query({ tenantId: other, pk })).items).toEqual([]);
    expect(await store.delete({ tenantId: other, pk, id: 'secret' })).toBe(false);
    expect((await store.get({ tenantId: tenant, pk, id: 'secret' }))?.doc.title).toBe('tenant a only');

    // Through a Collection the partition key itself carries the tenant, so ids never collide.
    const notes = new Collection(store, clock, 'note', Note);
    const partition = `shared-${randomUUID()}`;
    await notes.create({ tenantId: tenant, partition }, 'same-id', { title: 'A', rank: 1, tags: [], done: false });
    await notes.create({ tenantId: other, partition }, 'same-id', { title: 'B', rank: 1, tags: [], done: false });
    expect((await notes.get({ tenantId: tenant, partition }, 'same-id'))?.doc.title).toBe('A');
    expect((await notes.all({ tenantId: other, partition })).map((n) => n.title)).toEqual(['B']);
    expect(partitionKey({ tenantId: tenant, partition })).toBe(`${tenant}|${partition}`);
  });

  it('validates documents on read: a corrupt document is a typed error', async () => {
    const notes = new Collection(store, clock, 'note', Note);
    const scope = { tenantId: tenant, partition: `corrupt-${randomUUID()}` };
    await store.create(doc('bad', partitionKey(scope), { title: 42, rank: 'high' }));
    const error = await notes.get(scope, 'bad').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CorruptDocumentError);
    expect((error as CorruptDocumentError).problems.join(' ')).toMatch(/title/);
    await expect(notes.all(scope)).rejects.toBeInstanceOf(CorruptDocumentError);
  });

  it('stamps the envelope and keeps createdAt across writes', async () => {
    const notes = new Collection(store, clock, 'note', Note);
    const scope = { tenantId: tenant, partition: `stamp-${randomUUID()}` };
    const first = await notes.create(scope, 's', { title: 't', rank: 1, tags: [], done: false });
    clock.advance(60_000);
    const second = await notes.replace(first, { ...first.doc, rank: 2 });
    expect(second.doc.createdAt).toBe(first.doc.createdAt);
    expect(second.doc.updatedAt).not.toBe(first.doc.updatedAt);
    expect(second.doc).toMatchObject({ type: 'note', tenantId: tenant, schemaVersion: 1 });
  });

  it('sweeps one type across tenants and partitions by last write, for the retention job', async () => {
    const type = `sweep-${randomUUID().slice(0, 8)}`;
    const at = (updatedAt: string, id: string, p: string, tenantId = tenant): StoredDocument => ({ ...doc(id, p, {}, tenantId), type, updatedAt });
    await store.create(at('2025-01-01T00:00:00.000Z', 'old-1', `${pk}-a`));
    await store.create(at('2025-02-01T00:00:00.000Z', 'old-2', `${pk}-b`, other));
    await store.create(at('2026-11-01T00:00:00.000Z', 'new-1', `${pk}-a`));
    await store.create({ ...doc('other-type', `${pk}-a`), updatedAt: '2025-01-01T00:00:00.000Z' });
    const old = await store.sweep({ type, updatedBefore: '2026-01-01T00:00:00.000Z', limit: 10 });
    expect(old.map((v) => v.doc.id).sort()).toEqual(['old-1', 'old-2']);
    expect(old.every((v) => typeof v.etag === 'string' && v.etag !== '')).toBe(true);
    expect(await store.sweep({ type, updatedBefore: '2026-01-01T00:00:00.000Z', limit: 1 })).toHaveLength(1);
    // What it found can be deleted as found, tenant by tenant.
    for (const v of old) expect(await store.delete({ tenantId: v.doc.tenantId, pk: v.doc.pk, id: v.doc.id }, { ifMatch: v.etag })).toBe(true);
    expect(await store.sweep({ type, updatedBefore: '2026-01-01T00:00:00.000Z', limit: 10 })).toEqual([]);
  });

  it('scans one tenant\'s documents of one type in every partition, filtered and paged, for erasure', async () => {
    const type = `scan-${randomUUID().slice(0, 8)}`;
    const of = (id: string, p: string, body: Record<string, unknown>, tenantId = tenant): StoredDocument => ({ ...doc(id, p, body, tenantId), type });
    for (let i = 0; i < 5; i++) await store.create(of(`mine-${i}`, `${pk}-${i}`, { owner: 'u1' }));
    await store.create(of('theirs', `${pk}-0`, { owner: 'u2' }));
    await store.create(of('other-tenant', `${pk}-0`, { owner: 'u1' }, other));
    await store.create({ ...doc('other-type', `${pk}-0`, { owner: 'u1' }) });
    const seen: string[] = [];
    let continuation: string | undefined;
    let pages = 0;
    do {
      const page = await store.scan({ tenantId: tenant, type, where: [{ field: 'owner', op: '=', value: 'u1' }], limit: 2, ...(continuation ? { continuation } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((v) => v.doc.id));
      continuation = page.continuation;
      pages++;
    } while (continuation && pages < 20);
    expect(seen.sort()).toEqual(['mine-0', 'mine-1', 'mine-2', 'mine-3', 'mine-4']);
    expect(pages).toBeGreaterThanOrEqual(3);
    const everyone = await store.scan({ tenantId: tenant, type });
    expect(everyone.items.map((v) => v.doc.id).sort()).toEqual(['mine-0', 'mine-1', 'mine-2', 'mine-3', 'mine-4', 'theirs']);
    // Without a tenant (the retention job only): every tenant's.
    const everywhere = await store.scan({ type, where: [{ field: 'owner', op: '=', value: 'u1' }] });
    expect(everywhere.items.map((v) => v.doc.id).sort()).toEqual(['mine-0', 'mine-1', 'mine-2', 'mine-3', 'mine-4', 'other-tenant']);
  });

  it('answers ping while open', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('keeps data across a reopen and shares ETag rules between two handles', async () => {
    freshPartition();
    const written = await store.create(doc('durable', pk, { title: 'kept' }));
    const second = await adapter.reopen();
    try {
      expect((await second.get({ tenantId: tenant, pk, id: 'durable' }))?.doc.title).toBe('kept');
      await second.replace(doc('durable', pk, { title: 'by second' }), { ifMatch: written.etag });
      await expect(store.replace(doc('durable', pk, { title: 'stale' }), { ifMatch: written.etag })).rejects.toBeInstanceOf(
        ConcurrencyError,
      );
    } finally {
      await second.close();
    }
    await store.close();
    store = await adapter.open();
    expect((await store.get({ tenantId: tenant, pk, id: 'durable' }))?.doc.title).toBe('by second');
  });
});
