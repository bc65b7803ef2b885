import { z } from 'zod';
import { DomainError, ForbiddenError, NotFoundError } from '../../errors.js';
import { noticeCard } from '../core/view.js';
import type { Actor, FeatureRouter, Reply } from '../router.js';
import { Verbs } from '../verbs.js';
import { CampaignFormError } from './errors.js';
import type { Hosting } from './index.js';
import { BriefingInput } from './briefing.js';
import { FeedbackInput } from './feedback.js';
import { CampaignForm, CampaignRef, StepInput, type Feedback } from './model.js';
import {
  allocationCard,
  briefingCard,
  briefingFormCard,
  feedbackCard,
  feedbackFormCard,
  feedbackProgressCard,
  campaignCard,
  HOST_CHECKLIST,
  hostCandidatesCard,
  participantsCard,
  placementCard,
  campaignFormCard,
  campaignsCard,
  invitationCard,
  inviteCard,
  offerStepCard,
  offerSummaryCard,
  questionCard,
  statusCard,
} from './view.js';

const InviteInput = CampaignRef.extend({
  teamId: z.string().optional().default(''),
  // A multi-select ChoiceSet sends "id1,id2".
  userIds: z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter((s) => s.trim() !== '') : (v ?? [])), z.array(z.string())),
});
const QuestionInput = CampaignRef.extend({ question: z.string().optional().default('') });

