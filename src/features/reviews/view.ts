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

/** How much of a reveal card the comments may take, shared out between its statements. */
const COMMENTS_BUDGET_BYTES = 40 * 1024;

/** As many comments as fit the budget, then how many more there are and where to find them. */
export function fitComments(lines: string[], budget: number): string {
  const shown = splitBySize(lines, budget)[0] ?? [];
  const more = lines.length - shown.length;
  return more === 0 ? shown.join('\n') : [...shown, `… and ${more} more ${more === 1 ? 'comment' : 'comments'}: every comment is in the review’s CSV export.`].join('\n');
}

/** The spread per statement, flags, comments, and (until agreed) the lead's agreement inputs. */
export function revealCard(review: Doc<Review>, framework: Framework, theme: Theme, spread: StatementSpread[], comments: { statementId: string; who: string; comment: string }[], agreed: Doc<AgreedDoc>[] = [], message = ''): CardReply {
  const agreedBy = new Map(agreed.map((a) => [a.statementId, a]));
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
      message,
      messageColor: 'Good',
      canAgree: !isAgreed,
      canChange: isAgreed,
      canOpen: isAgreed && next.length > 0,
      nextChoices: next,
      nextDefault: next[0]?.value ?? '',
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
          comments: fitComments(comments.filter((c) => c.statementId === s.id).map((c) => `“${c.comment}” (${c.who})`), commentBudget),
          agreedText: a && isAgreed ? `${labelOf(framework, a.value)}${a.action ? ` · action: ${a.action}${a.owner ? ` (${a.owner})` : ''}` : ''}` : '',
          agreeId: `a_${s.id}`,
          actionId: `act_${s.id}`,
          ownerId: `own_${s.id}`,
          // Changing an agreement starts from what was agreed; a first agreement from the most common answer.
          suggested: a?.value ?? top ?? '',
          actionValue: a?.action ?? '',
          ownerValue: a?.owner ?? '',
        };
      }),
    },
  };
}

/**
 * The themes the lead may open next (any not yet agreed, in any order), starting with the one
 * after `after` in the framework's order.
 */
function themesToOpen(review: Review, framework: Framework, after?: Theme): { title: string; value: string }[] {
  const start = after ? framework.themes.indexOf(after) + 1 : 0;
  const ordered = [...framework.themes.slice(start), ...framework.themes.slice(0, start)];
  return ordered.filter((t) => review.themeStatus[t.id] !== 'agreed').map((t) => ({ title: t.title, value: t.id }));
}

const themeState = (review: Review, themeId: string): string => {
  const status = review.themeStatus[themeId];
  if (status === 'agreed') return 'agreed';
  if (status === 'revealed') return 'answers revealed, to agree';
  if (!review.pollActivityIds[themeId]) return 'not opened yet';
  return review.currentThemeId === themeId ? 'answering now (the latest card in the channel)' : 'answering';
};

/** Every theme with where it is, and for the lead a choice of which to open next. */
export function themesCard(review: Doc<Review>, framework: Framework, message = '', tone: 'good' | 'attention' = 'good'): CardReply {
  const next = review.status === 'active' ? themesToOpen(review, framework) : [];
  return {
    card: 'reviews/themes',
    data: {
      reviewId: review.id,
      title: `${framework.title}: themes`,
      subtitle: `Led by ${review.leadName} · ${review.status === 'complete' ? 'every theme agreed' : 'the lead opens the themes, in any order'}`,
      message,
      messageColor: tone === 'good' ? 'Good' : 'Attention',
      themes: framework.themes.map((t) => ({ title: t.title, value: themeState(review, t.id) })),
      canOpen: next.length > 0,
      active: review.status === 'active',
      deadline: review.deadline ?? '',
      nextChoices: next,
      nextDefault: next.find((c) => review.themeStatus[c.value] === 'open' && !review.pollActivityIds[c.value])?.value ?? next[0]?.value ?? '',
    },
  };
}

const score = (n: number | undefined) => (n === undefined ? 'not agreed' : n.toFixed(1));

/** About how much card data one message carries, leaving room under the limit for the template around it. */
export const PART_BUDGET_BYTES = 30 * 1024;

