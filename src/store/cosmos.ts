import type { Agent } from 'node:https';
import { CosmosClient, type Container, type ItemDefinition, type SqlParameter } from '@azure/cosmos';
import { DefaultAzureCredential } from '@azure/identity';
import {
  AlreadyExistsError,
  ConcurrencyError,
  DocumentMissingError,
  MAX_PAGE,
  assertField,
  type DocKey,
  type DocumentStore,
  type Filter,
  type Page,
  type QuerySpec,
  type SweepSpec,
  type ScanSpec,
  type StoredDocument,
  type Versioned,
  type WriteOptions,
} from './port.js';

export const COSMOS_CONTAINER = 'documents';

export interface CosmosStoreOptions {
  endpoint: string;
  /** Absent: DefaultAzureCredential (managed identity in Azure); key auth is disabled there. */
  key?: string;
  database: string;
  /** Tests only: an agent that trusts the protocol server's self-signed certificate. */
  agent?: Agent;
  /** Create the database and container when missing. Only possible with key auth. */
  createIfMissing?: boolean;
}

/**
 * Azure Cosmos DB for NoSQL adapter. One container, partition key `/pk`. Every query filters on
 * `c.pk` in SQL (the protocol test server ignores the partitionKey option) and on `c.tenantId`.
 */
export class CosmosStore implements DocumentStore {
  readonly kind = 'cosmos' as const;

  private constructor(
    private readonly client: CosmosClient,
    private readonly container: Container,
  ) {}

  static async open(options: CosmosStoreOptions): Promise<CosmosStore> {
    const client = new CosmosClient({
      endpoint: options.endpoint,
      ...(options.key ? { key: options.key } : { aadCredentials: new DefaultAzureCredential() }),
      ...(options.agent ? { agent: options.agent } : {}),
      connectionPolicy: { enableEndpointDiscovery: false },
    });
    if (options.createIfMissing && options.key) {
      const { database } = await client.databases.createIfNotExists({ id: options.database });
      await database.containers.createIfNotExists({ id: COSMOS_CONTAINER, partitionKey: { paths: ['/pk'] } });
    }
    return new CosmosStore(client, client.database(options.database).container(COSMOS_CONTAINER));
  }

  async get(key: DocKey): Promise<Versioned | undefined> {
    const response = await this.container.item(key.id, key.pk).read<StoredDocument>();
    if (response.statusCode === 404 || !response.resource) return undefined;
    if (response.resource.tenantId !== key.tenantId) return undefined;
    return toVersioned(response.resource);
  }

  async create(doc: StoredDocument): Promise<Versioned> {
    try {
      const { resource } = await this.container.items.create(doc);
      return toVersioned(resource ?? doc);
    } catch (error) {
      throw mapError(error, doc);
    }
  }

  async replace(doc: StoredDocument, options: WriteOptions = {}): Promise<Versioned> {
    const existing = options.ifMatch === undefined ? await this.get(doc) : undefined;
    if (options.ifMatch === undefined && !existing) {
      throw new DocumentMissingError(`Document ${doc.pk}/${doc.id} does not exist`, doc);
    }
    try {
      const { resource } = await this.container
        .item(doc.id, doc.pk)
        .replace(doc, { accessCondition: { type: 'IfMatch', condition: options.ifMatch ?? existing!.etag } });
      return toVersioned(resource ?? doc);
    } catch (error) {
      throw mapError(error, doc);
    }
  }

  async upsert(doc: StoredDocument, options: WriteOptions = {}): Promise<Versioned> {
    if (options.ifMatch !== undefined) return this.replace(doc, options);
    try {
      const { resource } = await this.container.items.upsert(doc);
      return toVersioned(resource ?? doc);
    } catch (error) {
      throw mapError(error, doc);
    }
  }

  async delete(key: DocKey, options: WriteOptions = {}): Promise<boolean> {
    if (!(await this.get(key))) return false;
    try {
      await this.container
        .item(key.id, key.pk)
        .delete(options.ifMatch ? { accessCondition: { type: 'IfMatch', condition: options.ifMatch } } : {});
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw mapError(error, key);
    }
  }

  async query(spec: QuerySpec): Promise<Page> {
    const parameters: SqlParameter[] = [
      { name: '@pk', value: spec.pk },
      { name: '@tenantId', value: spec.tenantId },
    ];
    const where = ['c.pk = @pk', 'c.tenantId = @tenantId'];
    if (spec.type !== undefined) {
      where.push('c.type = @type');
      parameters.push({ name: '@type', value: spec.type });
    }
    (spec.where ?? []).forEach((filter, index) => where.push(filterSql(filter, `@p${index}`, parameters)));
    const orderBy = spec.orderBy?.length
      ? ` ORDER BY ${spec.orderBy.map((o) => `c.${assertField(o.field)} ${o.direction === 'desc' ? 'DESC' : 'ASC'}`).join(', ')}`
      : '';
    const iterator = this.container.items.query<StoredDocument>(
      { query: `SELECT * FROM c WHERE ${where.join(' AND ')}${orderBy}`, parameters },
      {
        // One partition: Cosmos DB routes the query there instead of fanning it out. The SQL
        // filters on c.pk as well (the protocol test server ignores this option).
        partitionKey: spec.pk,
        maxItemCount: Math.min(spec.limit ?? MAX_PAGE, MAX_PAGE),
        ...(spec.continuation ? { continuationToken: spec.continuation } : {}),
      },
    );
    const response = await iterator.fetchNext();
    const items = response.resources.map(toVersioned);
    return response.hasMoreResults && response.continuationToken
      ? { items, continuation: response.continuationToken }
      : { items };
  }

