import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { InvalidInputError } from '../../errors.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Collection, Doc } from '../../store/collection.js';
import { addDays, addMonths, isCalendarDate, londonDate, londonToUtc } from '../../time.js';
import type { Actor, Outreach, Reply } from '../ports.js';
import { PARTITION, placeOfReview, type Review } from './model.js';
import type { ReviewService } from './service.js';

/** Days before the next review is due that the lead is reminded. */
export const NEXT_REMINDER_DAYS = 14;
/** How far ahead the next review may be set. */
const LATEST_YEARS = 3;

const Payload = z.object({ reviewId: z.string(), due: z.string() });

/**
 * The review as a yearly cycle: when a review is complete the next is due a year later unless the
 * lead sets another date; at 09:00 London two weeks before, the lead is reminded in personal chat,
 * unless the channel has started a newer review of the same framework since.
 */
export class NextReviews {
  constructor(private readonly deps: { reviews: ReviewService; docs: Collection<typeof Review>; jobs: Jobs; clock: Clock; outreach: Outreach; reminder: (review: Doc<Review>) => Reply }) {
    deps.jobs.register('reviews.nextDue', Payload, async ({ tenantId, payload }) => {
      const review = await deps.reviews.find(tenantId, payload.reviewId);
      if (!review || review.status !== 'complete' || review.nextDue !== payload.due || review.leadUserId === '') return;
      const newer = (await deps.reviews.historyOf(tenantId, placeOfReview(review))).some((r) => r.frameworkId === review.frameworkId && r.createdAt > review.createdAt);
      if (newer) return;
      await deps.outreach.sendToUser(tenantId, review.leadUserId, deps.reminder(review), `reviews.nextDue:${review.id}:${payload.due}`);
    });
  }

  /** When the lead is reminded of a next review due on `due`. */
  static reminderAt(due: string): Date {
    return londonToUtc(addDays(due, -NEXT_REMINDER_DAYS), '09:00');
  }

  /** On completion: the next review is due a year on, unless already set; its reminder is scheduled. */
  async completed(tenantId: string, review: Doc<Review>): Promise<Doc<Review>> {
    if (review.status !== 'complete') return review;
    const due = review.nextDue ?? addMonths(londonDate(this.deps.clock.now()), 12);
    const updated = review.nextDue ? review : ((await this.deps.docs.update({ tenantId, partition: PARTITION }, review.id, (current) => (current && !current.nextDue ? { ...current, nextDue: due } : undefined)))?.doc ?? review);
    await this.schedule(tenantId, updated);
    return updated;
  }

  /** The lead moves the next review's date: a day still to come, within three years. */
  async set(actor: Actor, review: Doc<Review>, due: string): Promise<Doc<Review>> {
    this.deps.reviews.requireLead(actor, review);
    if (review.status !== 'complete') throw new InvalidInputError('Finish this review first: the next one is set once every theme is agreed. Nothing was changed.');
    const today = londonDate(this.deps.clock.now());
    if (!isCalendarDate(due)) throw new InvalidInputError('Choose the next review’s date as a date. Nothing was changed.');
    if (due <= today) throw new InvalidInputError('Choose a date still to come for the next review. Nothing was changed.');
    if (due > addMonths(today, 12 * LATEST_YEARS)) throw new InvalidInputError(`Choose a date within ${LATEST_YEARS} years for the next review. Nothing was changed.`);
    const updated = (await this.deps.docs.update({ tenantId: actor.tenantId, partition: PARTITION }, review.id, (current) => (current && current.nextDue !== due ? { ...current, nextDue: due } : undefined)))?.doc ?? review;
    await this.schedule(actor.tenantId, updated);
    return updated;
  }

  private async schedule(tenantId: string, review: Doc<Review>): Promise<void> {
    if (!review.nextDue) return;
    const at = NextReviews.reminderAt(review.nextDue);
    // Set within two weeks of the date: the reminder goes at the next 09:00 instead.
    const when = at > this.deps.clock.now() ? at : londonToUtc(addDays(londonDate(this.deps.clock.now()), 1), '09:00');
    await this.deps.jobs.schedule(tenantId, when, 'reviews.nextDue', { reviewId: review.id, due: review.nextDue }, `reviews.nextDue:${review.id}:${review.nextDue}`);
  }
}
