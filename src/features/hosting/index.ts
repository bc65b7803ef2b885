import type { Services } from '../../compose.js';
import type { Outreach } from '../ports.js';
import { InviteService } from './invite.js';
import type { FanOuts } from '../fanout.js';
import { AllocationService } from './allocation.js';
import { BriefingService } from './briefing.js';
import { FeedbackService } from './feedback.js';
import { OfferService } from './offers.js';
import { Deadlines } from './deadlines.js';
import { CampaignService } from './service.js';
import { hostingCollections } from './store.js';
import { reminderCard } from './offer-view.js';
import { feedbackCard, feedbackFormCard } from './placement-view.js';
import { coordinatorNoticeCard, statusCard } from './view.js';

export interface Hosting {
  campaigns: CampaignService;
  offers: OfferService;
  invites: InviteService;
  allocation: AllocationService;
  feedback: FeedbackService;
  briefing: BriefingService;
}

/** The hosting feature's services, on the shared store and the Teams layer's Outreach. */
export function createHosting(services: Services, outreach: Outreach, fanOuts: FanOuts): Hosting {
  const { store, clock } = services;
  const collections = hostingCollections(store, clock);
  const { campaigns, offers, invitees, declines } = collections;
  const deadlines = new Deadlines({ ...collections, outreach, fanOuts, jobs: services.jobs, clock });
  deadlines.register({ reminder: reminderCard, closed: statusCard });
  const feedback = new FeedbackService({ ...collections, roles: services.roles, outreach, jobs: services.jobs, clock });
  feedback.register({ request: (campaign, participant) => feedbackFormCard(campaign, participant), delivered: feedbackCard });
  return {
    campaigns: new CampaignService(campaigns, services.roles, clock, { offers, invitees, declines }, (tenantId, campaign) => deadlines.schedule(tenantId, campaign)),
    offers: new OfferService({ ...collections, outreach, clock, notice: coordinatorNoticeCard }),
    allocation: new AllocationService(
      { ...collections, roles: services.roles, people: services.people, outreach, fanOuts, clock },
      (tenantId, campaignId, hosts) => Promise.all(hosts.map((h) => feedback.schedule(tenantId, campaignId, h))).then(() => undefined),
    ),
    feedback,
    briefing: new BriefingService({ ...collections, roles: services.roles, fanOuts }),
    invites: new InviteService({ ...collections, roles: services.roles, people: services.people, refs: services.refs, outreach, fanOuts, clock }),
  };
}
