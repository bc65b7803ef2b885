import { createHmac } from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { Collection } from '../src/store/collection.js';
import type { DocumentStore } from '../src/store/port.js';
import { FileLinks, LinkError } from '../src/teams/links.js';
import { testStore, type StoreKind } from './harness/headway.js';
import { z } from 'zod';

const kinds: StoreKind[] = ['sqlite', 'cosmos'];

describe.each(kinds)('signed file links with key ids (%s store)', (kind) => {
  const opened: DocumentStore[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((s) => s.close()));
  });
  const open = async () => {
    const handle = testStore(kind, inject('cosmosEndpoint'));
    const a = await handle.open();
    const b = await handle.open();
    opened.push(a, b);
    return { a, b };
  };
  const file = { name: 'reviews-export', tenantId: 't1', params: { reviewId: 'r1' } };
  const query = (url: string) => new URL(url, 'http://localhost').searchParams;
  const refused = async (links: FileLinks, url: string) => links.verify('reviews-export', query(url)).then(() => 'accepted', (e: unknown) => (e instanceof LinkError ? e.status : 'error'));

  it('a link carries its key id; after a rotation on another instance, old links still work until the old key is dropped', async () => {
    const clock = new ManualClock('2026-12-02T09:00:00Z');
    const { a, b } = await open();
    const one = new FileLinks(a, clock, 'https://headway.example.org');
    const two = new FileLinks(b, clock, 'https://headway.example.org');
    const before = await one.sign(file);
    const firstKid = query(before).get('kid');
    expect(firstKid).toMatch(/^[\w-]{8}$/);
    expect(await two.verify('reviews-export', query(before))).toEqual(file);

    const rotated = await two.rotate();
    expect(rotated).not.toBe(firstKid);
    const after = await two.sign(file);
    expect(query(after).get('kid')).toBe(rotated);
    // Instance one has not read the ring since: it meets the new key id and reads it again.
    expect(await one.verify('reviews-export', query(after))).toEqual(file);
    expect(await one.verify('reviews-export', query(before))).toEqual(file);

    // A rotation more than a link's life later drops the key retired before.
    clock.advance(61 * 60_000);
    await two.rotate();
    const stale = query(before);
    stale.set('exp', String(clock.now().getTime() + 60_000)); // even with a fresh expiry: its key is gone
    expect(await refused(new FileLinks(b, clock, undefined), `https://x/files/reviews-export?${stale.toString()}`)).toBe(403);
  });

  it('refuses a link with an unknown or swapped key id, and a tampered one', async () => {
    const clock = new ManualClock('2026-12-02T09:00:00Z');
    const { a } = await open();
    const links = new FileLinks(a, clock, 'https://headway.example.org');
    const url = await links.sign(file);
    const unknown = new URL(url);
    unknown.searchParams.set('kid', 'nosuchkey');
    expect(await refused(links, unknown.toString())).toBe(403);
    const tampered = new URL(url);
    tampered.searchParams.set('p.reviewId', 'r2');
    expect(await refused(links, tampered.toString())).toBe(403);
  });

  it('links signed before key ids (the legacy key, no kid) keep working', async () => {
    const clock = new ManualClock('2026-12-02T09:00:00Z');
    const { a } = await open();
    // The store as the previous release left it: one key, no ring.
    const legacyKey = Buffer.alloc(32, 7);
    await new Collection(a, clock, 'secret', z.object({ key: z.string() })).create({ tenantId: '_system', partition: 'secrets' }, 'file-links', { key: legacyKey.toString('base64') });
    const q = new URLSearchParams({ t: 't1', 'p.reviewId': 'r1', exp: String(clock.now().getTime() + 60_000) });
    const sorted = [...q.entries()].sort(([x], [y]) => x.localeCompare(y));
    q.set('sig', createHmac('sha256', legacyKey).update(`reviews-export\n${sorted.map(([k, v]) => `${k}=${v}`).join('&')}`).digest('base64url'));
    const links = new FileLinks(a, clock, undefined);
    expect(await links.verify('reviews-export', q)).toEqual(file);
    expect(query(await links.sign(file)).get('kid')).not.toBe('legacy'); // new links use a new key
  });
});
