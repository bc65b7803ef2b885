/**
 * Forming Early Headship Coaching groups: a pure function.
 *
 * Rules (seed 001 and the coaching issue): 4 to 6 heads, all of one phase, organised nationally
 * (no two heads from the same local authority in a group wherever possible; where it is not, the
 * clash is reported), sizes as even as possible; whoever cannot be grouped is listed with why.
 */

export interface GroupHead {
  id: string;
  phase: string;
  authority: string;
}

export interface ProposedGroup {
  phase: string;
  members: string[];
}

export interface GroupingResult {
  groups: ProposedGroup[];
  ungrouped: { id: string; reason: string }[];
  /** Groups that hold two or more heads from one authority because nothing else was possible. */
  clashes: { group: number; authority: string; members: string[] }[];
}

export const MIN_SIZE = 4;
export const MAX_SIZE = 6;

/** How many of `n` heads can be grouped, and in how many groups (fewest groups that fit). */
export function plan(n: number, min = MIN_SIZE, max = MAX_SIZE): { groups: number; grouped: number } {
  for (let grouped = n; grouped >= min; grouped--) {
    const groups = Math.ceil(grouped / max);
    if (groups * min <= grouped) return { groups, grouped };
  }
  return { groups: 0, grouped: 0 };
}

/**
 * Heads are taken in the order given (registration order): when some must be left out, the
 * latest to register are. Within a phase, authorities with the most heads are placed first, each
 * head into the group with the most room that has nobody from their authority yet.
 */
export function formGroups(heads: GroupHead[], min = MIN_SIZE, max = MAX_SIZE): GroupingResult {
  const result: GroupingResult = { groups: [], ungrouped: [], clashes: [] };
  const phases = [...new Set(heads.map((h) => h.phase))].sort();
  for (const phase of phases) {
    const inPhase = heads.filter((h) => h.phase === phase);
    const { groups: k, grouped } = plan(inPhase.length, min, max);
    const label = phase === 'special' ? 'special-school' : phase;
    if (k === 0) {
      for (const head of inPhase) result.ungrouped.push({ id: head.id, reason: `Only ${inPhase.length} ${label} head${inPhase.length === 1 ? '' : 's'}: a group needs at least ${min}.` });
      continue;
    }
    const placed = inPhase.slice(0, grouped);
    for (const head of inPhase.slice(grouped)) {
      result.ungrouped.push({ id: head.id, reason: `${inPhase.length} ${label} heads make ${k} group${k === 1 ? '' : 's'} of at most ${max}; the last to register wait for the next groups.` });
    }
    // Even sizes: the first (grouped % k) groups take one more.
    const capacity = Array.from({ length: k }, (_, i) => Math.floor(grouped / k) + (i < grouped % k ? 1 : 0));
    const members: GroupHead[][] = Array.from({ length: k }, () => []);
    const byAuthority = new Map<string, GroupHead[]>();
    for (const head of placed) byAuthority.set(head.authority, [...(byAuthority.get(head.authority) ?? []), head]);
    const authorities = [...byAuthority.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
    for (const [authority, people] of authorities) {
      for (const head of people) {
        const room = (i: number) => capacity[i]! - members[i]!.length;
        const same = (i: number) => members[i]!.filter((m) => m.authority === authority).length;
        const target = members
          .map((_, i) => i)
          .filter((i) => room(i) > 0)
          .sort((a, b) => same(a) - same(b) || room(b) - room(a) || a - b)[0]!;
        members[target]!.push(head);
      }
    }
    const offset = result.groups.length;
    members.forEach((group, i) => {
      result.groups.push({ phase, members: group.map((h) => h.id) });
      const counts = new Map<string, string[]>();
      for (const h of group) counts.set(h.authority, [...(counts.get(h.authority) ?? []), h.id]);
      for (const [authority, ids] of counts) if (ids.length > 1) result.clashes.push({ group: offset + i, authority, members: ids });
    });
  }
  return result;
}
