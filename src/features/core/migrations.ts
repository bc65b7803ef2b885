import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Logger } from '../../log.js';
import type { PeopleDirectory } from './people.js';

/**
 * One-off data migrations, each a durable job with a fixed id: however many instances start,
 * one runs it (and a restart while it runs resumes it). A migration must be safe to run again.
 */
export async function scheduleMigrations(jobs: Jobs, people: PeopleDirectory, clock: Clock, log: Logger): Promise<void> {
  jobs.register('system.peopleSearchKeys', z.object({ before: z.string() }), async ({ payload }) => {
    const rewritten = await people.backfillSearchKeys(new Date(payload.before));
    log.info({ rewritten }, 'migration: people search keys written');
  });
  const now = clock.now();
  await jobs.schedule('_system', now, 'system.peopleSearchKeys', { before: now.toISOString() }, 'system.peopleSearchKeys:v1');
}
