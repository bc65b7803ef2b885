/**
 * Allocation of mock-interview participants to host schools: a pure function.
 *
 * Rules (seed 000 and the hosting issue): a participant goes to a host of the same phase, never
 * to their own school, within each host's places; participants are spread as evenly as possible
 * across hosts; everyone who could be placed is placed (a maximum matching, not a greedy pass),
 * and whoever cannot be placed is listed with the reason. Participants are placed in the order
 * given (the order they were entered): when places run out, those entered last are left, and
 * the same entries always give the same result.
 */

export type Phase = 'primary' | 'secondary' | 'special';

export interface AllocParticipant {
  id: string;
  phase: Phase;
  ownSchool: string;
}

export interface AllocHost {
  id: string;
  school: string;
  phase: Phase;
  places: number;
}

export interface Unplaced {
  participantId: string;
  reason: string;
}

export interface Allocation {
  /** participant id → host id */
  placements: Record<string, string>;
  unplaced: Unplaced[];
}

/** School names are compared loosely: case, punctuation and "school" / "the" do not matter. */
export function schoolKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && w !== 'the' && w !== 'school')
    .join(' ');
}

export function allocate(participants: AllocParticipant[], hosts: AllocHost[]): Allocation {
  const placements: Record<string, string> = {};
  const unplaced: Unplaced[] = [];
  const phases = [...new Set(participants.map((p) => p.phase))];
  for (const phase of phases) {
    const group = participants.filter((p) => p.phase === phase);
    const phaseHosts = hosts.filter((h) => h.phase === phase && h.places > 0);
    const result = allocatePhase(group, phaseHosts);
    Object.assign(placements, result.placements);
    const load = (host: AllocHost) => group.filter((p) => result.placements[p.id] === host.id).length;
    for (const participant of group) {
      if (!(participant.id in result.placements)) unplaced.push({ participantId: participant.id, reason: unplacedReason(participant, phaseHosts, load, group.length) });
    }
  }
  return { placements, unplaced };
}

function eligible(participant: AllocParticipant, host: AllocHost): boolean {
  return schoolKey(participant.ownSchool) !== schoolKey(host.school);
}

/**
 * Maximum matching with capacities by augmenting paths (participants in the order of fewest
 * options first, hosts least loaded first), then moves from fuller to emptier hosts until no
 * move narrows the spread.
 */
function allocatePhase(participants: AllocParticipant[], hosts: AllocHost[]): { placements: Record<string, string> } {
  const options = new Map(participants.map((p) => [p.id, hosts.filter((h) => eligible(p, h))]));
  const load = new Map(hosts.map((h) => [h.id, [] as string[]]));
  const placedAt = new Map<string, string>();

  const tryPlace = (participantId: string, visited: Set<string>): boolean => {
    const choices = [...options.get(participantId)!].sort((a, b) => load.get(a.id)!.length - load.get(b.id)!.length);
    for (const host of choices) {
      if (visited.has(host.id)) continue;
      visited.add(host.id);
      const occupants = load.get(host.id)!;
      if (occupants.length < host.places) {
        occupants.push(participantId);
        placedAt.set(participantId, host.id);
        return true;
      }
      // Full: can one of its occupants move elsewhere to make room?
      for (const occupant of [...occupants]) {
        if (tryPlace(occupant, visited)) {
          occupants.splice(occupants.indexOf(occupant), 1);
          occupants.push(participantId);
          placedAt.set(participantId, host.id);
          return true;
        }
      }
    }
    return false;
  };

  // In the order entered: an augmenting path never unseats anyone already placed, so whoever is
  // left is someone for whom no room could be made by the time their turn came.
  for (const participant of participants) tryPlace(participant.id, new Set());

  // Even out: move someone from a host with n to an eligible host with room and at most n - 2.
  for (let moved = true; moved; ) {
    moved = false;
    for (const from of hosts) {
      const occupants = load.get(from.id)!;
      for (const occupant of [...occupants]) {
        const target = options
          .get(occupant)!
          .filter((h) => h.id !== from.id && load.get(h.id)!.length < h.places && load.get(h.id)!.length <= occupants.length - 2)
          .sort((a, b) => load.get(a.id)!.length - load.get(b.id)!.length)[0];
        if (target) {
          occupants.splice(occupants.indexOf(occupant), 1);
          load.get(target.id)!.push(occupant);
          placedAt.set(occupant, target.id);
          moved = true;
        }
      }
    }
  }
  return { placements: Object.fromEntries(placedAt) };
}

/** A phase as it reads before "host" or "participant": "special-school host". */
export const PHASE_WORD: Record<Phase, string> = { primary: 'primary', secondary: 'secondary', special: 'special-school' };

/**
 * Why a participant is left, true of the allocation as it stands (`load`: each host's placed count):
 * no host of their phase; the only host, or the only one with room, is their own school; or every
 * place at the hosts they could go to is taken.
 */
export function unplacedReason(participant: AllocParticipant, hosts: AllocHost[], load: (host: AllocHost) => number, phaseCount: number): string {
  const phase = PHASE_WORD[participant.phase];
  if (hosts.length === 0) return `No ${participant.phase} school has offered to host.`;
  const own = hosts.find((h) => !eligible(participant, h));
  const others = hosts.filter((h) => eligible(participant, h));
  if (others.length === 0) return `The only ${phase} host is their own school, ${own!.school}, and nobody is interviewed at their own school.`;
  if (own && load(own) < own.places) return `The only ${phase} host with a free place is their own school, ${own.school}, and nobody is interviewed at their own school.`;
  const places = hosts.reduce((sum, h) => sum + h.places, 0);
  const hostWord = hosts.length === 1 ? `the ${phase} host` : `the ${hosts.length} ${phase} hosts`;
  return `All ${places} places at ${hostWord} are taken: ${phaseCount} ${phase} participants for ${places} places, placed in the order they were entered.`;
}
