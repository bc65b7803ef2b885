import { z } from 'zod';
import type { Clock } from '../../clock.js';
import type { Jobs } from '../../jobs/jobs.js';
import type { Doc } from '../../store/collection.js';
import { addDays, londonToUtc } from '../../time.js';
import type { FanOuts } from '../fanout.js';
import type { Outreach, Reply } from '../ports.js';
import { PARTITION, type Campaign } from './model.js';
import { maybeCampaign, inCampaign, type HostingCollections } from './store.js';
import { campaignStatus, type CampaignStatus } from './status.js';

const ReminderPayload = z.object({ campaignId: z.string(), runAt: z.string() });
const ClosePayload = z.object({ campaignId: z.string(), closesAt: z.string() });

export interface DeadlineCards {
  reminder(campaign: Doc<Campaign>): Reply;
  closed(campaign: Doc<Campaign>, status: CampaignStatus): Reply;
}

/**
 * The campaign's timed steps as durable jobs: a reminder to heads who have not answered
 * (09:00 London, N days before the deadline; each person at most once), and the close at the
 * deadline with a summary to the coordinator. Editing the deadline schedules new jobs; a job whose
 * time no longer matches the campaign does nothing.
 */
export class Deadlines {
  constructor(
    private readonly deps: HostingCollections & { outreach: Outreach; fanOuts: FanOuts; jobs: Jobs; clock: Clock },
  ) {}

  static reminderAt(campaign: Campaign): string | undefined {
    const days = campaign.fields.reminderDaysBefore;
    return days > 0 ? londonToUtc(addDays(campaign.fields.replyDeadline, -days), '09:00').toISOString() : undefined;
  }

  async schedule(tenantId: string, campaign: Doc<Campaign>): Promise<void> {
    const now = this.deps.clock.now().toISOString();
    const runAt = Deadlines.reminderAt(campaign);
    if (runAt && runAt > now) {
      await this.deps.jobs.schedule(tenantId, new Date(runAt), 'hosting.reminder', { campaignId: campaign.id, runAt }, `hosting.reminder:${campaign.id}:${runAt}`);
    }
    await this.deps.jobs.schedule(tenantId, new Date(campaign.closesAt), 'hosting.close', { campaignId: campaign.id, closesAt: campaign.closesAt }, `hosting.close:${campaign.id}:${campaign.closesAt}`);
  }

  register(cards: DeadlineCards): void {
    this.deps.jobs.register('hosting.reminder', ReminderPayload, async ({ tenantId, payload }) => {
      const campaign = await this.campaign(tenantId, payload.campaignId);
      if (!campaign || campaign.status !== 'open' || Deadlines.reminderAt(campaign) !== payload.runAt) return;
      const { waiting } = await this.status(tenantId, campaign);
      if (waiting.length > 0) await this.deps.fanOuts.enqueue(tenantId, [{ key: `hosting.reminder:${campaign.id}`, reply: cards.reminder(campaign), people: waiting }], 'the reply-deadline reminder', `hosting.reminder:${campaign.id}`);
    });
    this.deps.jobs.register('hosting.close', ClosePayload, async ({ tenantId, payload }) => {
      const campaign = await this.campaign(tenantId, payload.campaignId);
      if (!campaign || campaign.closesAt !== payload.closesAt) return;
      if (campaign.status === 'open') {
        await this.deps.campaigns.update({ tenantId, partition: PARTITION }, campaign.id, (current) =>
          current && current.status === 'open' ? { ...current, status: 'closed', closedAt: this.deps.clock.now().toISOString() } : undefined,
        );
      }
      const closed = (await this.campaign(tenantId, campaign.id))!;
      await this.deps.outreach.sendToUser(tenantId, closed.createdBy, cards.closed(closed, await this.status(tenantId, closed)), `hosting.closed:${campaign.id}`);
    });
  }

  private async campaign(tenantId: string, campaignId: string): Promise<Doc<Campaign> | undefined> {
    return maybeCampaign(this.deps.campaigns, tenantId, campaignId);
  }

  private async status(tenantId: string, campaign: Doc<Campaign>): Promise<CampaignStatus> {
    const scope = inCampaign(tenantId, campaign.id);
    const [offers, invitees, declines] = await Promise.all([this.deps.offers.all(scope), this.deps.invitees.all(scope), this.deps.declines.all(scope)]);
    return campaignStatus(campaign, offers, invitees, declines);
  }
}
