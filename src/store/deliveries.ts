import { z } from 'zod';
import { AlreadyExistsError, ConcurrencyError, type Versioned } from './port.js';
import { safeId, type Collection, type Doc } from './collection.js';

/**
 * One proactive message to one recipient, keyed by what it is (e.g. `hosting.invite:<campaign>`).
 * Claimed before sending and marked sent after, so a repeated or resumed fan-out never sends
 * the same message to the same person twice. Partition: the message key.
 */
export const Delivery = z.object({
  key: z.string(),
  recipient: z.string(),
  status: z.enum(['sending', 'sent', 'failed', 'gone']),
  attempts: z.number().int(),
  leaseUntil: z.string().optional(),
  activityId: z.string().optional(),
  lastError: z.string().optional(),
});
export type Delivery = z.infer<typeof Delivery>;

export type Claim = { kind: 'claimed'; claim: Versioned<Doc<Delivery>> } | { kind: 'skip'; status: Delivery['status'] | 'in-flight' };

export class Deliveries {
  constructor(private readonly docs: Collection<typeof Delivery>) {}

  private scope(tenantId: string, key: string) {
    return { tenantId, partition: `delivery:${key}` };
  }

  /** Takes the right to send, unless it was sent already or another sender holds a live lease. */
  async claim(tenantId: string, key: string, recipient: string, now: Date, leaseMs: number): Promise<Claim> {
    const scope = this.scope(tenantId, key);
    const id = safeId(recipient);
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    const existing = await this.docs.get(scope, id);
    try {
      if (!existing) {
        return { kind: 'claimed', claim: await this.docs.create(scope, id, { key, recipient, status: 'sending', attempts: 0, leaseUntil }) };
      }
      const { status } = existing.doc;
      if (status === 'sent' || status === 'gone') return { kind: 'skip', status };
      if (status === 'sending' && existing.doc.leaseUntil && Date.parse(existing.doc.leaseUntil) > now.getTime()) {
        return { kind: 'skip', status: 'in-flight' };
      }
      return { kind: 'claimed', claim: await this.docs.replace(existing, { ...existing.doc, status: 'sending', leaseUntil }) };
    } catch (error) {
      if (error instanceof AlreadyExistsError || error instanceof ConcurrencyError) return { kind: 'skip', status: 'in-flight' };
      throw error;
    }
  }

  async finish(claim: Versioned<Doc<Delivery>>, outcome: Pick<Delivery, 'status' | 'attempts' | 'activityId' | 'lastError'>): Promise<void> {
    const { leaseUntil: _lease, activityId: _id, lastError: _error, ...rest } = claim.doc;
    await this.docs.replace(claim, {
      ...rest,
      status: outcome.status,
      attempts: outcome.attempts,
      ...(outcome.activityId ? { activityId: outcome.activityId } : {}),
      ...(outcome.lastError ? { lastError: outcome.lastError } : {}),
    });
  }

  async get(tenantId: string, key: string, recipient: string): Promise<Delivery | undefined> {
    return (await this.docs.get(this.scope(tenantId, key), safeId(recipient)))?.doc;
  }

  /** Erasure: every record of a message to any of `recipients` (a person's ids and chat), in any message's partition. Answers how many went. */
  async forgetRecipients(tenantId: string, recipients: string[]): Promise<number> {
    let removed = 0;
    for (const record of await this.docs.scanAll(tenantId, [{ field: 'recipient', op: 'in', value: recipients }])) if (await this.docs.remove(record)) removed++;
    return removed;
  }

  /**
   * Deletes delivery records last written before `before` (the retention job). After that, the
   * same message key could be delivered again, so the period must outlast any programme.
   */
  async purgeOlderThan(before: Date): Promise<number> {
    return this.docs.removeAll(() => this.docs.sweep(before));
  }
}
