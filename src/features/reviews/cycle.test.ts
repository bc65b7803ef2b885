import { describe, expect, it } from 'vitest';
import { actionProgress, actionReminders, isOverdue, levelOfScore, networkView, NETWORK_THRESHOLD, progressLine, withProgress } from './cycle.js';
import { loadFrameworks } from './framework.js';

const race = loadFrameworks('frameworks').frameworks.get('elp-race-equality-2022-2026')!;

describe('action reminders', () => {
  it('reminds at 09:00 London 7 days before and on the due date, in summer time too', () => {
    const now = new Date('2027-01-01T00:00:00Z');
    expect(actionReminders('2027-03-15', 'not-started', now).map((r) => [r.kind, r.at.toISOString()])).toEqual([
      ['week-before', '2027-03-08T09:00:00.000Z'],
      ['due-day', '2027-03-15T09:00:00.000Z'],
    ]);
    // 6 June is in British Summer Time: 09:00 London is 08:00 UTC.
    expect(actionReminders('2027-06-06', 'in-progress', now).map((r) => r.at.toISOString())).toEqual(['2027-05-30T08:00:00.000Z', '2027-06-06T08:00:00.000Z']);
  });

  it('gives only the reminders still to come, and none for an action done or dropped', () => {
    expect(actionReminders('2027-03-15', 'not-started', new Date('2027-03-10T12:00:00Z')).map((r) => r.kind)).toEqual(['due-day']);
    expect(actionReminders('2027-03-15', 'not-started', new Date('2027-03-15T09:00:00Z'))).toEqual([]);
    expect(actionReminders('2027-03-15', 'done', new Date('2027-01-01T00:00:00Z'))).toEqual([]);
    expect(actionReminders('2027-03-15', 'dropped', new Date('2027-01-01T00:00:00Z'))).toEqual([]);
  });

  it('is overdue from the day after its due date while still open', () => {
    expect(isOverdue({ due: '2027-03-15', status: 'in-progress' }, '2027-03-15')).toBe(false);
    expect(isOverdue({ due: '2027-03-15', status: 'in-progress' }, '2027-03-16')).toBe(true);
    expect(isOverdue({ due: '2027-03-15', status: 'done' }, '2027-04-01')).toBe(false);
  });
});

describe('action progress since the last review', () => {
  it('counts per theme, in the framework order, what became of the actions', () => {
    const progress = actionProgress(race, [
      { themeId: 'leadership', status: 'done' },
      { themeId: 'leadership', status: 'in-progress' },
      { themeId: 'leadership', status: 'dropped' },
      { themeId: 'curriculum-progress-inclusion', status: 'not-started' },
    ]);
    expect(progress.map((p) => p.themeId)).toEqual(race.themes.map((t) => t.id));
    expect(progress[0]).toEqual({ themeId: 'leadership', total: 3, done: 1, dropped: 1, open: 1 });
    expect(progress.find((p) => p.themeId === 'curriculum-progress-inclusion')).toMatchObject({ total: 1, done: 0, open: 1 });
    expect(progress.find((p) => p.themeId === 'parents-communities')).toMatchObject({ total: 0 });
  });
});

describe('the network view', () => {
  const share = (schoolId: string, score: number | undefined) => ({ schoolId, scores: { leadership: score } });

  it('rounds a theme score to the level it stands at', () => {
    expect([0, 0.4, 0.5, 1, 1.49, 1.5, 2.5, 4].map((s) => levelOfScore(race, s))).toEqual(['not-in-place', 'not-in-place', 'emerging', 'emerging', 'emerging', 'developing', 'embedding', 'sustaining']);
  });

  it(`shows nothing for a theme until ${NETWORK_THRESHOLD} schools have shared, then how many stand at each level`, () => {
    const four = networkView(race, ['a', 'b', 'c', 'd'].map((id) => share(id, 2)));
    expect(four[0]).toEqual({ themeId: 'leadership', schools: 4, distribution: undefined });
    const six = networkView(race, [share('a', 2), share('b', 2.2), share('c', 3), share('d', 0), share('e', 4), share('f', 1)]);
    expect(six[0]!.distribution).toEqual([
      { level: 'not-in-place', schools: 1 },
      { level: 'emerging', schools: 1 },
      { level: 'developing', schools: 2 },
      { level: 'embedding', schools: 1 },
      { level: 'sustaining', schools: 1 },
    ]);
    // Themes nobody agreed are not counted for anyone.
    expect(six[1]).toEqual({ themeId: race.themes[1]!.id, schools: 0, distribution: undefined });
  });

  it("counts a school once, by its latest share, and names no school", () => {
    const view = networkView(race, [share('a', 1), share('b', 1), share('c', 1), share('d', 1), share('a', 4), share('e', 1)]);
    expect(view[0]!.schools).toBe(5);
    expect(view[0]!.distribution!.find((d) => d.level === 'sustaining')!.schools).toBe(1);
    expect(JSON.stringify(view)).not.toMatch(/"a"|"b"|schoolId/);
  });
});

describe('the comparison with action progress', () => {
  it('puts what became of last review’s actions beside each theme’s change, and says nothing where none were agreed', () => {
    const progress = actionProgress(race, [
      { themeId: 'leadership', status: 'done' },
      { themeId: 'leadership', status: 'dropped' },
      { themeId: 'leadership', status: 'in-progress' },
      { themeId: 'cultures-behaviours', status: 'done' },
    ]);
    const changes = [{ themeId: 'leadership', change: 1 }, { themeId: 'cultures-behaviours', change: 0 }, { themeId: 'parents-communities', change: undefined }];
    const compared = withProgress(changes, progress);
    expect(compared.map((c) => progressLine(c.actions))).toEqual(['1 of 3 actions done since the last review (1 dropped)', '1 of 1 action done since the last review', '']);
    expect(compared[0]!.change).toBe(1);
    expect(withProgress(changes, undefined).every((c) => c.actions === undefined)).toBe(true);
  });
});
