import { createHash } from 'node:crypto';
import { z } from 'zod';
import { csvFile } from '../../csv.js';
import { InvalidInputError, NotFoundError, showingRefusals } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import { cardText } from '../inputs.js';
import type { Logger } from '../../log.js';
import type { Clock } from '../../clock.js';
import { formatDate, londonDate } from '../../time.js';
import type { Coalescer } from '../coalesce.js';
import type { Actor, CardReply, FeatureRouter, Outreach, Reply } from '../router.js';
import { noticeCard } from '../core/view.js';
import { Verbs } from '../verbs.js';
import { statementsFor, type Framework } from './framework.js';
import type { Review } from './model.js';
import type { Reviews } from './index.js';
import { assignCard, historyCard, nudgeText, pollCard, revealCard, startCard, summaryCards, themesCard } from './view.js';

const Ref = z.object({ reviewId: z.string().min(1), themeId: z.string().min(1) }).passthrough();
const From = z.object({ reviewId: z.string().min(1), themeId: z.string().optional(), from: z.enum(['reveal', 'themes']) });
const DeadlineInput = From.extend({ deadline: cardText(20) });
const OpenInput = From.extend({ nextTheme: cardText(200).refine((v) => v !== '', 'Choose a theme to open.') });
const StartInput = z.object({ framework: cardText(200), anonymous: cardText(10), deadline: cardText(20) });

