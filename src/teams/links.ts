import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { Collection } from '../store/collection.js';
import type { DocumentStore } from '../store/port.js';

/** Before key ids: one key, id `file-links`. Still read, as key id `legacy`, so its links keep working until they expire. */
const LegacySecret = z.object({ key: z.string() });
/**
 * The signing keys, id `file-link-keys`: links are signed with `current` and carry its id; any
 * key still in the ring checks links. A rotation adds a key, makes it current and drops keys
 * retired longer than a link lives.
 */
const KeyRing = z.object({
  current: z.string(),
  keys: z.array(z.object({ kid: z.string(), key: z.string(), createdAt: z.string(), retiredAt: z.string().optional() })),
});
type KeyRing = z.infer<typeof KeyRing>;
const SYSTEM = { tenantId: '_system', partition: 'secrets' };

export class LinkError extends Error {
  constructor(
    readonly status: 403 | 410,
    message: string,
  ) {
    super(message);
  }
}

export interface SignedFile {
  name: string;
  tenantId: string;
  params: Record<string, string>;
}

/**
 * Expiring signed links to files the bot serves (exports, calendar files): an HMAC over the
 * file name, tenant, parameters, expiry and key id. The keys are made per deployment and kept in
 * the store, so every instance signs and checks alike and no secret sits in app settings; the key
 * id lets a key be rotated without breaking the links in flight (see `rotate`).
 */
export class FileLinks {
  private readonly legacy: Collection<typeof LegacySecret>;
  private readonly rings: Collection<typeof KeyRing>;
  private ring: KeyRing | undefined;
  private base: string;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    publicUrl: string | undefined,
    private readonly ttlMs = 60 * 60_000,
  ) {
    this.legacy = new Collection(store, clock, 'secret', LegacySecret);
    this.rings = new Collection(store, clock, 'secret', KeyRing);
    this.base = (publicUrl ?? '').replace(/\/$/, '');
  }

  /** Where the bot is reachable, when PUBLIC_URL is not configured (local runs). */
  setBase(url: string): void {
    if (this.base === '') this.base = url.replace(/\/$/, '');
  }

  /** A link to `file` that works for `ttlMs` (an hour unless the file is more personal than that). */
  async sign(file: SignedFile, ttlMs = this.ttlMs): Promise<string> {
    const ring = await this.keys();
    const expires = String(this.clock.now().getTime() + ttlMs);
    const query = new URLSearchParams({ t: file.tenantId, ...prefixed(file.params), exp: expires, kid: ring.current });
    query.set('sig', this.signature(keyOf(ring, ring.current)!, file.name, query));
    return `${this.base}/files/${encodeURIComponent(file.name)}?${query.toString()}`;
  }

  async verify(name: string, query: URLSearchParams): Promise<SignedFile> {
    const given = query.get('sig') ?? '';
    const unsigned = new URLSearchParams(query);
    unsigned.delete('sig');
    // Links from before key ids carry none: they were signed with the legacy key.
    const kid = query.get('kid') ?? 'legacy';
    let key = keyOf(await this.keys(), kid);
    if (!key) key = keyOf(await this.keys(true), kid); // rotated by another instance since we read the ring
    const expected = key ? this.signature(key, name, unsigned) : '';
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (!key || a.length !== b.length || !timingSafeEqual(a, b)) throw new LinkError(403, 'This link is not valid.');
    if (Number(query.get('exp')) < this.clock.now().getTime()) throw new LinkError(410, 'This link has expired. Ask Headway for a new one.');
    const params: Record<string, string> = {};
    for (const [k, value] of query) if (k.startsWith('p.')) params[k.slice(2)] = value;
    return { name, tenantId: query.get('t') ?? '', params };
  }

  /**
   * Makes a new signing key current (`npm run links:rotate`). Links signed before keep working
   * until they expire; a key retired longer ago than a link lives is dropped, so a leaked key
   * stops working one rotation and an hour later. Answers the new key's id.
   */
  async rotate(): Promise<string> {
    const now = this.clock.now();
    const kid = randomBytes(6).toString('base64url');
    const saved = await this.rings.update(SYSTEM, RING_ID, (current) => {
      const ring = current ?? { current: '', keys: [] };
      const kept = ring.keys
        .map((k) => (k.kid === ring.current ? { ...k, retiredAt: now.toISOString() } : k))
        .filter((k) => !k.retiredAt || now.getTime() - Date.parse(k.retiredAt) <= this.ttlMs);
      return { current: kid, keys: [...kept, { kid, key: randomBytes(32).toString('base64'), createdAt: now.toISOString() }] };
    });
    this.ring = saved!.doc;
    return kid;
  }

  private signature(key: Buffer, name: string, query: URLSearchParams): string {
    const sorted = [...query.entries()].sort(([a], [b]) => a.localeCompare(b));
    return createHmac('sha256', key)
      .update(`${name}\n${sorted.map(([k, v]) => `${k}=${v}`).join('&')}`)
      .digest('base64url');
  }

  /** The ring, made on first use (with the legacy key in it, if there was one); read again when `fresh`. */
  private async keys(fresh = false): Promise<KeyRing> {
    if (this.ring && !fresh) return this.ring;
    const found = await this.rings.get(SYSTEM, RING_ID);
    if (found) return (this.ring = found.doc);
    const legacy = (await this.legacy.get(SYSTEM, 'file-links'))?.doc;
    const now = this.clock.now().toISOString();
    const kid = randomBytes(6).toString('base64url');
    const made = await this.rings.update(SYSTEM, RING_ID, (current) =>
      current ?? { current: kid, keys: [...(legacy ? [{ kid: 'legacy', key: legacy.key, createdAt: now, retiredAt: now }] : []), { kid, key: randomBytes(32).toString('base64'), createdAt: now }] },
    );
    return (this.ring = made!.doc);
  }
}

const RING_ID = 'file-link-keys';

function keyOf(ring: KeyRing, kid: string): Buffer | undefined {
  const found = ring.keys.find((k) => k.kid === kid);
  return found ? Buffer.from(found.key, 'base64') : undefined;
}

function prefixed(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [`p.${k}`, v]));
}
