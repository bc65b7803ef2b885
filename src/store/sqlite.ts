import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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

type Row = { body: string; etag: string };
type Param = string | number | null;

/**
 * The embedded adapter: one table of JSON documents in a WAL-mode SQLite file. Conditional
 * writes are single UPDATE statements guarded by the ETag, so two processes sharing the file
 * get the same 412 semantics as Cosmos DB.
 */
export class SqliteStore implements DocumentStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  /** Prepared statements by their SQL: preparing one costs more than running it (a query's shape repeats). */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Two instances on one file wait for each other's write lock instead of failing at once.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS docs (
        pk TEXT NOT NULL,
        id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        type TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (pk, id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS docs_by_type ON docs (pk, tenant_id, type);
    `);
  }

  async get(key: DocKey): Promise<Versioned | undefined> {
    const row = this.statement<[string, string, string], Row>('SELECT body, etag FROM docs WHERE pk = ? AND id = ? AND tenant_id = ?')
      .get(key.pk, key.id, key.tenantId);
    return row ? toVersioned(row) : undefined;
  }

  async create(doc: StoredDocument): Promise<Versioned> {
    const etag = randomUUID();
    try {
      this.statement('INSERT INTO docs (pk, id, tenant_id, type, etag, body) VALUES (?, ?, ?, ?, ?, ?)')
        .run(doc.pk, doc.id, doc.tenantId, doc.type, etag, JSON.stringify(doc));
    } catch (error) {
      if (isConstraintError(error)) throw new AlreadyExistsError(`Document ${doc.pk}/${doc.id} exists`, doc);
      throw error;
    }
    return { doc, etag };
  }

  async replace(doc: StoredDocument, options: WriteOptions = {}): Promise<Versioned> {
    const etag = randomUUID();
    const params: Param[] = [doc.type, etag, JSON.stringify(doc), doc.pk, doc.id, doc.tenantId];
    let sql = 'UPDATE docs SET type = ?, etag = ?, body = ? WHERE pk = ? AND id = ? AND tenant_id = ?';
    if (options.ifMatch !== undefined) {
      sql += ' AND etag = ?';
      params.push(options.ifMatch);
    }
    const { changes } = this.statement(sql).run(...params);
    if (changes === 0) this.explainMissedWrite(doc, options);
    return { doc, etag };
  }

  async upsert(doc: StoredDocument, options: WriteOptions = {}): Promise<Versioned> {
    if (options.ifMatch !== undefined) return this.replace(doc, options);
    const etag = randomUUID();
    const { changes } = this.statement(
        `INSERT INTO docs (pk, id, tenant_id, type, etag, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (pk, id) DO UPDATE SET type = excluded.type, etag = excluded.etag, body = excluded.body
         WHERE docs.tenant_id = excluded.tenant_id`,
      )
      .run(doc.pk, doc.id, doc.tenantId, doc.type, etag, JSON.stringify(doc));
    // The id belongs to another tenant: refuse rather than overwrite across tenants.
    if (changes === 0) throw new AlreadyExistsError(`Document ${doc.pk}/${doc.id} exists`, doc);
    return { doc, etag };
  }

  async delete(key: DocKey, options: WriteOptions = {}): Promise<boolean> {
    const params: Param[] = [key.pk, key.id, key.tenantId];
    let sql = 'DELETE FROM docs WHERE pk = ? AND id = ? AND tenant_id = ?';
    if (options.ifMatch !== undefined) {
      sql += ' AND etag = ?';
      params.push(options.ifMatch);
    }
    const { changes } = this.statement(sql).run(...params);
    if (changes === 0 && options.ifMatch !== undefined && (await this.get(key))) {
      throw new ConcurrencyError(`Document ${key.pk}/${key.id} changed since it was read`, key);
    }
    return changes > 0;
  }

  async query(spec: QuerySpec): Promise<Page> {
    const limit = Math.min(spec.limit ?? MAX_PAGE, MAX_PAGE);
    const offset = decodeOffset(spec.continuation);
    const params: Param[] = [spec.pk, spec.tenantId];
    const where = ['pk = ?', 'tenant_id = ?'];
    if (spec.type !== undefined) {
      where.push('type = ?');
      params.push(spec.type);
    }
    for (const filter of spec.where ?? []) where.push(filterSql(filter, params));
    const order = (spec.orderBy ?? []).map(
      ({ field, direction }) => `json_extract(body, '$.${assertField(field)}') ${direction === 'desc' ? 'DESC' : 'ASC'}`,
    );
    order.push('id ASC');
    params.push(limit + 1, offset);
    const rows = this.statement<Param[], Row>(
        `SELECT body, etag FROM docs WHERE ${where.join(' AND ')} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
      )
      .all(...params);
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toVersioned);
    return more ? { items, continuation: encodeOffset(offset + limit) } : { items };
  }

  async increment(doc: StoredDocument, field: string, by = 1): Promise<number> {
    const path = `$.${assertField(field)}`;
    const row = this.statement<Param[], { value: number }>(
        `INSERT INTO docs (pk, id, tenant_id, type, etag, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (pk, id) DO UPDATE SET etag = excluded.etag,
           body = json_set(docs.body, '${path}', coalesce(json_extract(docs.body, '${path}'), 0) + ?, '$.updatedAt', ?)
         WHERE docs.tenant_id = excluded.tenant_id
         RETURNING json_extract(body, '${path}') AS value`,
      )
      .get(doc.pk, doc.id, doc.tenantId, doc.type, randomUUID(), JSON.stringify({ ...doc, [field]: by }), by, doc.updatedAt);
    if (!row) throw new AlreadyExistsError(`Document ${doc.pk}/${doc.id} exists`, doc);
    return row.value;
  }

  async sweep(spec: SweepSpec): Promise<Versioned[]> {
    const rows = this.statement<Param[], Row>(`SELECT body, etag FROM docs WHERE type = ? AND json_extract(body, '$.updatedAt') < ? ORDER BY json_extract(body, '$.updatedAt') LIMIT ?`)
      .all(spec.type, spec.updatedBefore, Math.min(spec.limit, MAX_PAGE));
    return rows.map(toVersioned);
  }

  async scan(spec: ScanSpec): Promise<Page> {
    const limit = Math.min(spec.limit ?? MAX_PAGE, MAX_PAGE);
    const offset = decodeOffset(spec.continuation);
    const params: Param[] = [spec.type];
    const where = ['type = ?'];
    if (spec.tenantId !== undefined) {
      where.push('tenant_id = ?');
      params.push(spec.tenantId);
    }
    for (const filter of spec.where ?? []) where.push(filterSql(filter, params));
    params.push(limit + 1, offset);
    const rows = this.statement<Param[], Row>(`SELECT body, etag FROM docs WHERE ${where.join(' AND ')} ORDER BY pk, id LIMIT ? OFFSET ?`).all(...params);
    const more = rows.length > limit;
    const items = rows.slice(0, limit).map(toVersioned);
    return more ? { items, continuation: encodeOffset(offset + limit) } : { items };
  }

  async ping(): Promise<void> {
    this.statement('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  private statement<P extends unknown[] = Param[], R = unknown>(sql: string): Database.Statement<P, R> {
    let found = this.statements.get(sql);
    if (!found) {
      if (this.statements.size >= 500) this.statements.clear(); // query shapes are few; never unbounded
      found = this.db.prepare(sql);
      this.statements.set(sql, found);
    }
    return found as unknown as Database.Statement<P, R>;
  }

  private explainMissedWrite(doc: StoredDocument, options: WriteOptions): never {
    const exists = this.statement('SELECT 1 FROM docs WHERE pk = ? AND id = ? AND tenant_id = ?')
      .get(doc.pk, doc.id, doc.tenantId);
    if (exists && options.ifMatch !== undefined) {
      throw new ConcurrencyError(`Document ${doc.pk}/${doc.id} changed since it was read`, doc);
    }
    throw new DocumentMissingError(`Document ${doc.pk}/${doc.id} does not exist`, doc);
  }
}

