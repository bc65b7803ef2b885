import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { NotFoundError } from '../../errors.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Collection, Doc } from '../../store/collection.js';
import { isCalendarDate, londonDate } from '../../time.js';
import type { Actor, FanOutResult, Member, Outreach, Reply } from '../router.js';
import { findAuthority } from './authorities.js';
import { checkEligibility, type EligibilityAnswers, type Verdict } from './eligibility.js';
import { CoachingPhase, PARTITION, Programme, inProgramme, Registration, type JoinForm } from './model.js';

export type JoinOutcome =
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'ineligible'; verdict: Verdict; programme: Doc<Programme> }
  | { kind: 'registered' | 'waitlisted' | 'offered'; registration: Registration; position: number; programme: Doc<Programme> };

export interface JoiningCards {
  /** To the first on the waiting list when a place frees up. */
  placeOffered(programme: Doc<Programme>, registration: Registration): Reply;
  /** When an offer passes on unanswered. */
  offerLapsed(programme: Doc<Programme>): Reply;
}

const ExpiryPayload = z.object({ programmeId: z.string(), userId: z.string(), expiresAt: z.string() });

/**
 * Joining the coaching programme: the eligibility check, the cap with its waiting list, edits,
 * withdrawal, and offers of freed places that pass on if not accepted in time.
 */
export class JoiningService {
  constructor(
    private readonly deps: {
      programmes: Collection<typeof Programme>;
      registrations: Collection<typeof Registration>;
      outreach: Outreach;
      jobs: Jobs;
      clock: Clock;
    },
    private readonly cards: JoiningCards,
  ) {
    deps.jobs.register('coaching.offerExpiry', ExpiryPayload, async ({ tenantId, payload }) => {
      const scope = inProgramme(tenantId, payload.programmeId);
      const registration = (await deps.registrations.get(scope, `reg:${payload.userId}`))?.doc;
      if (!registration || registration.status !== 'offered' || registration.offerExpiresAt !== payload.expiresAt) return;
      await deps.registrations.update(scope, `reg:${payload.userId}`, (current) => (current ? { ...current, status: 'lapsed' } : undefined));
      const programme = await this.release(tenantId, payload.programmeId, payload.userId);
      await deps.outreach.sendToUser(tenantId, payload.userId, cards.offerLapsed(programme), `coaching.lapsed:${payload.programmeId}:${payload.expiresAt}`);
    });
  }


  async programme(tenantId: string, programmeId: string): Promise<Doc<Programme>> {
    const found = await this.deps.programmes.get({ tenantId, partition: PARTITION }, programmeId);
    if (!found) throw new NotFoundError('That coaching programme no longer exists.');
    return found.doc;
  }

  async registration(actor: Actor, programmeId: string): Promise<Registration | undefined> {
    return (await this.deps.registrations.get(inProgramme(actor.tenantId, programmeId), `reg:${actor.userId}`))?.doc;
  }

  /** Where someone stands in the queue (1 = next), or 0 when not waiting. */
  position(programme: Programme, userId: string): number {
    return programme.waitlist.indexOf(userId) + 1;
  }

  /** Checks the answers and registers, waitlists or refuses; an edit re-checks and may free a place. */
  async submit(actor: Actor, form: JoinForm): Promise<JoinOutcome> {
    const programme = await this.programme(actor.tenantId, form.programmeId);
    const read = readAnswers(form, programme.fields.phases);
    if (!read.ok) return { kind: 'invalid', errors: read.errors };
    if (programme.status !== 'open') throw new NotFoundError('Groups for this programme are already formed; registrations and changes are closed. Contact ' + programme.fields.contactEmail + '.');
    const verdict = checkEligibility(read.answers, londonDate(this.deps.clock.now()));
    const scope = inProgramme(actor.tenantId, programme.id);
    if (!verdict.eligible) {
      // Nothing is kept about someone who is not eligible; a registered head who edits into
      // ineligibility loses their place, which goes to the waiting list.
      const existing = await this.registration(actor, programme.id);
      if (existing) {
        await this.deps.registrations.delete(scope, `reg:${actor.userId}`);
        await this.release(actor.tenantId, programme.id, actor.userId);
      }
      return { kind: 'ineligible', verdict, programme };
    }
    let status: Registration['status'] = 'registered';
    const updated = await this.deps.programmes.update({ tenantId: actor.tenantId, partition: PARTITION }, programme.id, (current) => {
      if (!current) throw new NotFoundError('That coaching programme no longer exists.');
      if (current.places.includes(actor.userId)) {
        status = 'registered';
        return undefined;
      }
      if (current.waitlist.includes(actor.userId)) {
        status = 'waitlisted';
        return undefined;
      }
      if (current.places.length < current.fields.cap) {
        status = 'registered';
        return { ...current, places: [...current.places, actor.userId] };
      }
      status = 'waitlisted';
      return { ...current, waitlist: [...current.waitlist, actor.userId] };
    });
    const previous = await this.registration(actor, programme.id);
    const keptStatus = previous?.status === 'offered' && status === 'registered' ? 'offered' : status;
    const registration: Registration = {
      userId: actor.userId,
      name: actor.name,
      ...read.details,
      answers: read.answers,
      status: keptStatus,
      failed: [],
      ...(previous?.offerExpiresAt && keptStatus === 'offered' ? { offerExpiresAt: previous.offerExpiresAt } : {}),
    };
    await this.deps.registrations.upsert(scope, `reg:${actor.userId}`, registration);
    return { kind: keptStatus, registration, position: this.position(updated!.doc, actor.userId), programme: updated!.doc };
  }

