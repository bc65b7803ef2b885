import { splitBySize, teamsBytes } from '../../size.js';
import type { Doc } from '../../store/collection.js';
import { formatDate } from '../../time.js';
import type { CardReply } from '../ports.js';
import type { Framework } from './framework.js';
import { STATUS_LABEL } from './action-view.js';
import { progressLine, withProgress, type ActionProgress } from './cycle.js';
import type { ActionDoc, AgreedDoc, Review } from './model.js';
import { evidenceLine } from './theme-view.js';
import type { Summary, ThemeChange } from './tally.js';

/** The summary card(s): where the team stands, strengths, priorities, support, the chart and the change. */

const score = (n: number | undefined) => (n === undefined ? 'not agreed' : n.toFixed(1));

/** About how much card data (as Teams counts it, UTF-16) one message carries, leaving room under the limit for the template around it. */
export const PART_BUDGET_BYTES = 30 * 1024;


/**
 * The summary as one card, or when a large framework's actions and support would take it past the
 * size limit, the headline card followed by as many "actions and support" cards as needed.
 */
export function summaryCards(review: Doc<Review>, framework: Framework, summary: Summary, changes: ThemeChange[], exportUrl = '', plan: SummaryPlan = {}): CardReply[] {
  const whole = summaryCard(review, framework, summary, changes, exportUrl, plan);
  if (teamsBytes(whole.data) <= PART_BUDGET_BYTES) return [whole];
  const { sections } = whole.data as { sections: Section[] };
  // A theme's section stays whole where it fits; one too big for a message goes as its actions, then its support.
  const pieces = sections.flatMap((section) => (teamsBytes(section) <= PART_BUDGET_BYTES ? [section] : [{ ...section, support: [] }, { ...section, title: `${section.title} (continued)`, actions: [], evidence: [] }]));
  const runs = splitBySize(pieces, PART_BUDGET_BYTES);
  const parts = runs.map((run, i) => ({
    card: 'reviews/summary-more',
    data: { title: `${framework.title}: actions and support (${i + 1} of ${runs.length})`, sections: run },
  }));
  const headline = { ...whole.data, sections: [], moreNote: `The actions and support, theme by theme, follow in ${runs.length} more ${runs.length === 1 ? 'message' : 'messages'}.` };
  return [{ card: whole.card, data: headline }, ...parts];
}

/** One theme's agreed actions and evidence, and for a priority the support the framework signposts under it. */
interface Section {
  title: string;
  actions: { text: string }[];
  evidence: { text: string }[];
  support: { title: string; detail: string }[];
}

/**
 * What the summary shows beside the levels: the action plan (owners, due dates, status), the
 * evidence behind each agreed response, and what became of the last review's actions.
 */
export interface SummaryPlan {
  /** The plan's actions; a review from before the plan existed shows the actions typed at the agreement instead. */
  actions?: ActionDoc[];
  agreed?: AgreedDoc[];
  progress?: ActionProgress[];
  /** After a click on the summary (the lead setting the next review's date). */
  message?: string;
  tone?: 'good' | 'attention';
}

/** "Co-write the policy (Amara Deputy, due Friday 15 January 2027, in progress)". */
const planText = (a: ActionDoc) => `${a.what} (${[a.ownerName, a.due ? `due ${formatDate(a.due)}` : '', STATUS_LABEL[a.status].toLowerCase()].filter((p) => p !== '').join(', ')})`;

/**
 * Each theme with something to do: its agreed actions (every theme's, not only the priorities'),
 * and under each priority the support signposted for it, so it is clear which support is for which.
 */
function sectionsOf(summary: Summary, plan: SummaryPlan): Section[] {
  const priorities = new Set(summary.priorities.map((p) => p.themeId));
  const planned = plan.actions ?? [];
  return summary.themes
    .map((theme) => ({
      title: priorities.has(theme.themeId) ? `${theme.title} (a priority)` : theme.title,
      actions:
        planned.length > 0
          ? planned.filter((a) => a.themeId === theme.themeId).map((a) => ({ text: planText(a) }))
          : theme.actions.map((a) => ({ text: `${a.action}${a.owner ? ` (${a.owner})` : ''}` })),
      evidence: (plan.agreed ?? []).filter((a) => a.themeId === theme.themeId).map(evidenceLine).filter((t) => t !== '').map((t) => ({ text: t.replace(/^Evidence: /, '') })),
      support: (summary.signposting.find((s) => s.themeId === theme.themeId)?.items ?? []).map((i) => ({ title: i.title, detail: i.detail ?? i.url ?? '' })),
    }))
    .filter((section) => section.actions.length > 0 || section.evidence.length > 0 || section.support.length > 0);
}

