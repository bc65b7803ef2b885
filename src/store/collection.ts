import { z } from 'zod';
import type { Clock } from '../clock.js';
import { ChangedMeanwhileError } from '../errors.js';
import {
  AlreadyExistsError,
  ConcurrencyError,
  CorruptDocumentError,
  type DocKey,
  type DocumentStore,
  type Filter,
  type StoredDocument,
  type Versioned,
} from './port.js';

/** Where a document lives: its tenant and the unit of work that is its partition. */
export interface Scope {
  tenantId: string;
  partition: string;
}

export const EnvelopeSchema = z.object({
  id: z.string(),
  pk: z.string(),
  type: z.string(),
  tenantId: z.string(),
  schemaVersion: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EnvelopeFields = z.infer<typeof EnvelopeSchema>;

export type Doc<T> = EnvelopeFields & T;

export interface CollectionQuery {
  where?: Filter[];
  orderBy?: { field: string; direction?: 'asc' | 'desc' }[];
  limit?: number;
  continuation?: string;
}

/**
 * The partition key always starts with the tenant id, so two tenants can never write to the same
 * document even if their ids collide, and a query in one partition is one tenant's by construction.
 */
export function partitionKey(scope: Scope): string {
  return `${scope.tenantId}|${scope.partition}`;
}

/** Cosmos DB ids may not contain / \ ? #; Teams conversation ids can hold other punctuation. */
export function safeId(raw: string): string {
  return raw.replace(/[/\\?#]/g, '_');
}

/**
 * Retries `attempt` when it fails with a 412 (someone wrote in between): it must re-read what it
 * changes. A short randomised pause spreads out writers that collided.
 */
export async function retryOnConflict<R>(attempt: () => Promise<R>, clock: Clock, attempts = RETRY_ATTEMPTS): Promise<R> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      const retryable = error instanceof ConcurrencyError || error instanceof AlreadyExistsError;
      if (!retryable || tries >= attempts) throw error;
      await clock.sleep(Math.random() * Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** tries));
    }
  }
}

/**
 * Exponential backoff with full jitter: about 4 s in all before giving up. The old linear ~330 ms
 * budget lost 45% of 60 concurrent writers on the Cosmos protocol server; writers that many
 * people share are now separate documents, and what remains contends between a few people.
 */
const RETRY_ATTEMPTS = 10;
const RETRY_BASE_MS = 10;
const RETRY_CAP_MS = 1000;

/**
 * Read-modify-write of a document that a person edits from a card showing revision `seen`: the
 * write happens only if the document is still at that revision (decided inside the ETag-guarded
 * update), and raises the revision. Otherwise ChangedMeanwhileError naming `what`. `seen`
 * undefined (a card from before revisions) skips the check but still raises the revision.
 */
export async function revise<S extends z.AnyZodObject>(
  collection: Collection<S>,
  scope: Scope,
  id: string,
  seen: number | undefined,
  what: string,
  change: (current: Doc<z.infer<S>> | undefined) => z.input<S>,
): Promise<Doc<z.infer<S>>> {
  const written = await collection.update(scope, id, (current) => {
    const at = Number((current as { revision?: number } | undefined)?.revision ?? 0);
    if (seen !== undefined && seen !== at) throw new ChangedMeanwhileError(what);
    return { ...change(current), revision: at + 1 };
  });
  return written!.doc;
}

/**
 * Maintenance only (retention): deletes every document in one partition, of every type, page by
 * page. Answers how many went.
 */
export async function clearPartition(store: DocumentStore, scope: Scope): Promise<number> {
  const pk = partitionKey(scope);
  let removed = 0;
  for (;;) {
    let continuation: string | undefined;
    let page;
    do {
      page = await store.query({ tenantId: scope.tenantId, pk, limit: 100, ...(continuation ? { continuation } : {}) });
      continuation = page.continuation;
    } while (page.items.length === 0 && continuation);
    if (page.items.length === 0) return removed;
    for (const { doc } of page.items) if (await store.delete({ tenantId: scope.tenantId, pk, id: doc.id })) removed++;
  }
}

