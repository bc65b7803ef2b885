import type { Clock } from '../../clock.js';
import { ForbiddenError, FormError, InvalidInputError, NotFoundError } from '../../errors.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Collection, Doc } from '../../store/collection.js';
import type { RoleService } from '../core/service.js';
import type { Actor, FanOutResult, Member, Outreach, Reply } from '../ports.js';
import { registerSessionReminders, scheduleSessionReminders } from './session-reminders.js';
import { emptyResult, mergeResults, type FanOuts } from '../fanout.js';
import { Grouping, PARTITION, Programme, inProgramme, Registration, Rsvp, Session, type GroupPlan } from './model.js';
import { proposeSessions, sessionTimes, WEEKDAYS, type Weekday } from './schedule.js';
import { isCalendarDate } from '../../time.js';
import { tooLong } from '../inputs.js';

export type StoredSession = Doc<Session>;

export interface SessionContext {
  programme: Doc<Programme>;
  group: GroupPlan;
  sessions: StoredSession[];
  names: Map<string, string>;
}

export interface SessionCards {
  /** A member's invitation to one session (also sent again, updated, when it changes). */
  invitation(context: SessionContext, session: StoredSession, calendarUrl: string, rsvp?: Rsvp): Reply;
  reminder(context: SessionContext, session: StoredSession, daysBefore: number, calendarUrl: string): Reply;
  rollup(context: SessionContext, session: StoredSession, rsvps: Rsvp[]): Reply;
}


/**
 * A group's six sessions: proposed at a regular cadence, each editable or cancellable with a
 * meeting link; invitations with RSVP and a calendar file; reminders 7 days and 1 day before
 * and the facilitator's roll-up the day before; attendance afterwards.
 */
export class SessionService {
  constructor(
    private readonly deps: {
      programmes: Collection<typeof Programme>;
      registrations: Collection<typeof Registration>;
      groupings: Collection<typeof Grouping>;
      sessions: Collection<typeof Session>;
      rsvps: Collection<typeof Rsvp>;
      roles: RoleService;
      outreach: Outreach;
      fanOuts: FanOuts;
      jobs: Jobs;
      clock: Clock;
      calendarLink: (tenantId: string, programmeId: string, sessionId: string) => Promise<string>;
    },
    private readonly cards: SessionCards,
  ) {
    registerSessionReminders(deps, this, cards);
  }

  /** The group, its sessions and its members' names. */
  async context(tenantId: string, programmeId: string, groupId: string): Promise<SessionContext> {
    const scope = inProgramme(tenantId, programmeId);
    const programme = (await this.deps.programmes.get({ tenantId, partition: PARTITION }, programmeId))?.doc;
    const grouping = (await this.deps.groupings.get(scope, 'grouping'))?.doc;
    const group = grouping?.status === 'confirmed' ? grouping.groups.find((g) => g.id === groupId) : undefined;
    if (!programme || !group) throw new NotFoundError('That coaching group does not exist (groups may not be confirmed yet).');
    const [sessions, registrations] = await Promise.all([
      this.deps.sessions.all(scope, { where: [{ field: 'groupId', op: '=', value: groupId }], orderBy: [{ field: 'index' }] }),
      this.deps.registrations.all(scope),
    ]);
    return { programme, group, sessions, names: new Map(registrations.map((r) => [r.userId, r.name])) };
  }

  /** The groups this person runs sessions for: as facilitator, or all of them as coordinator. */
  async groupsRunBy(actor: Actor, programmeId: string): Promise<GroupPlan[]> {
    await this.deps.roles.require(actor, 'facilitator');
    const grouping = (await this.deps.groupings.get(inProgramme(actor.tenantId, programmeId), 'grouping'))?.doc;
    if (!grouping || grouping.status !== 'confirmed') return [];
    const roles = await this.deps.roles.rolesOf(actor.tenantId, actor.userId);
    return roles.has('coordinator') ? grouping.groups : grouping.groups.filter((g) => g.facilitatorId === actor.userId);
  }

  async requireRunner(actor: Actor, context: SessionContext, only: 'change' | 'see' = 'change'): Promise<void> {
    if (context.group.facilitatorId === actor.userId) return;
    const roles = await this.deps.roles.rolesOf(actor.tenantId, actor.userId);
    if (!roles.has('coordinator')) throw new ForbiddenError(`That is for the group’s facilitator and coordinators.${only === 'change' ? ' Nothing was changed.' : ''}`);
  }