  async increment(doc: StoredDocument, field: string, by = 1): Promise<number> {
    const path = `/${assertField(field)}`;
    for (;;) {
      try {
        const { resource } = await this.container.item(doc.id, doc.pk).patch<StoredDocument>([
          { op: 'incr', path, value: by },
          { op: 'set', path: '/updatedAt', value: doc.updatedAt },
        ]);
        return Number(resource?.[field]);
      } catch (error) {
        if (statusOf(error) !== 404) throw mapError(error, doc);
      }
      try {
        await this.container.items.create({ ...doc, [field]: by });
        return by;
      } catch (error) {
        // Someone else created it first: add to theirs.
        if (statusOf(error) !== 409) throw mapError(error, doc);
      }
    }
  }

  async sweep(spec: SweepSpec): Promise<Versioned[]> {
    // No partition key: Cosmos fans the query out over every partition (fine for a nightly job).
    const { resources } = await this.container.items
      .query<StoredDocument>({
        query: 'SELECT TOP @limit * FROM c WHERE c.type = @type AND c.updatedAt < @before',
        parameters: [
          { name: '@limit', value: Math.min(spec.limit, MAX_PAGE) },
          { name: '@type', value: spec.type },
          { name: '@before', value: spec.updatedBefore },
        ],
      })
      .fetchAll();
    return resources.map(toVersioned);
  }

  async scan(spec: ScanSpec): Promise<Page> {
    const parameters: SqlParameter[] = [{ name: '@type', value: spec.type }];
    const where = ['c.type = @type'];
    if (spec.tenantId !== undefined) {
      where.push('c.tenantId = @tenantId');
      parameters.push({ name: '@tenantId', value: spec.tenantId });
    }
    (spec.where ?? []).forEach((filter, index) => where.push(filterSql(filter, `@p${index}`, parameters)));
    // No partition key: Cosmos fans the query out over every partition (a maintenance job's query).
    const iterator = this.container.items.query<StoredDocument>(
      { query: `SELECT * FROM c WHERE ${where.join(' AND ')}`, parameters },
      { maxItemCount: Math.min(spec.limit ?? MAX_PAGE, MAX_PAGE), ...(spec.continuation ? { continuationToken: spec.continuation } : {}) },
    );
    const response = await iterator.fetchNext();
    const items = response.resources.map(toVersioned);
    return response.hasMoreResults && response.continuationToken ? { items, continuation: response.continuationToken } : { items };
  }

  async ping(): Promise<void> {
    await this.container.read();
  }

  async close(): Promise<void> {
    this.client.dispose();
  }
}

const SYSTEM_FIELDS = ['_rid', '_self', '_etag', '_attachments', '_ts'] as const;

function toVersioned(resource: ItemDefinition): Versioned {
  const doc: Record<string, unknown> = { ...resource };
  for (const field of SYSTEM_FIELDS) delete doc[field];
  return { doc: doc as StoredDocument, etag: String(resource._etag) };
}

function statusOf(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number'
    ? error.code
    : undefined;
}

function mapError(error: unknown, key: Partial<DocKey>): unknown {
  const where = `${key.pk ?? ''}/${key.id ?? ''}`;
  switch (statusOf(error)) {
    case 409:
      return new AlreadyExistsError(`Document ${where} exists`, key, { cause: error });
    case 404:
      return new DocumentMissingError(`Document ${where} does not exist`, key, { cause: error });
    case 412:
      return new ConcurrencyError(`Document ${where} changed since it was read`, key, { cause: error });
    default:
      return error;
  }
}

function filterSql(filter: Filter, name: string, parameters: SqlParameter[]): string {
  const column = `c.${assertField(filter.field)}`;
  const { op, value } = filter;
  if (op === 'contains') {
    parameters.push({ name, value: value as string | number });
    return `ARRAY_CONTAINS(${column}, ${name})`;
  }
  if (op === 'in') {
    const values = value as (string | number)[];
    if (values.length === 0) return 'false';
    values.forEach((v, i) => parameters.push({ name: `${name}_${i}`, value: v }));
    return `${column} IN (${values.map((_, i) => `${name}_${i}`).join(', ')})`;
  }
  if (value === null) {
    return op === '!=' ? `(IS_DEFINED(${column}) AND NOT IS_NULL(${column}))` : `(NOT IS_DEFINED(${column}) OR IS_NULL(${column}))`;
  }
  parameters.push({ name, value: value as string | number | boolean });
  return `${column} ${op} ${name}`;
}
