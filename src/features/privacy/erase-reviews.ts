import { randomUUID } from 'node:crypto';
import { PARTITION, inReview } from '../reviews/model.js';
import type { Responders } from '../reviews/responder.js';
import type { ReviewCollections } from '../reviews/store.js';
import { FORMER_MEMBER, type ErasedPerson } from './redact.js';
import type { Tally } from './tally.js';

/**
 * Takes a person out of every review of their tenant. Their live answers go. In what a reveal cut
 * (the spread the team saw, which the summary and the CSV read), each of their answers keeps its
 * level, so counts stay as they were, under a fresh token in place of their id, without their
 * name, and in a named review without their comment. Agreed responses stay; an action they own
 * (as typed at the agreement, or in the action plan) loses its owner. A review they led can then be led by any of its members.
 */
export async function eraseFromReviews(c: ReviewCollections, responders: Responders, person: ErasedPerson, tally: Tally): Promise<void> {
  const { tenantId, userId } = person;
  const home = { tenantId, partition: PARTITION };
  for (const review of await c.reviews.all(home)) {
    const scope = inReview(tenantId, review.id);
    const responder = responders.of(review, userId);
    for (const answer of await c.answers.all(scope, { where: [{ field: 'responder', op: '=', value: responder }] })) tally.deletedIf(await c.answers.delete(scope, answer.id));
    const token = `former:${randomUUID().slice(0, 8)}`;
    for (const snapshot of await c.snapshots.all(scope)) {
      if (!snapshot.answers.some((a) => a.responder === responder)) continue;
      await c.snapshots.update(scope, snapshot.id, (current) =>
        current
          ? { ...current, answers: current.answers.map((a) => (a.responder === responder ? { ...a, responder: token, name: '', comment: review.anonymous ? a.comment : '' } : a)) }
          : undefined,
      );
      tally.anonymised++;
    }
    if (person.name) {
      for (const agreed of await c.agreed.all(scope, { where: [{ field: 'owner', op: '=', value: person.name }] })) {
        await c.agreed.update(scope, agreed.id, (current) => (current && current.owner === person.name ? { ...current, owner: '' } : undefined));
        tally.anonymised++;
      }
    }
    // An action they own stays in the plan, without its owner.
    for (const action of await c.actions.all(scope)) {
      if (action.ownerId !== userId && !(person.name && action.ownerId === '' && action.ownerName === person.name)) continue;
      await c.actions.update(scope, action.id, (current) => (current ? { ...current, ownerId: '', ownerName: '' } : undefined));
      tally.anonymised++;
    }
    const assigned = Object.values(review.assignments).some((ids) => ids.includes(userId));
    if (review.leadUserId === userId || review.memberIds.includes(userId) || assigned) {
      await c.reviews.update(home, review.id, (current) =>
        current
          ? {
              ...current,
              memberIds: current.memberIds.filter((id) => id !== userId),
              // Themes given to them to look at closely are no longer anyone's in particular.
              assignments: Object.fromEntries(Object.entries(current.assignments).map(([themeId, ids]) => [themeId, ids.filter((id) => id !== userId)])),
              ...(current.leadUserId === userId ? { leadUserId: '', leadName: FORMER_MEMBER } : {}),
            }
          : undefined,
      );
      tally.anonymised++;
    }
  }
  if (person.name) {
    for (const lock of await c.locks.all(home, { where: [{ field: 'leadName', op: '=', value: person.name }] })) {
      await c.locks.update(home, lock.id, (current) => (current && current.leadName === person.name ? { ...current, leadName: FORMER_MEMBER } : undefined));
      tally.anonymised++;
    }
  }
}
