import type { Clock } from '../../clock.js';
import { Collection, type Doc, type Scope } from '../../store/collection.js';
import type { DocumentStore } from '../../store/port.js';
import { CampaignNotFoundError } from './errors.js';
import {
  AllocationDoc,
  Briefing,
  BriefingReply,
  Campaign,
  campaignPartition,
  Declined,
  Feedback,
  HostChecklist,
  Invitee,
  Offer,
  OfferDraft,
  Participant,
  PARTITION,
} from './model.js';

/** Every hosting document type, as typed collections on the shared store. */
export interface HostingCollections {
  campaigns: Collection<typeof Campaign>;
  offers: Collection<typeof Offer>;
  drafts: Collection<typeof OfferDraft>;
  invitees: Collection<typeof Invitee>;
  declines: Collection<typeof Declined>;
  checklists: Collection<typeof HostChecklist>;
  participants: Collection<typeof Participant>;
  allocations: Collection<typeof AllocationDoc>;
  feedback: Collection<typeof Feedback>;
  briefings: Collection<typeof Briefing>;
  briefingReplies: Collection<typeof BriefingReply>;
}

export function hostingCollections(store: DocumentStore, clock: Clock): HostingCollections {
  return {
    campaigns: new Collection(store, clock, 'hostingCampaign', Campaign),
    offers: new Collection(store, clock, 'hostingOffer', Offer),
    drafts: new Collection(store, clock, 'hostingDraft', OfferDraft),
    invitees: new Collection(store, clock, 'hostingInvitee', Invitee),
    declines: new Collection(store, clock, 'hostingDeclined', Declined),
    checklists: new Collection(store, clock, 'hostingChecklist', HostChecklist),
    participants: new Collection(store, clock, 'hostingParticipant', Participant),
    allocations: new Collection(store, clock, 'hostingAllocation', AllocationDoc),
    feedback: new Collection(store, clock, 'hostingFeedback', Feedback),
    briefings: new Collection(store, clock, 'hostingBriefing', Briefing),
    briefingReplies: new Collection(store, clock, 'hostingBriefingReply', BriefingReply),
  };
}

/** Where a campaign's own documents live: offers, invitees, participants, feedback... */
export function inCampaign(tenantId: string, campaignId: string): Scope {
  return { tenantId, partition: campaignPartition(campaignId) };
}

/** A tenant's campaign, or undefined. */
export async function maybeCampaign(campaigns: HostingCollections['campaigns'], tenantId: string, campaignId: string): Promise<Doc<Campaign> | undefined> {
  return (await campaigns.get({ tenantId, partition: PARTITION }, campaignId))?.doc;
}

/** A tenant's campaign; CampaignNotFoundError when there is none (or it is another tenant's). */
export async function findCampaign(campaigns: HostingCollections['campaigns'], tenantId: string, campaignId: string): Promise<Doc<Campaign>> {
  const campaign = await maybeCampaign(campaigns, tenantId, campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  return campaign;
}
