import { describe, expect, it } from 'vitest';
import { rng } from '../../../test/support/random.js';
import { allocate, schoolKey, type AllocHost, type AllocParticipant, type Phase } from './allocate.js';


const PHASES: Phase[] = ['primary', 'secondary', 'special'];

function randomCohort(seed: number) {
  const random = rng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const schools = Array.from({ length: 3 + Math.floor(random() * 8) }, (_, i) => `School ${i}`);
  const hosts: AllocHost[] = Array.from({ length: Math.floor(random() * 9) }, (_, i) => ({
    id: `h${i}`,
    school: pick(schools),
    phase: pick(PHASES),
    places: 1 + Math.floor(random() * 4),
  }));
  const participants: AllocParticipant[] = Array.from({ length: Math.floor(random() * 25) }, (_, i) => ({
    id: `p${i}`,
    phase: pick(PHASES),
    ownSchool: pick(schools),
  }));
  return { hosts, participants };
}

/** Maximum number placeable, computed independently (Edmonds–Karp on a flow network). */
function maxPlaceable(participants: AllocParticipant[], hosts: AllocHost[]): number {
  const n = 2 + participants.length + hosts.length;
  const source = 0;
  const sink = n - 1;
  const cap = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  participants.forEach((p, i) => {
    cap[source]![1 + i] = 1;
    hosts.forEach((h, j) => {
      if (h.phase === p.phase && schoolKey(h.school) !== schoolKey(p.ownSchool)) cap[1 + i]![1 + participants.length + j] = 1;
    });
  });
  hosts.forEach((h, j) => (cap[1 + participants.length + j]![sink] = h.places));
  let flow = 0;
  for (;;) {
    const parent = new Array<number>(n).fill(-1);
    parent[source] = source;
    const queue = [source];
    while (queue.length > 0 && parent[sink] === -1) {
      const u = queue.shift()!;
      for (let v = 0; v < n; v++) {
        if (parent[v] === -1 && cap[u]![v]! > 0) {
          parent[v] = u;
          queue.push(v);
        }
      }
    }
    if (parent[sink] === -1) return flow;
    for (let v = sink; v !== source; v = parent[v]!) {
      cap[parent[v]!]![v]!--;
      cap[v]![parent[v]!]!++;
    }
    flow++;
  }
}

