import type { Clock } from '../../clock.js';
import type { Collection } from '../../store/collection.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { PARTITIONS, type Person } from './model.js';

export interface KnownPerson {
  userId: string;
  name: string;
  teamsId?: string;
}

/**
 * The people the bot has met in a tenant. Written when someone speaks to the bot or is added to
 * a conversation with it; only written when the name changed or a day has passed, so a busy
 * channel costs one read per turn, not a write.
 */
/** How long a person found up to date is not read again by this instance. */
const RECHECK_MS = 10 * 60_000;
/** People remembered per instance before the memo starts afresh. */
const MEMO_LIMIT = 20_000;

export class PeopleDirectory {
  /**
   * Who this instance found up to date in the store, and when: someone sending ten messages in a
   * minute costs one read, not ten. Only ever skips a read that would have changed nothing, for
   * at most RECHECK_MS; bounded, and per instance (another instance reads for itself).
   */
  private readonly checked = new Map<string, { name: string; teamsId: string | undefined; at: number }>();

  constructor(
    private readonly people: Collection<typeof Person>,
    private readonly clock: Clock,
  ) {}

  async record(tenantId: string, person: KnownPerson): Promise<void> {
    const scope = { tenantId, partition: PARTITIONS.people };
    const now = this.clock.now();
    const memo = `${tenantId}\n${person.userId}`;
    const seen = this.checked.get(memo);
    if (seen && seen.name === person.name && (person.teamsId === undefined || seen.teamsId === person.teamsId) && now.getTime() - seen.at < RECHECK_MS) return;
    const existing = await this.people.get(scope, person.userId);
    const stale = !existing || now.getTime() - Date.parse(existing.doc.lastSeenAt) > 24 * 3600_000;
    const teamsId = person.teamsId ?? existing?.doc.teamsId;
    const searchKeys = searchKeysOf(person.name);
    const keysKept = existing !== undefined && existing.doc.searchKeys.length === searchKeys.length;
    if (!(existing && existing.doc.name === person.name && existing.doc.teamsId === teamsId && keysKept && !stale)) {
      await this.people.upsert(scope, person.userId, { name: person.name, ...(teamsId ? { teamsId } : {}), lastSeenAt: now.toISOString(), searchKeys });
    }
    if (this.checked.size >= MEMO_LIMIT) this.checked.clear();
    this.checked.set(memo, { name: person.name, teamsId, at: now.getTime() });
  }

  /** Erasure: deletes the person's record, and what this instance remembered of them. */
  async remove(tenantId: string, userId: string): Promise<boolean> {
    this.forget(tenantId, userId);
    return this.people.delete({ tenantId, partition: PARTITIONS.people }, userId);
  }

  /** Forgets what this instance remembered of a person (their record was deleted or changed elsewhere on purpose). */
  forget(tenantId: string, userId: string): void {
    this.checked.delete(`${tenantId}\n${userId}`);
  }

  /**
   * Up to `limit` people whose name has a word starting with each word typed ("gra ade" finds
   * Grace Adeyemi), by name. One query whatever the tenant's size (every word is a filter in
   * it); pickers use this instead of listing everyone.
   */
  async search(tenantId: string, text: string, limit = 20): Promise<KnownPerson[]> {
    const words = [...new Set(wordsOf(text).map((w) => w.slice(0, MAX_KEY)))].slice(0, MAX_WORDS);
    if (words.length === 0) return [];
    // Every word is a condition in the one query, so the store returns only people who match all.
    const result = await this.people.query(
      { tenantId, partition: PARTITIONS.people },
      { where: words.map((value) => ({ field: 'searchKeys', op: 'contains' as const, value })), orderBy: [{ field: 'name' }], limit },
    );
    return result.items.map(({ doc }) => ({ userId: doc.id, name: doc.name, ...(doc.teamsId ? { teamsId: doc.teamsId } : {}) }));
  }

  /**
   * Maintenance: rewrites every person last written before `before` with their search keys (people
   * recorded before search existed have none, so pickers could not find them). Each rewrite moves
   * the person past `before`, so this ends. Answers how many were rewritten.
   */
  async backfillSearchKeys(before: Date): Promise<number> {
    let rewritten = 0;
    for (;;) {
      const page = await this.people.sweep(before, 100);
      if (page.length === 0) return rewritten;
      for (const { doc } of page) {
        await this.people.upsert({ tenantId: doc.tenantId, partition: PARTITIONS.people }, doc.id, { name: doc.name, ...(doc.teamsId ? { teamsId: doc.teamsId } : {}), lastSeenAt: doc.lastSeenAt, searchKeys: searchKeysOf(doc.name) });
        rewritten++;
      }
    }
  }

  async get(tenantId: string, userId: string): Promise<KnownPerson | undefined> {
    const found = await this.people.get({ tenantId, partition: PARTITIONS.people }, userId);
    return found ? { userId, name: found.doc.name, ...(found.doc.teamsId ? { teamsId: found.doc.teamsId } : {}) } : undefined;
  }

  async list(tenantId: string): Promise<KnownPerson[]> {
    const docs = await this.people.all({ tenantId, partition: PARTITIONS.people }, { orderBy: [{ field: 'name' }] });
    return docs.map((doc) => ({ userId: doc.id, name: doc.name, ...(doc.teamsId ? { teamsId: doc.teamsId } : {}) }));
  }

  /** Finds one person by name, case-insensitive; a partial name (the start of each word) must be unambiguous. */
  async findByName(tenantId: string, name: string): Promise<KnownPerson> {
    const wanted = name.trim().toLowerCase();
    const candidates = await this.search(tenantId, name, 50);
    const exact = candidates.filter((p) => p.name.toLowerCase() === wanted);
    const matches = exact.length > 0 ? exact : candidates;
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      throw new NotFoundError(
        `I don't know anyone called "${name}" yet. They need to have chatted with Headway or be in a team where it is installed.`,
      );
    }
    throw new InvalidInputError(`"${name}" matches more than one person: ${matches.map((m) => m.name).join(', ')}. Use the full name.`);
  }
}

/** Search keys are word prefixes up to this long; longer typed words match on their start. */
const MAX_KEY = 12;
/** Words of a search beyond these are ignored. */
const MAX_WORDS = 4;

function wordsOf(text: string): string[] {
  return text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/** Whether `name` has a word starting with each word of `text` (how pickers match; false for no words). */
export function matchesName(name: string, text: string): boolean {
  const words = wordsOf(text).map((w) => w.slice(0, MAX_KEY));
  const keys = new Set(searchKeysOf(name));
  return words.length > 0 && words.every((w) => keys.has(w));
}

/** Every prefix (1 to 12 characters) of every word of the name, lower case and without accents. */
export function searchKeysOf(name: string): string[] {
  const keys = new Set<string>();
  for (const word of wordsOf(name)) for (let n = 1; n <= Math.min(word.length, MAX_KEY); n++) keys.add(word.slice(0, n));
  return [...keys];
}
