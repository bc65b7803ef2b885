import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import { noticeCard } from '../core/view.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, CardReply, Outreach, Reply } from '../ports.js';
import type { Framework } from './framework.js';
import type { Reviews } from './index.js';
import { inReview, type Review } from './model.js';
import { summaryCards, type SummaryPlan } from './summary-view.js';
import { pollCard, revealCard } from './theme-view.js';
import { themesCard } from './view.js';

/**
 * What the review's routes do to the channel: the shared card of each theme (posted, moved,
 * updated), the summary posted once per state of what was agreed, and the channel's review and team.
 */
export type ReviewChannel = ReturnType<typeof reviewChannel>;

export function reviewChannel(router: FeatureRouter, { service: reviews, answers, agreement, cards }: Reviews, outreach: Outreach) {
  const themeOf = (framework: Framework, themeId: string) => {
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review.');
    return theme;
  };
  /** The shared poll with its live count (nobody's answers). */
  const sharedPoll = async (tenantId: string, review: Doc<Review>, themeId: string): Promise<Reply> => {
    const framework = reviews.framework(review.frameworkId);
    return pollCard(review, framework, themeOf(framework, themeId), { answered: await answers.answered(tenantId, review, themeId) });
  };
  /** A theme's shared card as it stands: the poll while open, the spread once revealed. */
  const themeCard = async (tenantId: string, review: Doc<Review>, themeId: string, message = ''): Promise<Reply> => {
    if (review.themeStatus[themeId] === 'open') return sharedPoll(tenantId, review, themeId);
    const framework = reviews.framework(review.frameworkId);
    const revealed = await agreement.revealed(tenantId, review, themeId);
    return revealCard(review, framework, themeOf(framework, themeId), revealed, message);
  };
  /** What the card at `activityId` shows now: the theme as it stands, or, once the theme was posted afresh, where it went. */
  const cardAt = async (tenantId: string, reviewId: string, themeId: string, activityId: string, note: string): Promise<Reply> => {
    const review = await reviews.get(tenantId, reviewId);
    if (review.pollActivityIds[themeId] !== activityId) return noticeCard('This theme has moved', 'The lead opened this theme again: answer on its latest card, further down the channel.');
    return themeCard(tenantId, review, themeId, note);
  };
  /** Brings the channel card at `activityId` up to date for everyone, never to an older state (see SharedCards). */
  const refreshCard = (tenantId: string, review: Doc<Review>, themeId: string, activityId: string, note?: string) =>
    cards.refresh(inReview(tenantId, review.id), review.conversationId, activityId, (n) => cardAt(tenantId, review.id, themeId, activityId, n), note);
  /**
   * Posts a theme's card in the channel. Opened again later, it is posted afresh at the bottom
   * (keyed by the review's version, so a repeated click cannot post twice) and the old copy says where it went.
   */
  const postTheme = async (actor: Actor, review: Doc<Review>, themeId: string): Promise<Doc<Review>> => {
    const earlier = review.pollActivityIds[themeId];
    const key = earlier ? `reviews.poll:${review.id}:${themeId}:${review.updatedAt}` : `reviews.poll:${review.id}:${themeId}`;
    const { activityId } = await outreach.post(actor.tenantId, review.conversationId, await themeCard(actor.tenantId, review, themeId), key);
    if (!activityId) return review;
    const posted = await reviews.setPoll(actor.tenantId, review.id, themeId, activityId);
    if (earlier) await refreshCard(actor.tenantId, posted, themeId, earlier);
    return posted;
  };
  /**
   * Brings a theme's channel card up to date for everyone from the store; `note` (a lead's
   * "Agreed and saved.") stays on it until the next note.
   */
  const updateShared = async (actor: Actor, review: Doc<Review>, themeId: string, note?: string) => {
    const activityId = review.pollActivityIds[themeId];
    if (activityId) await refreshCard(actor.tenantId, review, themeId, activityId, note);
  };
  /** The summary's cards (split when large), and a fingerprint of what was agreed. */
  const summary = async (actor: Actor, reviewId: string, after: Pick<SummaryPlan, 'message' | 'tone'> = {}): Promise<{ review: Doc<Review>; parts: CardReply[]; state: string }> => {
    const { review, framework, summary: s, changes, agreed, actions, progress } = await agreement.summary(actor.tenantId, reviewId);
    const fingerprint = [...agreed.map((a) => [a.statementId, a.value, a.action, a.owner, ...a.evidenceLinks, a.evidenceNote]), ...actions.map((a) => [a.id, a.what, a.ownerName, a.due, a.status])];
    const state = createHash('sha256').update(JSON.stringify(fingerprint.map((f) => f.join('|')).sort())).digest('hex').slice(0, 16);
    return { review, parts: summaryCards(review, framework, s, changes, await router.link(actor.tenantId, 'reviews-export', { reviewId }), { actions, agreed, ...(progress ? { progress } : {}), ...after }), state };
  };
  /**
   * Posts the summary in the channel once for each state of what was agreed: asking again with
   * nothing changed posts nothing; agreeing differently posts anew.
   */
  const postSummary = async (actor: Actor, reviewId: string): Promise<boolean> => {
    const { review, parts, state } = await summary(actor, reviewId);
    let posted = false;
    for (const [i, part] of parts.entries()) {
      const { outcome } = await outreach.post(actor.tenantId, review.conversationId, part, `reviews.summary:${review.id}:${state}:${i}`);
      posted ||= outcome === 'sent';
    }
    return posted;
  };
  /** The card a lead's button was on, redrawn with a message. */
  const redraw = async (actor: Actor, review: Doc<Review>, from: { from: 'reveal' | 'themes'; themeId?: string | undefined }, message: string): Promise<Reply> =>
    from.from === 'reveal' && from.themeId ? themeCard(actor.tenantId, review, from.themeId, message) : themesCard(review, reviews.framework(review.frameworkId), message);
  /** The channel's team members, to share themes out to. */
  const people = async (actor: Actor) => (actor.teamId ? (await outreach.teamMembers(actor.tenantId, actor.teamId)).map(({ userId, name }) => ({ userId, name })) : []);
  /** The channel's active review, or else its most recent one. */
  const latest = async (actor: Actor) => {
    const history = await reviews.history(actor);
    const review = history.find((r) => r.status === 'active') ?? history[0];
    if (!review) throw new NotFoundError('No review has been run in this channel yet. Mention @Headway with review start.').withNext('Start a review', 'reviews.start');
    return review;
  };
  return { themeOf, sharedPoll, themeCard, postTheme, updateShared, summary, postSummary, redraw, people, latest };
}
