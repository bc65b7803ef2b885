import { matchesName } from '../core/people.js';
import { answeredLine } from './tally.js';
import type { Doc } from '../../store/collection.js';
import { formatDate, formatDeadline, londonDate } from '../../time.js';
import type { CardReply } from '../ports.js';
import type { Framework } from './framework.js';
import type { Review } from './model.js';

/**
 * The review's cards around the themes: starting, the themes and their state, history, sharing
 * out, and the personal texts. A theme's own cards are in theme-view.ts, the summary in summary-view.ts.
 */

export type Theme = Framework['themes'][number];

/**
 * The answers a statement offers: the scale's levels, then "not in place" and "query". Titles are
 * the levels' names only (a compact drop-down cuts long titles off); what each means is shown
 * once on the card (see `scaleGuide`).
 */
export const answerChoices = (f: Framework) => [
  ...f.scale.levels.map((l) => ({ title: l.label, value: l.id })),
  { title: f.scale.notInPlace.label, value: 'not-in-place' },
  { title: f.scale.query.label, value: 'query' },
];
/** What each level means, once per card, for the drop-downs that name the levels only. */
export const scaleGuide = (f: Framework) => f.scale.levels.map((l) => ({ title: l.label, value: l.description }));

export const labelOf = (f: Framework, value: string) => f.scale.levels.find((l) => l.id === value)?.label ?? (value === 'not-in-place' ? f.scale.notInPlace.label : value === 'query' ? f.scale.query.label : value);
export const position = (f: Framework, theme: Theme) => `Theme ${f.themes.indexOf(theme) + 1} of ${f.themes.length}`;

export function startCard(frameworks: Framework[], message = '', last?: Doc<Review>): CardReply {
  // Nothing chosen to begin with: the lead picks the framework (none is everyone's default), each variant named after it.
  const title = (f: Framework, variantId: string) => {
    const v = f.variants.find((x) => x.id === variantId);
    return f.variants.length > 1 && v ? `${f.title}, ${v.title.toLowerCase()} version` : f.title;
  };
  const choices = frameworks.flatMap((f) => f.variants.map((v) => ({ title: title(f, v.id), value: `${f.id}|${v.id}` })));
  const framework = last && frameworks.find((f) => f.id === last.frameworkId);
  const owners = last ? new Set(Object.values(last.assignments).flat()).size : 0;
  const repeatText =
    last && framework
      ? `${title(framework, last.variant)}, ${last.anonymous ? 'anonymous' : 'named'}${owners > 0 ? `, the same themes shared out to ${owners} ${owners === 1 ? 'person' : 'people'}` : ''}. Last completed ${formatDate(londonDate(new Date(last.completedAt ?? last.updatedAt)))}; each statement shows the level agreed then and its actions still open.`
      : '';
  return { card: 'reviews/start', data: { choices, message, messageColor: 'Attention', repeatText, repeatId: last?.id ?? '' } };
}

/**
 * The themes the lead may open next (any not yet agreed, in any order), starting with the one
 * after `after` in the framework's order.
 */
export function themesToOpen(review: Review, framework: Framework, after?: Theme): { title: string; value: string }[] {
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
/**
 * Sharing out the themes: who has which theme, as text, and one form to give someone their
 * themes. One person list and one theme list (a list of every member under every theme made a
 * 51-person team's card 39 KB as Teams counts it); the list is the Find box's matches.
 */
export function assignCard(review: Doc<Review>, framework: Framework, roster: ShareOutRoster, message = '', tone: 'good' | 'attention' = 'good'): CardReply {
  const names = new Map(roster.names);
  return {
    card: 'reviews/assign',
    data: {
      reviewId: review.id,
      intro: `You lead this ${framework.title} review. The first theme is in the channel: everyone answers on that card.`,
      message,
      messageColor: tone === 'good' ? 'Good' : 'Attention',
      themes: framework.themes.map((t) => ({ title: t.title, assigned: (review.assignments[t.id] ?? []).map((id) => names.get(id) ?? 'Someone').join(', ') || 'Nobody in particular' })),
      themeChoices: framework.themes.map((t) => ({ title: t.title, value: t.id })),
      people: roster.shown,
      find: roster.find,
      findNote: roster.note,
    },
  };
}

/** A team this size or smaller is listed whole on the share-out card until someone uses Find. */
const LISTED_WHOLE = 30;
const FOUND_SHOWN = 20;

/** The share-out card's people: the team's members matching `find` (or the whole team when small). */
export function rosterFor(members: { userId: string; name: string }[], find: string, review: Review): ShareOutRoster {
  const assigned = new Set(Object.values(review.assignments).flat());
  const names = members.filter((m) => assigned.has(m.userId)).map((m): [string, string] => [m.userId, m.name]);
  const byName = [...members].sort((a, b) => a.name.localeCompare(b.name));
  if (find.trim() === '') {
    const whole = byName.length <= LISTED_WHOLE;
    return { find, shown: whole ? byName : [], names, note: whole ? '' : `The team has ${members.length} members: type part of a name and choose Find.` };
  }
  const found = byName.filter((m) => matchesName(m.name, find));
  const note = found.length === 0 ? `Nobody in the team matches "${find.trim()}".` : found.length > FOUND_SHOWN ? `The first ${FOUND_SHOWN} of ${found.length} matches: type more of the name to narrow them.` : `${found.length} ${found.length === 1 ? 'match' : 'matches'} for "${find.trim()}".`;
  return { find, shown: found.slice(0, FOUND_SHOWN), names, note };
}

/** Who the share-out card can offer: the Find box's matches in the team, and the names of everyone given a theme. */
export interface ShareOutRoster {
  find: string;
  shown: { userId: string; name: string }[];
  note: string;
  names: [string, string][];
}

/** The personal nudge to someone given themes to look at. */
export function nudgeText(review: Doc<Review>, framework: Framework, themeIds: string[]): { text: string } {
  const titles = themeIds.map((id) => framework.themes.find((t) => t.id === id)?.title ?? id);
  return { text: `${review.leadName} has asked you to look closely at ${titles.join(' and ')} in the ${framework.title} review. Answer on the review's card in your team's channel${review.deadline ? ` by ${formatDeadline(review.deadline)}` : ''}.` };
}

/** A personal reminder to someone who has not answered the themes open for answers. */
export function reminderText(review: Doc<Review>, framework: Framework, themeIds: string[]): { text: string } {
  const titles = themeIds.map((id) => framework.themes.find((t) => t.id === id)?.title ?? id);
  const by = review.deadline ? ` Answers are due by ${formatDeadline(review.deadline)}.` : '';
  return { text: `A reminder from ${review.leadName}: you have not yet answered ${titles.join(' and ')} in the ${framework.title} review.${by} Answer on the theme's card in your team's channel; only you see your answers until the lead reveals them.` };
}

/** To the lead at the end of the deadline day. */
export function deadlinePassedText(review: Doc<Review>, framework: Framework, counts: { themeId: string; answered: number }[]): { text: string } {
  const lines = counts.map((c) => `${framework.themes.find((t) => t.id === c.themeId)?.title ?? c.themeId}: ${answeredLine(c.answered, review.memberCount)}`);
  return { text: `The deadline for answers to your ${framework.title} review (${formatDeadline(review.deadline ?? '')}) has passed.${lines.length ? ` ${lines.join('; ')}.` : ''} People can still answer until you reveal a theme's answers.` };
}
