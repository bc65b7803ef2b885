import { describe, expect, it } from 'vitest';
import { addDays, addMonths, endOfLondonDay, formatDate, formatDateTime, formatDeadline, formatShortDate, isCalendarDate, londonDate, londonToUtc } from '../src/time.js';

describe('London time', () => {
  it('converts wall-clock London times to UTC in winter and summer', () => {
    expect(londonToUtc('2024-11-27', '23:59').toISOString()).toBe('2024-11-27T23:59:00.000Z');
    expect(londonToUtc('2025-06-10', '16:00').toISOString()).toBe('2025-06-10T15:00:00.000Z');
  });

  it('handles the days the clocks change', () => {
    // 30 March 2025: clocks go forward at 01:00 GMT.
    expect(londonToUtc('2025-03-30', '00:30').toISOString()).toBe('2025-03-30T00:30:00.000Z');
    expect(londonToUtc('2025-03-30', '09:00').toISOString()).toBe('2025-03-30T08:00:00.000Z');
    // 26 October 2025: clocks go back at 02:00 BST.
    expect(londonToUtc('2025-10-26', '09:00').toISOString()).toBe('2025-10-26T09:00:00.000Z');
    expect(endOfLondonDay('2025-07-01').toISOString()).toBe('2025-07-01T22:59:59.000Z');
  });

  it('formats dates in en-GB', () => {
    expect(formatDate('2024-11-27')).toBe('Wednesday 27 November 2024');
    expect(formatShortDate('2024-11-27')).toBe('27/11/2024');
    expect(formatDateTime(new Date('2025-06-10T15:00:00Z'))).toBe('10 Jun 2025, 16:00 UK time');
    expect(formatDeadline('2026-12-09')).toBe('Wednesday 9 December 2026, 23:59 UK time');
    // The moment a deadline day ends, in winter and in summer time, is 23:59 on the London clock.
    for (const day of ['2026-12-09', '2027-06-09']) expect(formatDateTime(endOfLondonDay(day))).toMatch(/, 23:59 UK time$/);
    expect(londonDate(new Date('2025-06-10T23:30:00Z'))).toBe('2025-06-11');
    expect(addDays('2024-11-27', -3)).toBe('2024-11-24');
    expect(addMonths('2027-03-31', 12)).toBe('2028-03-31');
    expect(addMonths('2027-01-31', 1)).toBe('2027-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-11-15', 3)).toBe('2028-02-15');
    expect(addMonths('2027-03-31', -1)).toBe('2027-02-28');
  });

  it('accepts only days that exist, in the form a card date input sends', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2027-02-29')).toBe(false);
    expect(isCalendarDate('2027-02-31')).toBe(false);
    expect(isCalendarDate('2027-13-01')).toBe(false);
    expect(isCalendarDate('27-02-01')).toBe(false);
    expect(isCalendarDate('')).toBe(false);
  });
});
