import { formatDate } from '../../time.js';
import { fieldMessages } from '../inputs.js';
import type { CardReply } from '../ports.js';
import { noticeCard } from '../core/view.js';
import type { Attendance, GroupPlan, Rsvp } from './model.js';
import type { SessionContext, StoredSession } from './sessions.js';

const ANSWER: Record<Rsvp['response'], string> = { accepted: 'Accepted', tentative: 'Tentative', declined: 'Declined' };

export const sessionLabel = (s: StoredSession) => `Session ${s.index + 1}`;
export const sessionWhen = (s: StoredSession) => `${formatDate(s.date)}, ${s.time}`;

type Tone = 'good' | 'attention';
const colour = (tone: Tone) => (tone === 'good' ? 'Good' : 'Attention');

export function sessionsCard(context: SessionContext, groups: GroupPlan[], message = '', tone: Tone = 'good'): CardReply {
  const f = context.programme.fields;
  return {
    card: 'coaching/sessions',
    data: {
      programmeId: context.programme.id,
      groupId: context.group.id,
      programme: f.name,
      groupLine: `${context.group.members.length} members`,
      message,
      messageColor: colour(tone),
      count: f.sessions,
      minutes: f.minutes,
      span: f.spanMonths,
      sessions: context.sessions.map((s) => ({
        id: s.id,
        label: sessionLabel(s),
        when: s.status === 'cancelled' ? `(cancelled) ${sessionWhen(s)}` : sessionWhen(s),
        detail: [s.link || 'No meeting link yet', s.invitedSequence === undefined ? 'not sent yet' : s.invitedSequence < s.sequence ? 'changed since sent' : 'members invited'].join(' · '),
      })),
      groups: groups.map((g) => ({ id: g.id })),
    },
  };
}

export function sessionEditCard(context: SessionContext, session: StoredSession, errors: Record<string, string> = {}): CardReply {
  const bad = Object.keys(errors).length > 0;
  return {
    card: 'coaching/session-edit',
    data: {
      programmeId: context.programme.id, groupId: context.group.id, sessionId: session.id, programme: context.programme.fields.name, label: sessionLabel(session), date: session.date, time: session.time, link: session.link,
      message: bad ? 'Nothing was changed: please correct the fields marked below.' : '', messageColor: colour(bad ? 'attention' : 'good'),
      err: fieldMessages(['date', 'time', 'link'], errors),
    },
  };
}

/** A member's invitation: what, when, the link, their answer, RSVP buttons and the calendar file. */
export function sessionInviteCard(context: SessionContext, session: StoredSession, calendarUrl: string, rsvp?: Rsvp, banner = '', bannerTone: 'good' | 'warning' = 'warning'): CardReply {
  const cancelled = session.status === 'cancelled';
  const changed = !banner && session.sequence > 0 && !cancelled ? 'This session has changed: please check the details.' : '';
  return {
    card: 'coaching/session-invite',
    data: {
      programmeId: context.programme.id,
      sessionId: session.id,
      programme: `${context.programme.fields.name} · your group (${context.group.id})`,
      label: `${sessionLabel(session)} of ${context.programme.fields.sessions}, ${context.programme.fields.minutes} minutes`,
      when: sessionWhen(session) + ' (UK time)',
      link: session.link || 'The facilitator will share the link.',
      answer: rsvp ? `${ANSWER[rsvp.response]}${rsvp.reason ? ` (${rsvp.reason})` : ''}` : 'Not answered yet',
      reason: rsvp?.reason ?? '',
      open: !cancelled,
      banner: cancelled ? 'This session is cancelled.' : banner || changed,
      bannerColor: cancelled ? 'Attention' : bannerTone === 'good' ? 'Good' : 'Warning',
      calendarUrl,
    },
  };
}

export function mySessionsCard(context: SessionContext, items: { session: StoredSession; rsvp?: Rsvp }[]): CardReply {
  return {
    card: 'coaching/my-sessions',
    data: {
      programme: context.programme.fields.name,
      groupId: context.group.id,
      items: items.map(({ session, rsvp }) => ({
        label: sessionLabel(session),
        detail: session.status === 'cancelled' ? `Cancelled (was ${sessionWhen(session)})` : `${sessionWhen(session)} · ${rsvp ? ANSWER[rsvp.response] : 'Not answered yet'}`,
      })),
    },
  };
}

export function attendanceCard(context: SessionContext, session: StoredSession, recorded: Attendance | undefined, message = ''): CardReply {
  return {
    card: 'coaching/attendance',
    data: {
      programmeId: context.programme.id,
      groupId: context.group.id,
      sessionId: session.id,
      revision: recorded?.revision ?? 0,
      programme: context.programme.fields.name,
      label: sessionLabel(session),
      when: sessionWhen(session),
      message,
      messageColor: 'Good',
      members: context.group.members.map((m) => ({ id: `present_${m}`, name: context.names.get(m) ?? 'Member', value: recorded?.attended.includes(m) ? 'true' : 'false' })),
    },
  };
}

export function attendanceReportCard(programme: string, rows: { title: string; value: string }[], exportUrl: string): CardReply {
  return { card: 'coaching/attendance-report', data: { programme, rows, exportUrl } };
}

export function reminderCard(context: SessionContext, session: StoredSession, daysBefore: number, calendarUrl: string): CardReply {
  return sessionInviteCard(context, session, calendarUrl, undefined, daysBefore === 1 ? 'Reminder: your coaching session is tomorrow.' : `Reminder: your coaching session is in ${daysBefore} days.`);
}

export function rollupCard(context: SessionContext, session: StoredSession, rsvps: Rsvp[]): CardReply {
  const by = (r: Rsvp['response']) => rsvps.filter((x) => x.response === r).map((x) => x.name);
  const answered = new Set(rsvps.map((r) => r.userId));
  const none = context.group.members.filter((m) => !answered.has(m)).map((m) => context.names.get(m) ?? 'Member');
  const list = (names: string[]) => (names.length ? names.join(', ') : 'nobody');
  return noticeCard(
    `Tomorrow: ${sessionLabel(session)} for group ${context.group.id}`,
    `${sessionWhen(session)}. Accepted: ${list(by('accepted'))}. Tentative: ${list(by('tentative'))}. Declined: ${list(rsvps.filter((r) => r.response === 'declined').map((r) => (r.reason ? `${r.name} (${r.reason})` : r.name)))}. No answer: ${list(none)}.`,
  );
}

export function resourcesCard(context: SessionContext, session: StoredSession): CardReply {
  return noticeCard(`After ${sessionLabel(session)}`, `Thank you for taking part. The programme's resources are at ${context.programme.fields.resourcesLink}`, 'good');
}

