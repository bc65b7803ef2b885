import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Outreach } from '../ports.js';
import type { SessionCards, SessionService, StoredSession } from './sessions.js';

const ReminderPayload = z.object({ programmeId: z.string(), sessionId: z.string(), startsAt: z.string(), daysBefore: z.number() });

interface ReminderDeps {
  jobs: Jobs;
  clock: Clock;
  outreach: Outreach;
  calendarLink: (tenantId: string, programmeId: string, sessionId: string) => Promise<string>;
}

/**
 * A session's reminders: 7 days and 1 day before, to members who have not declined, and the
 * facilitator's roll-up the day before. The job carries the start time it was set for, so a
 * rescheduled or cancelled session's old reminders do nothing.
 */
export function registerSessionReminders(deps: ReminderDeps, sessions: SessionService, cards: SessionCards): void {
  deps.jobs.register('coaching.reminder', ReminderPayload, async ({ tenantId, payload }) => {
    const context = await sessions.context(tenantId, payload.programmeId, payload.sessionId.split(':')[1]!);
    const session = context.sessions.find((s) => s.id === payload.sessionId);
    if (!session || session.status !== 'scheduled' || session.startsAt !== payload.startsAt) return;
    const rsvps = await sessions.rsvpsFor(tenantId, payload.programmeId, session.id);
    const declined = new Set(rsvps.filter((r) => r.response === 'declined').map((r) => r.userId));
    const members = context.group.members.filter((m) => !declined.has(m)).map((userId) => ({ userId, name: context.names.get(userId) ?? '' }));
    const url = await deps.calendarLink(tenantId, payload.programmeId, session.id);
    await deps.outreach.fanOut(tenantId, members, () => cards.reminder(context, session, payload.daysBefore, url), `coaching.reminder:${session.id}:${payload.startsAt}:${payload.daysBefore}`);
    if (payload.daysBefore === 1 && context.group.facilitatorId) {
      await deps.outreach.sendToUser(tenantId, context.group.facilitatorId, cards.rollup(context, session, rsvps), `coaching.rollup:${session.id}:${payload.startsAt}`);
    }
  });
}

/** Sets the session's reminders for its current start (past ones are skipped). */
export async function scheduleSessionReminders(deps: Pick<ReminderDeps, 'jobs' | 'clock'>, tenantId: string, programmeId: string, session: StoredSession): Promise<void> {
  for (const daysBefore of [7, 1]) {
    const runAt = new Date(Date.parse(session.startsAt) - daysBefore * 24 * 3600_000);
    if (runAt <= deps.clock.now()) continue;
    await deps.jobs.schedule(tenantId, runAt, 'coaching.reminder', { programmeId, sessionId: session.id, startsAt: session.startsAt, daysBefore }, `coaching.reminder:${session.id}:${session.startsAt}:${daysBefore}`);
  }
}
