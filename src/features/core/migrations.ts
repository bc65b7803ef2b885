import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Logger } from '../../log.js';
import type { PeopleDirectory } from './people.js';

/**
 * One-off data migrations, each a durable job with a fixed id: however many instances start,
 * one runs it (and a restart while it runs resumes it). A migration must be safe to run again.
 */
export async function scheduleMigrations(jobs: Jobs, people: PeopleDirectory, clock: Clock, log: Logger, features: { coachingPlaces: () => Promise<number>; anonymousReviews: () => Promise<number> }): Promise<void> {
  jobs.register('system.peopleSearchKeys', z.object({ before: z.string() }), async ({ payload }) => {
    const rewritten = await people.backfillSearchKeys(new Date(payload.before));
    log.info({ rewritten }, 'migration: people search keys written');
  });
  // Programmes set up before seats kept their places and queue as arrays (see coaching/legacy-places.ts).
  jobs.register('system.coachingPlaces', z.object({}), async () => {
    const moved = await features.coachingPlaces();
    log.info({ moved }, 'migration: coaching places moved to seats and tickets');
  });
  // Anonymous reviews started before ANONYMITY_KEY kept a salt beside their member ids (see reviews/rekey.ts).
  jobs.register('system.anonymityKey', z.object({}), async () => {
    const rekeyed = await features.anonymousReviews();
    log.info({ rekeyed }, 'migration: anonymous reviews re-keyed under ANONYMITY_KEY');
  });
  const now = clock.now();
  await jobs.schedule('_system', now, 'system.peopleSearchKeys', { before: now.toISOString() }, 'system.peopleSearchKeys:v1');
  await jobs.schedule('_system', now, 'system.coachingPlaces', {}, 'system.coachingPlaces:v1');
  await jobs.schedule('_system', now, 'system.anonymityKey', {}, 'system.anonymityKey:v1');
}
