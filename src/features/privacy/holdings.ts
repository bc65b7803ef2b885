import type { Clock } from '../../clock.js';
import type { Doc } from '../../store/collection.js';
import type { DocumentStore } from '../../store/port.js';
import { PARTITION as COACHING, type Programme, type Registration, inProgramme } from '../coaching/model.js';
import { coachingCollections, type CoachingCollections } from '../coaching/store.js';
import type { PeopleDirectory } from '../core/people.js';
import type { RoleService } from '../core/service.js';
import { PARTITION as HOSTING } from '../hosting/model.js';
import { hostingCollections, inCampaign, type HostingCollections } from '../hosting/store.js';
import { PARTITION as REVIEWS, inReview } from '../reviews/model.js';
import { reviewCollections, type ReviewCollections } from '../reviews/store.js';

/**
 * Everything Headway holds about one person in one tenant, read programme by programme through
 * each programme's own index (never a cross-partition scan) and cut to what is theirs: a group
 * is its phase and size, not the other members; a review is its framework and their own answers.
 */
export interface Holdings {
  person: { userId: string; name: string } | undefined;
  roles: string[];
  hosting: HostingHolding[];
  coaching: CoachingHolding[];
  reviews: ReviewHolding[];
}

export interface HostingHolding {
  campaign: string;
  invited?: { invitedAt: string };
  declined?: { at: string };
  draft?: { school: string; step: number; panel: { name: string; role: string }[] };
  offers: { school: string; phase: string; places: number; dates: string[]; panel: { name: string; role: string }[]; status: string; submittedAt: string }[];
  briefingReply?: { attending: boolean };
  asParticipant?: { name: string; email: string; ownSchool: string; phase: string; placedAt?: string };
  feedbackAboutYou: { strengths: string; areas: string; readiness: string; comments: string; at: string }[];
  feedbackYouWrote: number;
}

export interface CoachingHolding {
  programme: string;
  registration?: Omit<Registration, 'failed'> & { registeredAt: string; failed: string[] };
  place?: number;
  group?: { phase: string; size: number; facilitated: boolean };
  rsvps: { session: string; response: string; reason: string }[];
  attended: string[];
}

export interface ReviewHolding {
  review: string;
  startedAt: string;
  status: string;
  lead: boolean;
  /** Answers are listed for named reviews only: an anonymous review's answers are tied to nobody. */
  answers: { themeId: string; statementId: string; value: string; comment: string }[];
  /** Actions in the review's plan that they own. */
  actions: { what: string; due: string; status: string; note: string }[];
}

export interface HoldingsDeps {
  store: DocumentStore;
  clock: Clock;
  people: PeopleDirectory;
  roles: RoleService;
}

export class PersonalData {
  private readonly hosting: HostingCollections;
  private readonly coaching: CoachingCollections;
  private readonly reviews: ReviewCollections;

  constructor(private readonly deps: HoldingsDeps) {
    const { store, clock } = deps;
    this.hosting = hostingCollections(store, clock);
    this.coaching = coachingCollections(store, clock);
    this.reviews = reviewCollections(store, clock);
  }

  async exportOf(tenantId: string, userId: string): Promise<string> {
    const held = await this.of(tenantId, userId);
    return JSON.stringify({ exportedAt: this.deps.clock.now().toISOString(), tenantId, userId, ...held }, null, 2);
  }

  async of(tenantId: string, userId: string): Promise<Holdings> {
    const [person, roles, hosting, coaching, reviews] = await Promise.all([
      this.deps.people.get(tenantId, userId),
      this.deps.roles.rolesOf(tenantId, userId),
      this.hostingOf(tenantId, userId),
      this.coachingOf(tenantId, userId),
      this.reviewsOf(tenantId, userId),
    ]);
    return {
      person: person ? { userId: person.userId, name: person.name } : undefined,
      roles: [...roles].sort(),
      hosting,
      coaching,
      reviews,
    };
  }

  private async hostingOf(tenantId: string, userId: string): Promise<HostingHolding[]> {
    const c = this.hosting;
    const campaigns = await c.campaigns.all({ tenantId, partition: HOSTING }, { orderBy: [{ field: 'createdAt', direction: 'desc' }] });
    const held = await Promise.all(
      campaigns.map(async (campaign): Promise<HostingHolding> => {
        const scope = inCampaign(tenantId, campaign.id);
        const [invited, declined, draft, offers, reply, participant, written, allocation] = await Promise.all([
          c.invitees.get(scope, `invitee:${userId}`),
          c.declines.get(scope, `declined:${userId}`),
          c.drafts.get(scope, `draft:${userId}`),
          c.offers.all(scope, { where: [{ field: 'headUserId', op: '=', value: userId }] }),
          c.briefingReplies.get(scope, `briefingReply:${userId}`),
          c.participants.first(scope, { where: [{ field: 'userId', op: '=', value: userId }] }),
          c.feedback.all(scope, { where: [{ field: 'byUserId', op: '=', value: userId }] }),
          c.allocations.get(scope, 'allocation'),
        ]);
        const about = participant ? await c.feedback.all(scope, { where: [{ field: 'participantId', op: '=', value: participant.id }] }) : [];
        const placedAt = participant && allocation?.doc.status === 'confirmed' ? allocation.doc.placements[participant.id] : undefined;
        const placedSchool = placedAt ? (await c.offers.get(scope, placedAt))?.doc.school : undefined;
        return {
          campaign: `${campaign.fields.programme} · ${campaign.fields.cohort}`,
          ...(invited ? { invited: { invitedAt: invited.doc.invitedAt } } : {}),
          ...(declined ? { declined: { at: declined.doc.at } } : {}),
          ...(draft ? { draft: { school: draft.doc.school, step: draft.doc.step, panel: draft.doc.panel } } : {}),
          offers: offers.map((o) => ({ school: o.school, phase: o.phase, places: o.places, dates: o.dates, panel: o.panel, status: o.status, submittedAt: o.submittedAt })),
          ...(reply ? { briefingReply: { attending: reply.doc.attending } } : {}),
          ...(participant
            ? { asParticipant: { name: participant.name, email: participant.email, ownSchool: participant.ownSchool, phase: participant.phase, ...(placedSchool ? { placedAt: placedSchool } : {}) } }
            : {}),
          feedbackAboutYou: about.map((f) => ({ strengths: f.strengths, areas: f.areas, readiness: f.readiness, comments: f.comments, at: f.updatedAt })),
          feedbackYouWrote: written.length,
        };
      }),
    );
    return held.filter(holdsAnything);
  }

