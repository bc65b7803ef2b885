import { z } from 'zod';
import { InvalidInputError, showingRefusals } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import { formatDate } from '../../time.js';
import type { Coalescer } from '../coalesce.js';
import { cardText, requireText } from '../inputs.js';
import type { FeatureRouter } from '../router.js';
import type { CardReply } from '../ports.js';
import { Verbs } from '../verbs.js';
import type { ReviewChannel } from './channel.js';
import type { Reviews } from './index.js';
import type { Review } from './model.js';
import { revealCard } from './theme-view.js';
import { themesCard } from './view.js';

export const Ref = z.object({ reviewId: z.string().min(1), themeId: z.string().min(1) }).passthrough();
const From = z.object({ reviewId: z.string().min(1), themeId: z.string().optional(), from: z.enum(['reveal', 'themes']) });
const DeadlineInput = From.extend({ deadline: cardText(20) });
const NextInput = z.object({ reviewId: z.string().min(1), nextDue: cardText(20) });
const OpenInput = From.extend({ nextTheme: cardText(200).refine((v) => v !== '', 'Choose a theme to open.') });

/** The lead's buttons: reveal, agree (and change an agreement), open a theme, the deadline, the summary so far. */
export function registerLeadRoutes(router: FeatureRouter, { service: reviews, agreement, reminders, plan, next, network }: Reviews, channel: ReviewChannel, liveCounts: Coalescer): void {
  const { themeOf, themeCard, postTheme, updateShared, postSummary, redraw, people, summary } = channel;

  router.action(Verbs.reviews.reveal, Ref, async (actor, input) => {
    const { review, spread, comments } = await agreement.reveal(actor, input.reviewId, input.themeId);
    await liveCounts.idle(); // a count update still on its way must not land on top of the reveal
    const framework = reviews.framework(review.frameworkId);
    const card = revealCard(review, framework, themeOf(framework, input.themeId), { spread, comments });
    await updateShared(actor, review, input.themeId, '');
    return card;
  });

  router.action(Verbs.reviews.agree, Ref, async (actor, input) => {
    const field = (prefix: string, statementId: string, name: string, max: number) => requireText(input[`${prefix}_${statementId}`], name, max);
    const agreed = Object.entries(input)
      .filter(([key]) => key.startsWith('a_'))
      .map(([key, value]) => {
        const id = key.slice(2);
        return { statementId: id, value: requireText(value, 'Agreed level', 100), action: field('act', id, 'Action', 500), owner: field('own', id, 'Owner', 200), due: field('due', id, 'Action due', 20), evidenceLinks: field('evl', id, 'Evidence', 2000), evidenceNote: field('evn', id, 'Evidence note', 1000) };
      });
    const before = await reviews.inChannel(actor, input.reviewId);
    // The owner typed at the table is linked to the team member of that name, so they can be reminded.
    const team = await people(actor);
    const rows = agreed.map((a) => {
      const member = team.find((p) => p.name.trim().toLowerCase() === a.owner.trim().toLowerCase() && a.owner.trim() !== '');
      return { statementId: a.statementId, what: a.action, ownerId: member?.userId ?? '', ownerName: member?.name ?? a.owner, due: a.due, status: 'not-started' as const, note: '' };
    });
    const problems = plan.agreementProblems(before, rows);
    if (problems.length > 0) throw new InvalidInputError('Nothing was saved:', problems);
    // Completing the review sets the next one's date (a year on, unless the lead set another).
    const review = await next.completed(actor.tenantId, await agreement.agree(actor, input.reviewId, input.themeId, agreed));
    await plan.fromAgreement(actor.tenantId, review, rows, agreed.map((a) => a.statementId));
    await network.publish(actor.tenantId, review); // only when complete and the lead chose to share
    const framework = reviews.framework(review.frameworkId);
    const revealed = await agreement.revealed(actor.tenantId, review, input.themeId);
    const done = review.status === 'complete';
    const note = done ? 'Agreed and saved. Every theme is agreed: the summary is below.' : 'Agreed and saved. The lead opens the next theme below.';
    const card = revealCard(review, framework, themeOf(framework, input.themeId), revealed, note);
    await updateShared(actor, review, input.themeId, note);
    if (done) await postSummary(actor, review.id);
    return card;
  });

  router.action(Verbs.reviews.reopen, Ref, async (actor, input) => {
    const review = await agreement.reopen(actor, input.reviewId, input.themeId);
    const note = 'Change what the team agreed, then save again.';
    const card = await themeCard(actor.tenantId, review, input.themeId, note);
    await updateShared(actor, review, input.themeId, note);
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
        const current = await reviews.inChannel(actor, input.reviewId);
        return themesCard(current, reviews.framework(current.frameworkId), message, 'attention');
      },
    );
    if ('card' in review) return review;
    await reminders.schedule(actor.tenantId, review); // jobs for an old deadline no longer match and do nothing
    // The open themes' cards show the deadline: bring them up to date.
    for (const themeId of reminders.themesOpen(review)) await updateShared(actor, review, themeId);
    return themesCard(review, reviews.framework(review.frameworkId), review.deadline ? `Answers are now due by ${formatDate(review.deadline)}. People who have not answered are reminded the day before.` : 'There is no deadline now.');
  });

  router.action(Verbs.reviews.next, NextInput, async (actor, input) => {
    const review = await reviews.inChannel(actor, input.reviewId);
    const drawn = async (message: string, tone: 'good' | 'attention') => (await summary(actor, input.reviewId, { message, tone })).parts[0]!;
    return showingRefusals(
      async () => {
        const updated = await next.set(actor, review, input.nextDue);
        return drawn(`The next review is due ${formatDate(updated.nextDue!)}. ${updated.leadName} is reminded in personal chat two weeks before.`, 'good');
      },
      (message) => drawn(message, 'attention'),
    );
  });

  router.action(Verbs.reviews.summary, From, async (actor, input) => {
    const review = await reviews.inChannel(actor, input.reviewId);
    const posted = await postSummary(actor, review.id);
    return redraw(actor, review, input, posted ? 'The summary so far is the latest message in the channel.' : 'The summary so far is already in the channel: nothing has been agreed since.');
  });
}
