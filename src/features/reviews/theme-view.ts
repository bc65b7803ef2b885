import type { Doc } from '../../store/collection.js';
import { formatDate, formatDeadline } from '../../time.js';
import type { CardReply } from '../ports.js';
import { statementsFor, type Framework } from './framework.js';
import type { Revealed } from './agreement.js';
import type { AgreedDoc, AnswerDoc, Review } from './model.js';
import { splitBySize } from '../../size.js';
import { answeredLine } from './tally.js';
import { answerChoices, labelOf, position, scaleGuide, themesToOpen, type Theme } from './view.js';

/** A theme's cards in the channel: the poll everyone answers, then the revealed spread the lead agrees on. */

/**
 * A theme's poll. The shared version (in the channel) shows no one's answers, only the count, and
 * asks each client to refresh into its own view; the personal version carries that person's
 * answers and has no `refresh` (a returned card with one is pushed to everyone).
 */
export function pollCard(review: Doc<Review>, framework: Framework, theme: Theme, options: { answered?: number; mine?: Pick<AnswerDoc, 'statementId' | 'value' | 'comment'>[]; personal?: boolean; message?: string }): CardReply {
  const mine = new Map((options.mine ?? []).map((a) => [a.statementId, a]));
  const data: Record<string, unknown> = {
    reviewId: review.id,
    themeId: theme.id,
    title: theme.title,
    subtitle: `${framework.title} · ${position(framework, theme)} · led by ${review.leadName}${review.anonymous ? ' · anonymous' : ''}${review.deadline ? ` · answers by ${formatDeadline(review.deadline)}` : ''}`,
    ambition: theme.summary ?? '',
    // Where a client shows everyone the shared card (no per-person view), say where one's own answers are.
    mineNote: options.personal ? '' : 'Answered already? Your answers are saved: if this card shows them empty, choose Show my answers to see or change them.',
    message: options.message ?? '',
    messageColor: 'Good',
    count:
      options.answered === undefined
        ? 'Nobody sees anyone else’s answers until the lead reveals them.'
        : `${answeredLine(options.answered, review.memberCount)}. Nobody sees anyone else's answers until the lead reveals them.`,
    choices: answerChoices(framework),
    levels: scaleGuide(framework),
    statements: statementsFor(theme, review.variant).map((s) => ({
      text: s.text,
      inputId: `s_${s.id}`,
      commentId: `c_${s.id}`,
      value: mine.get(s.id)?.value ?? '',
      comment: mine.get(s.id)?.comment ?? '',
      lastTime: lastTimeLine(review.lastTime[s.id]),
    })),
    userIds: review.memberIds,
  };
  // Same body; the personal template has no `refresh` (see above).
  return { card: options.personal ? 'reviews/poll-mine' : 'reviews/poll', data };
}

/** How much of a reveal card the comments may take, shared out between its statements. */
const COMMENTS_BUDGET_BYTES = 40 * 1024;

/** As many comments as fit the budget, then how many more there are and where to find them. */
export function fitComments(lines: string[], budget: number): string {
  const shown = splitBySize(lines, budget)[0] ?? [];
  const more = lines.length - shown.length;
  return more === 0 ? shown.join('\n') : [...shown, `… and ${more} more ${more === 1 ? 'comment' : 'comments'}: every comment is in the review’s CSV export.`].join('\n');
}

