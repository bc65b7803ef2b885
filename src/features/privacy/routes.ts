import { z } from 'zod';
import type { FeatureRouter } from '../router.js';
import type { Actor } from '../ports.js';
import { Verbs } from '../verbs.js';
import { randomUUID } from 'node:crypto';
import type { Erasure } from './erasure.js';
import type { PersonalData } from './holdings.js';
import { deleteConfirmCard, myDataCard } from './view.js';

/** How long a personal export link works: long enough to click, short enough not to be forwarded for long. */
export const EXPORT_MINUTES = 15;

/** `my data` and `delete my data`: a person's own view, export and erasure of what Headway holds about them. */
export function registerPrivacyRoutes(router: FeatureRouter, data: PersonalData, erasure: Erasure): void {
  // The signed link is the permission: one tenant, one person, 15 minutes.
  router.file('my-data', async (tenantId, params) => {
    return { filename: 'headway-my-data.json', contentType: 'application/json; charset=utf-8', body: await data.exportOf(tenantId, params.userId ?? '') };
  });

  const myData = async (actor: Actor) => {
    const held = await data.of(actor.tenantId, actor.userId);
    return myDataCard(held, await router.link(actor.tenantId, 'my-data', { userId: actor.userId }, EXPORT_MINUTES));
  };

  router.command(
    { id: 'core.myData', feature: 'core', usage: 'my data', summary: 'See everything Headway holds about you and download a copy.', pattern: /^my data$/i, audience: 'everyone', scopes: ['personal'] },
    (actor) => myData(actor),
  );
  router.action(Verbs.core.myData, z.object({}).passthrough(), (actor) => myData(actor));

  // Each confirmation card carries a fresh id: Teams sending the same click again starts nothing new.
  const confirm = async (actor: Actor) => deleteConfirmCard(await data.of(actor.tenantId, actor.userId), randomUUID());
  router.command(
    { id: 'core.erase', feature: 'core', usage: 'delete my data', summary: 'Delete everything Headway holds about you (you confirm first).', pattern: /^delete my data$/i, audience: 'everyone', scopes: ['personal'] },
    (actor) => confirm(actor),
  );
  router.action(Verbs.core.eraseAsk, z.object({}).passthrough(), (actor) => confirm(actor));
  router.action(Verbs.core.erase, z.object({ eraseId: z.string().uuid('That card is out of date. Type delete my data to start again.') }).passthrough(), (actor, { eraseId }) => erasure.request(actor, eraseId));
}
