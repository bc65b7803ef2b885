import { z } from 'zod';
import { csvFile } from '../../csv.js';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import { cardText } from '../inputs.js';
import type { Logger } from '../../log.js';
import type { Coalescer } from '../coalesce.js';
import type { Actor, FeatureRouter, Outreach, Reply } from '../router.js';
import { Verbs } from '../verbs.js';
import { statementsFor, type Framework } from './framework.js';
import type { Review } from './model.js';
import type { Reviews } from './index.js';
import { assignCard, historyCard, nudgeText, pollCard, revealCard, startCard, summaryCard } from './view.js';

const Ref = z.object({ reviewId: z.string().min(1), themeId: z.string().min(1) }).passthrough();
const StartInput = z.object({ framework: cardText(200), anonymous: cardText(10), deadline: cardText(20) });

/** Reviews run in a team channel by @mention: start, answer, reveal, agree, summary, history. */
export function registerReviewRoutes(router: FeatureRouter, { service: reviews, agreement }: Reviews, outreach: Outreach, liveCounts: Coalescer, log: Logger): void {
  const frameworks = () => reviews.frameworkList();
  const themeOf = (framework: Framework, themeId: string) => {
    const theme = framework.themes.find((t) => t.id === themeId);
    if (!theme) throw new InvalidInputError('That theme is not part of this review.');
    return theme;
  };
  const sharedPoll = async (tenantId: string, review: Doc<Review>, themeId: string): Promise<Reply> => {
    const framework = reviews.framework(review.frameworkId);
    return pollCard(review, framework, themeOf(framework, themeId), { answered: await reviews.answered(tenantId, review, themeId) });
  };
  const postTheme = async (actor: Actor, review: Doc<Review>, themeId: string) => {
    const { activityId } = await outreach.post(actor.tenantId, review.conversationId, await sharedPoll(actor.tenantId, review, themeId), `reviews.poll:${review.id}:${themeId}`);
    if (activityId) await reviews.setPoll(actor.tenantId, review.id, themeId, activityId);
  };
  const updateShared = async (actor: Actor, review: Doc<Review>, themeId: string, reply: Reply) => {
    const activityId = review.pollActivityIds[themeId];
    if (activityId) await outreach.update(actor.tenantId, review.conversationId, activityId, reply);
  };
  const summary = async (actor: Actor, reviewId: string): Promise<Reply> => {
    const { review, framework, summary: s, changes } = await agreement.summary(actor, reviewId);
    return summaryCard(review, framework, s, changes, await router.link(actor.tenantId, 'reviews-export', { reviewId }));
  };
  /** The channel's team members, to share themes out to. */
  const people = async (actor: Actor) => (actor.teamId ? (await outreach.teamMembers(actor.tenantId, actor.teamId)).map(({ userId, name }) => ({ userId, name })) : []);
  const latest = async (actor: Actor) => {
    const [review] = await reviews.history(actor);
    if (!review) throw new NotFoundError('No review has been run in this channel yet. Mention @Headway with review start.');
    return review;
  };

  router.file('reviews-export', async (tenantId, params) => {
    const actor = { tenantId, userId: '', name: '', scope: 'channel' as const, conversationId: '' };
    const { review, framework, agreed } = await agreement.summary(actor, params.reviewId ?? '');
    const rows = framework.themes.flatMap((theme) =>
      statementsFor(theme, review.variant).map((s) => {
        const a = agreed.find((x) => x.statementId === s.id);
        const level = a ? (framework.scale.levels.find((l) => l.id === a.value)?.label ?? (a.value === 'not-in-place' ? framework.scale.notInPlace.label : a.value)) : 'Not agreed';
        return [theme.title, s.text, level, a?.action ?? '', a?.owner ?? ''];
      }),
    );
    return csvFile(`${framework.id}-review.csv`, [['Theme', 'Statement', 'Agreed best fit', 'Action', 'Owner'], ...rows]);
  });

  router.command(
    { id: 'reviews.start', feature: 'reviews', usage: 'review start', summary: 'Start a maturity review in this channel; you lead it.', pattern: /^review start$/i, audience: 'everyone', scopes: ['channel'] },
    async () => startCard(frameworks()),
  );
  router.command(
    { id: 'reviews.history', feature: 'reviews', usage: 'review history', summary: 'This channel’s reviews, with dates and status.', pattern: /^review history$/i, audience: 'everyone', scopes: ['channel'] },
    async (actor) => historyCard(await reviews.history(actor), new Map(frameworks().map((f) => [f.id, f]))),
  );
  router.command(
    { id: 'reviews.summary', feature: 'reviews', usage: 'review summary', summary: 'Where the team stands in the latest review.', pattern: /^review summary$/i, audience: 'everyone', scopes: ['channel'] },
    async (actor) => summary(actor, (await latest(actor)).id),
  );

  router.action(Verbs.reviews.start, StartInput, async (actor, input) => {
    const [frameworkId, variant] = input.framework.split('|');
    const members = actor.teamId ? (await outreach.teamMembers(actor.tenantId, actor.teamId)).map((m) => m.userId) : [];
    let review: Doc<Review>;
    try {
      review = await reviews.start(actor, { frameworkId: frameworkId ?? '', variant: variant ?? '', anonymous: input.anonymous === 'true', ...(input.deadline ? { deadline: input.deadline } : {}), members });
    } catch (error) {
      if (error instanceof InvalidInputError || error instanceof NotFoundError) return startCard(frameworks(), error.userMessage);
      throw error;
    }
    await postTheme(actor, review, review.currentThemeId);
    return assignCard(review, reviews.framework(review.frameworkId), await people(actor));
  });

  router.action(Verbs.reviews.assign, z.object({ reviewId: z.string().min(1) }).passthrough(), async (actor, input) => {
    const roster = await people(actor);
    const assignments = Object.fromEntries(
      Object.entries(input)
        .filter(([key]) => key.startsWith('t_'))
        .map(([key, value]) => [key.slice(2), String(value ?? '').split(',').map((v) => v.trim()).filter((v) => v !== '')]),
    );
    const { review, newly } = await reviews.assign(actor, input.reviewId, assignments, roster.map((p) => p.userId));
    const framework = reviews.framework(review.frameworkId);
    let told = 0;
    for (const [userId, themeIds] of newly) {
      const outcome = await outreach.sendToUser(actor.tenantId, userId, nudgeText(review, framework, themeIds), `reviews.nudge:${review.id}:${userId}:${themeIds.sort().join(',')}`);
      if (outcome === 'sent') told++;
    }
    return assignCard(review, framework, roster, newly.size === 0 ? 'Saved. Nobody new to nudge.' : `Saved. ${told} of ${newly.size} people nudged in their personal chat.`);
  });

  router.action(Verbs.reviews.answer, Ref, async (actor, input) => {
    const answers = Object.entries(input)
      .filter(([key, value]) => key.startsWith('s_') && String(value ?? '') !== '')
      .map(([key, value]) => ({ statementId: key.slice(2), value: String(value), comment: String(input[`c_${key.slice(2)}`] ?? '') }));
    if (answers.length === 0) throw new InvalidInputError('Choose a best fit for at least one statement. Nothing was saved.');
    await reviews.answer(actor, input.reviewId, input.themeId, answers);
    const review = await reviews.get(actor.tenantId, input.reviewId);
    // The shared card's count moves on shortly after, off the invoke's path (Teams wants an answer within 3 s).
    liveCounts.schedule(
      `${review.id}:${input.themeId}`,
      async () => {
        const current = await reviews.get(actor.tenantId, input.reviewId);
        if (current.themeStatus[input.themeId] === 'open') await updateShared(actor, current, input.themeId, await sharedPoll(actor.tenantId, current, input.themeId));
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
    const review = await reviews.get(actor.tenantId, input.reviewId);
    const framework = reviews.framework(review.frameworkId);
    const theme = themeOf(framework, input.themeId);
    if (review.themeStatus[input.themeId] !== 'open') {
      const revealed = await agreement.revealed(actor.tenantId, review, input.themeId);
      return revealCard(review, framework, theme, revealed.spread, revealed.comments, revealed.agreed);
    }
    return pollCard(review, framework, theme, { answered: await reviews.answered(actor.tenantId, review, input.themeId), mine: await reviews.mine(actor, review, input.themeId), personal: true });
  });

  router.action(Verbs.reviews.reveal, Ref, async (actor, input) => {
    const { review, spread, comments } = await agreement.reveal(actor, input.reviewId, input.themeId);
    await liveCounts.idle(); // a count update still on its way must not land on top of the reveal
    const framework = reviews.framework(review.frameworkId);
    const card = revealCard(review, framework, themeOf(framework, input.themeId), spread, comments);
    await updateShared(actor, review, input.themeId, card);
    return card;
  });

  router.action(Verbs.reviews.agree, Ref, async (actor, input) => {
    const agreed = Object.entries(input)
      .filter(([key]) => key.startsWith('a_'))
      .map(([key, value]) => ({ statementId: key.slice(2), value: String(value ?? ''), action: String(input[`act_${key.slice(2)}`] ?? ''), owner: String(input[`own_${key.slice(2)}`] ?? '') }));
    const review = await agreement.agree(actor, input.reviewId, input.themeId, agreed);
    const framework = reviews.framework(review.frameworkId);
    const revealed = await agreement.revealed(actor.tenantId, review, input.themeId);
    const card = revealCard(review, framework, themeOf(framework, input.themeId), revealed.spread, revealed.comments, revealed.agreed, 'Agreed and saved.');
    await updateShared(actor, review, input.themeId, card);
    if (review.status === 'complete') {
      await outreach.post(actor.tenantId, review.conversationId, await summary(actor, review.id), `reviews.summary:${review.id}`);
    } else {
      await postTheme(actor, review, review.currentThemeId);
    }
    return card;
  });
}
