import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { ForbiddenError, InvalidInputError, NotFoundError } from '../../errors.js';
import type { Collection, Doc } from '../../store/collection.js';
import type { Actor } from '../ports.js';
import { shareOut } from './checks.js';
import type { Framework } from './framework.js';
import { ActiveReviews } from './active.js';
import { ActiveReviewLock, AgreedDoc, PARTITION, Review, placeOf, placeOfReview } from './model.js';
import { isCalendarDate, londonDate } from '../../time.js';

export interface StartInput {
  frameworkId: string;
  variant: string;
  anonymous: boolean;
  deadline?: string;
  assignments?: Record<string, string[]>;
  /** The channel's members, from the team roster. */
  members?: string[];
  /** The channel's last completed review of the same framework and variant, and where it left each statement. */
  previousReviewId?: string;
  lastTime?: Review['lastTime'];
  /** Share the agreed levels with the network's coordinators once complete (see network.ts). */
  share?: boolean;
}

/**
 * Running a maturity review in a channel: whoever starts it leads it, shares out themes, opens
 * them and sets the deadline. Every payload is checked against the review; a stale or forged one
 * changes nothing. Answering is in answers.ts; the lead's reveal, agreement and summary in
 * agreement.ts.
 */
export class ReviewService {
  /** One active review per framework per channel, decided at the write. */
  readonly active: ActiveReviews;

  constructor(
    private readonly deps: {
      reviews: Collection<typeof Review>;
      agreed: Collection<typeof AgreedDoc>;
      locks: Collection<typeof ActiveReviewLock>;
      frameworks: Map<string, Framework>;
      clock: Clock;
    },
  ) {
    this.active = new ActiveReviews({
      locks: deps.locks,
      clock: deps.clock,
      find: (tenantId, reviewId) => this.find(tenantId, reviewId),
      unlocked: (tenantId, conversationId, frameworkId) =>
        deps.reviews.first({ tenantId, partition: PARTITION }, { where: [{ field: 'conversationId', op: '=', value: conversationId }, { field: 'frameworkId', op: '=', value: frameworkId }, { field: 'status', op: '=', value: 'active' }] }),
    });
  }

  /** The frameworks loaded at start. */
  frameworkList(): Framework[] {
    return [...this.deps.frameworks.values()];
  }

  framework(id: string): Framework {
    const framework = this.deps.frameworks.get(id);
    if (!framework) throw new NotFoundError(`There is no framework "${id}". Ask your coordinator which frameworks are loaded.`);
    return framework;
  }

  async get(tenantId: string, reviewId: string): Promise<Doc<Review>> {
    const review = await this.find(tenantId, reviewId);
    if (!review) throw new NotFoundError('That review no longer exists.');
    return review;
  }

  /**
   * The review a card in this channel names: a card from another channel's review (forwarded,
   * or forged with a guessed id) is refused before anything of the review is read out or changed.
   */
  async inChannel(actor: Actor, reviewId: string): Promise<Doc<Review>> {
    const review = await this.find(actor.tenantId, reviewId);
    if (!review || placeOfReview(review) !== placeOf(actor)) throw new ForbiddenError('That card belongs to another channel’s review. Nothing was changed.');
    return review;
  }

  async find(tenantId: string, reviewId: string): Promise<Doc<Review> | undefined> {
    return (await this.deps.reviews.get({ tenantId, partition: PARTITION }, reviewId))?.doc;
  }

  /** Reviews held in a channel, newest first. */
  async history(actor: Actor): Promise<Doc<Review>[]> {
    return this.historyOf(actor.tenantId, placeOf(actor));
  }

  /** Every review of the tenant (for the daily action reminders). */
  async all(tenantId: string): Promise<Doc<Review>[]> {
    return this.deps.reviews.all({ tenantId, partition: PARTITION });
  }

