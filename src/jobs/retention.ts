import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { addDays, londonDate, londonToUtc } from '../time.js';
import type { Deliveries } from '../store/deliveries.js';
import type { Jobs } from './jobs.js';

/** How long finished job records (which name tenants, conversations and people by id) are kept. */
export const FINISHED_JOBS_KEPT_DAYS = 30;
/**
 * How long delivery records (who was sent which message, by id) are kept. They are also what
 * stops a message going twice, so they outlast a programme year (coaching runs twelve months).
 */
export const DELIVERIES_KEPT_DAYS = 400;

const Payload = z.object({ date: z.string() });

/**
 * A daily job at 03:00 London that deletes finished job records and old delivery records, then
 * schedules the next day's run. Keyed by date, so however many instances start, one runs a day.
 */
export class Retention {
  constructor(
    private readonly jobs: Jobs,
    private readonly deliveries: Deliveries,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    // The next run is the next 03:00 after this one (not the day after the date it was for): after
    // days without a server, one run catches up rather than one per missed day.
    jobs.register('system.retention', Payload, async () => {
      const now = this.clock.now().getTime();
      const jobsRemoved = await jobs.purgeFinished(new Date(now - FINISHED_JOBS_KEPT_DAYS * 86_400_000));
      const deliveriesRemoved = await this.deliveries.purgeOlderThan(new Date(now - DELIVERIES_KEPT_DAYS * 86_400_000));
      this.log.info({ jobsRemoved, deliveriesRemoved }, 'retention: old records deleted');
      await this.ensure();
    });
  }

  /** Makes sure the next run is scheduled (at start-up; a no-op when it already is). */
  async ensure(): Promise<void> {
    await scheduleNextDaily(this.jobs, this.clock, 'system.retention', '03:00');
  }
}

/**
 * Schedules a daily system job's next run: `at` (London) today if that is still to come, else
 * tomorrow; keyed by date, so however many instances ask, one run a day. Called after each run
 * too, so a server that was down for days catches up in one run, not one per missed day.
 */
export async function scheduleNextDaily(jobs: Jobs, clock: Clock, kind: string, at: string): Promise<void> {
  const now = clock.now();
  const today = londonDate(now);
  const date = londonToUtc(today, at) > now ? today : addDays(today, 1);
  await jobs.schedule('_system', londonToUtc(date, at), kind, { date }, `${kind}:${date}`);
}
