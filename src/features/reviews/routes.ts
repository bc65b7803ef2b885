import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { csvFile } from '../../csv.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import type { Logger } from '../../log.js';
import type { Doc } from '../../store/collection.js';
import { londonDate } from '../../time.js';
import type { Coalescer } from '../coalesce.js';
import { cardText, multiSelect, requireText, textOf } from '../inputs.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Outreach } from '../ports.js';
import { Verbs } from '../verbs.js';
import { reviewChannel } from './channel.js';
import { statementsFor } from './framework.js';
import type { Reviews } from './index.js';
import { registerActionRoutes } from './action-routes.js';
import { registerNetworkRoutes } from './network-routes.js';
import { Ref, registerLeadRoutes } from './lead-routes.js';
import { placeOf, type Review } from './model.js';
import { pollCard } from './theme-view.js';
import { assignCard, historyCard, labelOf, rosterFor, startCard, themesCard } from './view.js';

const StartInput = z.object({ framework: cardText(200).default(''), anonymous: cardText(10).default('false'), deadline: cardText(20).default(''), repeat: cardText(200).default(''), share: cardText(10).default('false') });
const AssignInput = z.object({ reviewId: z.string().min(1), mode: z.enum(['find', 'save']).default('save'), find: cardText(100), person: cardText(200), themes: multiSelect });

/**
 * Reviews run in a team channel by @mention: the commands, starting, sharing out, answering and
 * each person's view. The lead's buttons are in lead-routes.ts; what they do to the channel in channel.ts.
 */
