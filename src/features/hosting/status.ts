import type { Doc } from '../../store/collection.js';
import { PHASES, type Campaign, type Declined, type Invitee, type Offer, type Phase } from './model.js';

export interface PhaseStatus {
  phase: Phase;
  offers: number;
  hostsWanted: number;
  places: number;
  participants: number;
}

export interface CampaignStatus {
  phases: PhaseStatus[];
  offered: Doc<Offer>[];
  declined: { userId: string; name: string }[];
  waiting: { userId: string; name: string }[];
}

/** Where a campaign stands: offers against targets, and who has answered. A pure function. */
export function campaignStatus(campaign: Campaign, offers: Doc<Offer>[], invitees: Invitee[], declines: Declined[]): CampaignStatus {
  const offered = offers.filter((o) => o.status === 'offered').sort((a, b) => a.school.localeCompare(b.school));
  const phases = PHASES.map((phase) => {
    const inPhase = offered.filter((o) => o.phase === phase);
    return {
      phase,
      offers: inPhase.length,
      hostsWanted: campaign.fields.hostsWanted[phase],
      places: inPhase.reduce((sum, o) => sum + o.places, 0),
      participants: campaign.fields.participants[phase],
    };
  });
  const offeredBy = new Set(offered.map((o) => o.headUserId));
  const declined = declines.filter((d) => !offeredBy.has(d.userId)).map(({ userId, name }) => ({ userId, name }));
  const answered = new Set([...offeredBy, ...declined.map((d) => d.userId)]);
  const waiting = invitees.filter((i) => !answered.has(i.userId)).map(({ userId, name }) => ({ userId, name }));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return { phases, offered, declined: declined.sort(byName), waiting: waiting.sort(byName) };
}