/** Where the team stands, strengths, priorities, each theme's actions with support under the priorities, the chart and the change since last time. */
export function summaryCard(review: Doc<Review>, framework: Framework, summary: Summary, changes: ThemeChange[], exportUrl = '', plan: SummaryPlan = {}): CardReply {
  const top = framework.scale.levels.length;
  const hasComparison = changes.some((c) => c.before !== undefined);
  return {
    card: 'reviews/summary',
    data: {
      title: `${framework.title}: summary`,
      subtitle: `${review.anonymous ? 'Anonymous' : 'Named'} review led by ${review.leadName} · ${review.status === 'complete' ? 'every theme agreed' : 'in progress'}`,
      lowest: framework.scale.levels[0]!.label,
      highest: framework.scale.levels[top - 1]!.label,
      top,
      // Charts scale their axis to the data, so a grey bar at the top of the scale keeps "2.0 of 4" looking half full.
      topLabel: `Top: ${framework.scale.levels[top - 1]!.label}`,
      bars: summary.themes.filter((t) => t.score !== undefined).map((t) => ({ short: shortTitle(t.title), score: t.score })),
      chartText: summary.themes.map((t) => `${shortTitle(t.title)}: ${score(t.score)}`).join(' · '),
      themes: summary.themes.map((t) => ({ title: t.title, value: t.score === undefined ? `not agreed yet (0 of ${t.statements} statements)` : `${score(t.score)} of ${top} (${t.agreed} of ${t.statements} statements agreed)` })),
      strengths: summary.strengths.map((t) => t.title).join('; ') || 'Agree more themes to see strengths.',
      priorities: summary.priorities.map((t) => t.title).join('; ') || 'None yet.',
      sections: sectionsOf(summary, plan),
      hasComparison,
      changes: withProgress(changes, plan.progress).map((c) => {
        const level = c.change === undefined ? 'no earlier figure' : `${c.change > 0 ? '+' : ''}${c.change.toFixed(1)} (from ${score(c.before)} to ${score(c.now)})`;
        const actions = progressLine(c.actions);
        return { title: c.title, value: actions ? `${level}; ${actions}` : level };
      }),
      reviewId: review.id,
      message: plan.message ?? '',
      messageColor: plan.tone === 'attention' ? 'Attention' : 'Good',
      nextText: review.status === 'complete' && review.nextDue ? `Due ${formatDate(review.nextDue)}. ${review.leadName} is reminded in personal chat two weeks before; then mention @Headway with review start and choose Repeat the last review.` : '',
      nextDue: review.nextDue ?? '',
      shareText: review.status !== 'complete' ? '' : review.share ? 'Shared with the network’s coordinators: they see this team’s agreed levels counted with other schools’, never named, and never anyone’s answers.' : 'Not shared. The lead can share the team’s agreed levels with the network’s coordinators, who see them counted with other schools’ and never named.',
      shareTitle: review.share ? 'Stop sharing' : 'Share with the network',
      shareValue: review.share ? 'false' : 'true',
      exportUrl,
      moreNote: '',
    },
  };
}

/**
 * A theme's name for a chart label: without its number, and in whole words up to about 24
 * characters ("Engaging parents and communities" is "Engaging parents and…", never "…and com").
 */
export function shortTitle(title: string, max = 24): string {
  const plain = title.replace(/^\d+\.\s*/, '');
  if (plain.length <= max) return plain;
  const words = plain.split(/\s+/);
  let out = words[0]!;
  for (const word of words.slice(1)) {
    if (`${out} ${word}`.length > max - 1) break;
    out = `${out} ${word}`;
  }
  return `${out.replace(/[,;:]$/, '')}…`;
}
