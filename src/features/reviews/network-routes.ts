import { z } from 'zod';
import { csvFile } from '../../csv.js';
import { cardText } from '../inputs.js';
import type { FeatureRouter } from '../router.js';
import type { Actor } from '../ports.js';
import { Verbs } from '../verbs.js';
import type { ReviewChannel } from './channel.js';
import type { Reviews } from './index.js';
import { networkCard, networkRows } from './network-view.js';

const ShowInput = z.object({ framework: cardText(200).default('') });
const ShareInput = z.object({ reviewId: z.string().min(1).max(200), share: z.enum(['true', 'false']) });

/** The network view for coordinators (`network reviews`), and a lead's choice to share their team's levels. */
export function registerNetworkRoutes(router: FeatureRouter, { service: reviews, network }: Reviews, channel: ReviewChannel): void {
  const show = async (actor: Actor, frameworkId?: string) => {
    const view = await network.view(actor, frameworkId);
    return networkCard(view, view.framework ? await router.link(actor.tenantId, 'reviews-network', { frameworkId: view.framework.id }) : '');
  };

  router.file('reviews-network', async (tenantId, params) => {
    // The signed link is the authority: made only for a coordinator, for its tenant and framework.
    const view = await network.forLink(tenantId, params.frameworkId);
    return csvFile(`${view.framework?.id ?? 'network'}-network.csv`, view.framework ? networkRows(view.framework, view.themes) : [['Theme', 'Level', 'Schools']]);
  });

  router.command(
    { id: 'reviews.network', feature: 'reviews', usage: 'network reviews', summary: 'Where the schools that share their reviews stand, theme by theme (never which school).', pattern: /^network reviews$/i, audience: 'coordinator', scopes: ['personal'], button: 'Network reviews' },
    async (actor) => show(actor),
  );

  router.action(Verbs.reviews.networkShow, ShowInput, async (actor, input) => show(actor, input.framework || undefined));

  router.action(Verbs.reviews.share, ShareInput, async (actor, input) => {
    const review = await reviews.setShare(actor, await reviews.inChannel(actor, input.reviewId), input.share === 'true');
    let message: string;
    if (!review.share) {
      await network.withdraw(actor.tenantId, review);
      message = 'Not shared: the network’s coordinators no longer see this team’s levels.';
    } else if (await network.publish(actor.tenantId, review)) message = 'Shared: the network’s coordinators see this team’s agreed levels, counted with other schools’ and never named.';
    else message = 'This team’s agreed levels are shared with the network’s coordinators when the review is complete.';
    return (await channel.summary(actor, review.id, { message, tone: 'good' })).parts[0]!;
  });
}