/** Every document type a Collection has been made for in this process, with its schemas (the data map and its test read it). */
const documentTypes = new Map<string, Set<z.AnyZodObject>>();

export function knownDocumentTypes(): ReadonlyMap<string, ReadonlySet<z.AnyZodObject>> {
  return documentTypes;
}

/**
 * A typed view of one document type in the store: stamps the envelope on write and validates
 * with zod on read, so a corrupt document surfaces as CorruptDocumentError, never as a crash
 * deep inside a use case.
 */
export class Collection<S extends z.AnyZodObject> {
  private readonly full: z.AnyZodObject;

  constructor(
    private readonly store: DocumentStore,
    private readonly clock: Clock,
    readonly type: string,
    readonly schema: S,
    readonly schemaVersion = 1,
  ) {
    this.full = EnvelopeSchema.merge(schema);
    const known = documentTypes.get(type) ?? new Set<z.AnyZodObject>();
    documentTypes.set(type, known.add(schema));
  }

  key(scope: Scope, id: string): DocKey {
    return { tenantId: scope.tenantId, pk: partitionKey(scope), id };
  }

  async get(scope: Scope, id: string): Promise<Versioned<Doc<z.infer<S>>> | undefined> {
    const found = await this.store.get(this.key(scope, id));
    return found ? this.parse(found) : undefined;
  }

  async create(scope: Scope, id: string, body: z.input<S>): Promise<Versioned<Doc<z.infer<S>>>> {
    return this.parse(await this.store.create(this.stamp(scope, id, body)));
  }

  /**
   * Writes the whole document, created or overwritten, without reading it first: for documents
   * with one writer (a person's own answer, draft or RSVP). Its `createdAt` is this write's time;
   * use `create` and `update` where the first write's time matters.
   */
  async upsert(scope: Scope, id: string, body: z.input<S>): Promise<Versioned<Doc<z.infer<S>>>> {
    return this.parse(await this.store.upsert(this.stamp(scope, id, body)));
  }

  /** Writes `body` over `current` only if nobody changed it since it was read. */
  async replace(current: Versioned<Doc<z.infer<S>>>, body: z.input<S>): Promise<Versioned<Doc<z.infer<S>>>> {
    const scope = { tenantId: current.doc.tenantId, partition: current.doc.pk.slice(current.doc.tenantId.length + 1) };
    const stamped = this.stamp(scope, current.doc.id, body, current.doc.createdAt);
    return this.parse(await this.store.replace(stamped, { ifMatch: current.etag }));
  }

  /**
   * Read-modify-write with ETag retry. `change` gets the current body (undefined when absent) and
   * returns the new body, or undefined to leave the document as it is.
   */
  async update(
    scope: Scope,
    id: string,
    change: (current: Doc<z.infer<S>> | undefined) => z.input<S> | undefined,
  ): Promise<Versioned<Doc<z.infer<S>>> | undefined> {
    return retryOnConflict(async () => {
      const current = await this.get(scope, id);
      const next = change(current?.doc);
      if (next === undefined) return current;
      return current ? this.replace(current, next) : this.create(scope, id, next);
    }, this.clock);
  }

  /** Adds `by` to the document's `field` atomically (see DocumentStore.increment); answers the new value. */
  async increment(scope: Scope, id: string, field: keyof z.infer<S> & string, body: z.input<S>, by = 1): Promise<number> {
    return this.store.increment(this.stamp(scope, id, body), field, by);
  }

  /** Maintenance only: this type's documents in any tenant and partition last written before `before` (see DocumentStore.sweep). */
  async sweep(before: Date, limit = 100): Promise<Versioned<Doc<z.infer<S>>>[]> {
    return (await this.store.sweep({ type: this.type, updatedBefore: before.toISOString(), limit })).map((item) => this.parse(item));
  }

