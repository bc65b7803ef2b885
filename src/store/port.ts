/**
 * The DocumentStore port: what every adapter (SQLite, Cosmos DB) must do, checked by one
 * contract suite (test/store.contract.test.ts). It is schema-agnostic: documents are JSON objects
 * with the envelope fields below; `Collection` (collection.ts) adds zod validation per type.
 *
 * Every call names the tenant. A document of another tenant is invisible: `get` answers
 * undefined and queries never return it, even within the same partition.
 */

export interface Envelope {
  id: string;
  /** Partition key: one per unit of work (a review, a campaign, a cohort). */
  pk: string;
  type: string;
  tenantId: string;
  schemaVersion: number;
  createdAt: string;
  updatedAt: string;
}

export type StoredDocument = Envelope & Record<string, unknown>;

/** A document as read back, with the version token to write it conditionally. */
export interface Versioned<T = StoredDocument> {
  doc: T;
  etag: string;
}

export interface DocKey {
  tenantId: string;
  pk: string;
  id: string;
}

export type FilterOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'contains';

/** A condition on a top-level field of the document. `contains`: the array field holds value. */
export interface Filter {
  field: string;
  op: FilterOp;
  value: string | number | boolean | null | (string | number)[];
}

export interface QuerySpec {
  tenantId: string;
  pk: string;
  type?: string;
  where?: Filter[];
  orderBy?: { field: string; direction?: 'asc' | 'desc' }[];
  /** Page size; the adapter returns at most this many and a continuation when there are more. */
  limit?: number;
  continuation?: string;
}

export interface SweepSpec {
  type: string;
  updatedBefore: string;
  limit: number;
}

/** One tenant's documents of one type in every partition (see DocumentStore.scan). */
export interface ScanSpec {
  /** Omitted only by the retention job, which looks at every tenant's finished programmes. */
  tenantId?: string;
  type: string;
  where?: Filter[];
  limit?: number;
  continuation?: string;
}

export interface Page<T = StoredDocument> {
  items: Versioned<T>[];
  continuation?: string;
}

export interface WriteOptions {
  /** Write only if the stored document still has this ETag; otherwise ConcurrencyError. */
  ifMatch?: string;
}

export interface DocumentStore {
  readonly kind: 'sqlite' | 'cosmos';
  get(key: DocKey): Promise<Versioned | undefined>;
  /** Fails with AlreadyExistsError when the id is taken in that partition. */
  create(doc: StoredDocument): Promise<Versioned>;
  /** Fails with NotFoundError (store) when absent, ConcurrencyError on an ETag mismatch. */
  replace(doc: StoredDocument, options?: WriteOptions): Promise<Versioned>;
  upsert(doc: StoredDocument, options?: WriteOptions): Promise<Versioned>;
  /** Answers false when there was nothing to delete. */
  delete(key: DocKey, options?: WriteOptions): Promise<boolean>;
  query(spec: QuerySpec): Promise<Page>;
  /**
   * Adds `by` to the number in `doc[field]` atomically and answers the new value; when the
   * document is absent it is created as `doc` with `field` set to `by`. No ETag and no conflict:
   * the store serialises increments, so many writers can take numbers from one counter at once
   * (a queue's tickets). `updatedAt` is set from `doc`.
   */
  increment(doc: StoredDocument, field: string, by?: number): Promise<number>;
  /**
   * Maintenance only (the retention job): up to `limit` documents of one type, in any tenant and
   * any partition, last written before `updatedBefore`. A cross-partition query, so never on a
   * request's path and never to show anyone anything.
   */
  sweep(spec: SweepSpec): Promise<Versioned[]>;
  /**
   * Maintenance only (erasure and retention jobs): one tenant's (or, for retention, every
   * tenant's) documents of one type in every partition, page by page. A cross-partition query like `sweep`, so never on a request's path.
   * Pages are ordered by id; a page may be empty with a continuation.
   */
  scan(spec: ScanSpec): Promise<Page>;
  /** Throws when the store cannot be reached; used by /healthz. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Field names reach SQL text in both adapters, so only plain identifiers are allowed. */
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;
export function assertField(field: string): string {
  if (!FIELD.test(field)) throw new Error(`Invalid field name in query: ${field}`);
  return field;
}

export const MAX_PAGE = 1000;

export class StoreError extends Error {
  constructor(
    message: string,
    readonly key?: Partial<DocKey>,
    options?: { cause?: unknown },
  ) {
    // The cause keeps what the store said (Cosmos: status, substatus, activity id) for the log.
    super(message, options);
    this.name = new.target.name;
  }
}

/** 412: someone else wrote the document since it was read. Re-read and try again. */
export class ConcurrencyError extends StoreError {}
/** 409: create of an id that exists. */
export class AlreadyExistsError extends StoreError {}
/** 404 on replace / conditional write. */
export class DocumentMissingError extends StoreError {}
/** A stored document failed its schema on read. */
export class CorruptDocumentError extends StoreError {
  constructor(
    key: Partial<DocKey>,
    readonly type: string,
    readonly problems: string[],
  ) {
    super(`Stored ${type} document ${key.pk ?? ''}/${key.id ?? ''} is invalid: ${problems.join('; ')}`, key);
  }
}
