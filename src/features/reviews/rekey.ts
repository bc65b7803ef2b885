import type { Logger } from '../../log.js';
import { AlreadyExistsError } from '../../store/port.js';
import { PARTITION, inReview } from './model.js';
import { saltedResponder, type Responders } from './responder.js';
import type { ReviewCollections } from './store.js';

/**
 * The one-off migration to ANONYMITY_KEY: every anonymous review started before it stored a salt
 * beside its member ids, so anyone with the database could recompute who answered what. Each
 * member's answers move to their keyed hash (answers, and the answers its reveals cut), then the
 * salt is deleted, after which the old hashes tie to nobody. An answer a member gave under the new
 * key meanwhile wins over the old one. Safe to run again. Answers the number of reviews re-keyed.
 */
export async function rekeyAnonymousReviews(c: ReviewCollections, responders: Responders, log: Logger): Promise<number> {
  let rekeyed = 0;
  for (const { doc: review } of await c.reviews.scanAll(undefined, [{ field: 'anonymous', op: '=', value: true }])) {
    const salt = review.salt;
    if (salt === undefined) continue;
    const scope = inReview(review.tenantId, review.id);
    const moved = new Map(review.memberIds.map((userId) => [saltedResponder(salt, userId), responders.of(review, userId)]));
    for (const answer of await c.answers.all(scope)) {
      const responder = moved.get(answer.responder);
      if (!responder) continue;
      const { statementId, themeId, name, value, comment } = answer;
      try {
        await c.answers.create(scope, `answer:${statementId}:${responder}`, { statementId, themeId, responder, name, value, comment });
      } catch (error) {
        if (!(error instanceof AlreadyExistsError)) throw error; // answered again since, under the new key: that answer stands
      }
      await c.answers.delete(scope, answer.id);
    }
    for (const snapshot of await c.snapshots.all(scope)) {
      if (!snapshot.answers.some((a) => moved.has(a.responder))) continue;
      await c.snapshots.update(scope, snapshot.id, (current) => (current ? { ...current, answers: current.answers.map((a) => ({ ...a, responder: moved.get(a.responder) ?? a.responder })) } : undefined));
    }
    await c.reviews.update({ tenantId: review.tenantId, partition: PARTITION }, review.id, (current) => {
      if (!current || current.salt === undefined) return undefined;
      const { salt: _salt, ...rest } = current;
      return rest;
    });
    log.info({ tenantId: review.tenantId, reviewId: review.id, members: moved.size }, 'migration: anonymous review re-keyed');
    rekeyed++;
  }
  return rekeyed;
}
