import type { Doc } from '../../store/collection.js';
import { PARTITION, type Campaign, type Offer } from '../hosting/model.js';
import { inCampaign, type HostingCollections } from '../hosting/store.js';
import { FORMER_MEMBER, redact, type ErasedPerson } from './redact.js';
import { Tally } from './tally.js';

/** An offer kept as the school's after its head's data went: the coordinators are told. */
export interface KeptOffer {
  campaign: Doc<Campaign>;
  offer: Doc<Offer>;
}

/**
 * Takes a person out of every hosting campaign of their tenant. Their invitation, decline, draft
 * and briefing reply go; an offer they made stays as the school's, without their id or name;
 * feedback they wrote as a host stays for the candidate, without their id; if they were a
 * participant, their record, their placement and the feedback about them go. Every step can run
 * again and finds nothing more to do.
 */
export async function eraseFromHosting(c: HostingCollections, person: ErasedPerson, tally: Tally): Promise<KeptOffer[]> {
  const { tenantId, userId } = person;
  const kept: KeptOffer[] = [];
  for (const campaign of await c.campaigns.all({ tenantId, partition: PARTITION })) {
    const scope = inCampaign(tenantId, campaign.id);
    if (campaign.createdBy === userId || campaign.fields.contactName === person.name) {
      await c.campaigns.update({ tenantId, partition: PARTITION }, campaign.id, (current) =>
        current && (current.createdBy === userId || current.fields.contactName === person.name)
          ? { ...current, createdBy: current.createdBy === userId ? '' : current.createdBy, fields: { ...current.fields, contactName: current.fields.contactName === person.name ? 'The programme team' : current.fields.contactName } }
          : undefined,
      );
      tally.anonymised++;
    }
    tally.deletedIf(await c.invitees.delete(scope, `invitee:${userId}`));
    tally.deletedIf(await c.declines.delete(scope, `declined:${userId}`));
    tally.deletedIf(await c.drafts.delete(scope, `draft:${userId}`));
    tally.deletedIf(await c.briefingReplies.delete(scope, `briefingReply:${userId}`));

    for (const offer of await c.offers.all(scope, { where: [{ field: 'headUserId', op: '=', value: userId }] })) {
      const written = await c.offers.update(scope, offer.id, (current) =>
        current && current.headUserId === userId ? { ...current, headUserId: '', headName: '', panel: redact(current.panel, person).map((p) => ({ ...p, name: p.name || FORMER_MEMBER })) } : undefined,
      );
      tally.anonymised++;
      if (written) kept.push({ campaign, offer: written.doc });
    }
    for (const written of await c.feedback.all(scope, { where: [{ field: 'byUserId', op: '=', value: userId }] })) {
      await c.feedback.update(scope, written.id, (current) => (current && current.byUserId === userId ? { ...current, byUserId: '' } : undefined));
      tally.anonymised++;
    }
    for (const participant of await c.participants.all(scope, { where: [{ field: 'userId', op: '=', value: userId }] })) {
      await forgetParticipant(c, tenantId, campaign.id, participant.id, tally);
    }
  }
  return kept;
}

/**
 * A participant goes from a campaign: the feedback about them, their placement (the place is free
 * again) and their record. Also for a coordinator erasing someone entered by hand.
 */
export async function forgetParticipant(c: HostingCollections, tenantId: string, campaignId: string, participantId: string, tally: Tally): Promise<void> {
  const scope = inCampaign(tenantId, campaignId);
  for (const feedback of await c.feedback.all(scope, { where: [{ field: 'participantId', op: '=', value: participantId }] })) {
    tally.deletedIf(await c.feedback.delete(scope, feedback.id));
  }
  await c.allocations.update(scope, 'allocation', (current) => {
    if (!current || !(participantId in current.placements || current.unplaced.some((u) => u.participantId === participantId))) return undefined;
    const { [participantId]: _gone, ...placements } = current.placements;
    return { ...current, placements, unplaced: current.unplaced.filter((u) => u.participantId !== participantId), revision: current.revision + 1 };
  });
  tally.deletedIf(await c.participants.delete(scope, participantId));
}
