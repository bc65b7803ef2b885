import type { Collection, Doc, Scope } from '../../store/collection.js';
import { CampaignNotFoundError } from './errors.js';
import { campaignPartition, PARTITION, type Campaign } from './model.js';

/** Where a campaign's own documents live: offers, invitees, participants, feedback... */
export function inCampaign(tenantId: string, campaignId: string): Scope {
  return { tenantId, partition: campaignPartition(campaignId) };
}

/** A tenant's campaign, or undefined. */
export async function maybeCampaign(campaigns: Collection<typeof Campaign>, tenantId: string, campaignId: string): Promise<Doc<Campaign> | undefined> {
  return (await campaigns.get({ tenantId, partition: PARTITION }, campaignId))?.doc;
}

/** A tenant's campaign; CampaignNotFoundError when there is none (or it is another tenant's). */
export async function findCampaign(campaigns: Collection<typeof Campaign>, tenantId: string, campaignId: string): Promise<Doc<Campaign>> {
  const campaign = await maybeCampaign(campaigns, tenantId, campaignId);
  if (!campaign) throw new CampaignNotFoundError();
  return campaign;
}
