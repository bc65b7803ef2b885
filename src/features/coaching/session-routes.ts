import { z } from 'zod';
import { cardText, formText, revisionField, shownBack, textOf } from '../inputs.js';
import type { Clock } from '../../clock.js';
import { csvFile } from '../../csv.js';
import { ForbiddenError, FormError, NotFoundError, showingRefusals } from '../../errors.js';
import type { Doc } from '../../store/collection.js';
import { formatDate, formatShortDate } from '../../time.js';
import { noticeCard } from '../core/view.js';
import { sentLine } from '../fanout.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';
import { sessionCalendar } from './calendar.js';
import type { GroupService } from './groups.js';
import type { Programme } from './model.js';
import { attendanceCard, attendanceReportCard, mySessionsCard, sessionEditCard, sessionInviteCard, sessionLabel, sessionsCard } from './session-view.js';
import type { AttendanceService } from './attendance.js';
import type { SessionService } from './sessions.js';

const text = cardText();
const GroupRef = z.object({ programmeId: z.string().min(1), groupId: z.string().min(1) }).passthrough();
const SessionRef = z.object({ programmeId: z.string().min(1), sessionId: z.string().min(1) }).passthrough();

/** Sessions for facilitators and coordinators; invitations, RSVPs and `my sessions` for members. */
export function registerSessionRoutes(
  router: FeatureRouter,
  deps: { sessions: SessionService; attendance: AttendanceService; groups: GroupService; clock: Clock },
  current: (actor: Actor) => Promise<Doc<Programme>>,
): void {
  const { sessions, attendance } = deps;
  const show = async (actor: Actor, programmeId: string, groupId: string, message = '', tone: 'good' | 'attention' = 'good'): Promise<Reply> => {
    const groups = await sessions.groupsRunBy(actor, programmeId);
    if (!groups.some((g) => g.id === groupId)) throw new ForbiddenError('Sessions are run by each group’s facilitator and by coordinators.');
    return sessionsCard(await sessions.context(actor.tenantId, programmeId, groupId), groups, message, tone);
  };
  const onSessions = (actor: Actor, programmeId: string, groupId: string, work: () => Promise<Reply>): Promise<Reply> =>
    showingRefusals(work, (message) => show(actor, programmeId, groupId, message, 'attention'));

  router.file('coaching-session', async (tenantId, params) => {
    const groupId = (params.sessionId ?? '').split(':')[1] ?? '';
    const context = await sessions.context(tenantId, params.programmeId ?? '', groupId);
    const session = context.sessions.find((s) => s.id === params.sessionId);
    if (!session) throw new NotFoundError('That session no longer exists.');
    return sessionCalendar(session, { programme: context.programme.fields.name, tenantId, stamp: deps.clock.now() });
  });
  router.file('coaching-attendance', async (tenantId, params) => {
    const programmeId = params.programmeId ?? '';
    const [all, records] = await Promise.all([attendance.allSessions(tenantId, programmeId), attendance.attendanceOf(tenantId, programmeId)]);
    const rows: (string | number)[][] = [];
    for (const session of all) {
      const record = records.find((a) => a.sessionId === session.id);
      const context = await sessions.context(tenantId, programmeId, session.groupId);
      for (const member of context.group.members) {
        rows.push([session.groupId, sessionLabel(session), formatShortDate(session.date), session.time, context.names.get(member) ?? '', session.status === 'cancelled' ? 'Cancelled' : !record ? 'Not recorded' : record.attended.includes(member) ? 'Attended' : 'Absent']);
      }
    }
    return csvFile('coaching-attendance.csv', [['Group', 'Session', 'Date', 'Time', 'Member', 'Attendance'], ...rows]);
  });

  router.command(
    { id: 'coaching.sessions', feature: 'coaching', usage: 'coaching sessions', summary: 'Schedule your group’s sessions, send invitations, record attendance.', pattern: /^coaching sessions$/i, audience: 'facilitator', scopes: ['personal'], button: 'Sessions' },
    async (actor) => {
      const programme = await current(actor);
      const groups = await sessions.groupsRunBy(actor, programme.id);
      if (groups.length === 0) return noticeCard('No groups to run', 'Sessions are scheduled once groups are confirmed, by each group’s facilitator.');
      return show(actor, programme.id, groups[0]!.id);
    },
  );
  router.command(
    { id: 'coaching.mySessions', feature: 'coaching', usage: 'my sessions', summary: 'Your upcoming coaching sessions and your answers.', pattern: /^my sessions$/i, audience: 'everyone', scopes: ['personal'], button: 'My sessions' },
    async (actor) => {
      const mine = await sessions.upcomingFor(actor, (await current(actor)).id);
      if (!mine) return noticeCard('No sessions yet', 'You are not in a confirmed coaching group yet.');
      return mySessionsCard(mine.context, mine.items);
    },
  );
  router.command(
    { id: 'coaching.attendance', feature: 'coaching', usage: 'coaching attendance', summary: 'Attendance across all groups, with a CSV export.', pattern: /^coaching attendance$/i, audience: 'coordinator', scopes: ['personal'], button: 'Attendance' },
    async (actor) => {
      await deps.groups.view(actor, (await current(actor)).id); // coordinators only
      const programme = await current(actor);
      const [all, records] = await Promise.all([attendance.allSessions(actor.tenantId, programme.id), attendance.attendanceOf(actor.tenantId, programme.id)]);
      const rows = all
        .filter((s) => records.some((a) => a.sessionId === s.id))
        .map((s) => ({ title: `Group ${s.groupId}, ${sessionLabel(s)}`, value: `${records.find((a) => a.sessionId === s.id)!.attended.length} attended` }));
      return attendanceReportCard(programme.fields.name, rows, await router.link(actor.tenantId, 'coaching-attendance', { programmeId: programme.id }));
    },
  );

  router.action(Verbs.coaching.sessionsShow, GroupRef, (actor, { programmeId, groupId }) => show(actor, programmeId, groupId));
  router.action(Verbs.coaching.sessionsPropose, GroupRef.extend({ start: text, weekday: text, time: text }), (actor, input) =>
    onSessions(actor, input.programmeId, input.groupId, async () => {
      const context = await sessions.propose(actor, input.programmeId, input.groupId, input);
      const cohortStart = context.programme.fields.cohortStart;
      const early = context.sessions.filter((x) => x.status === 'scheduled' && x.date < cohortStart).length;
      const warning = early > 0 ? ` Check the dates: ${early === 1 ? 'one session is' : `${early} sessions are`} before the cohort starts on ${formatDate(cohortStart)}.` : '';
      return show(actor, input.programmeId, input.groupId, `Sessions proposed. Add each meeting link, then send the invitations.${warning}`);
    }),
  );
  router.action(Verbs.coaching.sessionsEditShow, SessionRef, async (actor, { programmeId, sessionId }) => {
    const { context, session } = await sessions.runnersSession(actor, programmeId, sessionId);
    return sessionEditCard(context, session);
  });
  router.action(Verbs.coaching.sessionsSave, SessionRef.extend({ groupId: z.string(), date: text, time: text, link: formText }), (actor, input) =>
    onSessions(actor, input.programmeId, input.groupId, async () => {
      try {
        const { told, context } = await sessions.edit(actor, input.programmeId, input.sessionId, input);
        return show(actor, input.programmeId, input.groupId, told ? `Saved. The change: ${sentLine(told, (id) => context.names.get(id) ?? 'A member')}` : 'Saved. Members have not been invited yet, so nobody was sent anything.');
      } catch (error) {
        if (!(error instanceof FormError)) throw error;
        // The edit card again, as entered, with each problem under its field.
        const { context, session } = await sessions.runnersSession(actor, input.programmeId, input.sessionId);
        return sessionEditCard(context, { ...session, ...shownBack({ date: input.date, time: input.time, link: input.link }) }, error.fieldErrors);
      }
    }),
  );
  router.action(Verbs.coaching.sessionsCancel, SessionRef.extend({ groupId: z.string() }), (actor, input) =>
    onSessions(actor, input.programmeId, input.groupId, async () => {
      const { told, context } = await sessions.cancel(actor, input.programmeId, input.sessionId);
      return show(actor, input.programmeId, input.groupId, told ? `Session cancelled. The cancellation: ${sentLine(told, (id) => context.names.get(id) ?? 'A member')}` : 'Session cancelled. Nobody had been invited to it yet.');
    }),
  );
  router.action(Verbs.coaching.sessionsInvite, GroupRef, (actor, { programmeId, groupId }) =>
    onSessions(actor, programmeId, groupId, async () => {
      return sessions.invite(actor, programmeId, groupId);
    }),
  );
  router.action(Verbs.coaching.rsvp, SessionRef.extend({ response: z.enum(['accepted', 'tentative', 'declined']), reason: text }), async (actor, input) => {
    const { context, session, rsvp } = await sessions.rsvp(actor, input.programmeId, input.sessionId, input.response, input.reason);
    const url = await router.link(actor.tenantId, 'coaching-session', { programmeId: input.programmeId, sessionId: session.id });
    return sessionInviteCard(context, session, url, rsvp, rsvp.response === 'declined' ? 'Thank you: we have told your facilitator you cannot come.' : 'Thank you: your answer is saved.', 'good');
  });
  router.action(Verbs.coaching.attendanceShow, SessionRef, async (actor, { programmeId, sessionId }) => {
    const { context, session } = await sessions.runnersSession(actor, programmeId, sessionId);
    const recorded = (await attendance.attendanceOf(actor.tenantId, programmeId)).find((a) => a.sessionId === sessionId);
    return attendanceCard(context, session, recorded);
  });
  router.action(Verbs.coaching.attendanceSave, SessionRef.extend({ groupId: z.string(), revision: revisionField }), (actor, input) =>
    onSessions(actor, input.programmeId, input.groupId, async () => {
      const attended = Object.entries(input).filter(([k, v]) => k.startsWith('present_') && textOf(v) === 'true').map(([k]) => k.slice(8));
      const { context, session, told } = await attendance.recordAttendance(actor, input.programmeId, input.sessionId, attended, input.revision);
      const recorded = (await attendance.attendanceOf(actor.tenantId, input.programmeId)).find((a) => a.sessionId === input.sessionId);
      return attendanceCard(context, session, recorded, `Saved: ${attended.length} of ${context.group.members.length} attended. The resources link: ${sentLine(told, (id) => context.names.get(id) ?? 'A member')}`);
    }),
  );
}
