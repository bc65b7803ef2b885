import type { Services } from '../../compose.js';
import { NotFoundError } from '../../errors.js';
import { matchesName } from '../core/people.js';
import { PARTITION } from '../hosting/model.js';
import { hostingCollections, inCampaign, type HostingCollections } from '../hosting/store.js';
import type { Actor } from '../ports.js';
import { SharedRecords } from './erase-core.js';
import { forgetParticipant } from './erase-hosting.js';
import { Tally } from './tally.js';

/** A hosting participant a coordinator found for a request: someone entered by hand, who may not be in Teams. */
export interface FoundParticipant {
  campaignId: string;
  campaign: string;
  participantId: string;
  name: string;
  email: string;
  ownSchool: string;
}

/** The most matches a search shows: a request names one person, so more means "be more precise". */
const MAX_FOUND = 10;

/**
 * Requests a coordinator handles for people who are not in Teams (hosting participants entered by
 * hand): find them by name or e-mail in this tenant's campaigns, export what is held about them,
 * erase it. Coordinators only, and only ever within their own tenant.
 */
export class ParticipantRequests {
  private readonly hosting: HostingCollections;
  private readonly shared: SharedRecords;

  constructor(private readonly deps: Pick<Services, 'store' | 'clock' | 'roles' | 'people' | 'refs' | 'deliveries'>) {
    this.hosting = hostingCollections(deps.store, deps.clock);
    this.shared = new SharedRecords(deps.store, deps.clock, deps);
  }

  /** Participants whose e-mail is `text`, or whose name has a word starting with each word of it. */
  async find(actor: Actor, text: string): Promise<FoundParticipant[]> {
    await this.deps.roles.require(actor, 'coordinator');
    const wanted = text.trim().toLowerCase();
    if (wanted === '') return [];
    const found: FoundParticipant[] = [];
    for (const campaign of await this.hosting.campaigns.all({ tenantId: actor.tenantId, partition: PARTITION }, { orderBy: [{ field: 'createdAt', direction: 'desc' }] })) {
      for (const p of await this.hosting.participants.all(inCampaign(actor.tenantId, campaign.id), { orderBy: [{ field: 'name' }] })) {
        if (p.email.toLowerCase() !== wanted && !matchesName(p.name, text)) continue;
        found.push({ campaignId: campaign.id, campaign: `${campaign.fields.programme} · ${campaign.fields.cohort}`, participantId: p.id, name: p.name, email: p.email, ownSchool: p.ownSchool });
      }
    }
    return found.slice(0, MAX_FOUND);
  }

  /** One participant, or NotFoundError (already erased, or another tenant's). */
  async get(actor: Actor, campaignId: string, participantId: string): Promise<FoundParticipant> {
    await this.deps.roles.require(actor, 'coordinator');
    return this.read(actor.tenantId, campaignId, participantId);
  }

  /** Everything held about the participant in that campaign, as JSON (the signed link is the permission). */
  async exportOf(tenantId: string, campaignId: string, participantId: string): Promise<string> {
    const found = await this.read(tenantId, campaignId, participantId);
    const scope = inCampaign(tenantId, campaignId);
    const [feedback, allocation] = await Promise.all([
      this.hosting.feedback.all(scope, { where: [{ field: 'participantId', op: '=', value: participantId }] }),
      this.hosting.allocations.get(scope, 'allocation'),
    ]);
    const placedAt = allocation?.doc.placements[participantId];
    const school = placedAt ? (await this.hosting.offers.get(scope, placedAt))?.doc.school : undefined;
    return JSON.stringify(
      {
        exportedAt: this.deps.clock.now().toISOString(),
        tenantId,
        participant: { campaign: found.campaign, name: found.name, email: found.email, ownSchool: found.ownSchool, ...(school ? { placedAt: school, placement: allocation!.doc.status } : {}) },
        feedbackAboutThem: feedback.map((f) => ({ strengths: f.strengths, areas: f.areas, readiness: f.readiness, comments: f.comments, at: f.updatedAt })),
      },
      null,
      2,
    );
  }

  /**
   * Erases the participant: their record, placement and the feedback about them, and their name
   * and e-mail from sending records (a host's candidates card). Answers the counts; running it
   * again finds nothing.
   */
  async erase(actor: Actor, campaignId: string, participantId: string): Promise<{ name: string; tally: Tally }> {
    const found = await this.get(actor, campaignId, participantId);
    const tally = new Tally();
    await forgetParticipant(this.hosting, actor.tenantId, campaignId, participantId, tally);
    await this.shared.eraseWork({ tenantId: actor.tenantId, userId: participantId, name: found.name, email: found.email }, tally);
    return { name: found.name, tally };
  }

  private async read(tenantId: string, campaignId: string, participantId: string): Promise<FoundParticipant> {
    const campaign = (await this.hosting.campaigns.get({ tenantId, partition: PARTITION }, campaignId))?.doc;
    const p = campaign && (await this.hosting.participants.get(inCampaign(tenantId, campaignId), participantId))?.doc;
    if (!campaign || !p) throw new NotFoundError('That participant is no longer held: their data may already have been deleted. Nothing was changed.');
    return { campaignId, campaign: `${campaign.fields.programme} · ${campaign.fields.cohort}`, participantId, name: p.name, email: p.email, ownSchool: p.ownSchool };
  }
}