export function registerReviewRoutes(router: FeatureRouter, bundle: Reviews, outreach: Outreach, liveCounts: Coalescer, clock: Clock, log: Logger): void {
  const { service: reviews, answers: answering, agreement, reminders } = bundle;
  const frameworks = () => reviews.frameworkList();
  const channel = reviewChannel(router, bundle, outreach);
  const { themeOf, themeCard, postTheme, updateShared, summary, people, latest } = channel;
  /** The channel's latest completed review, for start to offer repeating it. */
  const lastCompleted = async (actor: Actor) => (await reviews.history(actor)).find((r) => r.status === 'complete');

  router.file('reviews-export', async (tenantId, params) => {
    // The signed link is the authority here: its tenant and review, nobody's identity.
    const { review, framework, agreed } = await agreement.summary(tenantId, params.reviewId ?? '');
    const comments = await agreement.comments(tenantId, review);
    const rows = framework.themes.flatMap((theme) =>
      statementsFor(theme, review.variant).map((s) => {
        const a = agreed.find((x) => x.statementId === s.id);
        const level = a ? labelOf(framework, a.value) : 'Not agreed';
        const said = comments.filter((c) => c.statementId === s.id).map((c) => `${c.comment} (${c.who})`).join('\n');
        return [theme.title, s.text, level, a?.action ?? '', a?.owner ?? '', (a?.evidenceLinks ?? []).join('\n'), a?.evidenceNote ?? '', said];
      }),
    );
    return csvFile(`${framework.id}-review.csv`, [['Theme', 'Statement', 'Agreed best fit', 'Action', 'Owner', 'Evidence links', 'Evidence note', 'Comments'], ...rows]);
  });

  router.command(
    { id: 'reviews.start', feature: 'reviews', usage: 'review start', summary: 'Start a maturity review in this channel; you lead it.', pattern: /^review start$/i, audience: 'everyone', scopes: ['channel'], button: 'Start a review' },
    async (actor) => startCard(frameworks(), '', await lastCompleted(actor)),
  );
  router.command(
    { id: 'reviews.history', feature: 'reviews', usage: 'review history', summary: 'This channel’s reviews, with dates and status.', pattern: /^review history$/i, audience: 'everyone', scopes: ['channel'], button: 'Past reviews' },
    async (actor) => historyCard(await reviews.history(actor), new Map(frameworks().map((f) => [f.id, f]))),
  );
  router.command(
    { id: 'reviews.themes', feature: 'reviews', usage: 'review themes', summary: 'Where each theme of this channel’s review stands; the lead opens any theme.', pattern: /^review themes$/i, audience: 'everyone', scopes: ['channel'], button: 'Themes' },
    async (actor) => {
      const review = await latest(actor);
      return themesCard(review, reviews.framework(review.frameworkId));
    },
  );
  router.command(
    { id: 'reviews.remind', feature: 'reviews', usage: 'review remind', summary: 'For the lead: remind people who have not answered the open themes (once a day).', pattern: /^review remind$/i, audience: 'everyone', scopes: ['channel'] },
    async (actor) => {
      const review = await latest(actor);
      if (review.status !== 'active') throw new InvalidInputError('This channel’s latest review is finished: there is nobody to remind.');
      reviews.requireLead(actor, review);
      return reminders.remindNow(actor, review, londonDate(clock.now()));
    },
  );
  router.command(
    { id: 'reviews.summary', feature: 'reviews', usage: 'review summary', summary: 'Where the team stands in the latest review.', pattern: /^review summary$/i, audience: 'everyone', scopes: ['channel'] },
    async (actor) => (await summary(actor, (await latest(actor)).id)).parts,
  );

  router.action(Verbs.reviews.start, StartInput, async (actor, input) => {
    // Repeating: the last review's framework, variant, anonymity and theme owners.
    const repeated = input.repeat === '' ? undefined : await reviews.inChannel(actor, input.repeat);
    if (repeated && repeated.status !== 'complete') return startCard(frameworks(), 'That review is not finished yet: finish it before repeating it.', await lastCompleted(actor));
    if (!repeated && input.framework === '') return startCard(frameworks(), 'Choose the framework to review against, then Start review.', await lastCompleted(actor));
    const [frameworkId = '', variant = ''] = repeated ? [repeated.frameworkId, repeated.variant] : input.framework.split('|');
    // The roster once: for the count's "of N", who may see their own view, and the share-out card.
    const roster = await people(actor);
    let review: Doc<Review>;
    try {
      const last = await agreement.lastTime(actor.tenantId, placeOf(actor), frameworkId, variant);
      const anonymous = repeated ? repeated.anonymous : input.anonymous === 'true';
      const share = repeated ? repeated.share : input.share === 'true';
      review = await reviews.start(actor, { frameworkId, variant, anonymous, share, ...(input.deadline ? { deadline: input.deadline } : {}), members: roster.map((m) => m.userId), ...last });
    } catch (error) {
      if (error instanceof InvalidInputError || error instanceof NotFoundError) return startCard(frameworks(), error.userMessage, await lastCompleted(actor));
      throw error;
    }
    await postTheme(actor, review, review.currentThemeId);
    await reminders.schedule(actor.tenantId, review);
    let message = '';
    if (repeated) {
      // The same theme owners, each nudged once, as if the lead had shared the themes out again.
      const members = roster.map((m) => m.userId);
      const owners = [...new Set(Object.values(repeated.assignments).flat())].filter((id) => members.includes(id));
      for (const person of owners) ({ review } = await reminders.shareOut(actor, review.id, person, Object.keys(repeated.assignments).filter((t) => repeated.assignments[t]!.includes(person)), members));
      message = `Repeating the last review${owners.length > 0 ? `: the same themes are shared out again to ${owners.length} ${owners.length === 1 ? 'person' : 'people'}, each nudged` : ''}.`;
    }
    return assignCard(review, reviews.framework(review.frameworkId), rosterFor(roster, '', review), message);
  });

  router.action(Verbs.reviews.assign, AssignInput, async (actor, input) => {
    const current = await reviews.inChannel(actor, input.reviewId);
    reviews.requireLead(actor, current); // the team's names are for the lead's card only
    const roster = await people(actor);
    if (input.mode === 'find' || input.person === '') {
      const hint = input.mode === 'save' ? 'Choose someone, then their themes.' : '';
      return assignCard(current, reviews.framework(current.frameworkId), rosterFor(roster, input.find, current), hint, hint ? 'attention' : 'good');
    }
    const { review, nudge } = await reminders.shareOut(actor, input.reviewId, input.person, input.themes, roster.map((p) => p.userId));
    const name = roster.find((m) => m.userId === input.person)?.name ?? 'They';
    const message = { none: `Saved. ${name} has no new theme, so nobody was nudged.`, sent: `Saved. ${name} has been nudged in their personal chat.`, unreached: `Saved, but ${name} could not be reached in Teams: tell them yourself.` }[nudge];
    return assignCard(review, reviews.framework(review.frameworkId), rosterFor(roster, input.find, review), message);
  });

  router.action(Verbs.reviews.answer, Ref, async (actor, input) => {
    const answers = Object.entries(input)
      .filter(([key, value]) => key.startsWith('s_') && textOf(value) !== '')
      .map(([key, value]) => ({ statementId: key.slice(2), value: requireText(value, 'Best fit', 100), comment: requireText(input[`c_${key.slice(2)}`], 'Comment') }));
    if (answers.length === 0) throw new InvalidInputError('Choose a best fit for at least one statement. Nothing was saved.');
    const { review } = await answering.answer(actor, input.reviewId, input.themeId, answers);
    // The shared card's count moves on shortly after, off the invoke's path (Teams wants an answer within 3 s).
    liveCounts.schedule(
      `${review.id}:${input.themeId}`,
      async () => {
        const current = await reviews.get(actor.tenantId, input.reviewId);
        // Drawn from the store as it stands, never older than the last change on any instance (a reveal, say).
        if (current.themeStatus[input.themeId] === 'open') await updateShared(actor, current, input.themeId);
      },
      (error) => log.warn({ err: error, reviewId: review.id }, 'live count update failed'),
    );
    const framework = reviews.framework(review.frameworkId);
    // The card sent every answer the person gave on it, so their view needs no query; the live
    // count is the shared card's job (a count per answer would read the whole theme each time).
    const saved = answers.map((a) => ({ statementId: a.statementId, value: a.value, comment: a.comment.trim() }));
    return pollCard(review, framework, themeOf(framework, input.themeId), {
      mine: saved,
      personal: true,
      message: 'Your answers are saved. You can change them until the lead reveals the answers.',
    });
  });

  router.action(Verbs.reviews.refresh, Ref, async (actor, input) => {
    const review = await reviews.inChannel(actor, input.reviewId); // the channel's own card only
    const framework = reviews.framework(review.frameworkId);
    const theme = themeOf(framework, input.themeId);
    if (review.themeStatus[input.themeId] !== 'open') return themeCard(actor.tenantId, review, input.themeId);
    return pollCard(review, framework, theme, { answered: await answering.answered(actor.tenantId, review, input.themeId), mine: await answering.mine(actor, review, input.themeId), personal: true });
  });

  registerLeadRoutes(router, bundle, channel, liveCounts);
  registerActionRoutes(router, bundle, channel, outreach, clock);
  registerNetworkRoutes(router, bundle, channel);
}
