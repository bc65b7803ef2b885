import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import { Collection } from '../store/collection.js';
import type { DocumentStore } from '../store/port.js';

const Secret = z.object({ key: z.string() });
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
 * file name, tenant, parameters and expiry. The key is made once per deployment and kept in the
 * store, so every instance signs and checks alike and no secret sits in app settings.
 */
export class FileLinks {
  private readonly secrets: Collection<typeof Secret>;
  private key: Buffer | undefined;
  private base: string;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    publicUrl: string | undefined,
    private readonly ttlMs = 60 * 60_000,
  ) {
    this.secrets = new Collection(store, clock, 'secret', Secret);
    this.base = (publicUrl ?? '').replace(/\/$/, '');
  }

  /** Where the bot is reachable, when PUBLIC_URL is not configured (local runs). */
  setBase(url: string): void {
    if (this.base === '') this.base = url.replace(/\/$/, '');
  }

  async sign(file: SignedFile): Promise<string> {
    const expires = String(this.clock.now().getTime() + this.ttlMs);
    const query = new URLSearchParams({ t: file.tenantId, ...prefixed(file.params), exp: expires });
    query.set('sig', await this.signature(file.name, query));
    return `${this.base}/files/${encodeURIComponent(file.name)}?${query.toString()}`;
  }

  async verify(name: string, query: URLSearchParams): Promise<SignedFile> {
    const given = query.get('sig') ?? '';
    const unsigned = new URLSearchParams(query);
    unsigned.delete('sig');
    const expected = await this.signature(name, unsigned);
    const a = Buffer.from(given);
    const b = Buffer.from(expected);
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new LinkError(403, 'This link is not valid.');
    if (Number(query.get('exp')) < this.clock.now().getTime()) throw new LinkError(410, 'This link has expired. Ask Headway for a new one.');
    const params: Record<string, string> = {};
    for (const [key, value] of query) if (key.startsWith('p.')) params[key.slice(2)] = value;
    return { name, tenantId: query.get('t') ?? '', params };
  }

  private async signature(name: string, query: URLSearchParams): Promise<string> {
    const sorted = [...query.entries()].sort(([a], [b]) => a.localeCompare(b));
    return createHmac('sha256', await this.signingKey())
      .update(`${name}\n${sorted.map(([k, v]) => `${k}=${v}`).join('&')}`)
      .digest('base64url');
  }

  private async signingKey(): Promise<Buffer> {
    if (!this.key) {
      const stored = await this.secrets.update(SYSTEM, 'file-links', (current) => current ?? { key: randomBytes(32).toString('base64') });
      this.key = Buffer.from(stored!.doc.key, 'base64');
    }
    return this.key;
  }
}

function prefixed(params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [`p.${k}`, v]));
}
