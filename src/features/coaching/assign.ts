/**
 * Facilitators for confirmed groups, a pure function: a facilitator of the group's phase first,
 * the least loaded, within each facilitator's capacity; otherwise anyone with room (noted);
 * otherwise none (noted).
 */
export interface AssignGroup {
  id: string;
  phase: string;
}
export interface AssignFacilitator {
  userId: string;
  name: string;
  phases: string[];
  capacity: number;
}

export function assignFacilitators(groups: AssignGroup[], facilitators: AssignFacilitator[]): { assignments: Record<string, string>; notes: string[] } {
  const load = new Map(facilitators.map((f) => [f.userId, 0]));
  const assignments: Record<string, string> = {};
  const notes: string[] = [];
  const room = (f: AssignFacilitator) => f.capacity - load.get(f.userId)!;
  const pick = (candidates: AssignFacilitator[]) =>
    candidates.filter((f) => room(f) > 0).sort((a, b) => load.get(a.userId)! - load.get(b.userId)! || room(b) - room(a) || a.name.localeCompare(b.name))[0];
  // Phases with the fewest matching facilitators go first, so scarce specialists are not used up
  // elsewhere; groups no facilitator matches go last, to whoever still has room.
  const scarcity = (g: AssignGroup) => facilitators.filter((f) => f.phases.includes(g.phase)).length || Number.POSITIVE_INFINITY;
  for (const group of [...groups].sort((a, b) => scarcity(a) - scarcity(b) || a.id.localeCompare(b.id))) {
    const match = pick(facilitators.filter((f) => f.phases.includes(group.phase)));
    const chosen = match ?? pick(facilitators);
    if (!chosen) {
      notes.push(`Group ${group.id} has no facilitator: every facilitator is at capacity.`);
      continue;
    }
    if (!match) notes.push(`Group ${group.id} (${group.phase}) has ${chosen.name}, who does not usually take ${group.phase} groups.`);
    assignments[group.id] = chosen.userId;
    load.set(chosen.userId, load.get(chosen.userId)! + 1);
  }
  return { assignments, notes };
}
