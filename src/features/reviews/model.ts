import { z } from 'zod';
import type { Scope } from '../../store/collection.js';

/** A review in a channel. Partition `reviews` (the tenant's reviews), id = review id. */
export const Review = z.object({
  frameworkId: z.string(),
  frameworkVersion: z.string(),
  variant: z.string(),
  /** The thread the review started in: its cards are posted there. */
  conversationId: z.string(),
  /** The channel, whichever thread (see Actor.channelKey); absent on reviews from before it, whose channel is their conversation. */
  channel: z.string().optional(),
  teamId: z.string().optional(),
  leadUserId: z.string(),
  leadName: z.string(),
  anonymous: z.boolean(),
  /**
   * Only in anonymous reviews started before ANONYMITY_KEY, until the migration re-keys their
   * answers (reviews/rekey.ts) and deletes it: a salt kept beside the member ids let anyone with
   * the database recompute who answered what.
   */
  salt: z.string().optional(),
  deadline: z.string().optional(),
  assignments: z.record(z.array(z.string())),
  themeStatus: z.record(z.enum(['open', 'revealed', 'agreed'])),
  currentThemeId: z.string(),
  status: z.enum(['active', 'complete']),
  completedAt: z.string().optional(),
  /** The channel message of each theme's shared card, to update its live count and reveal. */
  pollActivityIds: z.record(z.string()).default({}),
  /** The team's members when the review started: who may see their own view (max 60) and the count's "of N". */
  memberIds: z.array(z.string()).default([]),
  memberCount: z.number().int().default(0),
  /** When retention removed its individual answers (RETENTION_MONTHS after completion): what is left describes the school. */
  answersRemovedAt: z.string().optional(),
  /** When the team means to review again (a London date): by default a year after completing; the lead is reminded two weeks before. */
  nextDue: z.string().optional(),
  /** Whether the lead shares the team's agreed levels (never anyone's name or answers) with the network's coordinators. */
  share: z.boolean().default(false),
  /** The review this one repeats, when the lead chose Repeat the last review. */
  previousReviewId: z.string().optional(),
  /**
   * Per statement, where the team stood at the last review when this one started: the agreed
   * level and that review's actions still open then, shown under each statement while answering.
   */
  lastTime: z.record(z.object({ level: z.string(), open: z.array(z.string()) })).default({}),
  /** The latest action plan posted with `review actions` (in whichever thread it was asked for), kept up to date as actions change. */
  actionsCard: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
});
export type Review = z.infer<typeof Review>;

/**
 * Which review is active for a framework in a channel. Id `active:<conversation>:<framework>`,
 * partition `reviews`; see active.ts.
 */
export const ActiveReviewLock = z.object({ reviewId: z.string(), leadName: z.string(), held: z.boolean() });
export type ActiveReviewLock = z.infer<typeof ActiveReviewLock>;

/** One person's answer to one statement. Id `answer:<statementId>:<responder>`: one per person, upserted. */
export const AnswerDoc = z.object({
  statementId: z.string(),
  themeId: z.string(),
  responder: z.string(),
  /** Only in named reviews. */
  name: z.string(),
  value: z.string(),
  comment: z.string(),
});
export type AnswerDoc = z.infer<typeof AnswerDoc>;

/**
 * The answers to a theme as they stood when the lead revealed it: the cut. Id `revealed:<themeId>`,
 * created once. An answer that lands after it (sent just before the reveal) never changes what
 * was revealed: the spread, the flags, the comments and the CSV all read this.
 */
export const RevealedAnswers = z.object({
  themeId: z.string(),
  answers: z.array(AnswerDoc),
});
export type RevealedAnswers = z.infer<typeof RevealedAnswers>;

/** The team's agreed best fit for a statement. Id `agreed:<statementId>`. */
export const AgreedDoc = z.object({
  statementId: z.string(),
  themeId: z.string(),
  value: z.string(),
  /** The first action as typed at the agreement; the plan itself is its ActionDocs. */
  action: z.string(),
  owner: z.string(),
  /** Evidence behind the agreed level: web links (a policy on SharePoint, say) and a note. */
  evidenceLinks: z.array(z.string()).default([]),
  evidenceNote: z.string().default(''),
});
export type AgreedDoc = z.infer<typeof AgreedDoc>;

export const ACTION_STATUSES = ['not-started', 'in-progress', 'done', 'dropped'] as const;

/**
 * One action in a review's plan. Id `action:<statementId>:agreed` for the one typed at the
 * agreement (agreeing again changes it, never adds another), `action:<uuid>` for those added later.
 */
export const ActionDoc = z.object({
  statementId: z.string(),
  themeId: z.string(),
  what: z.string(),
  /** The owner's id when picked from the team; '' when typed (someone outside Teams) or none. */
  ownerId: z.string(),
  ownerName: z.string(),
  /** A London date, YYYY-MM-DD; '' when none is set (then nobody is reminded). */
  due: z.string(),
  status: z.enum(ACTION_STATUSES),
  note: z.string(),
});
export type ActionDoc = z.infer<typeof ActionDoc>;
/** An action's fields as a person gives them (its theme follows from the statement). */
export type ActionFields = Omit<ActionDoc, 'themeId'>;

/**
 * A school's agreed levels shared with the network's coordinators: its latest completed review of a
 * framework, theme by theme, with no names. Id `share:<frameworkId>:<school>`, partition `network`,
 * where `school` is a hash of the team, so a school is counted once and never named.
 */
export const NetworkShare = z.object({
  frameworkId: z.string(),
  school: z.string(),
  reviewId: z.string(),
  /** Each theme's score (0 = not in place, then the scale's levels); null where the theme was not agreed. */
  scores: z.record(z.number().nullable()),
  sharedAt: z.string(),
});
export type NetworkShare = z.infer<typeof NetworkShare>;
export const NETWORK = 'network';

export const PARTITION = 'reviews';

/** Where an actor is, as reviews count places: the channel in a channel (any thread), else the conversation. */
export const placeOf = (actor: { conversationId: string; channelKey?: string }): string => actor.channelKey ?? actor.conversationId;
/** The channel a review belongs to. */
export const placeOfReview = (review: Pick<Review, 'conversationId' | 'channel'>): string => review.channel ?? review.conversationId;
/** Where a review's own documents live: answers and agreed responses. */
export function inReview(tenantId: string, reviewId: string): Scope {
  return { tenantId, partition: `review:${reviewId}` };
}
