import { teamsBytes } from '../../size.js';
import type { Doc } from '../../store/collection.js';
import type { CardReply } from '../ports.js';
import type { Framework } from './framework.js';
import type { Review } from './model.js';
import type { Summary, ThemeChange } from './tally.js';

/** The summary card(s): where the team stands, strengths, priorities, support, the chart and the change. */

const score = (n: number | undefined) => (n === undefined ? 'not agreed' : n.toFixed(1));

/** About how much card data (as Teams counts it, UTF-16) one message carries, leaving room under the limit for the template around it. */
export const PART_BUDGET_BYTES = 30 * 1024;

/** Splits items, in order, into runs whose JSON stays under the budget (an item over it alone gets a run of its own). */
export function splitBySize<T>(items: T[], budget = PART_BUDGET_BYTES): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  let size = 0;
  for (const item of items) {
    const bytes = teamsBytes(item);
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
  if (teamsBytes(whole.data) <= PART_BUDGET_BYTES) return [whole];
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
