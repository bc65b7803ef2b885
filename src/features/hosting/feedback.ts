import { z } from 'zod';
import type { Clock } from '../../clock.js';
import { ForbiddenError, NotFoundError } from '../../errors.js';
import { tooLong } from '../inputs.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Doc } from '../../store/collection.js';
import { addDays, londonToUtc } from '../../time.js';
import type { RoleService } from '../core/service.js';
import type { Actor, Outreach, Reply } from '../ports.js';
import { Feedback, READINESS, type Campaign, type Offer, type Participant } from './model.js';
import { findCampaign, maybeCampaign, inCampaign, type HostingCollections } from './store.js';

export const FeedbackInput = z.object({
  campaignId: z.string().min(1),
  participantId: z.string().min(1),
  strengths: z.string().optional().default(''),
  areas: z.string().optional().default(''),
  readiness: z.string().optional().default(''),
  comments: z.string().optional().default(''),
});
export type FeedbackInput = z.infer<typeof FeedbackInput>;

export interface FeedbackCards {
  /** To the host: the form for one candidate. */
  request(campaign: Doc<Campaign>, participant: Doc<Participant>, existing?: Feedback): Reply;
  /** To the candidate, privately: their feedback. */
  delivered(campaign: Doc<Campaign>, offer: Doc<Offer>, feedback: Feedback): Reply;
}

const Payload = z.object({ campaignId: z.string(), offerId: z.string() });

/**
 * Feedback on candidates: the day after a host's last offered date, the host gets a card per
 * candidate; what they write goes privately to that candidate. Coordinators see only who has
 * given feedback, not what it says.
 */
export class FeedbackService {
  constructor(
    private readonly deps: HostingCollections & { roles: RoleService; outreach: Outreach; jobs: Jobs; clock: Clock },
  ) {}

  /** 09:00 London the day after the host's last offered date. */
  static requestAt(offer: Offer): string {
    const last = [...offer.dates].sort().at(-1)!;
    return londonToUtc(addDays(last, 1), '09:00').toISOString();
  }

  async schedule(tenantId: string, campaignId: string, offer: Doc<Offer>): Promise<void> {
    const runAt = FeedbackService.requestAt(offer);
    await this.deps.jobs.schedule(tenantId, new Date(runAt), 'hosting.feedback', { campaignId, offerId: offer.id }, `hosting.feedback:${campaignId}:${offer.id}:${runAt}`);
  }

  register(cards: FeedbackCards): void {
    this.deps.jobs.register('hosting.feedback', Payload, async ({ tenantId, payload }) => {
      const scope = inCampaign(tenantId, payload.campaignId);
      const campaign = await maybeCampaign(this.deps.campaigns, tenantId, payload.campaignId);
      const offer = (await this.deps.offers.get(scope, payload.offerId))?.doc;
      if (!campaign || !offer || offer.status !== 'offered' || offer.headUserId === '') return; // no head: they deleted their data
      for (const participant of await this.candidates(tenantId, payload.campaignId, offer.id)) {
        await this.deps.outreach.sendToUser(tenantId, offer.headUserId, cards.request(campaign, participant), `hosting.feedback:${campaign.id}:${participant.id}`);
      }
    });
  }

  /** Saves (or replaces) the host's feedback on a candidate and passes it to the candidate. */
  async submit(actor: Actor, input: FeedbackInput, cards: FeedbackCards): Promise<{ errors: Record<string, string>; feedback?: Feedback; participant: Doc<Participant>; campaign: Doc<Campaign>; toldCandidate: boolean }> {
    const scope = inCampaign(actor.tenantId, input.campaignId);
    const campaign = await findCampaign(this.deps.campaigns, actor.tenantId, input.campaignId);
    const participant = (await this.deps.participants.get(scope, input.participantId))?.doc;
    const allocation = (await this.deps.allocations.get(scope, 'allocation'))?.doc;
    const offerId = participant && allocation?.status === 'confirmed' ? allocation.placements[participant.id] : undefined;
    const offer = offerId ? (await this.deps.offers.get(scope, offerId))?.doc : undefined;
    if (!participant || !offer) throw new NotFoundError('That candidate is not placed with a host any more. Nothing was saved.');
    if (offer.headUserId !== actor.userId) throw new ForbiddenError('Only the candidate’s host can give this feedback. Nothing was saved.');
    const errors: Record<string, string> = {};
    const strengths = input.strengths.trim();
    const areas = input.areas.trim();
    if (strengths === '') errors.strengths = 'Describe the candidate’s strengths.';
    if (areas === '') errors.areas = 'Describe at least one area to develop.';
    if (!(READINESS as readonly string[]).includes(input.readiness)) errors.readiness = 'Choose how ready they are for the role.';
    for (const [field, value] of [['strengths', strengths], ['areas', areas], ['comments', input.comments]] as const) {
      if (value.length > 2000) errors[field] = tooLong('this', 2000);
    }
    if (Object.keys(errors).length > 0) return { errors, participant, campaign, toldCandidate: false };
    const saved = await this.deps.feedback.update(scope, `feedback:${participant.id}`, (current) => ({
      participantId: participant.id,
      offerId: offer.id,
      strengths,
      areas,
      readiness: input.readiness as Feedback['readiness'],
      comments: input.comments.trim(),
      byUserId: actor.userId,
      version: (current?.version ?? 0) + 1,
    }));
    const feedback = saved!.doc;
    let toldCandidate = false;
    if (participant.userId) {
      const outcome = await this.deps.outreach.sendToUser(actor.tenantId, participant.userId, cards.delivered(campaign, offer, feedback), `hosting.feedbackFor:${campaign.id}:${participant.id}:v${feedback.version}`);
      toldCandidate = outcome === 'sent' || outcome === 'duplicate';
    }
    return { errors: {}, feedback, participant, campaign, toldCandidate };
  }

  /** For coordinators: per host, how many of their candidates have feedback. */
  async progress(actor: Actor, campaignId: string): Promise<{ campaign: Doc<Campaign>; hosts: { school: string; head: string; given: number; expected: number }[] }> {
    await this.deps.roles.require(actor, 'coordinator');
    const campaign = await findCampaign(this.deps.campaigns, actor.tenantId, campaignId);
    const scope = inCampaign(actor.tenantId, campaignId);
    const [allocation, offers, feedback] = await Promise.all([this.deps.allocations.get(scope, 'allocation'), this.deps.offers.all(scope), this.deps.feedback.all(scope)]);
    const placements = allocation?.doc.status === 'confirmed' ? allocation.doc.placements : {};
    const given = new Set(feedback.map((f) => f.participantId));
    const hosts = offers
      .filter((o) => o.status === 'offered')
      .map((o) => {
        const placed = Object.entries(placements).filter(([, hostId]) => hostId === o.id).map(([pid]) => pid);
        return { school: o.school, head: o.headName, given: placed.filter((p) => given.has(p)).length, expected: placed.length };
      })
      .filter((h) => h.expected > 0);
    return { campaign, hosts };
  }

  private async candidates(tenantId: string, campaignId: string, offerId: string): Promise<Doc<Participant>[]> {
    const scope = inCampaign(tenantId, campaignId);
    const allocation = (await this.deps.allocations.get(scope, 'allocation'))?.doc;
    if (!allocation || allocation.status !== 'confirmed') return [];
    return (await this.deps.participants.all(scope)).filter((p) => allocation.placements[p.id] === offerId);
  }
}