  /**
   * Maintenance only (erasure, retention): every document of this type in one tenant (undefined:
   * every tenant, for retention), in any partition, matching `where`, page by page (see DocumentStore.scan).
   */
  async scanAll(tenantId: string | undefined, where: Filter[] = []): Promise<Versioned<Doc<z.infer<S>>>[]> {
    const found: Versioned<Doc<z.infer<S>>>[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.store.scan({ type: this.type, where, ...(tenantId !== undefined ? { tenantId } : {}), ...(continuation ? { continuation } : {}) });
      found.push(...page.items.map((item) => this.parse(item)));
      continuation = page.continuation;
    } while (continuation);
    return found;
  }

  /** Deletes a document as read (by its own envelope), only if it has not changed since. */
  async remove(read: Versioned<Doc<z.infer<S>>>): Promise<boolean> {
    const { tenantId, pk, id } = read.doc;
    return this.store.delete({ tenantId, pk, id }, { ifMatch: read.etag });
  }

  /**
   * Deletes, page after page, what `find` answers (each only if unchanged since read), until a page
   * deletes nothing. Answers how many went. For retention: a document written meanwhile is kept.
   */
  async removeAll(find: () => Promise<Versioned<Doc<z.infer<S>>>[]>): Promise<number> {
    let removed = 0;
    for (;;) {
      let deleted = 0;
      for (const read of await find()) {
        try {
          if (await this.remove(read)) deleted++;
        } catch (error) {
          if (!(error instanceof ConcurrencyError)) throw error;
        }
      }
      removed += deleted;
      if (deleted === 0) return removed;
    }
  }

  async delete(scope: Scope, id: string, ifMatch?: string): Promise<boolean> {
    return this.store.delete(this.key(scope, id), ifMatch === undefined ? {} : { ifMatch });
  }

  async query(
    scope: Scope,
    spec: CollectionQuery = {},
  ): Promise<{ items: Versioned<Doc<z.infer<S>>>[]; continuation?: string }> {
    const page = await this.store.query({ tenantId: scope.tenantId, pk: partitionKey(scope), type: this.type, ...spec });
    const items = page.items.map((item) => this.parse(item));
    return page.continuation ? { items, continuation: page.continuation } : { items };
  }

  /** Every match, page by page. For the bounded sets of one unit of work (a team, a campaign). */
  async all(scope: Scope, spec: Omit<CollectionQuery, 'continuation'> = {}): Promise<Doc<z.infer<S>>[]> {
    const docs: Doc<z.infer<S>>[] = [];
    let continuation: string | undefined;
    do {
      const page = await this.query(scope, { ...spec, ...(continuation ? { continuation } : {}) });
      docs.push(...page.items.map((item) => item.doc));
      continuation = page.continuation;
    } while (continuation);
    return docs;
  }

  /**
   * The first match, paging until there is one: a page may come back empty with a continuation
   * (Cosmos DB does that), so reading only the first page can miss a match that exists.
   */
  async first(scope: Scope, spec: Omit<CollectionQuery, 'continuation' | 'limit'> = {}): Promise<Doc<z.infer<S>> | undefined> {
    let continuation: string | undefined;
    do {
      const page = await this.query(scope, { ...spec, limit: 1, ...(continuation ? { continuation } : {}) });
      if (page.items[0]) return page.items[0].doc;
      continuation = page.continuation;
    } while (continuation);
    return undefined;
  }

  private stamp(scope: Scope, id: string, body: z.input<S>, createdAt?: string): StoredDocument {
    const now = this.clock.now().toISOString();
    return {
      ...(body as Record<string, unknown>),
      id,
      pk: partitionKey(scope),
      type: this.type,
      tenantId: scope.tenantId,
      schemaVersion: this.schemaVersion,
      createdAt: createdAt ?? now,
      updatedAt: now,
    };
  }

  private parse(found: Versioned): Versioned<Doc<z.infer<S>>> {
    const result = this.full.safeParse(found.doc);
    if (!result.success || found.doc.type !== this.type) {
      const problems = result.success
        ? [`type is ${String(found.doc.type)}, expected ${this.type}`]
        : result.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`);
      throw new CorruptDocumentError(found.doc, this.type, problems);
    }
    return { doc: result.data as Doc<z.infer<S>>, etag: found.etag };
  }
}
