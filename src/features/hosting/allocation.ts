import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import { InvalidInputError } from '../../errors.js';
import { revise, type Doc } from '../../store/collection.js';
import type { PeopleDirectory } from '../core/people.js';
import type { RoleService } from '../core/service.js';
import type { FanOuts } from '../fanout.js';
import type { Actor, Outreach, Reply } from '../ports.js';
import { allocate, schoolKey, type AllocHost } from './allocate.js';
import { AllocationDoc, inEntryOrder, MAX_PLACES, Participant, type Campaign, type Offer } from './model.js';
import { findCampaign, inCampaign, type HostingCollections } from './store.js';
import { parseParticipantLines, readParticipant } from './participants.js';

export interface AllocationView {
  campaign: Doc<Campaign>;
  hosts: Doc<Offer>[];
  participants: Doc<Participant>[];
  allocation: AllocationDoc | undefined;
}

export interface PlacementCards {
  /** To a host: their candidates and the duties checklist. */
  host(campaign: Doc<Campaign>, offer: Doc<Offer>, candidates: Doc<Participant>[]): Reply;
  /** To a participant: their host school, dates and contact. */
  participant(campaign: Doc<Campaign>, offer: Doc<Offer>): Reply;
}


const CONFIRMED = 'This allocation is confirmed and hosts and participants have been told, so it is not proposed afresh. Move people on it and confirm again: only those whose placement changes are told.';

/**
 * Participants and their placement with hosts: entry (one at a time or pasted lines), a proposal
 * from the pure `allocate`, moves that keep the rules, and confirmation that tells everyone.
 */
export class AllocationService {
  constructor(
    private readonly deps: HostingCollections & { roles: RoleService; people: PeopleDirectory; outreach: Outreach; fanOuts: FanOuts; clock: Clock },
    /** Called with the hosts that have candidates once an allocation is confirmed. */
    private readonly onConfirmed: (tenantId: string, campaignId: string, hosts: Doc<Offer>[]) => Promise<void> = async () => undefined,
  ) {}

  private scope(actor: Actor, campaignId: string) {
    return inCampaign(actor.tenantId, campaignId);
  }

  async view(actor: Actor, campaignId: string): Promise<AllocationView> {
    await this.deps.roles.require(actor, 'coordinator');
    const campaign = await findCampaign(this.deps.campaigns, actor.tenantId, campaignId);
    const scope = this.scope(actor, campaignId);
    const [offers, participants, allocation] = await Promise.all([
      this.deps.offers.all(scope, { orderBy: [{ field: 'school' }] }),
      this.deps.participants.all(scope, { orderBy: [{ field: 'name' }] }),
      this.deps.allocations.get(scope, 'allocation'),
    ]);
    return { campaign, hosts: offers.filter((o) => o.status === 'offered'), participants, allocation: allocation?.doc };
  }

  async add(actor: Actor, campaignId: string, input: Record<string, unknown>): Promise<{ errors: Record<string, string> }> {
    await this.view(actor, campaignId);
    const read = readParticipant(input);
    if (!read.ok) return { errors: read.errors };
    await this.save(actor, campaignId, [read.participant]);
    return { errors: {} };
  }

  async paste(actor: Actor, campaignId: string, text: string): Promise<{ added: number; errors: { line: number; text: string; problem: string }[] }> {
    await this.view(actor, campaignId);
    const parsed = parseParticipantLines(text);
    await this.save(actor, campaignId, parsed.participants);
    return { added: parsed.participants.length, errors: parsed.errors };
  }

  async remove(actor: Actor, campaignId: string, participantId: string): Promise<void> {
    await this.view(actor, campaignId);
    await this.deps.participants.delete(this.scope(actor, campaignId), participantId);
  }

  /** Proposes placements afresh from the current offers and participants. */
  async propose(actor: Actor, campaignId: string, seen?: number): Promise<AllocationView> {
    const view = await this.view(actor, campaignId);
    if (view.allocation?.status === 'confirmed') throw new InvalidInputError(CONFIRMED);
    const result = allocate(
      inEntryOrder(view.participants).map((p) => ({ id: p.id, phase: p.phase, ownSchool: p.ownSchool })),
      view.hosts.map(toHost),
    );
    const allocation = await this.write(actor, campaignId, seen, (current) => {
      // Decided at the write: a confirmation landing meanwhile is never replaced by a proposal.
      if (current?.status === 'confirmed') throw new InvalidInputError(CONFIRMED);
      return { placements: result.placements, unplaced: result.unplaced, status: 'proposed' };
    });
    return { ...view, allocation };
  }

