/** Who is being erased: every way a stored document can name them. */
export interface ErasedPerson {
  tenantId: string;
  /** AAD object id. */
  userId: string;
  /** Teams' id for them with this bot (`29:...`), when known. */
  teamsId?: string;
  /** Their display name, when known. */
  name?: string;
  /** Their personal chat with the bot, when they have one: delivery records are keyed by it. */
  conversationId?: string;
  /** An e-mail a coordinator typed for them (a hosting participant). */
  email?: string;
}

/** What a name becomes where a record must stay for others. */
export const FORMER_MEMBER = 'a former member';

/** A display name shorter than this is not searched for inside text: it would match parts of other words. */
const MIN_NAME = 3;

/** Whether `value`, anywhere inside it, names the person. */
export function mentions(value: unknown, person: ErasedPerson): boolean {
  const text = JSON.stringify(value) ?? '';
  return identifiers(person).some((id) => text.includes(id)) || (usableName(person) !== undefined && text.toLowerCase().includes(usableName(person)!.toLowerCase()));
}

/**
 * `value` with the person taken out, for records kept for others whose shape is not one feature's
 * (a job's payload, a progress report): objects carrying their id in `userId` are dropped from
 * arrays, a string that is one of their ids becomes empty, and their name inside text becomes
 * "a former member".
 */
export function redact<T>(value: T, person: ErasedPerson): T {
  const ids = new Set(identifiers(person));
  const name = usableName(person);
  const pattern = name ? new RegExp(escapeRegExp(name), 'gi') : undefined;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      if (ids.has(v)) return '';
      let out = v;
      for (const id of ids) out = out.split(id).join('');
      return pattern ? out.replace(pattern, FORMER_MEMBER) : out;
    }
    if (Array.isArray(v)) return v.filter((item) => !(isRecord(item) && typeof item.userId === 'string' && ids.has(item.userId))).map(walk);
    if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]));
    return v;
  };
  return walk(value) as T;
}

function identifiers(person: ErasedPerson): string[] {
  return [person.userId, person.teamsId, person.conversationId, person.email].filter((id): id is string => typeof id === 'string' && id !== '');
}

function usableName(person: ErasedPerson): string | undefined {
  const name = person.name?.trim();
  return name && name.length >= MIN_NAME ? name : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