/** Splits items, in order, into runs whose JSON stays under the budget (an item over it alone gets a run of its own). */
export function splitBySize<T>(items: T[], budget = PART_BUDGET_BYTES): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = Buffer.byteLength(JSON.stringify(item));
    if (run.length > 0 && size + bytes > budget) {
      runs.push(run);
      run = [];
      size = 0;
    }
    run.push(item);
    size += bytes;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * The summary as one card, or when a large framework's actions and support would take it past the
 * size limit, the headline card followed by as many "actions and support" cards as needed.
 */
export function summaryCards(review: Doc<Review>, framework: Framework, summary: Summary, changes: ThemeChange[], exportUrl = ''): CardReply[] {
  const whole = summaryCard(review, framework, summary, changes, exportUrl);
  if (Buffer.byteLength(JSON.stringify(whole.data)) <= PART_BUDGET_BYTES) return [whole];
  const { actions, signposting } = whole.data as { actions: unknown[]; signposting: unknown[] };
  const items = [...actions.map((a) => ({ action: a })), ...signposting.map((s) => ({ support: s }))];
  const runs = splitBySize(items);
  const parts = runs.map((run, i) => ({
    card: 'reviews/summary-more',
    data: {
      title: `${framework.title}: actions and support (${i + 1} of ${runs.length})`,
      actions: run.flatMap((x) => ('action' in x ? [x.action] : [])),
      signposting: run.flatMap((x) => ('support' in x ? [x.support] : [])),
    },
  }));
  const headline = { ...whole.data, actions: [], signposting: [], moreNote: `The priorities’ actions and support follow in ${runs.length} more ${runs.length === 1 ? 'message' : 'messages'}.` };
  return [{ card: whole.card, data: headline }, ...parts];
}

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
      themes: summary.themes.map((t) => ({ title: t.title, value: t.score === undefined ? `not agreed yet (0 of ${t.statements} statements)` : `${score(t.score)} of ${top} (${t.agreed} of ${t.statements} statements agreed)` })),
      strengths: summary.strengths.map((t) => t.title).join('; ') || 'Agree more themes to see strengths.',
      priorities: summary.priorities.map((t) => t.title).join('; ') || 'None yet.',
      actions: summary.priorities.flatMap((p) => p.actions.map((a) => ({ title: p.title, value: `${a.action}${a.owner ? ` (${a.owner})` : ''}` }))),
      signposting: summary.signposting.flatMap((s) => s.items.map((i) => ({ title: i.title, detail: i.detail ?? i.url ?? '' }))),
      hasComparison,
      changes: changes.map((c) => ({ title: c.title, value: c.change === undefined ? 'no earlier figure' : `${c.change > 0 ? '+' : ''}${c.change.toFixed(1)} (from ${score(c.before)} to ${score(c.now)})` })),
      exportUrl,
      moreNote: '',
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

/** A personal reminder to someone who has not answered the themes open for answers. */
export function reminderText(review: Doc<Review>, framework: Framework, themeIds: string[]): { text: string } {
  const titles = themeIds.map((id) => framework.themes.find((t) => t.id === id)?.title ?? id);
  const by = review.deadline ? ` Answers are due by ${formatDate(review.deadline)}.` : '';
  return { text: `A reminder from ${review.leadName}: you have not yet answered ${titles.join(' and ')} in the ${framework.title} review.${by} Answer on the theme's card in your team's channel; only you see your answers until the lead reveals them.` };
}

/** To the lead at the end of the deadline day. */
export function deadlinePassedText(review: Doc<Review>, framework: Framework, counts: { themeId: string; answered: number }[]): { text: string } {
  const lines = counts.map((c) => `${framework.themes.find((t) => t.id === c.themeId)?.title ?? c.themeId}: ${c.answered} of ${review.memberCount || '?'} have answered`);
  return { text: `The deadline for answers to your ${framework.title} review (${formatDate(review.deadline ?? '')}) has passed.${lines.length ? ` ${lines.join('; ')}.` : ''} People can still answer until you reveal a theme's answers.` };
}