  /**
   * Gives a host one more place (the head having agreed with the coordinator), tells the head, and
   * proposes the allocation afresh unless it is confirmed. `from` is the number of places the
   * coordinator's card showed: a repeated click, or one from an older card, adds nothing.
   */
  async addPlace(actor: Actor, campaignId: string, offerId: string, from: number, notice: (campaign: Doc<Campaign>, offer: Doc<Offer>) => Reply): Promise<{ view: AllocationView; added: boolean; told: boolean }> {
    const view = await this.view(actor, campaignId);
    const host = view.hosts.find((h) => h.id === offerId);
    if (!host) throw new InvalidInputError('That school is no longer offering to host. Nothing was changed.');
    if (host.places >= MAX_PLACES) throw new InvalidInputError(`${host.school} already takes ${host.places}, the most a host can take. Nothing was changed.`);
    let added = false;
    const updated = await this.deps.offers.update(this.scope(actor, campaignId), offerId, (current) => {
      if (!current || current.status !== 'offered' || current.places !== from) return undefined;
      added = true;
      return { ...current, places: current.places + 1 };
    });
    if (!added) return { view: await this.view(actor, campaignId), added, told: false };
    const outcome = await this.deps.outreach.sendToUser(actor.tenantId, host.headUserId, notice(view.campaign, updated!.doc), `hosting.place:${campaignId}:${offerId}:${from + 1}`);
    const told = outcome === 'sent' || outcome === 'duplicate';
    if (view.allocation?.status === 'confirmed') return { view: await this.view(actor, campaignId), added, told };
    return { view: await this.propose(actor, campaignId), added, told };
  }

  /** The one way the allocation is written: only over the revision the coordinator's card showed. */
  private write(actor: Actor, campaignId: string, seen: number | undefined, change: (current: AllocationDoc | undefined) => Omit<AllocationDoc, 'revision'>): Promise<AllocationDoc> {
    return revise(this.deps.allocations, this.scope(actor, campaignId), 'allocation', seen, 'the allocation', change);
  }

  /**
   * Applies the coordinator's moves (participant → host id, or '' for unplaced) if every one keeps
   * the rules; otherwise nothing changes and each problem is named.
   */
  async move(actor: Actor, campaignId: string, moves: Record<string, string>, seen?: number): Promise<AllocationView> {
    const view = await this.view(actor, campaignId);
    if (!view.allocation) throw new InvalidInputError('Propose an allocation first.');
    const placements = { ...view.allocation.placements };
    for (const [participantId, hostId] of Object.entries(moves)) {
      if (!view.participants.some((p) => p.id === participantId)) continue;
      if (hostId === '') delete placements[participantId];
      else placements[participantId] = hostId;
    }
    const problems: string[] = [];
    const hosts = new Map(view.hosts.map((h) => [h.id, h]));
    const load = new Map<string, number>();
    for (const participant of view.participants) {
      const hostId = placements[participant.id];
      if (hostId === undefined) continue;
      const host = hosts.get(hostId);
      if (!host) problems.push(`${participant.name}: that host is no longer offering.`);
      else if (host.phase !== participant.phase) problems.push(`${participant.name} is ${participant.phase}; ${host.school} is ${host.phase}.`);
      else if (schoolKey(host.school) === schoolKey(participant.ownSchool)) problems.push(`${participant.name} cannot be interviewed at their own school.`);
      load.set(hostId, (load.get(hostId) ?? 0) + 1);
    }
    for (const [hostId, count] of load) {
      const host = hosts.get(hostId);
      if (host && count > host.places) problems.push(`${host.school} has ${host.places} places, not ${count}.`);
    }
    if (problems.length > 0) throw new InvalidInputError('Those moves break the rules, so nothing was changed:', problems);
    const unplaced = view.participants
      .filter((p) => placements[p.id] === undefined)
      .map((p) => view.allocation!.unplaced.find((u) => u.participantId === p.id) ?? { participantId: p.id, reason: 'Left unplaced by the coordinator.' });
    const allocation = await this.write(actor, campaignId, seen ?? view.allocation.revision, () => ({ placements, unplaced, status: 'proposed' }));
    return { ...view, allocation };
  }