  private async coachingOf(tenantId: string, userId: string): Promise<CoachingHolding[]> {
    const c = this.coaching;
    const programmes = await c.programmes.all({ tenantId, partition: COACHING }, { orderBy: [{ field: 'createdAt', direction: 'desc' }] });
    const held = await Promise.all(
      programmes.map(async (programme: Doc<Programme>): Promise<CoachingHolding> => {
        const scope = inProgramme(tenantId, programme.id);
        const [registration, seat, grouping, rsvps, attendance, sessions] = await Promise.all([
          c.registrations.get(scope, `reg:${userId}`),
          c.seats.first(scope, { where: [{ field: 'userId', op: '=', value: userId }] }),
          c.groupings.get(scope, 'grouping'),
          c.rsvps.all(scope, { where: [{ field: 'userId', op: '=', value: userId }] }),
          c.attendance.all(scope, { where: [{ field: 'attended', op: 'contains', value: userId }] }),
          c.sessions.all(scope),
        ]);
        const group = grouping?.doc.status === 'confirmed' ? grouping.doc.groups.find((g) => g.members.includes(userId)) : undefined;
        const sessionName = (sessionId: string) => {
          const s = sessions.find((x) => x.id === sessionId);
          return s ? `Session ${s.index} on ${s.date} at ${s.time}` : 'A session';
        };
        const r = registration?.doc;
        return {
          programme: programme.fields.name,
          ...(r
            ? {
                registration: {
                  userId: r.userId, name: r.name, answers: r.answers, phase: r.phase, authority: r.authority, region: r.region, school: r.school, email: r.email, status: r.status,
                  failed: r.failed.map((f) => f.reason), registeredAt: r.createdAt,
                  ...(r.offerExpiresAt ? { offerExpiresAt: r.offerExpiresAt } : {}), ...(r.seat !== undefined ? { seat: r.seat } : {}), ...(r.ticket !== undefined ? { ticket: r.ticket } : {}),
                },
              }
            : {}),
          ...(seat ? { place: seat.seat } : {}),
          ...(group ? { group: { phase: group.phase, size: group.members.length, facilitated: group.facilitatorId !== undefined } } : {}),
          rsvps: rsvps.map((x) => ({ session: sessionName(x.sessionId), response: x.response, reason: x.reason })),
          attended: attendance.map((a) => sessionName(a.sessionId)),
        };
      }),
    );
    return held.filter(holdsAnything);
  }

  private async reviewsOf(tenantId: string, userId: string): Promise<ReviewHolding[]> {
    const all = await this.reviews.reviews.all({ tenantId, partition: REVIEWS }, { orderBy: [{ field: 'createdAt', direction: 'desc' }] });
    const owned = new Map(await Promise.all(all.map(async (r) => [r.id, await this.reviews.actions.all(inReview(tenantId, r.id), { where: [{ field: 'ownerId', op: '=', value: userId }] })] as const)));
    const theirs = all.filter((r) => r.leadUserId === userId || r.memberIds.includes(userId) || (owned.get(r.id) ?? []).length > 0);
    return Promise.all(
      theirs.map(async (review): Promise<ReviewHolding> => {
        const answers = review.anonymous
          ? []
          : await this.reviews.answers.all(inReview(tenantId, review.id), { where: [{ field: 'responder', op: '=', value: userId }] });
        const actions = (owned.get(review.id) ?? []).map((a) => ({ what: a.what, due: a.due, status: a.status, note: a.note }));
        return {
          review: review.frameworkId,
          startedAt: review.createdAt,
          status: review.status,
          lead: review.leadUserId === userId,
          answers: answers.map((a) => ({ themeId: a.themeId, statementId: a.statementId, value: a.value, comment: a.comment })),
          actions,
        };
      }),
    );
  }
}

/** A programme appears in someone's data only when it holds something of theirs. */
function holdsAnything(held: HostingHolding | CoachingHolding): boolean {
  return Object.entries(held).some(([key, value]) => key !== 'campaign' && key !== 'programme' && (Array.isArray(value) ? value.length > 0 : typeof value === 'number' ? value > 0 : value !== undefined));
}
