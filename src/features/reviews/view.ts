import type { Doc } from '../../store/collection.js';
import { formatDate } from '../../time.js';
import type { CardReply } from '../router.js';
import { statementsFor, type Framework } from './framework.js';
import type { AgreedDoc, AnswerDoc, Review } from './model.js';
import type { StatementSpread, Summary, ThemeChange } from './tally.js';

type Theme = Framework['themes'][number];

const answerChoices = (f: Framework) => [
  ...f.scale.levels.map((l) => ({ title: `${l.label}: ${l.description}`, value: l.id })),
  { title: f.scale.notInPlace.label, value: 'not-in-place' },
  { title: f.scale.query.label, value: 'query' },
];
const labelOf = (f: Framework, value: string) => f.scale.levels.find((l) => l.id === value)?.label ?? (value === 'not-in-place' ? f.scale.notInPlace.label : value === 'query' ? f.scale.query.label : value);
const position = (f: Framework, theme: Theme) => `Theme ${f.themes.indexOf(theme) + 1} of ${f.themes.length}`;

export function startCard(frameworks: Framework[], message = ''): CardReply {
  const choices = frameworks.flatMap((f) => f.variants.map((v) => ({ title: f.variants.length > 1 ? `${f.title} (${v.title})` : f.title, value: `${f.id}|${v.id}` })));
  return { card: 'reviews/start', data: { choices, defaultChoice: choices[0]?.value ?? '', message, messageColor: 'Attention' } };
}

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
    subtitle: `${framework.title} · ${position(framework, theme)} · led by ${review.leadName}${review.anonymous ? ' · anonymous' : ''}${review.deadline ? ` · answers by ${formatDate(review.deadline)}` : ''}`,
    message: options.message ?? '',
    messageColor: 'Good',
    count:
      options.answered === undefined
        ? 'Nobody sees anyone else’s answers until the lead reveals them.'
        : `${options.answered} of ${review.memberCount || '?'} have answered. Nobody sees anyone else's answers until the lead reveals them.`,
    choices: answerChoices(framework),
    statements: statementsFor(theme, review.variant).map((s) => ({
      text: s.text,
      inputId: `s_${s.id}`,
      commentId: `c_${s.id}`,
      value: mine.get(s.id)?.value ?? '',
      comment: mine.get(s.id)?.comment ?? '',
    })),
    userIds: review.memberIds,
  };
  // Same body; the personal template has no `refresh` (see above).
  return { card: options.personal ? 'reviews/poll-mine' : 'reviews/poll', data };
}

/** The spread per statement, flags, comments, and (until agreed) the lead's agreement inputs. */
export function revealCard(review: Doc<Review>, framework: Framework, theme: Theme, spread: StatementSpread[], comments: { statementId: string; who: string; comment: string }[], agreed: Doc<AgreedDoc>[] = [], message = ''): CardReply {
  const agreedBy = new Map(agreed.map((a) => [a.statementId, a]));
  const isAgreed = review.themeStatus[theme.id] === 'agreed';
  return {
    card: 'reviews/reveal',
    data: {
      reviewId: review.id,
      themeId: theme.id,
      title: `${theme.title}: answers`,
      subtitle: `${framework.title} · ${position(framework, theme)} · ${isAgreed ? 'agreed' : `${review.leadName} records what the team agrees`}`,
      message,
      messageColor: 'Good',
      canAgree: !isAgreed,
      agreeChoices: answerChoices(framework).filter((c) => c.value !== 'query'),
      statements: statementsFor(theme, review.variant).map((s) => {
        const row = spread.find((x) => x.statementId === s.id);
        const counts = row ? Object.entries(row.counts).filter(([, n]) => n > 0) : [];
        const top = framework.scale.levels.map((l) => l.id).filter((id) => (row?.counts[id] ?? 0) > 0).sort((a, b) => (row!.counts[b] ?? 0) - (row!.counts[a] ?? 0))[0];
        const a = agreedBy.get(s.id);
        return {
          text: s.text,
          spread: counts.length ? counts.map(([value, n]) => `${labelOf(framework, value)}: ${n}`).join(' · ') : 'No answers',
          flag: row?.flagged ? row.reasons.join('; ') : '',
          comments: comments.filter((c) => c.statementId === s.id).map((c) => `“${c.comment}” (${c.who})`).join('\n'),
          agreedText: a ? `${labelOf(framework, a.value)}${a.action ? ` · action: ${a.action}${a.owner ? ` (${a.owner})` : ''}` : ''}` : '',
          agreeId: `a_${s.id}`,
          actionId: `act_${s.id}`,
          ownerId: `own_${s.id}`,
          suggested: top ?? '',
        };
      }),
    },
  };
}

