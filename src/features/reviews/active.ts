import type { Clock } from '../../clock.js';
import { InvalidInputError } from '../../errors.js';
import { retryOnConflict, safeId, type Collection } from '../../store/collection.js';
import { AlreadyExistsError } from '../../store/port.js';
import { ActiveReviewLock, PARTITION, type Review } from './model.js';

/** A lock naming a review that never came to exist (its starter died) is free after this long. */
const ABANDONED_MS = 60_000;

/**
 * "One active review per framework per channel", decided at the write: the lock document
 * `active:<channel>:<framework>` names the review that holds it. Starting a review, or making a
 * finished one active again, takes the lock with a create-if-absent or an ETag-guarded replace;
 * finishing gives it up. Two clicks at once cannot both take it.
 */
export class ActiveReviews {
  constructor(
    private readonly deps: {
      locks: Collection<typeof ActiveReviewLock>;
      clock: Clock;
      find: (tenantId: string, reviewId: string) => Promise<Review | undefined>;
      /** An active review from before locks existed (reviews started by an earlier version). */
      unlocked: (tenantId: string, conversationId: string, frameworkId: string) => Promise<(Review & { id: string }) | undefined>;
    },
  ) {}

  /** Takes the lock for `reviewId`, or refuses naming the review that holds it. */
  async take(tenantId: string, conversationId: string, frameworkId: string, frameworkTitle: string, holder: { reviewId: string; leadName: string }): Promise<void> {
    const scope = { tenantId, partition: PARTITION };
    const id = lockId(conversationId, frameworkId);
    await retryOnConflict(async () => {
      const lock = await this.deps.locks.get(scope, id);
      if (!lock) {
        const earlier = await this.deps.unlocked(tenantId, conversationId, frameworkId);
        const owner = earlier && earlier.id !== holder.reviewId ? { reviewId: earlier.id, leadName: earlier.leadName } : holder;
        await this.deps.locks.create(scope, id, { ...owner, held: true });
        if (owner !== holder) throw new InvalidInputError(`This channel already has an active ${frameworkTitle} review, led by ${owner.leadName}. Finish it first.`);
        return;
      }
      const { doc } = lock;
      if (doc.held && doc.reviewId !== holder.reviewId && !(await this.abandoned(tenantId, doc))) {
        throw new InvalidInputError(`This channel already has an active ${frameworkTitle} review, led by ${doc.leadName}. Finish it first.`);
      }
      await this.deps.locks.replace(lock, { ...holder, held: true });
    }, this.deps.clock).catch((error: unknown) => {
      // The retry budget ran out against someone taking it at the same moment: they have it.
      if (error instanceof AlreadyExistsError) throw new InvalidInputError(`Someone started a ${frameworkTitle} review in this channel at the same moment. Nothing was changed.`);
      throw error;
    });
  }

  /** Gives the lock up when `reviewId` finishes (only if it still holds it). */
  async release(tenantId: string, conversationId: string, frameworkId: string, reviewId: string): Promise<void> {
    await this.deps.locks.update({ tenantId, partition: PARTITION }, lockId(conversationId, frameworkId), (current) =>
      current && current.held && current.reviewId === reviewId ? { ...current, held: false } : undefined,
    );
  }

  /** Held by a review that is not active (its finish did not release) or that was never created, for a while. */
  private async abandoned(tenantId: string, lock: ActiveReviewLock & { updatedAt: string }): Promise<boolean> {
    const review = await this.deps.find(tenantId, lock.reviewId);
    if (review?.status === 'active') return false;
    return this.deps.clock.now().getTime() - new Date(lock.updatedAt).getTime() > ABANDONED_MS;
  }
}

function lockId(conversationId: string, frameworkId: string): string {
  return safeId(`active:${conversationId}:${frameworkId}`);
}
