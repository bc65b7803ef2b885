import { z } from 'zod';
import { InvalidInputError, showingRefusals } from '../../errors.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';
import { BriefingInput } from './briefing.js';
import { FeedbackInput } from './feedback.js';
import type { Hosting } from './index.js';
import { CampaignRef, type Feedback } from './model.js';
import { headAction } from './offer-routes.js';
import {
  allocationCard,
  briefingCard,
  briefingFormCard,
  feedbackCard,
  feedbackFormCard,
  feedbackProgressCard,
  HOST_CHECKLIST,
  hostCandidatesCard,
  participantsCard,
  placeAddedCard,
  placeConfirmCard,
  placementCard,
} from './placement-view.js';
import type { StoredCampaign } from './service.js';
import { cardNumber, revisionField, requireText, shownBack, textOf } from '../inputs.js';

/** The allocation card's actions carry the revision of the allocation they show. */
const AllocationAction = CampaignRef.extend({ revision: revisionField });
/** One more place at a host: `from` is the number of places the coordinator's card showed. */
const PlaceInput = CampaignRef.extend({ offerId: z.string().min(1).max(300), from: cardNumber('That button is out of date.').pipe(z.number().int().min(0).max(100)) });

/** After the offers: participants and allocation, the hosts' checklist, feedback, the briefing. */
export function registerPlacementRoutes(router: FeatureRouter, { offers, allocation, feedback, briefing }: Hosting, latestOrHint: (actor: Actor) => Promise<StoredCampaign>): void {
  // Participants and allocation (coordinators)
  const showParticipants = async (actor: Actor, campaignId: string, options: Parameters<typeof participantsCard>[2] = {}): Promise<Reply> => {
    const view = await allocation.view(actor, campaignId);
    return participantsCard(view.campaign, view.participants, options);
  };
  const onAllocation = (actor: Actor, campaignId: string, work: () => Promise<Reply>): Promise<Reply> =>
    showingRefusals(work, async (message) => allocationCard(await allocation.view(actor, campaignId), message, 'attention'));
  router.command(
    { id: 'hosting.participants', feature: 'hosting', usage: 'hosting participants', summary: 'Enter participants, propose and confirm their allocation to hosts.', pattern: /^hosting (participants|allocation)$/i, audience: 'coordinator', scopes: ['personal'], button: 'Participants' },
    async (actor) => showParticipants(actor, (await latestOrHint(actor)).id),
  );
  router.action(Verbs.hosting.participantsShow, CampaignRef, (actor, { campaignId }) => showParticipants(actor, campaignId));
  router.action(Verbs.hosting.participantsAdd, CampaignRef, async (actor, input) => {
    const { errors } = await allocation.add(actor, input.campaignId, input);
    // Shown back as entered (cut short: the field's own message says how long it may be).
    const form = shownBack({ name: textOf(input.name) ?? '', phase: textOf(input.phase) ?? '', ownSchool: textOf(input.ownSchool) ?? '', email: textOf(input.email) ?? '' });
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
  router.action(Verbs.hosting.allocationPropose, AllocationAction, (actor, { campaignId, revision }) =>
    onAllocation(actor, campaignId, async () => {
      const view = await allocation.propose(actor, campaignId, revision);
      const unplaced = view.allocation!.unplaced.length;
      return allocationCard(view, unplaced === 0 ? 'Everyone is placed. Move anyone you like, then confirm.' : `${unplaced} could not be placed: see below.`, unplaced === 0 ? 'good' : 'attention');
    }),
  );
  router.action(Verbs.hosting.allocationMove, AllocationAction, (actor, input) =>
    onAllocation(actor, input.campaignId, async () => {
      const moves = Object.fromEntries(Object.entries(input).filter(([k]) => k.startsWith('move_')).map(([k, v]) => [k.slice(5), requireText(v, 'Move', 200)]));
      return allocationCard(await allocation.move(actor, input.campaignId, moves, input.revision), 'Moves saved. Confirm when you are ready.');
    }),
  );
  router.action(Verbs.hosting.allocationConfirm, AllocationAction, (actor, { campaignId, revision }) =>
    onAllocation(actor, campaignId, async () => {
      return (await allocation.confirm(actor, campaignId, { host: hostCandidatesCard, participant: placementCard }, revision)).progress;
    }),
  );
  router.action(Verbs.hosting.allocationShow, CampaignRef, async (actor, { campaignId }) => allocationCard(await allocation.view(actor, campaignId)));
  router.action(Verbs.hosting.allocationPlaceAsk, PlaceInput, (actor, { campaignId, offerId }) =>
    onAllocation(actor, campaignId, async () => {
      const view = await allocation.view(actor, campaignId);
      const offer = view.hosts.find((h) => h.id === offerId);
      if (!offer) throw new InvalidInputError('That school is no longer offering to host. Nothing was changed.');
      return placeConfirmCard(view, offer);
    }),
  );
  router.action(Verbs.hosting.allocationPlace, PlaceInput, (actor, { campaignId, offerId, from }) =>
    onAllocation(actor, campaignId, async () => {
      const { view, added, told } = await allocation.addPlace(actor, campaignId, offerId, from, (campaign, offer) => placeAddedCard(campaign, offer, actor.name));
      const host = view.hosts.find((h) => h.id === offerId)!;
      if (!added) return allocationCard(view, `${host.school} already takes ${host.places}: nothing was added.`, 'attention');
      const unplaced = view.allocation?.unplaced.length ?? 0;
      const placedNote = view.allocation?.status === 'confirmed' ? 'Move someone there and confirm again.' : unplaced === 0 ? 'Proposed again: everyone is placed.' : `Proposed again: ${unplaced} still could not be placed.`;
      const toldNote = told ? `${host.headName} has been told.` : `${host.headName} could not be reached in Teams: please let them know.`;
      return allocationCard(view, `${host.school} now takes ${host.places}. ${toldNote} ${placedNote}`, told && unplaced === 0 ? 'good' : 'attention');
    }),
  );
  router.action(Verbs.hosting.hostChecklist, CampaignRef, async (actor, input) => {
    const done = HOST_CHECKLIST.map((_, i) => textOf(input[`check${i}`]) === 'true');
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
    { id: 'hosting.feedback', feature: 'hosting', usage: 'hosting feedback', summary: 'See which hosts have given feedback on their candidates.', pattern: /^hosting feedback$/i, audience: 'coordinator', scopes: ['personal'], button: 'Feedback' },
    async (actor) => showProgress(actor, (await latestOrHint(actor)).id),
  );
  router.action(Verbs.hosting.feedbackProgress, CampaignRef, (actor, { campaignId }) => showProgress(actor, campaignId));
  router.action(Verbs.hosting.feedbackSubmit, FeedbackInput, async (actor, input) => {
    const result = await feedback.submit(actor, input, feedbackCards);
    if (Object.keys(result.errors).length > 0) return feedbackFormCard(result.campaign, result.participant, shownBack({ ...input, readiness: input.readiness as Feedback['readiness'] }), result.errors);
    const told = result.toldCandidate ? `${result.participant.name} has it now, privately.` : `${result.participant.name} does not use Headway in Teams: it is saved, and the coordinator will pass it on.`;
    return feedbackFormCard(result.campaign, result.participant, result.feedback, {}, `Thank you: feedback saved. ${told} You can update it here.`);
  });
  router.action(Verbs.hosting.briefingShow, CampaignRef, async (actor, { campaignId }) => briefingFormCard(await briefing.state(actor, campaignId)));
  router.action(Verbs.hosting.briefingSend, BriefingInput, async (actor, input) => {
    const { errors, state, progress } = await briefing.send(actor, input, (s) => briefingCard(s));
    return progress ?? briefingFormCard(state, { form: shownBack(input), errors });
  });
  router.action(Verbs.hosting.briefingReply, CampaignRef.extend({ attending: z.enum(['yes', 'no']) }), (actor, { campaignId, attending }) =>
    headAction(async () => {
      const state = await briefing.reply(actor, campaignId, attending === 'yes');
      return briefingCard(state, attending === 'yes' ? 'Thank you: you are down as attending.' : 'Thank you: we have noted that you cannot attend.');
    }),
  );

}
