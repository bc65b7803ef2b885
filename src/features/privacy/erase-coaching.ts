import type { Coaching } from '../coaching/index.js';
import { PARTITION, inProgramme } from '../coaching/model.js';
import type { CoachingCollections } from '../coaching/store.js';
import type { ErasedPerson } from './redact.js';
import type { Tally } from './tally.js';

/**
 * Takes a person out of every coaching programme of their tenant: their registration goes and a
 * place they held is freed and offered to the waiting list (the same path as leaving); they leave
 * their group (or stop facilitating it); their RSVPs go; attendance records keep the session but
 * not them. Answers how many places were freed. Every step can run again and finds nothing more.
 */
export async function eraseFromCoaching(c: CoachingCollections, coaching: Pick<Coaching, 'joining' | 'groups'>, person: ErasedPerson, tally: Tally): Promise<number> {
  const { tenantId, userId } = person;
  let freed = 0;
  for (const programme of await c.programmes.all({ tenantId, partition: PARTITION })) {
    const scope = inProgramme(tenantId, programme.id);
    if (programme.createdBy === userId) {
      await c.programmes.update({ tenantId, partition: PARTITION }, programme.id, (current) => (current && current.createdBy === userId ? { ...current, createdBy: '' } : undefined));
      tally.anonymised++;
    }
    const left = await coaching.joining.forget(tenantId, programme.id, userId);
    if (left.found) tally.deleted++;
    if (left.freed) freed++;
    tally.anonymised += await coaching.groups.forget(tenantId, programme.id, userId);
    for (const rsvp of await c.rsvps.all(scope, { where: [{ field: 'userId', op: '=', value: userId }] })) tally.deletedIf(await c.rsvps.delete(scope, rsvp.id));
    for (const record of await c.attendance.all(scope)) {
      if (!record.attended.includes(userId) && record.recordedBy !== userId) continue;
      await c.attendance.update(scope, record.id, (current) =>
        current ? { ...current, attended: current.attended.filter((id) => id !== userId), recordedBy: current.recordedBy === userId ? '' : current.recordedBy, revision: current.revision + 1 } : undefined,
      );
      tally.anonymised++;
    }
  }
  return freed;
}
