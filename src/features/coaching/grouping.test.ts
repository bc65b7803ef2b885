import { describe, expect, it } from 'vitest';
import { rng } from '../../../test/support/random.js';
import { LOCAL_AUTHORITIES } from './authorities.js';
import { formGroups, plan, type GroupHead } from './grouping.js';
import { proposeSessions } from './schedule.js';
import { addMonths } from '../../time.js';


describe('formGroups', () => {
  it('plans the most heads into the fewest groups of 4 to 6', () => {
    expect([1, 3, 4, 6, 7, 8, 11, 12, 13, 60].map((n) => plan(n))).toEqual([
      { groups: 0, grouped: 0 }, { groups: 0, grouped: 0 }, { groups: 1, grouped: 4 }, { groups: 1, grouped: 6 }, { groups: 1, grouped: 6 },
      { groups: 2, grouped: 8 }, { groups: 2, grouped: 11 }, { groups: 2, grouped: 12 }, { groups: 3, grouped: 13 }, { groups: 10, grouped: 60 },
    ]);
  });

  it('explains who cannot be grouped', () => {
    const heads: GroupHead[] = [
      ...['a', 'b', 'c'].map((id) => ({ id, phase: 'special', authority: 'Kent' })),
      ...Array.from({ length: 7 }, (_, i) => ({ id: `p${i}`, phase: 'primary', authority: LOCAL_AUTHORITIES[i]!.name })),
    ];
    const result = formGroups(heads);
    expect(result.ungrouped).toEqual([
      { id: 'p6', reason: '7 primary heads make 1 group of at most 6; the last to register wait for the next groups.' },
      { id: 'a', reason: 'Only 3 special-school heads: a group needs at least 4.' },
      { id: 'b', reason: 'Only 3 special-school heads: a group needs at least 4.' },
      { id: 'c', reason: 'Only 3 special-school heads: a group needs at least 4.' },
    ]);
  });

  it('reports a clash only where one authority has more heads than there are groups', () => {
    const heads: GroupHead[] = Array.from({ length: 9 }, (_, i) => ({ id: `h${i}`, phase: 'secondary', authority: i < 3 ? 'Ealing' : `LA ${i}` }));
    const result = formGroups(heads);
    expect(result.groups.map((g) => g.members.length)).toEqual([5, 4]);
    expect(result.clashes).toEqual([{ group: 0, authority: 'Ealing', members: ['h0', 'h2'] }]);
  });

  it.each(Array.from({ length: 300 }, (_, i) => i + 1))('keeps its rules on random cohort #%i', (seed) => {
    const random = rng(seed);
    const authorities = LOCAL_AUTHORITIES.slice(0, 1 + Math.floor(random() * 30)).map((la) => la.name);
    const heads: GroupHead[] = Array.from({ length: Math.floor(random() * 70) }, (_, i) => ({
      id: `h${i}`,
      phase: ['primary', 'secondary', 'special'][Math.floor(random() * 3)]!,
      authority: authorities[Math.floor(random() * authorities.length)]!,
    }));
    const { groups, ungrouped, clashes } = formGroups(heads);
    const byId = new Map(heads.map((h) => [h.id, h]));
    const seen = [...groups.flatMap((g) => g.members), ...ungrouped.map((u) => u.id)];
    expect(seen.sort()).toEqual(heads.map((h) => h.id).sort()); // nobody twice, nobody lost
    for (const group of groups) {
      expect(group.members.length).toBeGreaterThanOrEqual(4);
      expect(group.members.length).toBeLessThanOrEqual(6);
      for (const id of group.members) expect(byId.get(id)!.phase).toBe(group.phase);
    }
    for (const phase of new Set(heads.map((h) => h.phase))) {
      const inPhase = groups.filter((g) => g.phase === phase);
      const sizes = inPhase.map((g) => g.members.length);
      if (sizes.length > 0) expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      const count = heads.filter((h) => h.phase === phase).length;
      expect(inPhase.reduce((n, g) => n + g.members.length, 0)).toBe(plan(count).grouped);
      // Authorities spread where possible: a clash needs more heads from that authority than groups.
      for (const clash of clashes.filter((c) => groups[c.group]!.phase === phase)) {
        const grouped = new Set(inPhase.flatMap((g) => g.members));
        const fromAuthority = heads.filter((h) => h.phase === phase && h.authority === clash.authority && grouped.has(h.id)).length;
        expect(fromAuthority, `seed ${seed}: ${clash.authority}`).toBeGreaterThan(inPhase.length);
      }
    }
  });
});

describe('proposeSessions', () => {
  it('puts six 90-minute sessions across 12 months on the weekday, keeping the London time across clock changes', () => {
    const sessions = proposeSessions({ start: '2026-01-05', weekday: 'Tuesday', time: '16:00' });
    expect(sessions.map((s) => s.date)).toEqual(['2026-01-06', '2026-03-10', '2026-05-05', '2026-07-07', '2026-09-08', '2026-11-10']);
    expect(sessions.map((s) => s.startsAt)).toEqual([
      '2026-01-06T16:00:00.000Z', // GMT
      '2026-03-10T16:00:00.000Z', // still GMT: clocks go forward on 29 March
      '2026-05-05T15:00:00.000Z', // BST
      '2026-07-07T15:00:00.000Z',
      '2026-09-08T15:00:00.000Z',
      '2026-11-10T16:00:00.000Z', // GMT again after 25 October
    ]);
    expect(sessions.every((s) => Date.parse(s.endsAt) - Date.parse(s.startsAt) === 90 * 60_000)).toBe(true);
  });

  it('never in August, and all within the programme’s 12 months, whatever the start', () => {
    const fromFebruary = proposeSessions({ start: '2027-02-02', weekday: 'Wednesday', time: '16:00' });
    expect(fromFebruary.map((s) => s.date)).toEqual(['2027-02-03', '2027-04-07', '2027-06-02', '2027-09-01', '2027-10-06', '2027-12-08']);
    for (let month = 1; month <= 12; month++) {
      const start = `2027-${String(month).padStart(2, '0')}-01`;
      const dates = proposeSessions({ start, weekday: 'Tuesday', time: '16:00' }).map((s) => s.date);
      expect(dates.filter((d) => d.slice(5, 7) === '08')).toEqual([]);
      expect(dates.every((d, i) => i === 0 || d > dates[i - 1]!)).toBe(true);
      expect(dates.every((d) => d >= start && d < addMonths(start, 12))).toBe(true);
    }
  });
});