  async withdraw(actor: Actor, programmeId: string): Promise<Doc<Programme>> {
    const scope = inProgramme(actor.tenantId, programmeId);
    const existing = await this.registration(actor, programmeId);
    if (!existing || existing.status === 'withdrawn') throw new NotFoundError('You are not registered for this programme.');
    await this.deps.registrations.update(scope, `reg:${actor.userId}`, (current) => (current ? { ...current, status: 'withdrawn' } : undefined));
    return this.release(actor.tenantId, programmeId, actor.userId);
  }

  /**
   * Sends the programme's invitation to a team's members and/or named people, once each
   * (the coordinator role is checked by the caller's service).
   */
  async invite(tenantId: string, programmeId: string, people: Member[], invitation: Reply): Promise<FanOutResult> {
    return this.deps.outreach.fanOut(tenantId, people, () => invitation, `coaching.invite:${programmeId}`);
  }

  /** Accepts an offered place. */
  async accept(actor: Actor, programmeId: string): Promise<Registration> {
    const scope = inProgramme(actor.tenantId, programmeId);
    const updated = await this.deps.registrations.update(scope, `reg:${actor.userId}`, (current) => {
      if (!current || (current.status !== 'offered' && current.status !== 'registered')) throw new NotFoundError('That offer is no longer open: it may have passed to the next person.');
      const { offerExpiresAt: _expires, ...rest } = current;
      return { ...rest, status: 'registered' };
    });
    return updated!.doc;
  }

  /**
   * Frees `userId`'s place or queue spot and offers freed places to the waiting list in order.
   * The offered hold their place until they accept or the offer lapses.
   */
  private async release(tenantId: string, programmeId: string, userId: string): Promise<Doc<Programme>> {
    const promoted: string[] = [];
    const updated = await this.deps.programmes.update({ tenantId, partition: PARTITION }, programmeId, (current) => {
      if (!current) return undefined;
      promoted.length = 0;
      const places = current.places.filter((id) => id !== userId);
      const waitlist = current.waitlist.filter((id) => id !== userId);
      while (places.length < current.fields.cap && waitlist.length > 0) {
        const next = waitlist.shift()!;
        places.push(next);
        promoted.push(next);
      }
      return { ...current, places, waitlist };
    });
    const programme = updated!.doc;
    const expiresAt = new Date(this.deps.clock.now().getTime() + programme.fields.offerDays * 24 * 3600_000).toISOString();
    for (const next of promoted) {
      const offered = await this.deps.registrations.update(inProgramme(tenantId, programmeId), `reg:${next}`, (current) =>
        current ? { ...current, status: 'offered', offerExpiresAt: expiresAt } : undefined,
      );
      if (!offered) continue;
      await this.deps.outreach.sendToUser(tenantId, next, this.cards.placeOffered(programme, offered.doc), `coaching.offer:${programmeId}:${expiresAt}`);
      await this.deps.jobs.schedule(tenantId, new Date(expiresAt), 'coaching.offerExpiry', { programmeId, userId: next, expiresAt }, `coaching.offerExpiry:${programmeId}:${next}:${expiresAt}`);
    }
    return programme;
  }
}

type Details = Pick<Registration, 'phase' | 'authority' | 'region' | 'school' | 'email'>;

/** The join card's answers, each problem by its field. */
export function readAnswers(form: JoinForm, phases: string[]): { ok: true; answers: EligibilityAnswers; details: Details } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const yesNo = (v: string) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  if (!isCalendarDate(form.firstHeadshipStart)) errors.firstHeadshipStart = 'Choose the date your first headship began.';
  if (!['state-school', 'state-16-19', 'other'].includes(form.setting)) errors.setting = 'Choose where you work.';
  const inEngland = yesNo(form.inEngland);
  if (inEngland === undefined) errors.inEngland = 'Say whether it is in England.';
  if (!['completed-before', 'taking-now', 'neither'].includes(form.npqh)) errors.npqh = 'Choose your NPQH status.';
  const withdrawnBefore = yesNo(form.withdrawnBefore);
  if (withdrawnBefore === undefined) errors.withdrawnBefore = 'Say whether you have withdrawn before.';
  const phase = CoachingPhase.safeParse(form.phase);
  if (!phase.success || !phases.includes(phase.data)) errors.phase = 'Choose one of the phases offered.';
  const authority = findAuthority(form.authority);
  if (!authority) errors.authority = 'Choose your local authority.';
  if (form.school.trim() === '' || form.school.length > 120) errors.school = 'Give your school or organisation’s name.';
  if (!z.string().email().safeParse(form.email.trim()).success) errors.email = 'Give a work e-mail address.';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    answers: { firstHeadshipStart: form.firstHeadshipStart, setting: form.setting as EligibilityAnswers['setting'], inEngland: inEngland!, npqh: form.npqh as EligibilityAnswers['npqh'], withdrawnBefore: withdrawnBefore! },
    details: { phase: phase.data!, authority: authority!.name, region: authority!.region, school: form.school.trim(), email: form.email.trim() },
  };
}
