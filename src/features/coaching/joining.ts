import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { NotFoundError } from '../../errors.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Collection, Doc } from '../../store/collection.js';
import { londonDate } from '../../time.js';
import type { RoleService } from '../core/service.js';
import type { FanOuts } from '../fanout.js';
import type { Actor, Member, Outreach, Reply } from '../ports.js';
import { checkEligibility, type Verdict } from './eligibility.js';
import { readAnswers } from './join-form.js';
import { PARTITION, Programme, inProgramme, Registration, type JoinForm } from './model.js';
import { Places, type Claim, type PlaceCollections } from './places.js';

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

/** Holds a place (a seat) rather than waiting for one. */
function holdsPlace(registration: Registration | undefined): registration is Registration & { seat: number } {
  return (registration?.status === 'registered' || registration?.status === 'offered') && registration.seat !== undefined;
}

/**
 * Joining the coaching programme: the eligibility check, the cap with its waiting list, edits,
 * withdrawal, and offers of freed places that pass on if not accepted in time.
 *
 * @remarks
 * Each head writes only their own registration; places and the queue are `Places` (seats
 * created only if absent, tickets from an atomic counter), so nobody's Join fails because
 * others pressed it at the same moment.
 */
export class JoiningService {
  private readonly places: Places;

  constructor(
    private readonly deps: PlaceCollections & {
      programmes: Collection<typeof Programme>;
      outreach: Outreach;
      fanOuts: FanOuts;
      roles: RoleService;
      jobs: Jobs;
      clock: Clock;
    },
    private readonly cards: JoiningCards,
  ) {
    this.places = new Places(deps);
    deps.jobs.register('coaching.offerExpiry', ExpiryPayload, async ({ tenantId, payload }) => {
      const scope = inProgramme(tenantId, payload.programmeId);
      let lapsed: Registration | undefined;
      await deps.registrations.update(scope, `reg:${payload.userId}`, (current) => {
        lapsed = undefined; // the callback runs again after a conflict: only the write that lands counts
        if (!current || current.status !== 'offered' || current.offerExpiresAt !== payload.expiresAt) return undefined;
        lapsed = current;
        return { ...current, status: 'lapsed' };
      });
      if (!lapsed) return;
      const programme = await this.programme(tenantId, payload.programmeId);
      await this.leave(tenantId, programme, lapsed);
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
  async position(tenantId: string, programmeId: string, registration: Registration | undefined): Promise<number> {
    if (registration?.status !== 'waitlisted' || registration.ticket === undefined) return 0;
    return this.places.position(tenantId, programmeId, registration.ticket);
  }

  /** Checks the answers and registers, waitlists or refuses; an edit re-checks and may free a place. */
  async submit(actor: Actor, form: JoinForm): Promise<JoinOutcome> {
    const programme = await this.programme(actor.tenantId, form.programmeId);
    const read = readAnswers(form, programme.fields.phases);
    if (!read.ok) return { kind: 'invalid', errors: read.errors };
    if (programme.status !== 'open') throw new NotFoundError('Groups for this programme are already formed; registrations and changes are closed. Contact ' + programme.fields.contactEmail + '.');
    const verdict = checkEligibility(read.answers, londonDate(this.deps.clock.now()));
    const scope = inProgramme(actor.tenantId, programme.id);
    const id = `reg:${actor.userId}`;
    if (!verdict.eligible) {
      // Nothing is kept about someone who is not eligible; a registered head who edits into
      // ineligibility loses their place, which goes to the waiting list.
      const existing = await this.deps.registrations.get(scope, id);
      if (existing && (await this.deps.registrations.remove(existing))) await this.leave(actor.tenantId, programme, existing.doc);
      return { kind: 'ineligible', verdict, programme };
    }
    const previous = await this.registration(actor, programme.id);
    const claim: Claim | undefined =
      holdsPlace(previous) || (previous?.status === 'waitlisted' && previous.ticket !== undefined)
        ? undefined
        : await this.places.claim(actor.tenantId, programme.id, programme.fields.cap, actor.userId);
    // The registration is the one document this head writes. If a twin click wrote it first,
    // the place it holds wins and this click's claim is given back.
    let loser: Claim | undefined;
    const saved = await this.deps.registrations.update(scope, id, (current) => {
      const base = { userId: actor.userId, name: actor.name, ...read.details, answers: read.answers, failed: [] };
      if (holdsPlace(current)) {
        loser = claim;
        return { ...base, status: current.status, seat: current.seat, ...(current.ticket !== undefined ? { ticket: current.ticket } : {}), ...(current.offerExpiresAt ? { offerExpiresAt: current.offerExpiresAt } : {}) };
      }
      if (current?.status === 'waitlisted' && current.ticket !== undefined && !(claim && 'seat' in claim)) {
        loser = claim;
        return { ...base, status: 'waitlisted', ticket: current.ticket };
      }
      if (!claim) throw new NotFoundError('Your registration changed at the same moment. Please open the card again with coaching join.');
      // A waiting twin is overtaken by this click's seat: its ticket leaves the queue.
      loser = current?.status === 'waitlisted' && current.ticket !== undefined ? { ticket: current.ticket } : undefined;
      return 'seat' in claim ? { ...base, status: 'registered', seat: claim.seat } : { ...base, status: 'waitlisted', ticket: claim.ticket };
    });
    const registration = saved!.doc;
    if (loser) await this.giveBack(actor.tenantId, programme.id, loser, registration);
    // A place may have freed up as this head queued: fill it, and read again only then.
    let now: Registration = registration;
    if (registration.status === 'waitlisted') {
      await this.fill(actor.tenantId, programme);
      now = (await this.registration(actor, programme.id)) ?? registration;
    }
    const kind = now.status === 'offered' ? 'offered' : now.status === 'waitlisted' ? 'waitlisted' : 'registered';
    return { kind, registration: now, position: await this.position(actor.tenantId, programme.id, now), programme };
  }

  async withdraw(actor: Actor, programmeId: string): Promise<Doc<Programme>> {
    const scope = inProgramme(actor.tenantId, programmeId);
    const programme = await this.programme(actor.tenantId, programmeId);
    let before: Registration | undefined;
    await this.deps.registrations.update(scope, `reg:${actor.userId}`, (current) => {
      if (!current || current.status === 'withdrawn') throw new NotFoundError('You are not registered for this programme.');
      before = current;
      const { offerExpiresAt: _expires, seat: _seat, ...rest } = current;
      return { ...rest, status: 'withdrawn' };
    });
    await this.leave(actor.tenantId, programme, before!);
    return programme;
  }

  /**
   * Starts sending the programme's invitation to `people` once each, as a durable job; answers the
   * progress card. Coordinators only.
   */
  async invite(actor: Actor, programme: Doc<Programme>, people: Member[], invitation: Reply, sendId: string): Promise<Reply> {
    await this.deps.roles.require(actor, 'coordinator');
    return this.deps.fanOuts.start(actor, people, invitation, `coaching.invite:${programme.id}`, `the invitation to ${programme.fields.name}`, sendId);
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
   * Erasure: the head's registration goes and what they held goes back through the same path as
   * leaving (a seat to the waiting list, a ticket out of the queue). Safe to run again after a
   * crash at any step: the seat is found by its holder, not from the registration. Answers
   * whether a place was freed.
   */
  async forget(tenantId: string, programmeId: string, userId: string): Promise<{ found: boolean; freed: boolean }> {
    const scope = inProgramme(tenantId, programmeId);
    const programme = await this.programme(tenantId, programmeId);
    // Withdrawn first, so the waiting list cannot offer them a place while the rest goes.
    const registration = await this.deps.registrations.update(scope, `reg:${userId}`, (current) => {
      if (!current || current.status === 'withdrawn') return undefined;
      const { offerExpiresAt: _expires, seat: _seat, ...rest } = current;
      return { ...rest, status: 'withdrawn' };
    });
    const held = await this.deps.seats.first(scope, { where: [{ field: 'userId', op: '=', value: userId }] });
    if (registration?.doc.ticket !== undefined) await this.places.leaveQueue(tenantId, programmeId, registration.doc.ticket);
    if (held) {
      await this.places.releaseSeat(tenantId, programmeId, held.seat, userId);
      await this.fill(tenantId, programme);
    }
    const found = await this.deps.registrations.delete(scope, `reg:${userId}`);
    return { found: found || held !== undefined, freed: held !== undefined };
  }

  /** What a head held before leaving goes back: a seat is freed and offered on, a ticket leaves the queue. */
  private async leave(tenantId: string, programme: Doc<Programme>, before: Registration): Promise<void> {
    if (holdsPlace(before)) {
      await this.places.releaseSeat(tenantId, programme.id, before.seat, before.userId);
      await this.fill(tenantId, programme);
    } else if (before.status === 'waitlisted' && before.ticket !== undefined) {
      await this.places.leaveQueue(tenantId, programme.id, before.ticket);
    }
  }

  /** A claim a twin click made and did not keep. */
  private async giveBack(tenantId: string, programmeId: string, claim: Claim, kept: Registration): Promise<void> {
    if ('seat' in claim) {
      if (kept.seat !== claim.seat) await this.places.releaseSeat(tenantId, programmeId, claim.seat, kept.userId);
    } else if (kept.ticket !== claim.ticket) {
      await this.places.leaveQueue(tenantId, programmeId, claim.ticket);
    }
  }

  /**
   * Offers free places to the waiting list in ticket order. The offered hold their place until
   * they accept or the offer lapses. Safe to run from several instances at once: a seat is
   * claimed for the head of the queue first, and only the write that moves their registration
   * from waiting to offered tells them.
   */
  private async fill(tenantId: string, programme: Doc<Programme>): Promise<void> {
    const scope = inProgramme(tenantId, programme.id);
    for (;;) {
      const head = await this.places.firstWaiting(tenantId, programme.id);
      if (!head) return;
      const seat = await this.places.claimSeat(tenantId, programme.id, programme.fields.cap, head.userId);
      if (seat === undefined) return;
      const expiresAt = new Date(this.deps.clock.now().getTime() + programme.fields.offerDays * 24 * 3600_000).toISOString();
      let offered: Registration | undefined;
      const after = await this.deps.registrations.update(scope, `reg:${head.userId}`, (current) => {
        // The callback runs again after a conflict: only the write that lands offers the place.
        offered = undefined;
        if (!current || current.status !== 'waitlisted') return undefined;
        offered = { ...current, status: 'offered', seat, offerExpiresAt: expiresAt };
        return offered;
      });
      if (!offered) {
        // They left the queue, or another instance offered them this place: not ours to keep.
        if (after?.doc.seat !== seat) await this.places.releaseSeat(tenantId, programme.id, seat, head.userId);
        continue;
      }
      if (offered.ticket !== undefined) await this.places.leaveQueue(tenantId, programme.id, offered.ticket);
      await this.deps.outreach.sendToUser(tenantId, head.userId, this.cards.placeOffered(programme, offered), `coaching.offer:${programme.id}:${expiresAt}`);
      await this.deps.jobs.schedule(tenantId, new Date(expiresAt), 'coaching.offerExpiry', { programmeId: programme.id, userId: head.userId, expiresAt }, `coaching.offerExpiry:${programme.id}:${head.userId}:${expiresAt}`);
    }
  }
}
