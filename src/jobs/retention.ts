import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { addDays, londonDate, londonToUtc } from '../time.js';
import type { Jobs } from './jobs.js';

/** How long finished job records (which name tenants, conversations and people by id) are kept. */
export const FINISHED_JOBS_KEPT_DAYS = 30;

const Payload = z.object({ date: z.string() });

/**
 * A daily job at 03:00 London that deletes finished job records older than the retention period,
 * then schedules the next day's run. Keyed by date, so however many instances start, one runs a day.
 */
export class Retention {
  constructor(
    private readonly jobs: Jobs,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {
    jobs.register('system.retention', Payload, async ({ payload }) => {
      const removed = await jobs.purgeFinished(new Date(this.clock.now().getTime() - FINISHED_JOBS_KEPT_DAYS * 86_400_000));
      this.log.info({ removed }, 'retention: finished jobs deleted');
      await this.scheduleFor(addDays(payload.date, 1));
    });
  }

  /** Makes sure the next run is scheduled (at start-up; a no-op when it already is). */
  async ensure(): Promise<void> {
    const today = londonDate(this.clock.now());
    const date = londonToUtc(today, '03:00') > this.clock.now() ? today : addDays(today, 1);
    await this.scheduleFor(date);
  }

  private async scheduleFor(date: string): Promise<void> {
    await this.jobs.schedule('_system', londonToUtc(date, '03:00'), 'system.retention', { date }, `system.retention:${date}`);
  }
}