/** The spread per statement, flags, comments, and (until agreed) the lead's agreement inputs. */
export function revealCard(review: Doc<Review>, framework: Framework, theme: Theme, revealed: Pick<Revealed, 'spread' | 'comments'> & Partial<Revealed>, message = ''): CardReply {
  const { spread, comments } = revealed;
  const agreedBy = new Map((revealed.agreed ?? []).map((a) => [a.statementId, a]));
  const dueBy = new Map((revealed.actions ?? []).map((a) => [a.statementId, a.due]));
  const isAgreed = review.themeStatus[theme.id] === 'agreed';
  const next = themesToOpen(review, framework, theme);
  const commentBudget = Math.floor(COMMENTS_BUDGET_BYTES / Math.max(1, statementsFor(theme, review.variant).length));
  return {
    card: 'reviews/reveal',
    data: {
      reviewId: review.id,
      themeId: theme.id,
      title: `${theme.title}: answers`,
      subtitle: `${framework.title} · ${position(framework, theme)} · ${isAgreed ? 'agreed' : `${review.leadName} records what the team agrees`}`,
      ambition: theme.summary ?? '',
      message,
      messageColor: 'Good',
      canAgree: !isAgreed,
      canChange: isAgreed,
      canOpen: isAgreed && next.length > 0,
      nextChoices: next,
      nextDefault: next[0]?.value ?? '',
      agreeChoices: answerChoices(framework).filter((c) => c.value !== 'query'),
      levels: scaleGuide(framework),
      statements: statementsFor(theme, review.variant).map((s) => {
        const row = spread.find((x) => x.statementId === s.id);
        const counts = row ? Object.entries(row.counts).filter(([, n]) => n > 0) : [];
        const top = framework.scale.levels.map((l) => l.id).filter((id) => (row?.counts[id] ?? 0) > 0).sort((a, b) => (row!.counts[b] ?? 0) - (row!.counts[a] ?? 0))[0];
        const a = agreedBy.get(s.id);
        return {
          text: s.text,
          // "Query: we need to discuss this: 1" read as two colons: a label with its own colon takes its count in brackets.
          spread: counts.length ? counts.map(([value, n]) => countOf(labelOf(framework, value), n)).join(' · ') : 'No answers',
          flag: row?.flagged ? row.reasons.join('; ') : '',
          comments: fitComments(comments.filter((c) => c.statementId === s.id).map((c) => `“${c.comment}” (${c.who})`), commentBudget),
          agreedText: a && isAgreed ? agreedLine(framework, a, dueBy.get(s.id) ?? '') : '',
          evidenceText: a && isAgreed ? evidenceLine(a) : '',
          agreeId: `a_${s.id}`,
          actionId: `act_${s.id}`,
          ownerId: `own_${s.id}`,
          dueId: `due_${s.id}`,
          linksId: `evl_${s.id}`,
          noteId: `evn_${s.id}`,
          // Changing an agreement starts from what was agreed; a first agreement from the most common answer.
          suggested: a?.value ?? top ?? '',
          actionValue: a?.action ?? '',
          ownerValue: a?.owner ?? '',
          dueValue: dueBy.get(s.id) ?? '',
          linksValue: (a?.evidenceLinks ?? []).join(' '),
          noteValue: a?.evidenceNote ?? '',
        };
      }),
    },
  };
}

/** "Developing · action: Co-write the policy (Head), due Thursday 4 March 2027". */
function agreedLine(framework: Framework, a: AgreedDoc, due: string): string {
  const action = a.action ? ` · action: ${a.action}${a.owner ? ` (${a.owner})` : ''}${due ? `, due ${formatDate(due)}` : ''}` : '';
  return `${labelOf(framework, a.value)}${action}`;
}

/** "Last review: Developing. Still open: Co-write the policy (Amara Deputy, due …)". */
export function lastTimeLine(last: Review['lastTime'][string] | undefined): string {
  if (!last) return '';
  return `Last review: ${last.level}.${last.open.length > 0 ? ` Still open: ${last.open.join('; ')}.` : ''}`;
}

/** "Evidence: https://… · Policy reviewed by governors in May". */
export function evidenceLine(a: Pick<AgreedDoc, 'evidenceLinks' | 'evidenceNote'>): string {
  const parts = [...a.evidenceLinks, ...(a.evidenceNote ? [a.evidenceNote] : [])];
  return parts.length > 0 ? `Evidence: ${parts.join(' · ')}` : '';
}

function countOf(label: string, n: number): string {
  return label.includes(':') ? `${label} (${n})` : `${label}: ${n}`;
}