  /**
   * One session of a group this person runs (its facilitator, or a coordinator), for the edit and
   * attendance cards: anyone else is refused before anything of the group is shown.
   */
  async runnersSession(actor: Actor, programmeId: string, sessionId: string): Promise<{ context: SessionContext; session: StoredSession }> {
    const context = await this.context(actor.tenantId, programmeId, sessionId.split(':')[1] ?? '');
    await this.requireRunner(actor, context, 'see');
    const session = context.sessions.find((s) => s.id === sessionId);
    if (!session) throw new NotFoundError('That session does not exist.');
    return { context, session };
  }

  async propose(actor: Actor, programmeId: string, groupId: string, input: { start: string; weekday: string; time: string }): Promise<SessionContext> {
    const context = await this.context(actor.tenantId, programmeId, groupId);
    await this.requireRunner(actor, context);
    if (context.sessions.length > 0) throw new InvalidInputError('This group’s sessions are already scheduled: edit or cancel them one by one.');
    const errors = Object.values(slotProblems(input.start, input.time));
    if (!(WEEKDAYS as readonly string[]).includes(input.weekday)) errors.push('Choose a weekday.');
    if (errors.length > 0) throw new InvalidInputError('Nothing was scheduled:', errors);
    const f = context.programme.fields;
    const slots = proposeSessions({ start: input.start, weekday: input.weekday as Weekday, time: input.time, count: f.sessions, spanMonths: f.spanMonths, minutes: f.minutes });
    for (const slot of slots) {
      await this.deps.sessions.update(inProgramme(actor.tenantId, programmeId), `session:${groupId}:${slot.index}`, (current) =>
        current ?? { groupId, index: slot.index, date: slot.date, time: slot.time, startsAt: slot.startsAt, endsAt: slot.endsAt, link: '', status: 'scheduled', sequence: 0 },
      );
    }
    return this.context(actor.tenantId, programmeId, groupId);
  }

  /** Changes a session's date, time or link; members who were invited are sent the update. */
  async edit(actor: Actor, programmeId: string, sessionId: string, input: { date: string; time: string; link: string }): Promise<{ context: SessionContext; session: StoredSession; told: FanOutResult | undefined }> {
    const groupId = sessionId.split(':')[1] ?? '';
    const context = await this.context(actor.tenantId, programmeId, groupId);
    await this.requireRunner(actor, context);
    const link = input.link.trim();
    const errors = slotProblems(input.date, input.time);
    if (link.length > 2000) errors.link = tooLong('the link', 2000);
    else if (link !== '' && !/^https:\/\/\S+$/.test(link)) errors.link = 'Give the meeting link as https://…';
    if (Object.keys(errors).length > 0) throw new FormError(errors);
    const { startsAt, endsAt } = sessionTimes(input.date, input.time, context.programme.fields.minutes);
    const updated = await this.deps.sessions.update(inProgramme(actor.tenantId, programmeId), sessionId, (current) => {
      if (!current) throw new NotFoundError('That session does not exist.');
      const same = current.date === input.date && current.time === input.time && current.link === link && current.status === 'scheduled';
      return same ? undefined : { ...current, date: input.date, time: input.time, startsAt, endsAt, link, status: 'scheduled', sequence: current.sequence + 1 };
    });
    const session = updated!.doc;
    const told = session.invitedSequence !== undefined ? await this.sendInvitations(actor.tenantId, context, [session]) : undefined;
    return { context: await this.context(actor.tenantId, programmeId, groupId), session, told };
  }

  async cancel(actor: Actor, programmeId: string, sessionId: string): Promise<{ context: SessionContext; session: StoredSession; told: FanOutResult | undefined }> {
    const groupId = sessionId.split(':')[1] ?? '';
    const context = await this.context(actor.tenantId, programmeId, groupId);
    await this.requireRunner(actor, context);
    const updated = await this.deps.sessions.update(inProgramme(actor.tenantId, programmeId), sessionId, (current) => {
      if (!current) throw new NotFoundError('That session does not exist.');
      return current.status === 'cancelled' ? undefined : { ...current, status: 'cancelled', sequence: current.sequence + 1 };
    });
    const session = updated!.doc;
    const told = session.invitedSequence !== undefined ? await this.sendInvitations(actor.tenantId, context, [session]) : undefined;
    return { context: await this.context(actor.tenantId, programmeId, groupId), session, told };
  }

  /**
   * Invites every member to every session they have not seen at its current version, and sets
   * reminders. Six sessions for a whole group is dozens of messages, so a durable job sends them
   * (see FanOuts); answers its progress card.
   */
  async invite(actor: Actor, programmeId: string, groupId: string): Promise<Reply> {
    const context = await this.context(actor.tenantId, programmeId, groupId);
    await this.requireRunner(actor, context);
    if (context.sessions.length === 0) throw new InvalidInputError('Schedule the sessions first.');
    const mailings = await this.invitations(actor.tenantId, context, context.sessions);
    // The sessions' versions name this sending: the same click again, with nothing changed, starts nothing new.
    const sendId = `sessions:${groupId}:${context.sessions.map((s) => s.sequence).join('.')}`;
    return this.deps.fanOuts.startEach(actor, mailings, `the session invitations for group ${groupId}`, sendId, { to: 'coaching.sessions', id: programmeId, groupId });
  }