function toVersioned(row: Row): Versioned {
  return { doc: JSON.parse(row.body) as StoredDocument, etag: row.etag };
}

function isConstraintError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && String(error.code).startsWith('SQLITE_CONSTRAINT');
}

/** JSON booleans come back from json_extract as 1/0. */
function sqlValue(value: string | number | boolean | null): Param {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

function filterSql(filter: Filter, params: Param[]): string {
  const path = `'$.${assertField(filter.field)}'`;
  const column = `json_extract(body, ${path})`;
  const { op, value } = filter;
  if (op === 'contains') {
    params.push(sqlValue(value as string | number));
    return `EXISTS (SELECT 1 FROM json_each(body, ${path}) WHERE json_each.value = ?)`;
  }
  if (op === 'in') {
    const values = value as (string | number)[];
    if (values.length === 0) return '0';
    params.push(...values);
    return `${column} IN (${values.map(() => '?').join(', ')})`;
  }
  if (value === null) return op === '!=' ? `${column} IS NOT NULL` : `${column} IS NULL`;
  params.push(sqlValue(value as string | number | boolean));
  return `${column} ${op} ?`;
}

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeOffset(token: string | undefined): number {
  if (!token) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString()) as { o?: unknown };
    return typeof parsed.o === 'number' && Number.isInteger(parsed.o) && parsed.o >= 0 ? parsed.o : 0;
  } catch {
    return 0;
  }
}
