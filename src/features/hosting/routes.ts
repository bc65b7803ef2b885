import { z } from 'zod';
import { cardText, multiSelect, shownBack } from '../inputs.js';
import { FormError, NotFoundError } from '../../errors.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';

import type { Hosting } from './index.js';
import { CampaignForm, CampaignRef } from './model.js';
import { registerOfferRoutes } from './offer-routes.js';
import { invitationCard } from './offer-view.js';
import { registerPlacementRoutes } from './placement-routes.js';
import { campaignCard, campaignFormCard, campaignsCard, inviteCard, statusCard } from './view.js';

const InviteInput = CampaignRef.extend({
  teamId: z.string().optional().default(''),
  userIds: multiSelect,
  /** The Send button's own id (see FanOuts.start). */
  sendId: cardText(64).optional().default(''),
});

/** Hosting's commands and card verbs: translation only, the rules live in the services. */
const LATE_NOTE = 'Replies have closed. Heads you invite now get a late invitation and can still offer to host, for example to fill places the allocation is short of.';

export function registerHostingRoutes(router: FeatureRouter, hosting: Hosting): void {
  const { campaigns, invites } = hosting;

  const showStatus = async (actor: Actor, campaignId: string): Promise<Reply> => {
    const { campaign, status } = await campaigns.status(actor, campaignId);
    return statusCard(campaign, status, await router.link(actor.tenantId, 'hosting-offers', { campaignId }));
  };
  router.file('hosting-offers', (tenantId, params) => campaigns.exportOffers(tenantId, params.campaignId ?? ''));
  const latestOrHint = async (actor: Actor) => {
    const latest = await campaigns.latest(actor);
    if (!latest) throw new NotFoundError('There is no hosting campaign yet. Type hosting new to start one.').withNext('Start a hosting campaign', 'hosting.new');
    return latest;
  };
  router.command(
    { id: 'hosting.new', feature: 'hosting', usage: 'hosting new', summary: 'Start a campaign asking heads to host mock interviews.', pattern: /^hosting new$/i, audience: 'coordinator', scopes: ['personal'], button: 'Start a hosting campaign' },
    async (actor) => campaignFormCard(await campaigns.form(actor)),
  );
  router.command(
    { id: 'hosting.campaigns', feature: 'hosting', usage: 'hosting campaigns', summary: 'List hosting campaigns.', pattern: /^hosting( campaigns)?$/i, audience: 'coordinator', scopes: ['personal'], button: 'Campaigns' },
    async (actor) => campaignsCard(await campaigns.list(actor)),
  );
  router.command(
    { id: 'hosting.status', feature: 'hosting', usage: 'hosting status', summary: 'Offers against targets, and who has answered.', pattern: /^hosting status$/i, audience: 'coordinator', scopes: ['personal'], button: 'Campaign status' },
    async (actor) => showStatus(actor, (await latestOrHint(actor)).id),
  );
  router.action(Verbs.hosting.campaignNew, z.object({}).passthrough(), async (actor) => campaignFormCard(await campaigns.form(actor)));
  router.action(Verbs.hosting.campaignEdit, CampaignRef, async (actor, { campaignId }) => campaignFormCard(await campaigns.form(actor, campaignId), { campaignId }));
  router.action(Verbs.hosting.campaignShow, CampaignRef, async (actor, { campaignId }) => campaignCard(await campaigns.get(actor, campaignId)));
  router.action(Verbs.hosting.campaignSave, CampaignForm.extend({ campaignId: z.string().optional().default('') }), async (actor, input) => {
    const { campaignId, ...form } = input;
    try {
      const saved = campaignId ? await campaigns.update(actor, campaignId, form) : await campaigns.create(actor, form);
      return campaignCard(saved, campaignId ? 'Changes saved.' : 'Campaign created. Next, invite heads.');
    } catch (error) {
      if (error instanceof FormError) return campaignFormCard(shownBack(form), { ...(campaignId ? { campaignId } : {}), errors: error.fieldErrors });
      throw error;
    }
  });

  router.action(Verbs.hosting.inviteShow, CampaignRef.extend({ find: cardText(100).optional().default('') }), async (actor, { campaignId, find }) => {
    const { campaign, teams, found, invitedCount, late } = await invites.options(actor, campaignId, find);
    return inviteCard(campaign, teams, found, invitedCount, late ? LATE_NOTE : '');
  });
  router.action(Verbs.hosting.inviteSend, InviteInput, (actor, input) =>
    invites.invite(actor, input.campaignId, { ...(input.teamId ? { teamId: input.teamId } : {}), userIds: input.userIds }, invitationCard, input.sendId),
  );
  router.action(Verbs.hosting.statusShow, CampaignRef, async (actor, { campaignId }) => showStatus(actor, campaignId));

  registerOfferRoutes(router, hosting);
  registerPlacementRoutes(router, hosting, latestOrHint);
}