/** Reviews run in a team channel by @mention: start, answer, reveal, agree, summary, history. */
export function registerReviewRoutes(router: FeatureRouter, { service: reviews, agreement, reminders }: Reviews, outreach: Outreach, liveCounts: Coalescer, clock: Clock, log: Logger): void {
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
  /** A theme's shared card as it stands: the poll while open, the spread once revealed. */
  const themeCard = async (tenantId: string, review: Doc<Review>, themeId: string, message = ''): Promise<Reply> => {
    if (review.themeStatus[themeId] === 'open') return sharedPoll(tenantId, review, themeId);
    const framework = reviews.framework(review.frameworkId);
    const revealed = await agreement.revealed(tenantId, review, themeId);
    return revealCard(review, framework, themeOf(framework, themeId), revealed.spread, revealed.comments, revealed.agreed, message);
  };
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
    if (earlier) await outreach.update(actor.tenantId, review.conversationId, earlier, noticeCard('This theme has moved', 'The lead opened this theme again: answer on its latest card, further down the channel.'));
    return posted;
  };
  /**
   * The summary, split over several cards when large, posted in the channel once for each state of
   * what was agreed: asking again with nothing changed posts nothing; agreeing differently posts anew.
   */
  const postSummary = async (actor: Actor, reviewId: string): Promise<boolean> => {
    const { review, framework, summary: s, changes, agreed } = await agreement.summary(actor, reviewId);
    const state = createHash('sha256').update(JSON.stringify(agreed.map((a) => [a.statementId, a.value, a.action, a.owner]).sort())).digest('hex').slice(0, 16);
    const parts = summaryCards(review, framework, s, changes, await router.link(actor.tenantId, 'reviews-export', { reviewId }));
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
  const updateShared = async (actor: Actor, review: Doc<Review>, themeId: string, reply: Reply) => {
    const activityId = review.pollActivityIds[themeId];
    if (activityId) await outreach.update(actor.tenantId, review.conversationId, activityId, reply);
  };
  const summary = async (actor: Actor, reviewId: string): Promise<CardReply[]> => {
    const { review, framework, summary: s, changes } = await agreement.summary(actor, reviewId);
    return summaryCards(review, framework, s, changes, await router.link(actor.tenantId, 'reviews-export', { reviewId }));
  };
  /** The channel's team members, to share themes out to. */
  const people = async (actor: Actor) => (actor.teamId ? (await outreach.teamMembers(actor.tenantId, actor.teamId)).map(({ userId, name }) => ({ userId, name })) : []);
  /** The channel's active review, or else its most recent one. */
  const latest = async (actor: Actor) => {
    const history = await reviews.history(actor);
    const review = history.find((r) => r.status === 'active') ?? history[0];
    if (!review) throw new NotFoundError('No review has been run in this channel yet. Mention @Headway with review start.');
    return review;
  };

  router.file('reviews-export', async (tenantId, params) => {
    const actor = { tenantId, userId: '', name: '', scope: 'channel' as const, conversationId: '' };
    const { review, framework, agreed } = await agreement.summary(actor, params.reviewId ?? '');
    const comments = await agreement.comments(tenantId, review);
    const rows = framework.themes.flatMap((theme) =>
      statementsFor(theme, review.variant).map((s) => {
        const a = agreed.find((x) => x.statementId === s.id);
        const level = a ? (framework.scale.levels.find((l) => l.id === a.value)?.label ?? (a.value === 'not-in-place' ? framework.scale.notInPlace.label : a.value)) : 'Not agreed';
        const said = comments.filter((c) => c.statementId === s.id).map((c) => `${c.comment} (${c.who})`).join('\n');
        return [theme.title, s.text, level, a?.action ?? '', a?.owner ?? '', said];
      }),
    );
    return csvFile(`${framework.id}-review.csv`, [['Theme', 'Statement', 'Agreed best fit', 'Action', 'Owner', 'Comments'], ...rows]);
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
    { id: 'reviews.themes', feature: 'reviews', usage: 'review themes', summary: 'Where each theme of this channel’s review stands; the lead opens any theme.', pattern: /^review themes$/i, audience: 'everyone', scopes: ['channel'] },
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
      const { themeIds, waiting, result } = await reminders.remind(actor.tenantId, review, `reviews.remind:${review.id}:${londonDate(clock.now())}`);
      if (themeIds.length === 0) return { text: 'No theme is taking answers just now: open one first.' };
      if (waiting === 0) return { text: 'Everyone has answered the open themes. Nobody needed a reminder.' };
      const already = result.skipped > 0 ? ` ${result.skipped} had already been reminded today.` : '';
      const unreachable = result.failed + result.gone + result.noConversation;
      return { text: `Reminded ${result.sent} of ${waiting} people who have not answered, in their personal chat.${already}${unreachable ? ` ${unreachable} could not be reached: they may not have Headway installed.` : ''}` };
    },
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
    await reminders.schedule(actor.tenantId, review);
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
    const { review } = await reviews.answer(actor, input.reviewId, input.themeId, answers);
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
    const done = review.status === 'complete';
    const card = revealCard(review, framework, themeOf(framework, input.themeId), revealed.spread, revealed.comments, revealed.agreed, done ? 'Agreed and saved. Every theme is agreed: the summary is below.' : 'Agreed and saved. The lead opens the next theme below.');
    await updateShared(actor, review, input.themeId, card);
    if (done) await postSummary(actor, review.id);
    return card;
  });

  router.action(Verbs.reviews.reopen, Ref, async (actor, input) => {
    const review = await agreement.reopen(actor, input.reviewId, input.themeId);
    const card = await themeCard(actor.tenantId, review, input.themeId, 'Change what the team agreed, then save again.');
    await updateShared(actor, review, input.themeId, card);
    return card;
  });

  router.action(Verbs.reviews.open, OpenInput, async (actor, input) => {
    const { review, changed } = await reviews.openTheme(actor, input.reviewId, input.nextTheme);
    const framework = reviews.framework(review.frameworkId);
    const title = themeOf(framework, input.nextTheme).title;
    const now = changed || !review.pollActivityIds[input.nextTheme] ? await postTheme(actor, review, input.nextTheme) : review;
    return redraw(actor, now, input, changed ? `${title} is open: its card is the latest in the channel.` : `${title} is already the current theme: its card is in the channel.`);
  });

  router.action(Verbs.reviews.deadline, DeadlineInput, async (actor, input) => {
    const review = await showingRefusals<Doc<Review> | CardReply>(
      () => reviews.setDeadline(actor, input.reviewId, input.deadline === '' ? undefined : input.deadline),
      async (message) => {
        const current = await reviews.get(actor.tenantId, input.reviewId);
        return themesCard(current, reviews.framework(current.frameworkId), message, 'attention');
      },
    );
    if ('card' in review) return review;
    await reminders.schedule(actor.tenantId, review); // jobs for an old deadline no longer match and do nothing
    // The open themes' cards show the deadline: bring them up to date.
    for (const themeId of reminders.themesOpen(review)) await updateShared(actor, review, themeId, await sharedPoll(actor.tenantId, review, themeId));
    return themesCard(review, reviews.framework(review.frameworkId), review.deadline ? `Answers are now due by ${formatDate(review.deadline)}. People who have not answered are reminded the day before.` : 'There is no deadline now.');
  });

  router.action(Verbs.reviews.summary, From, async (actor, input) => {
    const review = await reviews.get(actor.tenantId, input.reviewId);
    if (review.conversationId !== actor.conversationId) throw new InvalidInputError('That card belongs to another channel’s review.');
    const posted = await postSummary(actor, review.id);
    return redraw(actor, review, input, posted ? 'The summary so far is the latest message in the channel.' : 'The summary so far is already in the channel: nothing has been agreed since.');
  });
}