describe('allocate', () => {
  it('places the seed cohort: 21 participants over 8 hosts of three places', () => {
    const hosts: AllocHost[] = [
      ...['Ash Primary', 'Birch Primary'].map((school, i) => ({ id: `p${i}`, school, phase: 'primary' as const, places: 3 })),
      ...['Cedar High', 'Elm Academy', 'Fir High', 'Oak Academy'].map((school, i) => ({ id: `s${i}`, school, phase: 'secondary' as const, places: 3 })),
      ...['Hazel Special', 'Holly Special'].map((school, i) => ({ id: `x${i}`, school, phase: 'special' as const, places: 3 })),
    ];
    const participants: AllocParticipant[] = [
      ...Array.from({ length: 7 }, (_, i) => ({ id: `pri${i}`, phase: 'primary' as const, ownSchool: i === 0 ? 'Ash Primary' : `Other Primary ${i}` })),
      ...Array.from({ length: 12 }, (_, i) => ({ id: `sec${i}`, phase: 'secondary' as const, ownSchool: `Other High ${i}` })),
      ...Array.from({ length: 2 }, (_, i) => ({ id: `spe${i}`, phase: 'special' as const, ownSchool: `Other Special ${i}` })),
    ];
    const result = allocate(participants, hosts);
    // 7 primary into 2 hosts of 3: one cannot be placed; the rest fill all six places.
    expect(Object.keys(result.placements)).toHaveLength(20);
    expect(result.unplaced).toHaveLength(1);
    // The last primary participant entered is the one left, and the reason is about places, not their school.
    expect(result.unplaced).toEqual([{ participantId: 'pri6', reason: 'All 6 places at the 2 primary hosts are taken: 7 primary participants for 6 places, placed in the order they were entered.' }]);
    expect(result.placements.pri0).toBe('p1'); // never at their own school
    const perHost = (id: string) => Object.values(result.placements).filter((h) => h === id).length;
    expect(['s0', 's1', 's2', 's3'].map(perHost)).toEqual([3, 3, 3, 3]);
    expect(['x0', 'x1'].map(perHost)).toEqual([1, 1]); // spread, not stacked
  });

  it('explains why someone cannot be placed', () => {
    const result = allocate(
      [
        { id: 'a', phase: 'special', ownSchool: 'X' },
        { id: 'b', phase: 'primary', ownSchool: 'Ash Primary School' },
      ],
      [{ id: 'h', school: 'ash primary', phase: 'primary', places: 3 }],
    );
    expect(result.unplaced).toEqual([
      { participantId: 'a', reason: 'No special school has offered to host.' },
      { participantId: 'b', reason: 'The only primary host is their own school, ash primary, and nobody is interviewed at their own school.' },
    ]);
  });

  it('says so when the only host with a free place is their own school', () => {
    const hosts: AllocHost[] = [
      { id: 'ash', school: 'Ash Primary', phase: 'primary', places: 2 },
      { id: 'oak', school: 'Oak Primary', phase: 'primary', places: 1 },
    ];
    const two: AllocParticipant[] = [
      { id: 'a', phase: 'primary', ownSchool: 'Elm' },
      { id: 'b', phase: 'primary', ownSchool: 'Ash Primary' },
    ];
    // a goes to Ash (b cannot), so Oak's one place is b's; a third participant from Ash is left with a place free at Ash.
    expect(allocate(two, hosts).placements).toEqual({ a: 'ash', b: 'oak' });
    const three = allocate([...two, { id: 'c', phase: 'primary', ownSchool: 'Ash Primary' }], hosts);
    expect(three.unplaced).toEqual([{ participantId: 'c', reason: 'The only primary host with a free place is their own school, Ash Primary, and nobody is interviewed at their own school.' }]);
  });

  it('gives the same result for the same entries, whatever their ids: those entered last are left', () => {
    const hosts: AllocHost[] = [
      { id: 'h1', school: 'Ash', phase: 'primary', places: 2 },
      { id: 'h2', school: 'Birch', phase: 'primary', places: 1 },
    ];
    for (const ids of [['z', 'y', 'x', 'w'], ['a', 'b', 'c', 'd'], ['m', 'a', 'z', 'b']]) {
      const participants = ids.map((id, i) => ({ id, phase: 'primary' as const, ownSchool: `School ${i}` }));
      const result = allocate(participants, hosts);
      expect(result.unplaced.map((u) => u.participantId)).toEqual([ids[3]]);
    }
  });

  it('finds placements a greedy pass would miss', () => {
    // p2 could go anywhere, p1 only to B: p2 must not take B's only place.
    const result = allocate(
      [
        { id: 'p2', phase: 'primary', ownSchool: 'Elsewhere' },
        { id: 'p1', phase: 'primary', ownSchool: 'A' },
      ],
      [
        { id: 'B', school: 'B', phase: 'primary', places: 1 },
        { id: 'A', school: 'A', phase: 'primary', places: 1 },
      ],
    );
    expect(result.placements).toEqual({ p1: 'B', p2: 'A' });
  });

  it.each(Array.from({ length: 300 }, (_, i) => i + 1))('holds its rules on random cohort #%i', (seed) => {
    const { hosts, participants } = randomCohort(seed);
    const { placements, unplaced } = allocate(participants, hosts);
    const hostById = new Map(hosts.map((h) => [h.id, h]));
    const byHost = new Map<string, number>();
    for (const participant of participants) {
      const hostId = placements[participant.id];
      if (hostId === undefined) continue;
      const host = hostById.get(hostId)!;
      expect(host.phase).toBe(participant.phase);
      expect(schoolKey(host.school)).not.toBe(schoolKey(participant.ownSchool));
      byHost.set(hostId, (byHost.get(hostId) ?? 0) + 1);
    }
    for (const [hostId, count] of byHost) expect(count).toBeLessThanOrEqual(hostById.get(hostId)!.places);
    // Nobody placed twice or lost: placed and unplaced partition the cohort.
    const placed = Object.keys(placements);
    expect(new Set([...placed, ...unplaced.map((u) => u.participantId)]).size).toBe(participants.length);
    expect(placed.length + unplaced.length).toBe(participants.length);
    // Everyone who could be placed is placed.
    expect(placed.length).toBe(maxPlaceable(participants, hosts));
    // Spread evenly: no participant could move to an eligible host with room that has two fewer.
    for (const participant of participants) {
      const from = placements[participant.id];
      if (from === undefined) continue;
      const fromLoad = byHost.get(from)!;
      for (const host of hosts) {
        const load = byHost.get(host.id) ?? 0;
        const fits = host.phase === participant.phase && schoolKey(host.school) !== schoolKey(participant.ownSchool) && load < host.places;
        expect(fits && load <= fromLoad - 2, `${participant.id} could move from ${from} to ${host.id}`).toBe(false);
      }
    }
  });
});
