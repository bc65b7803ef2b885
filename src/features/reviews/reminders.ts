import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Doc } from '../../store/collection.js';
import { addDays, endOfLondonDay, londonToUtc } from '../../time.js';
import type { FanOuts } from '../fanout.js';
import type { Actor, Member, Outreach, Reply } from '../ports.js';
import type { Review } from './model.js';
import type { ReviewService } from './service.js';
import type { ReviewAnswers } from './answers.js';

const Payload = z.object({ reviewId: z.string(), deadline: z.string() });

export interface ReminderCards {
  /** To someone who has not answered the themes open for answers. */
  reminder(review: Doc<Review>, themeIds: string[]): Reply;
  /** To the lead when the deadline has passed: how many answered each open theme. */
  deadlinePassed(review: Doc<Review>, counts: { themeId: string; answered: number }[]): Reply;
  /** To someone the lead has newly given themes to look at closely. */
  nudge(review: Doc<Review>, themeIds: string[]): Reply;
}

/**
 * A review's deadline as durable jobs: at 09:00 London the day before, a personal reminder to
 * each member who has not answered a theme open for answers (at most once each); at the end of
 * the deadline day, a note to the lead. The lead can also remind people on demand, once a day.
 * A job whose deadline no longer matches the review, or whose review is finished, does nothing.
 */
export class ReviewReminders {
  constructor(
    private readonly deps: { reviews: ReviewService; answers: ReviewAnswers; outreach: Outreach; fanOuts: FanOuts; jobs: Jobs; clock: Clock },
    private readonly cards: ReminderCards,
  ) {
    deps.jobs.register('reviews.reminder', Payload, async ({ tenantId, payload }) => {
      const review = await this.current(tenantId, payload);
      if (review) await this.remind(tenantId, review, `reviews.reminder:${review.id}:${payload.deadline}`);
    });
    deps.jobs.register('reviews.deadline', Payload, async ({ tenantId, payload }) => {
      const review = await this.current(tenantId, payload);
      if (!review) return;
      const counts = await Promise.all(this.themesOpen(review).map(async (themeId) => ({ themeId, answered: await deps.answers.answered(tenantId, review, themeId) })));
      if (review.leadUserId === '') return; // the lead deleted their data: nobody to tell
      await deps.outreach.sendToUser(tenantId, review.leadUserId, cards.deadlinePassed(review, counts), `reviews.deadline:${review.id}:${payload.deadline}`);
    });
  }

  /** When the reminder goes: 09:00 London the day before the deadline. */
  static reminderAt(deadline: string): Date {
    return londonToUtc(addDays(deadline, -1), '09:00');
  }

  async schedule(tenantId: string, review: Doc<Review>): Promise<void> {
    if (!review.deadline) return;
    const now = this.deps.clock.now();
    const payload = { reviewId: review.id, deadline: review.deadline };
    const remindAt = ReviewReminders.reminderAt(review.deadline);
    if (remindAt > now) await this.deps.jobs.schedule(tenantId, remindAt, 'reviews.reminder', payload, `reviews.reminder:${review.id}:${review.deadline}`);
    await this.deps.jobs.schedule(tenantId, endOfLondonDay(review.deadline), 'reviews.deadline', payload, `reviews.deadline:${review.id}:${review.deadline}`);
  }

  /**
   * Reminds each member who has not answered every theme open for answers, in their personal
   * chat, through a durable fan-out (a team can be hundreds); `key` makes it once per person.
   */
  async remind(tenantId: string, review: Doc<Review>, key: string): Promise<void> {
    const { mailings } = await this.reminders(tenantId, review, key);
    if (mailings.length > 0) await this.deps.fanOuts.enqueue(tenantId, mailings, 'reminders to answer the open themes', key);
  }

  /**
   * The lead's `review remind`: the same reminder now, once per person per day, sent by a
   * durable job (a team can be large); answers the card to show, or why nobody needs one.
   */
  async remindNow(actor: Actor, review: Doc<Review>, today: string): Promise<Reply> {
    if (this.themesOpen(review).length === 0) return { text: 'No theme is taking answers just now: open one first.' };
    const { waiting, mailings } = await this.reminders(actor.tenantId, review, `reviews.remind:${review.id}:${today}`);
    if (waiting.length === 0) return { text: 'Everyone has answered the open themes. Nobody needed a reminder.' };
    return this.deps.fanOuts.startEach(actor, mailings, 'reminders to answer the open themes', `remind:${today}:${waiting.map((m) => m.userId).sort().join(',')}`);
  }

  /** Who has not answered every open theme, and one mailing per set of themes they owe (each its own card). */
  private async reminders(tenantId: string, review: Doc<Review>, key: string): Promise<{ waiting: Member[]; mailings: { key: string; reply: Reply; people: Member[] }[] }> {
    const themeIds = this.themesOpen(review);
    const members = await this.members(tenantId, review);
    const missing = await this.deps.answers.unanswered(tenantId, review, themeIds, members.map((m) => m.userId));
    const waiting = members.filter((m) => (missing.get(m.userId) ?? []).length > 0);
    const bySet = new Map<string, Member[]>();
    for (const member of waiting) {
      const set = (missing.get(member.userId) ?? []).join(',');
      bySet.set(set, [...(bySet.get(set) ?? []), member]);
    }
    return { waiting, mailings: [...bySet.entries()].map(([set, people]) => ({ key, reply: this.cards.reminder(review, set.split(',')), people })) };
  }

  /**
   * The lead gives one person their themes (see ReviewService.shareOutTo); someone newly given a
   * theme gets one personal nudge. Answers the review and what became of the nudge.
   */
  async shareOut(actor: Actor, reviewId: string, person: string, themeIds: string[], members: string[]): Promise<{ review: Doc<Review>; nudge: 'none' | 'sent' | 'unreached' }> {
    const { review, newly } = await this.deps.reviews.shareOutTo(actor, reviewId, person, themeIds, members);
    let nudge: 'none' | 'sent' | 'unreached' = 'none';
    for (const [userId, given] of newly) {
      const outcome = await this.deps.outreach.sendToUser(actor.tenantId, userId, this.cards.nudge(review, given), `reviews.nudge:${review.id}:${userId}:${[...given].sort().join(',')}`);
      nudge = outcome === 'sent' ? 'sent' : 'unreached';
    }
    return { review, nudge };
  }

  /** Themes whose card is in the channel and still taking answers. */
  themesOpen(review: Review): string[] {
    return Object.keys(review.pollActivityIds).filter((themeId) => review.themeStatus[themeId] === 'open');
  }

  /** The team's members now (people join and leave), or those known at the start outside a team. */
  private async members(tenantId: string, review: Review): Promise<Member[]> {
    if (review.teamId) return this.deps.outreach.teamMembers(tenantId, review.teamId);
    return review.memberIds.map((userId) => ({ userId, name: '' }));
  }

  private async current(tenantId: string, payload: z.infer<typeof Payload>): Promise<Doc<Review> | undefined> {
    const review = await this.deps.reviews.find(tenantId, payload.reviewId);
    return review && review.status === 'active' && review.deadline === payload.deadline ? review : undefined;
  }
}