  /** A changed or cancelled session's invitation, sent at once: one session to one group is a handful. */
  private async sendInvitations(tenantId: string, context: SessionContext, sessions: StoredSession[]): Promise<FanOutResult> {
    let total = emptyResult();
    for (const m of await this.invitations(tenantId, context, sessions)) total = mergeResults(total, await this.deps.outreach.fanOut(tenantId, m.people, () => m.reply, m.key));
    return total;
  }

  /**
   * Each member's invitation to each of `sessions` (their own answer on it), keyed by the session's
   * version; the sessions are marked invited at that version and their reminders set.
   */
  private async invitations(tenantId: string, context: SessionContext, sessions: StoredSession[]): Promise<{ key: string; reply: Reply; people: Member[] }[]> {
    const members = context.group.members.map((userId) => ({ userId, name: context.names.get(userId) ?? '' }));
    const mailings: { key: string; reply: Reply; people: Member[] }[] = [];
    for (const session of sessions) {
      const url = await this.deps.calendarLink(tenantId, context.programme.id, session.id);
      const rsvps = new Map((await this.rsvpsFor(tenantId, context.programme.id, session.id)).map((r) => [r.userId, r]));
      for (const member of members) mailings.push({ key: `coaching.session:${session.id}:v${session.sequence}`, reply: this.cards.invitation(context, session, url, rsvps.get(member.userId)), people: [member] });
      await this.deps.sessions.update(inProgramme(tenantId, context.programme.id), session.id, (current) => (current ? { ...current, invitedSequence: current.sequence } : undefined));
      if (session.status === 'scheduled') await scheduleSessionReminders(this.deps, tenantId, context.programme.id, session);
    }
    return mailings;
  }


  async rsvp(actor: Actor, programmeId: string, sessionId: string, response: Rsvp['response'], reason: string): Promise<{ context: SessionContext; session: StoredSession; rsvp: Rsvp }> {
    const context = await this.context(actor.tenantId, programmeId, sessionId.split(':')[1] ?? '');
    if (!context.group.members.includes(actor.userId)) throw new ForbiddenError('That invitation is for the group’s members. Nothing was changed.');
    const session = context.sessions.find((s) => s.id === sessionId);
    if (!session || session.status === 'cancelled') throw new NotFoundError('That session has been cancelled.');
    if (reason.length > 500) throw new InvalidInputError('Keep the reason under 500 characters.');
    const rsvp: Rsvp = { sessionId, userId: actor.userId, name: actor.name, response, reason: response === 'declined' ? reason.trim() : '' };
    await this.deps.rsvps.upsert(inProgramme(actor.tenantId, programmeId), `rsvp:${sessionId}:${actor.userId}`, rsvp);
    return { context, session, rsvp };
  }

  async rsvpsFor(tenantId: string, programmeId: string, sessionId: string): Promise<Rsvp[]> {
    return this.deps.rsvps.all(inProgramme(tenantId, programmeId), { where: [{ field: 'sessionId', op: '=', value: sessionId }] });
  }

  /** A member's upcoming sessions with their answers. */
  async upcomingFor(actor: Actor, programmeId: string): Promise<{ context: SessionContext; items: { session: StoredSession; rsvp?: Rsvp }[] } | undefined> {
    const grouping = (await this.deps.groupings.get(inProgramme(actor.tenantId, programmeId), 'grouping'))?.doc;
    const group = grouping?.status === 'confirmed' ? grouping.groups.find((g) => g.members.includes(actor.userId)) : undefined;
    if (!group) return undefined;
    const context = await this.context(actor.tenantId, programmeId, group.id);
    const now = this.deps.clock.now().toISOString();
    const mine = await this.deps.rsvps.all(inProgramme(actor.tenantId, programmeId), { where: [{ field: 'userId', op: '=', value: actor.userId }] });
    const items = context.sessions.filter((s) => s.endsAt > now).map((session) => ({ session, ...(mine.find((r) => r.sessionId === session.id) ? { rsvp: mine.find((r) => r.sessionId === session.id)! } : {}) }));
    return { context, items };
  }
}

/** What is wrong with a session's date and start time, by field. */
function slotProblems(date: string, time: string): { date?: string; time?: string; link?: string } {
  return {
    ...(isCalendarDate(date) ? {} : { date: 'Choose a date.' }),
    ...(/^([01]\d|2[0-3]):[0-5]\d$/.test(time) ? {} : { time: 'Choose a start time.' }),
  };
}