const score = (n: number | undefined) => (n === undefined ? 'not agreed' : n.toFixed(1));

/** Where the team stands, strengths, priorities with actions and signposting, the chart and the change since last time. */
export function summaryCard(review: Doc<Review>, framework: Framework, summary: Summary, changes: ThemeChange[], exportUrl = ''): CardReply {
  const top = framework.scale.levels.length;
  const shortTitle = (t: string) => t.replace(/^\d+\.\s*/, '').slice(0, 24);
  const hasComparison = changes.some((c) => c.before !== undefined);
  return {
    card: 'reviews/summary',
    data: {
      title: `${framework.title}: summary`,
      subtitle: `${review.anonymous ? 'Anonymous' : 'Named'} review led by ${review.leadName} · ${review.status === 'complete' ? 'every theme agreed' : 'in progress'}`,
      lowest: framework.scale.levels[0]!.label,
      highest: framework.scale.levels[top - 1]!.label,
      top,
      bars: summary.themes.filter((t) => t.score !== undefined).map((t) => ({ short: shortTitle(t.title), score: t.score })),
      chartText: summary.themes.map((t) => `${shortTitle(t.title)}: ${score(t.score)}`).join(' · '),
      themes: summary.themes.map((t) => ({ title: t.title, value: `${score(t.score)} of ${top} (${t.agreed} of ${t.statements} statements agreed)` })),
      strengths: summary.strengths.map((t) => t.title).join('; ') || 'Agree more themes to see strengths.',
      priorities: summary.priorities.map((t) => t.title).join('; ') || 'None yet.',
      actions: summary.priorities.flatMap((p) => p.actions.map((a) => ({ title: p.title, value: `${a.action}${a.owner ? ` (${a.owner})` : ''}` }))),
      signposting: summary.signposting.flatMap((s) => s.items.map((i) => ({ title: i.title, detail: i.detail ?? i.url ?? '' }))),
      hasComparison,
      changes: changes.map((c) => ({ title: c.title, value: c.change === undefined ? 'no earlier figure' : `${c.change > 0 ? '+' : ''}${c.change.toFixed(1)} (from ${score(c.before)} to ${score(c.now)})` })),
      exportUrl,
    },
  };
}

export function historyCard(reviews: Doc<Review>[], frameworks: Map<string, Framework>): CardReply {
  return {
    card: 'reviews/history',
    data: {
      reviews: reviews.map((r) => ({
        title: frameworks.get(r.frameworkId)?.title ?? r.frameworkId,
        value: `started ${formatDate(r.createdAt.slice(0, 10))} by ${r.leadName} · ${r.status === 'complete' ? `completed ${formatDate((r.completedAt ?? r.updatedAt).slice(0, 10))}` : 'in progress'}`,
      })),
    },
  };
}

/** For the lead, right after starting: share the themes out to the team's members. */
export function assignCard(review: Doc<Review>, framework: Framework, people: { userId: string; name: string }[], message = '', tone: 'good' | 'attention' = 'good'): CardReply {
  return {
    card: 'reviews/assign',
    data: {
      reviewId: review.id,
      intro: `You lead this ${framework.title} review. The first theme is in the channel: everyone answers on that card.`,
      message,
      messageColor: tone === 'good' ? 'Good' : 'Attention',
      themes: framework.themes.map((t) => ({ inputId: `t_${t.id}`, title: t.title, value: (review.assignments[t.id] ?? []).join(',') })),
      people,
    },
  };
}

/** The personal nudge to someone given themes to look at. */
export function nudgeText(review: Doc<Review>, framework: Framework, themeIds: string[]): { text: string } {
  const titles = themeIds.map((id) => framework.themes.find((t) => t.id === id)?.title ?? id);
  return { text: `${review.leadName} has asked you to look closely at ${titles.join(' and ')} in the ${framework.title} review. Answer on the review's card in your team's channel${review.deadline ? ` by ${formatDate(review.deadline)}` : ''}.` };
}
