import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Services } from '../../compose.js';
import type { Coaching } from '../coaching/index.js';
import { coachingCollections } from '../coaching/store.js';
import { hostingCollections } from '../hosting/store.js';
import type { Actor, Outreach, Reply } from '../ports.js';
import { reviewCollections } from '../reviews/store.js';
import { eraseFromCoaching } from './erase-coaching.js';
import { ERASE_JOB, SharedRecords } from './erase-core.js';
import { eraseFromHosting, type KeptOffer } from './erase-hosting.js';
import { eraseFromReviews } from './erase-reviews.js';
import type { ErasedPerson } from './redact.js';
import { Tally } from './tally.js';

const Payload = z.object({
  userId: z.string().min(1),
  teamsId: z.string().optional(),
  name: z.string().optional(),
  /** Where to say it is done: the clicked card, else the chat. */
  conversationId: z.string(),
  activityId: z.string().optional(),
  eraseId: z.string(),
  /** Role grants the click already removed or anonymised, for the report. */
  roleRecords: z.number().int().default(0),
});
type Payload = z.infer<typeof Payload>;

/** How long after the confirm click the erasure starts (see `request`). */
export const ERASE_AFTER_MS = 2_000;

export interface ErasureReport {
  deleted: number;
  anonymised: number;
  offersKept: number;
  /** Whether a coordinator was reached about each offer kept (else the head is asked to tell them). */
  coordinatorsTold: boolean;
  placesFreed: number;
}

export interface ErasureCards {
  /** The clicked card while the job runs. */
  erasing(): Reply;
  /** The clicked card at the end: counts only. */
  erased(report: ErasureReport): Reply;
  /** To each coordinator: a school's offer stays, without its head's name. */
  offerKept(kept: KeptOffer): Reply;
}

export type ErasureDeps = Pick<Services, 'store' | 'clock' | 'jobs' | 'people' | 'roles' | 'refs' | 'deliveries' | 'log' | 'responders'> & { outreach: Outreach; coaching: Pick<Coaching, 'joining' | 'groups'> };

/**
 * `delete my data`: erases everything Headway holds about one person in one tenant, as a durable
 * job. The click gives up the person's roles at once (refused when they are the last
 * coordinator) and answers; the job then walks each programme through its own index, then the
 * records every feature shares, and says on the clicked card what it did, in counts. Every step
 * finds its records afresh, so a crash resumes and a repeated confirm changes nothing more. The
 * job's id is a hash and its payload is emptied when it is done: it keeps nothing of the person.
 */
export class Erasure {
  private readonly shared: SharedRecords;

  constructor(
    private readonly deps: ErasureDeps,
    private readonly cards: ErasureCards,
  ) {
    this.shared = new SharedRecords(deps.store, deps.clock, deps);
    deps.jobs.register(ERASE_JOB, Payload, async ({ tenantId, payload }) => this.run(tenantId, payload), { forgetPayload: true });
  }

  /** The confirm click: roles go now (so the last coordinator is refused before anything else), the rest in the job. */
  async request(actor: Actor, eraseId: string): Promise<Reply> {
    const roles = await this.deps.roles.relinquish(actor.tenantId, actor.userId);
    const known = await this.deps.people.get(actor.tenantId, actor.userId);
    const payload: Payload = {
      userId: actor.userId,
      ...(known?.teamsId ? { teamsId: known.teamsId } : {}),
      name: known?.name ?? actor.name,
      conversationId: actor.conversationId,
      ...(actor.cardActivityId ? { activityId: actor.cardActivityId } : {}),
      eraseId,
      roleRecords: roles.removed + roles.anonymised,
    };
    // Teams sending the click again finds the same job. Confirming again once it is done erases
    // afresh what that click itself recorded (their name and chat): nothing else is left to change.
    let id = `${ERASE_JOB}:${createHash('sha256').update(`${actor.tenantId}\n${actor.userId}\n${eraseId}`).digest('hex').slice(0, 32)}`;
    if ((await this.deps.jobs.get(id))?.status === 'done') id = `${id}:${this.deps.clock.now().getTime()}`;
    // A moment after the click, not at once: Teams puts the click's answer on the card when it
    // arrives, over an update the job may already have made (seen in the Agents Playground).
    await this.deps.jobs.schedule(actor.tenantId, new Date(this.deps.clock.now().getTime() + ERASE_AFTER_MS), ERASE_JOB, payload, id);
    return this.cards.erasing();
  }

  private async run(tenantId: string, payload: Payload): Promise<void> {
    const { store, clock } = this.deps;
    const personal = await this.deps.refs.personal(tenantId, payload.userId);
    const person: ErasedPerson = {
      tenantId,
      userId: payload.userId,
      ...(payload.teamsId ? { teamsId: payload.teamsId } : {}),
      ...(payload.name ? { name: payload.name } : {}),
      ...(personal ? { conversationId: personal.conversationId } : {}),
    };
    const tally = new Tally();
    const roles = await this.deps.roles.relinquish(tenantId, person.userId);
    tally.deleted += roles.removed;
    tally.anonymised += roles.anonymised + payload.roleRecords;
    const kept = await eraseFromHosting(hostingCollections(store, clock), person, tally);
    const placesFreed = await eraseFromCoaching(coachingCollections(store, clock), this.deps.coaching, person, tally);
    await eraseFromReviews(reviewCollections(store, clock), this.deps.responders, person, tally);
    const coordinatorsTold = await this.tellCoordinators(tenantId, kept, payload.eraseId, person.userId);
    await this.shared.eraseWork(person, tally);
    await this.shared.eraseIdentity(person, tally);
    // The report goes to their chat before the chat's own reference goes (counted now: it goes next).
    const report: ErasureReport = { deleted: tally.deleted + (personal ? 1 : 0), anonymised: tally.anonymised, offersKept: kept.length, coordinatorsTold, placesFreed };
    await this.report(tenantId, payload, report);
    await this.shared.forgetChat(person, tally);
    // Counts only: the log never names the person.
    this.deps.log.info({ tenantId, deleted: tally.deleted, anonymised: tally.anonymised, offersKept: kept.length, placesFreed }, 'personal data erased');
  }

  /** Tells the coordinators of each offer kept without its head's name; answers whether each reached at least one. */
  private async tellCoordinators(tenantId: string, kept: KeptOffer[], eraseId: string, erased: string): Promise<boolean> {
    const coordinators = (await this.deps.roles.coordinatorIds(tenantId)).filter((id) => id !== erased);
    let everyOneTold = true;
    for (const offer of kept) {
      let told = false;
      for (const coordinator of coordinators) {
        const outcome = await this.deps.outreach.sendToUser(tenantId, coordinator, this.cards.offerKept(offer), `privacy.offerKept:${offer.offer.id}:${eraseId}`);
        if (outcome === 'sent' || outcome === 'duplicate') told = true;
      }
      everyOneTold &&= told;
    }
    return everyOneTold;
  }

  private async report(tenantId: string, payload: Payload, report: ErasureReport): Promise<void> {
    const reply = this.cards.erased(report);
    if (payload.activityId) {
      const outcome = await this.deps.outreach.update(tenantId, payload.conversationId, payload.activityId, reply);
      if (outcome === 'sent') return;
    }
    await this.deps.outreach.post(tenantId, payload.conversationId, reply, `privacy.erased:${payload.eraseId}`);
  }
}
