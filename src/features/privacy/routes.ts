import { z } from 'zod';
import type { FeatureRouter } from '../router.js';
import type { Actor } from '../ports.js';
import { Verbs } from '../verbs.js';
import { randomUUID } from 'node:crypto';
import type { RoleService } from '../core/service.js';
import type { Privacy } from './index.js';
import { deleteConfirmCard, myDataCard, participantConfirmCard, requestsCard } from './view.js';

/** How long a personal export link works: long enough to click, short enough not to be forwarded for long. */
export const EXPORT_MINUTES = 15;

/** `my data` and `delete my data`: a person's own view, export and erasure of what Headway holds about them. */
export function registerPrivacyRoutes(router: FeatureRouter, { data, erasure, requests }: Privacy, roles: RoleService): void {
  // The signed link is the permission: one tenant, one person, 15 minutes.
  router.file('my-data', async (tenantId, params) => {
    return { filename: 'headway-my-data.json', contentType: 'application/json; charset=utf-8', body: await data.exportOf(tenantId, params.userId ?? '') };
  });

  const myData = async (actor: Actor) => {
    const held = await data.of(actor.tenantId, actor.userId);
    return myDataCard(held, await router.link(actor.tenantId, 'my-data', { userId: actor.userId }, EXPORT_MINUTES));
  };

  router.command(
    { id: 'core.myData', feature: 'core', usage: 'my data', summary: 'See everything Headway holds about you and download a copy.', pattern: /^my data$/i, audience: 'everyone', scopes: ['personal'], button: 'My data' },
    (actor) => myData(actor),
  );
  router.action(Verbs.core.myData, z.object({}).passthrough(), (actor) => myData(actor));

  // Each confirmation card carries a fresh id: Teams sending the same click again starts nothing new.
  const confirm = async (actor: Actor) => deleteConfirmCard(await data.of(actor.tenantId, actor.userId), randomUUID(), roles.isConfigured(actor.userId));
  router.command(
    { id: 'core.erase', feature: 'core', usage: 'delete my data', summary: 'Delete everything Headway holds about you (you confirm first).', pattern: /^delete my data$/i, audience: 'everyone', scopes: ['personal'] },
    (actor) => confirm(actor),
  );
  router.action(Verbs.core.eraseAsk, z.object({}).passthrough(), (actor) => confirm(actor));
  router.action(Verbs.core.erase, z.object({ eraseId: z.string().uuid('That card is out of date. Type delete my data to start again.') }).passthrough(), (actor, { eraseId }) => erasure.request(actor, eraseId));

  // Requests a coordinator handles for people not in Teams (hosting participants entered by hand).
  router.file('participant-data', async (tenantId, params) => ({
    filename: 'headway-participant-data.json',
    contentType: 'application/json; charset=utf-8',
    body: await requests.exportOf(tenantId, params.campaignId ?? '', params.participantId ?? ''),
  }));
  const find = async (actor: Actor, text: string, note = '', tone: 'good' | 'attention' = 'good') => {
    const found = await requests.find(actor, text);
    const withLinks = await Promise.all(
      found.map(async (f) => ({ ...f, url: await router.link(actor.tenantId, 'participant-data', { campaignId: f.campaignId, participantId: f.participantId }, EXPORT_MINUTES) })),
    );
    return requestsCard(text, withLinks, note, tone);
  };
  router.command(
    { id: 'core.privacyFind', feature: 'core', usage: 'privacy find [name or e-mail]', summary: 'Find a hosting participant who asks to see or delete their data.', pattern: /^privacy find(?: (?<find>.+))?$/i, args: z.object({ find: z.string().max(200, 'Keep the search under 200 characters.').default('') }), audience: 'coordinator', scopes: ['personal'] },
    (actor, args) => find(actor, args.find),
  );
  const Ref = z.object({ campaignId: z.string().min(1), participantId: z.string().min(1) }).passthrough();
  router.action(Verbs.core.privacyFind, z.object({ find: z.string().max(200, 'Keep the search under 200 characters.').default('') }).passthrough(), (actor, { find: text }) => find(actor, text));
  router.action(Verbs.core.privacyEraseAsk, Ref, async (actor, { campaignId, participantId }) => participantConfirmCard(await requests.get(actor, campaignId, participantId)));
  router.action(Verbs.core.privacyErase, Ref, async (actor, { campaignId, participantId }) => {
    const { name, tally } = await requests.erase(actor, campaignId, participantId);
    return find(actor, '', `Deleted ${name}'s data: ${tally.deleted} record${tally.deleted === 1 ? '' : 's'} deleted, ${tally.anonymised} changed to leave them out.`);
  });
}