/** Hosting's commands and card verbs: translation only, the rules live in the services. */
export function registerHostingRoutes(router: FeatureRouter, hosting: Hosting): void {
  const { campaigns, offers, invites, allocation, feedback, briefing } = hosting;

  const showStatus = async (actor: Actor, campaignId: string): Promise<Reply> => {
    const { campaign, status } = await campaigns.status(actor, campaignId);
    return statusCard(campaign, status, await router.link(actor.tenantId, 'hosting-offers', { campaignId }));
  };
  router.file('hosting-offers', (tenantId, params) => campaigns.exportOffers(tenantId, params.campaignId ?? ''));
  const latestOrHint = async (actor: Actor) => {
    const latest = await campaigns.latest(actor);
    if (!latest) throw new NotFoundError('There is no hosting campaign yet. Type hosting new to start one.');
    return latest;
  };
  const showOffer = async (actor: Actor, campaignId: string): Promise<Reply> => {
    const state = await offers.current(actor, campaignId);
    return state.kind === 'offer' ? offerSummaryCard(state.campaign, state.offer) : offerStepCard(state.campaign, state.draft, state.errors);
  };

  router.command(
    { id: 'hosting.new', feature: 'hosting', usage: 'hosting new', summary: 'Start a campaign asking heads to host mock interviews.', pattern: /^hosting new$/i, audience: 'coordinator', scopes: ['personal'] },
    async (actor) => campaignFormCard(await campaigns.form(actor)),
  );
  router.command(
    { id: 'hosting.campaigns', feature: 'hosting', usage: 'hosting campaigns', summary: 'List hosting campaigns.', pattern: /^hosting( campaigns)?$/i, audience: 'coordinator', scopes: ['personal'] },
    async (actor) => campaignsCard(await campaigns.list(actor)),
  );
  router.command(
    { id: 'hosting.status', feature: 'hosting', usage: 'hosting status', summary: 'Offers against targets, and who has answered.', pattern: /^hosting status$/i, audience: 'coordinator', scopes: ['personal'] },
    async (actor) => showStatus(actor, (await latestOrHint(actor)).id),
  );
  router.command(
    { id: 'hosting.myOffer', feature: 'hosting', usage: 'my offer', summary: 'See, resume, edit or withdraw your offer to host.', pattern: /^my offer$/i, audience: 'everyone', scopes: ['personal'] },
    async (actor) => {
      const open = await campaigns.open(actor);
      if (open.length === 0) return noticeCard('No hosting campaign is open', 'There is nothing to offer for at the moment.');
      return showOffer(actor, open[0]!.id);
    },
  );

  router.action(Verbs.hosting.campaignNew, z.object({}).passthrough(), async (actor) => campaignFormCard(await campaigns.form(actor)));
  router.action(Verbs.hosting.campaignEdit, CampaignRef, async (actor, { campaignId }) => campaignFormCard(await campaigns.form(actor, campaignId), { campaignId }));
  router.action(Verbs.hosting.campaignShow, CampaignRef, async (actor, { campaignId }) => {
    await campaigns.form(actor); // coordinators only
    return campaignCard(await campaigns.get(actor, campaignId));
  });
  router.action(Verbs.hosting.campaignSave, CampaignForm.extend({ campaignId: z.string().optional().default('') }), async (actor, input) => {
    const { campaignId, ...form } = input;
    try {
      const saved = campaignId ? await campaigns.update(actor, campaignId, form) : await campaigns.create(actor, form);
      return campaignCard(saved, campaignId ? 'Changes saved.' : 'Campaign created. Next, invite heads.');
    } catch (error) {
      if (error instanceof CampaignFormError) return campaignFormCard(form, { ...(campaignId ? { campaignId } : {}), errors: error.fieldErrors });
      throw error;
    }
  });

  router.action(Verbs.hosting.inviteShow, CampaignRef, async (actor, { campaignId }) => {
    const { campaign, teams, people, invitedCount } = await invites.options(actor, campaignId);
    return inviteCard(campaign, teams, people, invitedCount);
  });
  router.action(Verbs.hosting.inviteSend, InviteInput, async (actor, input) => {
    const result = await invites.invite(actor, input.campaignId, { ...(input.teamId ? { teamId: input.teamId } : {}), userIds: input.userIds }, invitationCard);
    const { campaign, teams, people, invitedCount } = await invites.options(actor, input.campaignId);
    const parts = [`Sent to ${result.sent}.`];
    if (result.skipped > 0) parts.push(`${result.skipped} already had it.`);
    if (result.noConversation + result.gone > 0) parts.push(`${result.noConversation + result.gone} could not be reached in Teams.`);
    if (result.failed > 0) parts.push(`${result.failed} failed; send again to retry them.`);
    return inviteCard(campaign, teams, people, invitedCount, parts.join(' '));
  });
  router.action(Verbs.hosting.statusShow, CampaignRef, async (actor, { campaignId }) => showStatus(actor, campaignId));

  /** Heads see a domain refusal (deadline passed, not their offer) as a notice, not an error. */
  const headAction = async (actor: Actor, work: () => Promise<Reply>): Promise<Reply> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && !(error instanceof ForbiddenError)) return noticeCard('That did not go through', error.userMessage, 'attention');
      throw error;
    }
  };

  // Participants and allocation (coordinators)
  const showParticipants = async (actor: Actor, campaignId: string, options: Parameters<typeof participantsCard>[2] = {}): Promise<Reply> => {
    const view = await allocation.view(actor, campaignId);
    return participantsCard(view.campaign, view.participants, options);
  };
  const onAllocation = async (actor: Actor, campaignId: string, work: () => Promise<Reply>): Promise<Reply> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DomainError && !(error instanceof ForbiddenError)) return allocationCard(await allocation.view(actor, campaignId), error.userMessage, 'attention');
      throw error;
    }
  };
  router.command(
    { id: 'hosting.participants', feature: 'hosting', usage: 'hosting participants', summary: 'Enter participants, propose and confirm their allocation to hosts.', pattern: /^hosting (participants|allocation)$/i, audience: 'coordinator', scopes: ['personal'] },
    async (actor) => showParticipants(actor, (await latestOrHint(actor)).id),
  );
  router.action(Verbs.hosting.participantsShow, CampaignRef, (actor, { campaignId }) => showParticipants(actor, campaignId));
  router.action(Verbs.hosting.participantsAdd, CampaignRef, async (actor, input) => {
    const { errors } = await allocation.add(actor, input.campaignId, input);
    const form = { name: String(input.name ?? ''), phase: String(input.phase ?? ''), ownSchool: String(input.ownSchool ?? ''), email: String(input.email ?? '') };
    return Object.keys(errors).length > 0
      ? showParticipants(actor, input.campaignId, { message: 'Not added: please correct the fields marked below.', tone: 'attention', form, errors })
      : showParticipants(actor, input.campaignId, { message: `${form.name.trim()} added.` });
  });
  router.action(Verbs.hosting.participantsPaste, CampaignRef.extend({ lines: z.string().max(20000, 'Paste at most 20,000 characters at once.').optional().default('') }), async (actor, input) => {
    const { added, errors } = await allocation.paste(actor, input.campaignId, input.lines);
    if (errors.length === 0) return showParticipants(actor, input.campaignId, { message: `${added} added.` });
    const bad = errors.map((e) => `Line ${e.line} (${e.text}): ${e.problem}`).join('\n');
    return showParticipants(actor, input.campaignId, {
      message: `${added} added. These lines were not added; correct and paste them again:\n${bad}`,
      tone: 'attention',
      form: { lines: errors.map((e) => e.text).join('\n') },
    });
  });
  router.action(Verbs.hosting.participantsRemove, CampaignRef.extend({ participantId: z.string().min(1) }), async (actor, { campaignId, participantId }) => {
    await allocation.remove(actor, campaignId, participantId);
    return showParticipants(actor, campaignId, { message: 'Removed.' });
  });
  router.action(Verbs.hosting.allocationPropose, CampaignRef, async (actor, { campaignId }) => {
    const view = await allocation.propose(actor, campaignId);
    const unplaced = view.allocation!.unplaced.length;
    return allocationCard(view, unplaced === 0 ? 'Everyone is placed. Move anyone you like, then confirm.' : `${unplaced} could not be placed: see below.`, unplaced === 0 ? 'good' : 'attention');
  });
  router.action(Verbs.hosting.allocationMove, CampaignRef, (actor, input) =>
    onAllocation(actor, input.campaignId, async () => {
      const moves = Object.fromEntries(Object.entries(input).filter(([k]) => k.startsWith('move_')).map(([k, v]) => [k.slice(5), String(v ?? '')]));
      return allocationCard(await allocation.move(actor, input.campaignId, moves), 'Moves saved. Confirm when you are ready.');
    }),
  );
  router.action(Verbs.hosting.allocationConfirm, CampaignRef, (actor, { campaignId }) =>
    onAllocation(actor, campaignId, async () => {
      const result = await allocation.confirm(actor, campaignId, { host: hostCandidatesCard, participant: placementCard });
      const parts = [`Confirmed. ${result.hostsTold} hosts and ${result.participantsTold} participants have been told in Teams.`];
      if (result.notInTeams.length > 0) parts.push(`Please e-mail these participants their placement: ${result.notInTeams.map((p) => `${p.name} <${p.email}>`).join(', ')}.`);
      return allocationCard(result.view, parts.join(' '));
    }),
  );
  router.action(Verbs.hosting.hostChecklist, CampaignRef, async (actor, input) => {
    const done = HOST_CHECKLIST.map((_, i) => String(input[`check${i}`] ?? '') === 'true');
    const { campaign, offer } = await offers.saveChecklist(actor, input.campaignId, done);
    const view = await allocation.placedWith(actor, input.campaignId, offer.id);
    return hostCandidatesCard(campaign, offer, view, done, `Checklist saved: ${done.filter(Boolean).length} of ${done.length} done.`);
  });

  // Feedback and briefing
  const feedbackCards = { request: (c: Parameters<typeof feedbackFormCard>[0], p: Parameters<typeof feedbackFormCard>[1]) => feedbackFormCard(c, p), delivered: feedbackCard };
  const showProgress = async (actor: Actor, campaignId: string): Promise<Reply> => {
    const { campaign, hosts } = await feedback.progress(actor, campaignId);
    return feedbackProgressCard(campaign, hosts);
  };
  router.command(
    { id: 'hosting.feedback', feature: 'hosting', usage: 'hosting feedback', summary: 'See which hosts have given feedback on their candidates.', pattern: /^hosting feedback$/i, audience: 'coordinator', scopes: ['personal'] },
    async (actor) => showProgress(actor, (await latestOrHint(actor)).id),
  );
  router.action(Verbs.hosting.feedbackProgress, CampaignRef, (actor, { campaignId }) => showProgress(actor, campaignId));
  router.action(Verbs.hosting.feedbackSubmit, FeedbackInput, async (actor, input) => {
    const result = await feedback.submit(actor, input, feedbackCards);
    if (Object.keys(result.errors).length > 0) return feedbackFormCard(result.campaign, result.participant, { ...input, readiness: input.readiness as Feedback['readiness'] }, result.errors);
    const told = result.toldCandidate ? `${result.participant.name} has it now, privately.` : `${result.participant.name} does not use Headway in Teams: it is saved, and the coordinator will pass it on.`;
    return feedbackFormCard(result.campaign, result.participant, result.feedback, {}, `Thank you: feedback saved. ${told} You can update it here.`);
  });
  router.action(Verbs.hosting.briefingShow, CampaignRef, async (actor, { campaignId }) => briefingFormCard(await briefing.state(actor, campaignId)));
  router.action(Verbs.hosting.briefingSend, BriefingInput, async (actor, input) => {
    const { errors, state, result } = await briefing.send(actor, input, (s) => briefingCard(s));
    if (Object.keys(errors).length > 0) return briefingFormCard(state, { form: input, errors });
    return briefingFormCard(state, { message: `Sent to ${result!.sent} hosts${result!.skipped > 0 ? `; ${result!.skipped} already had these details` : ''}.` });
  });
  router.action(Verbs.hosting.briefingReply, CampaignRef.extend({ attending: z.enum(['yes', 'no']) }), (actor, { campaignId, attending }) =>
    headAction(actor, async () => {
      const state = await briefing.reply(actor, campaignId, attending === 'yes');
      return briefingCard(state, attending === 'yes' ? 'Thank you: you are down as attending.' : 'Thank you: we have noted that you cannot attend.');
    }),
  );

  // Heads
  router.action(Verbs.hosting.offerInvitation, CampaignRef, async (actor, { campaignId }) => invitationCard(await offers.campaign(actor, campaignId)));
  router.action(Verbs.hosting.offerStart, CampaignRef, (actor, { campaignId }) =>
    headAction(actor, async () => {
      const state = await offers.start(actor, campaignId);
      return state.kind === 'offer' ? offerSummaryCard(state.campaign, state.offer, 'You have already offered to host: here is your offer.') : offerStepCard(state.campaign, state.draft);
    }),
  );
  router.action(Verbs.hosting.offerStep, StepInput, (actor, input) =>
    headAction(actor, async () => {
      const { campaign, draft, errors } = await offers.step(actor, input.campaignId, input.step, input.go, input);
      return offerStepCard(campaign, draft, errors);
    }),
  );
  router.action(Verbs.hosting.offerSubmit, CampaignRef, (actor, { campaignId }) =>
    headAction(actor, async () => {
      const result = await offers.submit(actor, campaignId);
      if ('draft' in result) return offerStepCard(result.campaign, result.draft, result.errors);
      return offerSummaryCard(result.campaign, result.offer, result.updated ? 'Your offer is updated. The coordinator has been told.' : 'Thank you: your offer is submitted and the coordinator has been told.');
    }),
  );
  router.action(Verbs.hosting.offerEdit, CampaignRef, (actor, { campaignId }) =>
    headAction(actor, async () => {
      const { campaign, draft } = await offers.edit(actor, campaignId);
      return offerStepCard(campaign, draft);
    }),
  );
  router.action(Verbs.hosting.offerWithdraw, CampaignRef, (actor, { campaignId }) =>
    headAction(actor, async () => {
      const campaign = await offers.withdraw(actor, campaignId);
      return noticeCard('Offer withdrawn', `Your offer to host for ${campaign.fields.programme} is withdrawn and the coordinator has been told. Type my offer if you change your mind before the deadline.`);
    }),
  );
  router.action(Verbs.hosting.offerDecline, CampaignRef, (actor, { campaignId }) =>
    headAction(actor, async () => {
      const campaign = await offers.decline(actor, campaignId);
      return noticeCard('Thank you for letting us know', `We have noted that your school cannot host for ${campaign.fields.programme} this time. If that changes before ${campaign.fields.replyDeadline.split('-').reverse().join('/')}, type my offer.`);
    }),
  );
  router.action(Verbs.hosting.questionShow, CampaignRef, async (actor, { campaignId }) => questionCard(await offers.campaign(actor, campaignId)));
  router.action(Verbs.hosting.questionSend, QuestionInput, async (actor, { campaignId, question }) => {
    const campaign = await offers.campaign(actor, campaignId);
    const text = question.trim();
    if (text === '' || text.length > 1000) return questionCard(campaign, { question: text === '' ? 'Type your question.' : 'Keep it under 1,000 characters.' });
    await offers.ask(actor, campaignId, text);
    return noticeCard('Question sent', `${campaign.fields.contactName} has your question and will reply to you.`, 'good');
  });
}
