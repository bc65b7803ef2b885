import { z } from 'zod';
/** Where a conversation is in Teams (features call it Scope). */
export type ConversationScope = 'personal' | 'groupChat' | 'channel';
import { safeId, type Collection } from './collection.js';

/**
 * What the bot needs to message a conversation later (Bot Framework ConversationReference):
 * ids and the service URL only, no names or message text.
 */
export const Reference = z
  .object({
    serviceUrl: z.string().url(),
    channelId: z.string(),
    conversation: z.object({ id: z.string(), conversationType: z.string().optional(), tenantId: z.string().optional() }).passthrough(),
    bot: z.object({ id: z.string(), name: z.string().optional() }).passthrough(),
    user: z.object({ id: z.string(), aadObjectId: z.string().optional() }).optional(),
    locale: z.string().optional(),
  })
  .passthrough();
export type Reference = z.infer<typeof Reference>;

export const ConversationDoc = z.object({
  conversationId: z.string(),
  scope: z.enum(['personal', 'groupChat', 'channel']),
  /** The person, for a personal chat. */
  userId: z.string().optional(),
  teamId: z.string().optional(),
  teamName: z.string().optional(),
  reference: Reference,
  active: z.boolean(),
  inactiveReason: z.string().optional(),
});
export type ConversationDoc = z.infer<typeof ConversationDoc>;

const PARTITION = 'conversations';

/** Stored conversation references, so proactive messages survive restarts and redeploys. */
export class ConversationRefs {
  constructor(private readonly docs: Collection<typeof ConversationDoc>) {}

  /**
   * Stores the latest reference. Answers whether the bot is new to the conversation (never seen,
   * or removed since), which is when a welcome is due: Teams and the Playground repeat install
   * events, and a welcome should not.
   */
  async remember(
    tenantId: string,
    entry: { conversationId: string; scope: ConversationScope; userId?: string; teamId?: string; teamName?: string; reference: Reference },
  ): Promise<{ isNew: boolean }> {
    const scope = { tenantId, partition: PARTITION };
    const id = safeId(entry.conversationId);
    const existing = (await this.docs.get(scope, id))?.doc;
    const isNew = !existing || !existing.active;
    // Teams sends the team's name on some events only: keep the last one seen.
    const teamName = entry.teamName ?? existing?.teamName;
    const body: ConversationDoc = { ...entry, ...(teamName ? { teamName } : {}), active: true };
    // Everyone in a busy channel sends the same reference: write only when something changed, and
    // then without an ETag (the data is the same whoever wins), so nobody waits on anybody.
    const unchanged = existing && !isNew && canonical(existing.reference) === canonical(body.reference) && existing.teamName === body.teamName && existing.userId === body.userId;
    if (!unchanged) await this.docs.upsert(scope, id, body);
    return { isNew };
  }

  async get(tenantId: string, conversationId: string): Promise<ConversationDoc | undefined> {
    return (await this.docs.get({ tenantId, partition: PARTITION }, safeId(conversationId)))?.doc;
  }

  /** The personal chat with a person, if they have one with the bot. */
  async personal(tenantId: string, userId: string): Promise<ConversationDoc | undefined> {
    return this.docs.first({ tenantId, partition: PARTITION }, { where: [{ field: 'scope', op: '=', value: 'personal' }, { field: 'userId', op: '=', value: userId }] });
  }

  /** Active channel conversations, one per team: the teams the bot is installed in. */
  async teams(tenantId: string): Promise<{ teamId: string; name: string; conversationId: string }[]> {
    const channels = await this.docs.all(
      { tenantId, partition: PARTITION },
      { where: [{ field: 'scope', op: '=', value: 'channel' }, { field: 'active', op: '=', value: true }] },
    );
    const byTeam = new Map<string, { teamId: string; name: string; conversationId: string }>();
    for (const channel of channels) {
      if (!channel.teamId || byTeam.has(channel.teamId)) continue;
      byTeam.set(channel.teamId, { teamId: channel.teamId, name: channel.teamName ?? 'Team', conversationId: channel.conversationId });
    }
    return [...byTeam.values()];
  }

  /** Any active reference in the tenant: its service URL serves the whole tenant. */
  async any(tenantId: string): Promise<ConversationDoc | undefined> {
    return this.docs.first({ tenantId, partition: PARTITION }, { where: [{ field: 'active', op: '=', value: true }] });
  }

  /** Erasure: forgets a person's personal chat with the bot. Answers how many references went. */
  async forgetPersonal(tenantId: string, userId: string): Promise<number> {
    const scope = { tenantId, partition: PARTITION };
    let removed = 0;
    for (const chat of await this.docs.all(scope, { where: [{ field: 'scope', op: '=', value: 'personal' }, { field: 'userId', op: '=', value: userId }] })) {
      if (await this.docs.delete(scope, chat.id)) removed++;
    }
    return removed;
  }

  async markInactive(tenantId: string, conversationId: string, reason: string): Promise<void> {
    await this.docs.update({ tenantId, partition: PARTITION }, safeId(conversationId), (current) =>
      current && current.active ? { ...current, active: false, inactiveReason: reason } : undefined,
    );
  }
}

/** JSON with keys in a fixed order, to compare documents whatever order a store returns them in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
