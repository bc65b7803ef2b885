import type { Services } from '../../compose.js';
import { Collection } from '../../store/collection.js';
import type { Outreach } from '../router.js';
import { InviteService } from './invite.js';
import { AllocationService } from './allocation.js';
import { BriefingService } from './briefing.js';
import { FeedbackService } from './feedback.js';
import { AllocationDoc, Briefing, BriefingReply, Campaign, Declined, Feedback, HostChecklist, Invitee, Offer, OfferDraft, Participant } from './model.js';
import { OfferService } from './offers.js';
import { Deadlines } from './deadlines.js';
import { CampaignService } from './service.js';
import { reminderCard } from './offer-view.js';
import { feedbackCard, feedbackFormCard } from './placement-view.js';
import { statusCard } from './view.js';

export interface Hosting {
  campaigns: CampaignService;
  offers: OfferService;
  invites: InviteService;
  allocation: AllocationService;
  feedback: FeedbackService;
  briefing: BriefingService;
}

/** The hosting feature's services, on the shared store and the Teams layer's Outreach. */
export function createHosting(services: Services, outreach: Outreach): Hosting {
  const { store, clock } = services;
  const campaigns = new Collection(store, clock, 'hostingCampaign', Campaign);
  const offers = new Collection(store, clock, 'hostingOffer', Offer);
  const drafts = new Collection(store, clock, 'hostingDraft', OfferDraft);
  const invitees = new Collection(store, clock, 'hostingInvitee', Invitee);
  const declines = new Collection(store, clock, 'hostingDeclined', Declined);
  const checklists = new Collection(store, clock, 'hostingChecklist', HostChecklist);
  const participants = new Collection(store, clock, 'hostingParticipant', Participant);
  const allocations = new Collection(store, clock, 'hostingAllocation', AllocationDoc);
  const feedbackDocs = new Collection(store, clock, 'hostingFeedback', Feedback);
  const briefings = new Collection(store, clock, 'hostingBriefing', Briefing);
  const briefingReplies = new Collection(store, clock, 'hostingBriefingReply', BriefingReply);
  const feedback = new FeedbackService({ campaigns, offers, participants, allocations, feedback: feedbackDocs, roles: services.roles, outreach, jobs: services.jobs, clock });
  feedback.register({ request: (campaign, participant) => feedbackFormCard(campaign, participant), delivered: feedbackCard });
  const deadlines = new Deadlines({ campaigns, offers, invitees, declines, outreach, jobs: services.jobs, clock });
  deadlines.register({ reminder: reminderCard, closed: statusCard });
  return {
    campaigns: new CampaignService(campaigns, services.roles, clock, { offers, invitees, declines }, (tenantId, campaign) => deadlines.schedule(tenantId, campaign)),
    offers: new OfferService({ campaigns, drafts, offers, declines, checklists, outreach, clock }),
    allocation: new AllocationService(
      { campaigns, offers, participants, allocations, roles: services.roles, people: services.people, outreach, clock },
      (tenantId, campaignId, hosts) => Promise.all(hosts.map((h) => feedback.schedule(tenantId, campaignId, h))).then(() => undefined),
    ),
    feedback,
    briefing: new BriefingService({ campaigns, offers, briefings, replies: briefingReplies, roles: services.roles, outreach }),
    invites: new InviteService({ campaigns, invitees, roles: services.roles, people: services.people, refs: services.refs, outreach, clock }),
  };
}