  /** Reviews held in a channel (see placeOf), newest first: those that name it, and those from before reviews named their channel. */
  async historyOf(tenantId: string, place: string): Promise<Doc<Review>[]> {
    const scope = { tenantId, partition: PARTITION };
    const [named, older] = await Promise.all([
      this.deps.reviews.all(scope, { where: [{ field: 'channel', op: '=', value: place }] }),
      this.deps.reviews.all(scope, { where: [{ field: 'conversationId', op: '=', value: place }] }),
    ]);
    const byId = new Map([...older.filter((r) => r.channel === undefined), ...named].map((r) => [r.id, r]));
    return [...byId.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async start(actor: Actor, input: StartInput): Promise<Doc<Review>> {
    if (actor.scope !== 'channel') throw new InvalidInputError('Start a review in your senior leadership team’s channel, by mentioning @Headway.');
    const framework = this.framework(input.frameworkId);
    if (!framework.variants.some((v) => v.id === input.variant)) throw new InvalidInputError(`"${input.variant}" is not a variant of ${framework.title}.`);
    if (input.deadline && !isCalendarDate(input.deadline)) throw new InvalidInputError('Choose the deadline as a date.');
    const assignments = Object.fromEntries(Object.entries(input.assignments ?? {}).filter(([themeId]) => framework.themes.some((t) => t.id === themeId)));
    const reviewId = randomUUID();
    await this.active.take(actor.tenantId, placeOf(actor), framework.id, framework.title, { reviewId, leadName: actor.name });
    const review = await this.deps.reviews.create({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, {
      frameworkId: framework.id,
      frameworkVersion: framework.version,
      variant: input.variant,
      conversationId: actor.conversationId,
      channel: placeOf(actor),
      ...(actor.teamId ? { teamId: actor.teamId } : {}),
      leadUserId: actor.userId,
      leadName: actor.name,
      anonymous: input.anonymous,
      ...(input.deadline ? { deadline: input.deadline } : {}),
      assignments,
      themeStatus: Object.fromEntries(framework.themes.map((t) => [t.id, 'open' as const])),
      currentThemeId: framework.themes[0]!.id,
      status: 'active',
      pollActivityIds: {},
      memberIds: (input.members ?? []).slice(0, 60),
      memberCount: (input.members ?? []).length,
      ...(input.previousReviewId ? { previousReviewId: input.previousReviewId } : {}),
      lastTime: input.lastTime ?? {},
      share: input.share ?? false,
    });
    return review.doc;
  }

  /**
   * The lead gives one person exactly `themeIds` (none: takes theirs away), one person at a time
   * from the share-out card (the seed's examples: Theme 1 to the headteacher, Themes 3 and 6 to
   * the SENCo ...). Decided inside the guarded write from the review as it is then, so share-outs
   * at the same moment all land. Answers who was newly given which themes, for their nudge.
   */
  async shareOutTo(actor: Actor, reviewId: string, person: string, themeIds: string[], members: string[]): Promise<{ review: Doc<Review>; newly: Map<string, string[]> }> {
    const review = await this.inChannel(actor, reviewId);
    this.requireLead(actor, review);
    if (!members.includes(person)) throw new InvalidInputError('Choose someone in this team. Nothing was changed.');
    const framework = this.framework(review.frameworkId);
    let newly = new Map<string, string[]>();
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, (current) => {
      newly = new Map(); // the callback runs again on a conflict: nothing from a lost attempt stays
      if (!current) return undefined;
      const next = Object.fromEntries(
        framework.themes.map((t) => [t.id, [...(current.assignments[t.id] ?? []).filter((id) => id !== person), ...(themeIds.includes(t.id) ? [person] : [])]]),
      );
      const shared = shareOut(framework, next, members, current.assignments);
      newly = shared.newly;
      return { ...current, assignments: shared.clean };
    });
    return { review: updated!.doc, newly };
  }

  /**
   * The lead opens any theme not yet agreed, in any order. Answers whether the current theme
   * changed: a repeated click on the same choice changes nothing (and posts nothing).
   */
  async openTheme(actor: Actor, reviewId: string, themeId: string): Promise<{ review: Doc<Review>; changed: boolean }> {
    const review = await this.inChannel(actor, reviewId);
    this.requireLead(actor, review);
    const framework = this.framework(review.frameworkId);
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review. Nothing was changed.');
    if (review.status !== 'active') throw new InvalidInputError('This review is finished. Start a new one with review start.');
    if (review.themeStatus[themeId] === 'agreed') throw new InvalidInputError(`${theme.title} is already agreed. Choose a theme the team has not agreed yet.`);
    let changed = false;
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, (current) => {
      changed = false;
      if (!current || (current.currentThemeId === themeId && current.pollActivityIds[themeId])) return undefined;
      changed = true;
      return { ...current, currentThemeId: themeId };
    });
    return { review: updated?.doc ?? review, changed };
  }

  /** The lead sets, moves or (with no date) removes the deadline for answers; never to a past day. */
  async setDeadline(actor: Actor, reviewId: string, deadline: string | undefined): Promise<Doc<Review>> {
    const review = await this.inChannel(actor, reviewId);
    this.requireLead(actor, review);
    if (review.status !== 'active') throw new InvalidInputError('This review is finished. Nothing was changed.');
    if (deadline !== undefined) {
      if (!isCalendarDate(deadline)) throw new InvalidInputError('Choose the deadline as a date. Nothing was changed.');
      if (deadline < londonDate(this.deps.clock.now())) throw new InvalidInputError('The deadline cannot be in the past. Nothing was changed.');
    }
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, reviewId, (current) => {
      if (!current || current.deadline === deadline) return undefined;
      const { deadline: _old, ...rest } = current;
      return deadline ? { ...rest, deadline } : rest;
    });
    return updated?.doc ?? review;
  }

  /** Remembers the channel message that carries a theme's shared card. */
  async setPoll(tenantId: string, reviewId: string, themeId: string, activityId: string): Promise<Doc<Review>> {
    const updated = await this.deps.reviews.update({ tenantId, partition: PARTITION }, reviewId, (current) =>
      current ? { ...current, pollActivityIds: { ...current.pollActivityIds, [themeId]: activityId } } : undefined,
    );
    return updated!.doc;
  }

  /** The lead chooses whether the team's agreed levels are shared with the network's coordinators. */
  async setShare(actor: Actor, review: Doc<Review>, share: boolean): Promise<Doc<Review>> {
    this.requireLead(actor, review);
    const updated = await this.deps.reviews.update({ tenantId: actor.tenantId, partition: PARTITION }, review.id, (current) => (current && current.share !== share ? { ...current, share } : undefined));
    return updated?.doc ?? review;
  }

  /** Remembers the message of the latest action plan posted, to keep it up to date. */
  async setActionsCard(tenantId: string, reviewId: string, card: { conversationId: string; activityId: string }): Promise<void> {
    await this.deps.reviews.update({ tenantId, partition: PARTITION }, reviewId, (current) => (current ? { ...current, actionsCard: card } : undefined));
  }

  /** The lead's alone; when the lead has deleted their data, any member of the review may lead it. */
  requireLead(actor: Actor, review: Review): void {
    if (review.leadUserId === '' && review.memberIds.includes(actor.userId)) return;
    if (review.leadUserId !== actor.userId) throw new ForbiddenError(`Only the review’s lead, ${review.leadName}, can do that. Nothing was changed.`);
  }


}

