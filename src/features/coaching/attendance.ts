import { InvalidInputError, NotFoundError } from '../../errors.js';
import type { Clock } from '../../clock.js';
import { revise, type Collection, type Doc } from '../../store/collection.js';
import type { Actor, FanOutResult, Outreach, Reply } from '../ports.js';
import { inProgramme, type Attendance, type Session } from './model.js';
import type { SessionContext, SessionService, StoredSession } from './sessions.js';

/** Attendance: recorded by the group's facilitator after a session; reported to coordinators. */
export class AttendanceService {
  constructor(
    private readonly deps: {
      sessions: SessionService;
      sessionDocs: Collection<typeof Session>;
      attendance: Collection<typeof Attendance>;
      outreach: Outreach;
      clock: Clock;
      resources: (context: SessionContext, session: StoredSession) => Reply;
    },
  ) {}


  /**
   * The facilitator marks who attended, over the attendance their card showed (`seen`: a save made
   * meanwhile by someone else refuses this one); members are sent the resources link once.
   */
  async recordAttendance(actor: Actor, programmeId: string, sessionId: string, attended: string[], seen?: number): Promise<{ context: SessionContext; session: StoredSession; told: FanOutResult }> {
    const context = await this.deps.sessions.context(actor.tenantId, programmeId, sessionId.split(':')[1] ?? '');
    await this.deps.sessions.requireRunner(actor, context);
    const session = context.sessions.find((s) => s.id === sessionId);
    if (!session) throw new NotFoundError('That session does not exist.');
    if (session.startsAt > this.deps.clock.now().toISOString()) throw new InvalidInputError('Attendance can be recorded once the session has started.');
    const present = attended.filter((id) => context.group.members.includes(id));
    await revise(this.deps.attendance, inProgramme(actor.tenantId, programmeId), `attendance:${sessionId}`, seen, 'this attendance', () => ({ sessionId, attended: present, recordedBy: actor.userId }));
    const told = await this.deps.outreach.fanOut(actor.tenantId, context.group.members.map((userId) => ({ userId, name: context.names.get(userId) ?? '' })), () => this.deps.resources(context, session), `coaching.resources:${sessionId}`);
    return { context, session, told };
  }

  async attendanceOf(tenantId: string, programmeId: string): Promise<Doc<Attendance>[]> {
    return this.deps.attendance.all(inProgramme(tenantId, programmeId));
  }

  async allSessions(tenantId: string, programmeId: string): Promise<StoredSession[]> {
    return this.deps.sessionDocs.all(inProgramme(tenantId, programmeId), { orderBy: [{ field: 'startsAt' }] });
  }
}
