import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { csvFile } from '../../csv.js';
import { FormError } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import { cardText, formText, shownBack } from '../inputs.js';
import type { FeatureRouter } from '../router.js';
import type { Outreach, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';
import { actionFormCard, actionStatusCard, planCard, planRows, type ActionForm, type PlanView } from './action-view.js';
import type { ReviewChannel } from './channel.js';
import type { Reviews } from './index.js';
import { ACTION_STATUSES, inReview, type ActionDoc, type Review } from './model.js';
import { rosterFor } from './view.js';

const ReviewRef = z.string().min(1).max(200);
const ShowInput = z.object({ reviewId: ReviewRef, view: z.enum(['all', 'mine', 'overdue']).default('all') });
const EditInput = z.object({ reviewId: ReviewRef, actionId: cardText(200).default(''), mode: z.enum(['add', 'update']).default('add') });
const SaveInput = z.object({
  reviewId: ReviewRef,
  actionId: cardText(200).default(''),
  updatedAt: cardText(40).default(''),
  mode: z.enum(['find', 'save']).default('save'),
  statementId: cardText(200).default(''),
  what: formText.default(''),
  find: cardText(100).default(''),
  ownerId: cardText(200).default(''),
  ownerTyped: formText.default(''),
  due: cardText(20).default(''),
  status: z.enum(ACTION_STATUSES).default('not-started'),
  note: formText.default(''),
});
const StatusInput = z.object({ reviewId: ReviewRef, actionId: z.string().min(1).max(200), status: z.enum(ACTION_STATUSES), note: formText.optional() });

/**
 * The review's action plan: `review actions` posts it in the channel (that message is kept up to
 * date as actions change, from the channel or from an owner's reminder); Mine and Overdue are
 * drawn for whoever clicks; the lead adds and changes actions; owners set their status.
 */
export function registerActionRoutes(router: FeatureRouter, { service: reviews, plan, cards }: Reviews, channel: ReviewChannel, outreach: Outreach, clock: Clock): void {
  const { latest, people } = channel;
  const overdue = (a: ActionDoc) => plan.overdue(a);

  const drawPlan = async (tenantId: string, review: Doc<Review>, view: PlanView, viewerId?: string, message = '', tone: 'good' | 'attention' = 'good'): Promise<Reply> =>
    planCard(review, reviews.framework(review.frameworkId), await plan.list(tenantId, review.id), { view, ...(viewerId ? { viewerId } : {}), overdue, csvUrl: await router.link(tenantId, 'reviews-actions', { reviewId: review.id }), message, tone });

  /** Brings the plan posted in the channel up to date for everyone (see SharedCards), after any change to an action. */
  const refreshPosted = async (tenantId: string, review: Doc<Review>) => {
    const posted = (await reviews.get(tenantId, review.id)).actionsCard;
    if (posted) await cards.refresh(inReview(tenantId, review.id), posted.conversationId, posted.activityId, async () => drawPlan(tenantId, await reviews.get(tenantId, review.id), 'all'));
  };

  router.file('reviews-actions', async (tenantId, params) => {
    // The signed link is the authority here: its tenant and review, nobody's identity.
    const review = await reviews.get(tenantId, params.reviewId ?? '');
    const framework = reviews.framework(review.frameworkId);
    return csvFile(`${framework.id}-action-plan.csv`, planRows(review, framework, await plan.list(tenantId, review.id), overdue));
  });

  router.command(
    { id: 'reviews.actions', feature: 'reviews', usage: 'review actions', summary: 'The latest review’s action plan, theme by theme, with Mine, Overdue and a CSV.', pattern: /^review actions$/i, audience: 'everyone', scopes: ['channel'], button: 'Action plan' },
    async (actor) => {
      const review = await latest(actor);
      // Posted where it was asked for (not replied), so its message id is known and the plan can be kept up to date there.
      const { activityId } = await outreach.post(actor.tenantId, actor.conversationId, await drawPlan(actor.tenantId, review, 'all'), `reviews.actions:${review.id}:${clock.now().toISOString()}`);
      if (activityId) await reviews.setActionsCard(actor.tenantId, review.id, { conversationId: actor.conversationId, activityId });
      return [];
    },
  );

  router.action(Verbs.reviews.actionsShow, ShowInput, async (actor, input) => {
    const review = await reviews.inChannel(actor, input.reviewId);
    return drawPlan(actor.tenantId, review, input.view, actor.userId);
  });

  router.action(Verbs.reviews.actionsEdit, EditInput, async (actor, input) => {
    const review = await reviews.inChannel(actor, input.reviewId);
    const framework = reviews.framework(review.frameworkId);
    if (input.mode === 'update' && input.actionId === '') return drawPlan(actor.tenantId, review, 'all', actor.userId, 'Choose an action first, then Update.', 'attention');
    if (input.actionId !== '') {
      const action = await plan.get(actor.tenantId, review.id, input.actionId);
      // Its owner updates the status; only the lead changes the rest.
      if (action.ownerId === actor.userId && review.leadUserId !== actor.userId) return actionStatusCard(review, framework, action, { title: 'Update your action', intro: 'Choose its status; add a note on progress if you like.', overdue: overdue(action) });
      reviews.requireLead(actor, review);
      return actionFormCard(review, framework, formOf(action), { actionId: action.id, updatedAt: action.updatedAt, roster: rosterFor(await people(actor), '', review) });
    }
    reviews.requireLead(actor, review);
    const blank: ActionForm = { statementId: '', what: '', ownerId: '', ownerName: '', due: '', status: 'not-started', note: '' };
    return actionFormCard(review, framework, blank, { roster: rosterFor(await people(actor), '', review) });
  });

  router.action(Verbs.reviews.actionsSave, SaveInput, async (actor, input) => {
    const review = await reviews.inChannel(actor, input.reviewId);
    reviews.requireLead(actor, review);
    const framework = reviews.framework(review.frameworkId);
    const team = await people(actor);
    const picked = team.find((p) => p.userId === input.ownerId);
    const form: ActionForm = { statementId: input.statementId, what: input.what, ownerId: picked?.userId ?? '', ownerName: picked?.name ?? input.ownerTyped, due: input.due, status: input.status, note: input.note };
    const again = (errors: Record<string, string> = {}, message?: string) =>
      actionFormCard(review, framework, shownBack(form), { ...(input.actionId ? { actionId: input.actionId, updatedAt: input.updatedAt } : {}), roster: rosterFor(team, input.find, review), errors, ...(message ? { message } : {}) });
    if (input.mode === 'find') return again();
    if (input.ownerId !== '' && !picked) return again({ owner: 'Choose someone in this team, or type the name of someone outside Teams.' });
    let saved: Doc<ActionDoc>;
    try {
      saved = await plan.save(actor, review, input.actionId || undefined, form, input.updatedAt || undefined);
    } catch (error) {
      if (error instanceof FormError) return again(error.fieldErrors);
      throw error;
    }
    await refreshPosted(actor.tenantId, review);
    return drawPlan(actor.tenantId, review, 'all', actor.userId, `Saved: “${saved.what.length > 80 ? `${saved.what.slice(0, 77)}…` : saved.what}”.${saved.due !== '' && saved.ownerName !== '' ? ` ${saved.ownerId === '' ? 'You are' : `${saved.ownerName} is`} reminded 7 days before it is due and on the day.` : ''}`);
  });

  router.action(Verbs.reviews.actionsStatus, StatusInput, async (actor, input) => {
    // From a reminder in personal chat as well as the channel: the action's owner or the lead only (see ActionPlan.setStatus).
    const review = actor.scope === 'channel' ? await reviews.inChannel(actor, input.reviewId) : await reviews.get(actor.tenantId, input.reviewId);
    const framework = reviews.framework(review.frameworkId);
    let result: { action: Doc<ActionDoc>; changed: boolean };
    try {
      result = await plan.setStatus(actor, review, input.actionId, input.status, input.note);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const action = await plan.get(actor.tenantId, review.id, input.actionId);
      return actionStatusCard(review, framework, { ...action, note: (input.note ?? '').slice(0, 2000) }, { title: 'Update the action', intro: 'Nothing was saved.', overdue: overdue(action), noteError: error.fieldErrors.note ?? '' });
    }
    if (result.changed) await refreshPosted(actor.tenantId, review);
    const label = { 'not-started': 'not started', 'in-progress': 'in progress', done: 'done', dropped: 'dropped' }[result.action.status];
    return actionStatusCard(review, framework, result.action, {
      title: 'Action updated',
      intro: result.changed ? `Marked ${label}. The team’s action plan in the channel shows it too.` : `It was already ${label}: nothing changed.`,
      overdue: overdue(result.action),
    });
  });
}

const formOf = (a: ActionDoc): ActionForm => ({ statementId: a.statementId, what: a.what, ownerId: a.ownerId, ownerName: a.ownerName, due: a.due, status: a.status, note: a.note });
