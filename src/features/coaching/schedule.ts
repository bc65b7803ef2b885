import { addDays, addMonths, londonToUtc } from '../../time.js';

/**
 * Session times for a coaching group: `count` sessions across `spanMonths`, at a regular cadence
 * from a start date, on a weekday at a London wall-clock time. Stored in UTC, so a session after
 * the clocks change keeps its wall-clock time.
 */
export interface SessionSlot {
  index: number;
  /** London calendar date and time, as entered and shown. */
  date: string;
  time: string;
  startsAt: string;
  endsAt: string;
}

export const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The first `weekday` on or after `date`. */
export function onOrAfter(date: string, weekday: Weekday): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, (WEEKDAYS.indexOf(weekday) - day + 7) % 7);
}

export function sessionTimes(date: string, time: string, minutes: number): { startsAt: string; endsAt: string } {
  const start = londonToUtc(date, time);
  return { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString() };
}

/**
 * `count` sessions at a regular cadence across `spanMonths` from `start`, all inside those months,
 * none in August (England's school summer holiday): one that would fall there moves to the
 * first such weekday of September.
 */
export function proposeSessions(options: { start: string; weekday: Weekday; time: string; count?: number; spanMonths?: number; minutes?: number }): SessionSlot[] {
  const { start, weekday, time, count = 6, spanMonths = 12, minutes = 90 } = options;
  const step = spanMonths / count;
  return Array.from({ length: count }, (_, index) => {
    let date = onOrAfter(addMonths(start, Math.round(index * step)), weekday);
    if (date.slice(5, 7) === '08') date = onOrAfter(`${date.slice(0, 4)}-09-01`, weekday);
    return { index, date, time, ...sessionTimes(date, time, minutes) };
  });
}
