import { AlreadyExistsError } from '../../store/port.js';
import type { Collection } from '../../store/collection.js';
import { LeftTicket, QueueCounter, Seat, inProgramme, type Registration } from './model.js';

export interface PlaceCollections {
  registrations: Collection<typeof Registration>;
  seats: Collection<typeof Seat>;
  counters: Collection<typeof QueueCounter>;
  left: Collection<typeof LeftTicket>;
}

/** What a head was given on joining: a place (its seat number) or a waiting-list ticket. */
export type Claim = { seat: number } | { ticket: number };

/** Rounds of "read the free seats, try a few" before a claimant gives up and queues. */
const SEAT_ROUNDS = 50;
const TRIES_PER_ROUND = 3;

/**
 * A programme's places and waiting list without a shared document to fight over.
 *
 * @remarks
 * A place is `seat:<n>` (n from 1 to the cap), created only if absent, so the cap holds at the
 * write. The queue is tickets from an atomic counter: numbers are never given twice and never
 * skipped, and a head's place in the queue is their ticket less the earlier tickets that have
 * left (`left:<ticket>`), so 60 heads queueing at once are told 1 to 60. Heads that claim at the
 * same moment try the lowest free seat, then free seats at random, so most of them succeed in
 * the first round.
 */
export class Places {
  constructor(private readonly c: PlaceCollections) {}

  /**
   * A seat for `userId` if one is free and nobody is waiting for it, else a ticket. A head who
   * already holds a seat (a repeated click) gets the same one back.
   */
  async claim(tenantId: string, programmeId: string, cap: number, userId: string): Promise<Claim> {
    if (!(await this.firstWaiting(tenantId, programmeId))) {
      const seat = await this.claimSeat(tenantId, programmeId, cap, userId);
      if (seat !== undefined) return { seat };
    }
    const scope = inProgramme(tenantId, programmeId);
    return { ticket: await this.c.counters.increment(scope, 'queue', 'issued', { issued: 0 }) };
  }

  /** Takes a free seat for `userId` (or the one they hold), or answers undefined when all are taken. */
  async claimSeat(tenantId: string, programmeId: string, cap: number, userId: string): Promise<number | undefined> {
    const scope = inProgramme(tenantId, programmeId);
    for (let round = 0; round < SEAT_ROUNDS; round++) {
      const held = await this.c.seats.all(scope);
      const own = held.find((s) => s.userId === userId);
      if (own) return own.seat;
      const taken = new Set(held.map((s) => s.seat));
      const [lowest, ...rest] = Array.from({ length: cap }, (_, i) => i + 1).filter((n) => !taken.has(n));
      if (lowest === undefined) return undefined;
      // The lowest free seat first, so seats follow the order heads joined in when they come one
      // by one (grouping reads them in that order); then random ones, so a crowd spreads out.
      for (const seat of [lowest, ...shuffled(rest).slice(0, TRIES_PER_ROUND - 1)]) {
        try {
          await this.c.seats.create(scope, `seat:${seat}`, { seat, userId });
          return seat;
        } catch (error) {
          if (!(error instanceof AlreadyExistsError)) throw error;
        }
      }
    }
    return undefined;
  }

  /** Gives up `seat` if `userId` still holds it. */
  async releaseSeat(tenantId: string, programmeId: string, seat: number, userId: string): Promise<void> {
    const scope = inProgramme(tenantId, programmeId);
    const found = await this.c.seats.get(scope, `seat:${seat}`);
    if (found && found.doc.userId === userId) await this.c.seats.remove(found);
  }

  /** Records that `ticket` is no longer waiting (idempotent). */
  async leaveQueue(tenantId: string, programmeId: string, ticket: number): Promise<void> {
    try {
      await this.c.left.create(inProgramme(tenantId, programmeId), `left:${ticket}`, { ticket });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
  }

  /** Where `ticket` stands in the queue: 1 is next. */
  async position(tenantId: string, programmeId: string, ticket: number): Promise<number> {
    const before = await this.c.left.all(inProgramme(tenantId, programmeId), { where: [{ field: 'ticket', op: '<', value: ticket }] });
    return ticket - before.length;
  }

  /** The registration at the head of the waiting list, if anyone is waiting. */
  async firstWaiting(tenantId: string, programmeId: string): Promise<Registration | undefined> {
    return this.c.registrations.first(inProgramme(tenantId, programmeId), {
      where: [{ field: 'status', op: '=', value: 'waitlisted' }],
      orderBy: [{ field: 'ticket' }],
    });
  }
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
