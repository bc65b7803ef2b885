import { addDays, londonToUtc } from '../../time.js';
import type { Framework } from './framework.js';

/**
 * The yearly review cycle's rules, as pure functions (issue 14): when an action's owner is
 * reminded, when an action is overdue, how far last review's actions got, and the network view's
 * distribution with its threshold. The services and jobs that use them come with the action plan.
 */

export type ActionStatus = 'not-started' | 'in-progress' | 'done' | 'dropped';

/** An action that is still to do: neither done nor dropped. */
export const isOpen = (status: ActionStatus): boolean => status === 'not-started' || status === 'in-progress';

/** Days before the due date of the first reminder. */
export const REMIND_DAYS_BEFORE = 7;

export interface ActionReminder {
  kind: 'week-before' | 'due-day';
  at: Date;
}

/**
 * When an open action's owner is reminded: 09:00 London time, 7 days before the due date and on
 * the day itself. Only the times still to come after `now` (an action due in 3 days gets the
 * due-day reminder only); nothing once it is done or dropped.
 */
export function actionReminders(due: string, status: ActionStatus, now: Date): ActionReminder[] {
  if (!isOpen(status)) return [];
  const times: ActionReminder[] = [
    { kind: 'week-before', at: londonToUtc(addDays(due, -REMIND_DAYS_BEFORE), '09:00') },
    { kind: 'due-day', at: londonToUtc(due, '09:00') },
  ];
  return times.filter((t) => t.at > now);
}

/** Whether an action is overdue on `today` (a London date): its due date has passed and it is still open. */
export function isOverdue(action: { due: string; status: ActionStatus }, today: string): boolean {
  return isOpen(action.status) && action.due < today;
}

export interface ActionProgress {
  themeId: string;
  /** Last review's actions under this theme. */
  total: number;
  done: number;
  dropped: number;
  /** Still not started or in progress. */
  open: number;
}

/** Per theme, in the framework's order, what became of the actions agreed at the last review. */
export function actionProgress(framework: Framework, actions: { themeId: string; status: ActionStatus }[]): ActionProgress[] {
  return framework.themes.map((theme) => {
    const mine = actions.filter((a) => a.themeId === theme.id);
    const count = (status: ActionStatus) => mine.filter((a) => a.status === status).length;
    return { themeId: theme.id, total: mine.length, done: count('done'), dropped: count('dropped'), open: mine.filter((a) => isOpen(a.status)).length };
  });
}

/** The comparison with the last review, each theme with its action progress beside its change. */
export function withProgress<T extends { themeId: string }>(changes: T[], progress: ActionProgress[] | undefined): (T & { actions: ActionProgress | undefined })[] {
  return changes.map((c) => ({ ...c, actions: progress?.find((p) => p.themeId === c.themeId) }));
}

/** "2 of 3 actions done since the last review (1 dropped)"; '' when the last review agreed none here. */
export function progressLine(p: ActionProgress | undefined): string {
  if (!p || p.total === 0) return '';
  const noun = p.total === 1 ? 'action' : 'actions';
  return `${p.done} of ${p.total} ${noun} done since the last review${p.dropped > 0 ? ` (${p.dropped} dropped)` : ''}`;
}

/** Nothing is shown for a theme until this many schools have shared it, so no school can be singled out. */
export const NETWORK_THRESHOLD = 5;

/**
 * The level a theme's score stands at: 0 is "not in place", otherwise the nearest level of the
 * scale (1 = the lowest). A score of 2.5 rounds up.
 */
export function levelOfScore(framework: Framework, score: number): string {
  if (score < 0.5) return 'not-in-place';
  const levels = framework.scale.levels;
  return levels[Math.min(levels.length, Math.max(1, Math.round(score))) - 1]!.id;
}

export interface NetworkTheme {
  themeId: string;
  /** How many schools shared a standing for this theme. */
  schools: number;
  /** Schools per level ('not-in-place' first, then the scale), or undefined while fewer than the threshold shared. */
  distribution: { level: string; schools: number }[] | undefined;
}

/**
 * Where the sharing schools stand, per theme: how many at each level. One share per school (the
 * latest wins: `shares` in the order they were made); a theme a school did not agree is not
 * counted for it. Below `threshold` schools a theme shows its count only. No school is named.
 */
export function networkView(framework: Framework, shares: { schoolId: string; scores: Record<string, number | undefined> }[], threshold = NETWORK_THRESHOLD): NetworkTheme[] {
  const latest = new Map(shares.map((s) => [s.schoolId, s.scores]));
  const order = ['not-in-place', ...framework.scale.levels.map((l) => l.id)];
  return framework.themes.map((theme) => {
    const levels = [...latest.values()].flatMap((scores) => (scores[theme.id] === undefined ? [] : [levelOfScore(framework, scores[theme.id]!)]));
    return {
      themeId: theme.id,
      schools: levels.length,
      distribution: levels.length < threshold ? undefined : order.map((level) => ({ level, schools: levels.filter((l) => l === level).length })),
    };
  });
}