  /** Confirms the placements and tells each host and each placed participant (once per placement). */
  /**
   * Confirms the placements; each host and each placed participant in Teams is told by a durable
   * job (see FanOuts), once per placement. Answers the confirmed view, who must be e-mailed by hand
   * (participants not in Teams), and the progress card.
   */
  async confirm(actor: Actor, campaignId: string, cards: PlacementCards, seen?: number): Promise<{ view: AllocationView; notInTeams: Doc<Participant>[]; progress: Reply }> {
    const view = await this.view(actor, campaignId);
    if (!view.allocation) throw new InvalidInputError('Propose an allocation first.');
    const confirmedAt = this.deps.clock.now().toISOString();
    // Confirms exactly the placements read above: a proposal or move landing meanwhile refuses this.
    const allocation = await this.write(actor, campaignId, seen ?? view.allocation.revision, (current) => ({ ...current!, status: 'confirmed', confirmedAt }));
    await this.onConfirmed(actor.tenantId, campaignId, view.hosts.filter((h) => view.participants.some((p) => allocation.placements[p.id] === h.id)));
    const mailings: { key: string; reply: Reply; people: { userId: string; name: string }[] }[] = [];
    for (const host of view.hosts) {
      const candidates = view.participants.filter((p) => allocation.placements[p.id] === host.id);
      if (candidates.length === 0) continue;
      const key = `hosting.candidates:${campaignId}:${host.id}:${candidates.map((c) => c.id).sort().join(',')}`;
      mailings.push({ key, reply: cards.host(view.campaign, host, candidates), people: [{ userId: host.headUserId, name: host.headName }] });
    }
    const notInTeams: Doc<Participant>[] = [];
    for (const participant of view.participants) {
      const host = view.hosts.find((h) => h.id === allocation.placements[participant.id]);
      if (!host) continue;
      if (!participant.userId) notInTeams.push(participant);
      else mailings.push({ key: `hosting.placement:${campaignId}:${participant.id}:${host.id}`, reply: cards.participant(view.campaign, host), people: [{ userId: participant.userId, name: participant.name }] });
    }
    const note = notInTeams.length > 0 ? `Please e-mail these participants their placement (they are not in Teams): ${notInTeams.map((p) => `${p.name} <${p.email}>`).join(', ')}.` : '';
    const progress = await this.deps.fanOuts.startEach(actor, mailings, 'the placements to hosts and participants', `allocation:${allocation.revision}`, { to: 'hosting.campaign', id: campaignId }, note);
    return { view: { ...view, allocation }, notInTeams, progress };
  }

  /** The participants confirmed to a host: for that host's own card (no role needed). */
  async placedWith(actor: Actor, campaignId: string, offerId: string): Promise<Doc<Participant>[]> {
    const scope = this.scope(actor, campaignId);
    const allocation = (await this.deps.allocations.get(scope, 'allocation'))?.doc;
    if (!allocation || allocation.status !== 'confirmed') return [];
    const participants = await this.deps.participants.all(scope);
    return participants.filter((p) => allocation.placements[p.id] === offerId);
  }

  private async save(actor: Actor, campaignId: string, participants: Omit<Participant, 'userId'>[]): Promise<void> {
    const people = await this.deps.people.list(actor.tenantId);
    for (const [line, participant] of participants.entries()) {
      const matches = people.filter((p) => p.name.toLowerCase() === participant.name.toLowerCase());
      await this.deps.participants.create(this.scope(actor, campaignId), randomUUID(), {
        ...participant,
        line,
        ...(matches.length === 1 ? { userId: matches[0]!.userId } : {}),
      });
    }
  }
}

export function toHost(offer: Doc<Offer>): AllocHost {
  return { id: offer.id, school: offer.school, phase: offer.phase, places: offer.places };
}
