import type { Clock } from '../../clock.js';
import type { Collection } from '../../store/collection.js';
import type { Logger } from '../../log.js';
import { AlreadyExistsError } from '../../store/port.js';
import { inProgramme, type Programme, type QueueCounter, type Registration, type Seat } from './model.js';

interface LegacyCollections {
  programmes: Collection<typeof Programme>;
  registrations: Collection<typeof Registration>;
  seats: Collection<typeof Seat>;
  counters: Collection<typeof QueueCounter>;
}

/**
 * Moves the places and waiting list of programmes set up before seats (arrays in the programme
 * document) to seats and tickets: the i-th place becomes `seat:<i>`, the j-th in the queue ticket
 * j, each registration gets its number, and the queue counter starts after the last ticket; then
 * the arrays are removed. Every step is create-if-absent or a guarded update that changes nothing
 * the second time, so it is safe to run again (and on two instances). Answers how many programmes
 * it moved.
 */
export async function moveLegacyPlaces(c: LegacyCollections, clock: Clock, log: Logger): Promise<number> {
  const before = clock.now();
  let moved = 0;
  for (;;) {
    // Every programme not rewritten since the migration began (programmes are few): each is
    // rewritten, which moves it past `before`, so this ends.
    const page = await c.programmes.sweep(before, 100);
    if (page.length === 0) return moved;
    for (const { doc: programme } of page) {
      const legacy = programme.places !== undefined || programme.waitlist !== undefined;
      const scope = inProgramme(programme.tenantId, programme.id);
      const places = programme.places ?? [];
      const waitlist = programme.waitlist ?? [];
      for (const [i, userId] of places.entries()) {
        try {
          await c.seats.create(scope, `seat:${i + 1}`, { seat: i + 1, userId });
        } catch (error) {
          if (!(error instanceof AlreadyExistsError)) throw error;
        }
        await c.registrations.update(scope, `reg:${userId}`, (current) => (current && current.seat === undefined ? { ...current, seat: i + 1 } : undefined));
      }
      for (const [j, userId] of waitlist.entries()) {
        await c.registrations.update(scope, `reg:${userId}`, (current) => (current && current.ticket === undefined ? { ...current, ticket: j + 1 } : undefined));
      }
      await c.counters.update(scope, 'queue', (current) => ((current?.issued ?? 0) >= waitlist.length ? undefined : { issued: waitlist.length }));
      await c.programmes.update({ tenantId: programme.tenantId, partition: programme.pk.slice(programme.tenantId.length + 1) }, programme.id, (current) => {
        if (!current) return undefined;
        const { places: _places, waitlist: _waitlist, ...rest } = current;
        return rest;
      });
      if (legacy) {
        log.info({ places: places.length, waiting: waitlist.length }, 'migration: a coaching programme\'s places moved to seats and tickets');
        moved++;
      }
    }
  }
}
