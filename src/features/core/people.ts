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
export class PeopleDirectory {
  constructor(
    private readonly people: Collection<typeof Person>,
    private readonly clock: Clock,
  ) {}

  async record(tenantId: string, person: KnownPerson): Promise<void> {
    const scope = { tenantId, partition: PARTITIONS.people };
    const now = this.clock.now();
    const existing = await this.people.get(scope, person.userId);
    const stale = !existing || now.getTime() - Date.parse(existing.doc.lastSeenAt) > 24 * 3600_000;
    const teamsId = person.teamsId ?? existing?.doc.teamsId;
    if (existing && existing.doc.name === person.name && existing.doc.teamsId === teamsId && !stale) return;
    await this.people.upsert(scope, person.userId, { name: person.name, ...(teamsId ? { teamsId } : {}), lastSeenAt: now.toISOString() });
  }

  async get(tenantId: string, userId: string): Promise<KnownPerson | undefined> {
    const found = await this.people.get({ tenantId, partition: PARTITIONS.people }, userId);
    return found ? { userId, name: found.doc.name, ...(found.doc.teamsId ? { teamsId: found.doc.teamsId } : {}) } : undefined;
  }

  async list(tenantId: string): Promise<KnownPerson[]> {
    const docs = await this.people.all({ tenantId, partition: PARTITIONS.people }, { orderBy: [{ field: 'name' }] });
    return docs.map((doc) => ({ userId: doc.id, name: doc.name, ...(doc.teamsId ? { teamsId: doc.teamsId } : {}) }));
  }

  /** Finds one person by name, case-insensitive; a partial name must be unambiguous. */
  async findByName(tenantId: string, name: string): Promise<KnownPerson> {
    const wanted = name.trim().toLowerCase();
    const everyone = await this.list(tenantId);
    const exact = everyone.filter((p) => p.name.toLowerCase() === wanted);
    const matches = exact.length > 0 ? exact : everyone.filter((p) => p.name.toLowerCase().includes(wanted));
    if (matches.length === 1) return matches[0]!;
    if (matches.length === 0) {
      throw new NotFoundError(
        `I don't know anyone called "${name}" yet. They need to have chatted with Headway or be in a team where it is installed.`,
      );
    }
    throw new InvalidInputError(`"${name}" matches more than one person: ${matches.map((m) => m.name).join(', ')}. Use the full name.`);
  }
}
