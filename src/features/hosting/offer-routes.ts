import { z } from 'zod';
import { showingRefusals } from '../../errors.js';
import { noticeCard } from '../core/view.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';
import type { Hosting } from './index.js';
import { CampaignRef, StepInput, type Campaign } from './model.js';
import type { Doc } from '../../store/collection.js';
import { invitationCard, offerStepCard, offerSummaryCard, questionCard } from './offer-view.js';

const QuestionInput = CampaignRef.extend({ question: z.string().optional().default('') });

/** Heads see a domain refusal (deadline passed, not their offer) as a notice, not an error. */
export const headAction = (work: () => Promise<Reply>): Promise<Reply> =>
  showingRefusals(work, (message) => noticeCard('That did not go through', message, 'attention'));

/** Heads' routes: the invitation's three buttons, the five offer steps, my offer. */
export function registerOfferRoutes(router: FeatureRouter, { campaigns, offers }: Hosting): void {
  const showOffer = async (actor: Actor, campaignId: string): Promise<Reply> => {
    const state = await offers.current(actor, campaignId);
    return state.kind === 'offer' ? offerSummaryCard(state.campaign, state.offer) : offerStepCard(state.campaign, state.draft, state.errors);
  };

  router.command(
    { id: 'hosting.myOffer', feature: 'hosting', usage: 'my offer', summary: 'See, resume, edit or withdraw your offer to host.', pattern: /^my offer$/i, audience: 'everyone', scopes: ['personal'], button: 'My offer' },
    async (actor) => {
      const open = await campaigns.open(actor);
      if (open.length === 0) return noticeCard('No hosting campaign is open', 'There is nothing to offer for at the moment.');
      return showOffer(actor, open[0]!.id);
    },
  );

  router.action(Verbs.hosting.offerInvitation, CampaignRef, async (actor, { campaignId }) => {
    const campaign = await offers.campaign(actor, campaignId);
    return invitationCard(campaign, await offers.invitedLate(actor, campaign));
  });
  router.action(Verbs.hosting.offerStart, CampaignRef, (actor, { campaignId }) =>
    headAction(async () => {
      const state = await offers.start(actor, campaignId);
      return state.kind === 'offer' ? offerSummaryCard(state.campaign, state.offer, 'You have already offered to host: here is your offer.') : offerStepCard(state.campaign, state.draft);
    }),
  );
  router.action(Verbs.hosting.offerStep, StepInput, (actor, input) =>
    headAction(async () => {
      const { campaign, draft, errors } = await offers.step(actor, input.campaignId, input.step, input.go, input);
      return offerStepCard(campaign, draft, errors);
    }),
  );
  router.action(Verbs.hosting.offerSubmit, CampaignRef, (actor, { campaignId }) =>
    headAction(async () => {
      const result = await offers.submit(actor, campaignId);
      if ('draft' in result) return offerStepCard(result.campaign, result.draft, result.errors);
      return offerSummaryCard(result.campaign, result.offer, `${result.updated ? 'Your offer is updated.' : 'Thank you: your offer is submitted.'} ${coordinatorTold(result.campaign, result.told)}`);
    }),
  );
  router.action(Verbs.hosting.offerEdit, CampaignRef, (actor, { campaignId }) =>
    headAction(async () => {
      const { campaign, draft } = await offers.edit(actor, campaignId);
      return offerStepCard(campaign, draft);
    }),
  );
  router.action(Verbs.hosting.offerWithdraw, CampaignRef, (actor, { campaignId }) =>
    headAction(async () => {
      const { campaign, told } = await offers.withdraw(actor, campaignId);
      return noticeCard('Offer withdrawn', `Your offer to host for ${campaign.fields.programme} is withdrawn. ${coordinatorTold(campaign, told)} Type my offer if you change your mind before the deadline.`, 'default', [{ title: 'My offer', command: 'hosting.myOffer' }]);
    }),
  );
  router.action(Verbs.hosting.offerDecline, CampaignRef, (actor, { campaignId }) =>
    headAction(async () => {
      const campaign = await offers.decline(actor, campaignId);
      return noticeCard('Thank you for letting us know', `We have noted that your school cannot host for ${campaign.fields.programme} this time. If that changes before ${campaign.fields.replyDeadline.split('-').reverse().join('/')}, type my offer.`);
    }),
  );
  router.action(Verbs.hosting.questionShow, CampaignRef, async (actor, { campaignId }) => questionCard(await offers.campaign(actor, campaignId)));
  router.action(Verbs.hosting.questionSend, QuestionInput, async (actor, { campaignId, question }) => {
    const campaign = await offers.campaign(actor, campaignId);
    const text = question.trim();
    if (text === '' || text.length > 1000) return questionCard(campaign, { question: text === '' ? 'Type your question.' : 'Keep it under 1,000 characters.' });
    const { told } = await offers.ask(actor, campaignId, text);
    const f = campaign.fields;
    return told
      ? noticeCard('Question sent', `${f.contactName} has your question and will reply to you.`, 'good')
      : noticeCard('Your question could not be delivered', `Headway could not reach the coordinator in Teams, so nothing was sent. Please ask ${f.contactName} directly: ${f.contactEmail}, ${f.contactPhone}.`, 'attention');
  });
}

/** What a head is told about the coordinator's notice: that it went, or whom to tell themselves. */
function coordinatorTold(campaign: Doc<Campaign>, told: boolean): string {
  const f = campaign.fields;
  return told ? 'The coordinator has been told.' : `Headway could not reach the coordinator in Teams: please let ${f.contactName} know (${f.contactEmail}).`;
}
