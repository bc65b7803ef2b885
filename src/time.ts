/**
 * Times are shown in Europe/London and stored in UTC. These helpers keep that conversion in one
 * place, on Node's Intl data (no extra library).
 */
const ZONE = 'Europe/London';

/** Minutes London is ahead of UTC at `instant` (0 in winter, 60 in summer). */
export function londonOffsetMinutes(instant: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/** The UTC instant of a wall-clock time in London, e.g. ('2024-11-27', '23:59'). */
export function londonToUtc(date: string, time = '00:00'): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const first = guess - londonOffsetMinutes(new Date(guess)) * 60_000;
  // Near a clock change the offset at the guess can differ from the offset at the answer.
  return new Date(guess - londonOffsetMinutes(new Date(first)) * 60_000);
}

/** The last minute of a London day, as UTC. */
export function endOfLondonDay(date: string): Date {
  return new Date(londonToUtc(date, '23:59').getTime() + 59_000);
}

/** The London calendar date of an instant, YYYY-MM-DD. */
export function londonDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** "Wednesday 27 November 2024" (en-GB). */
export function formatDate(date: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(`${date}T00:00:00Z`))
    .replace(',', '');
}

/** "27/11/2024" for exports (Excel in en-GB reads it as a date). */
export function formatShortDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}

/** "27 Nov 2024, 14:30 UK time": London time, said so (people read Teams in other time zones too). */
export function formatDateTime(instant: Date): string {
  return `${new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant)} UK time`;
}

/** A deadline day as the moment it ends (see endOfLondonDay): "Wednesday 9 December 2026, 23:59 UK time". */
export function formatDeadline(date: string): string {
  return `${formatDate(date)}, 23:59 UK time`;
}

export function addDays(date: string, days: number): string {
  const t = new Date(`${date}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + days);
  return t.toISOString().slice(0, 10);
}

/** `months` calendar months after `date` (`YYYY-MM-DD`), on the last day of the month when that day does not exist (31 January + 1 is 28 or 29 February). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** A `YYYY-MM-DD` string naming a day that exists (Adaptive Card date inputs send this form). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const t = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === value;
}
