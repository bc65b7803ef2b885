import { createHash } from 'node:crypto';
import { InvalidInputError, NotFoundError } from '../../errors.js';
import { revise, type Collection, type Doc } from '../../store/collection.js';
import type { ConversationRefs } from '../../store/conversations.js';
import type { PeopleDirectory } from '../core/people.js';
import type { PeopleFound } from '../core/view.js';
import type { FanOuts } from '../fanout.js';
import type { RoleService } from '../core/service.js';
import type { Actor, Member, Outreach, Reply } from '../ports.js';
import { assignFacilitators } from './assign.js';
import { formGroups } from './grouping.js';
import { CoachingPhase, Facilitator, Grouping, PARTITION, Programme, inProgramme, Registration, type GroupPlan } from './model.js';

export interface GroupView {
  programme: Doc<Programme>;
  grouping: Grouping | undefined;
  registrations: Map<string, Registration>;
  facilitators: Facilitator[];
}

export interface GroupCards {
  /** To each member and the facilitator: who is in the group. */
  group(view: GroupView, group: GroupPlan): Reply;
  /** To a registered head who could not be grouped: why, and whom to contact. */
  ungrouped(view: GroupView, reason: string): Reply;
}

/**
 * Facilitators and groups: propose same-phase groups of 4 to 6 spread across local authorities,
 * let the coordinator move people, then confirm, assign facilitators and tell everyone. Group
 * membership is shown to the group's members and facilitator, and to coordinators only.
 */
export class GroupService {
  constructor(
    private readonly deps: {
      programmes: Collection<typeof Programme>;
      registrations: Collection<typeof Registration>;
      facilitators: Collection<typeof Facilitator>;
      groupings: Collection<typeof Grouping>;
      roles: RoleService;
      people: PeopleDirectory;
      refs: ConversationRefs;
      outreach: Outreach;
      fanOuts: FanOuts;
    },
  ) {}

  /** The teams the bot is installed in, to invite from (coordinators only). */
  async teams(actor: Actor): Promise<{ teamId: string; name: string }[]> {
    await this.deps.roles.require(actor, 'coordinator');
    return (await this.deps.refs.teams(actor.tenantId)).map(({ teamId, name }) => ({ teamId, name }));
  }


  async view(actor: Actor, programmeId: string, requireCoordinator = true): Promise<GroupView> {
    if (requireCoordinator) await this.deps.roles.require(actor, 'coordinator');
    const programme = (await this.deps.programmes.get({ tenantId: actor.tenantId, partition: PARTITION }, programmeId))?.doc;
    if (!programme) throw new NotFoundError('That coaching programme no longer exists.');
    const scope = inProgramme(actor.tenantId, programmeId);
    const [grouping, registrations, facilitators] = await Promise.all([
      this.deps.groupings.get(scope, 'grouping'),
      this.deps.registrations.all(scope),
      this.deps.facilitators.all(scope, { orderBy: [{ field: 'name' }] }),
    ]);
    return { programme, grouping: grouping?.doc, registrations: new Map(registrations.map((r) => [r.userId, r])), facilitators };
  }

  async addFacilitator(actor: Actor, programmeId: string, input: { userId: string; phases: string[]; capacity: number }): Promise<GroupView> {
    await this.deps.roles.require(actor, 'coordinator');
    const person = await this.deps.people.get(actor.tenantId, input.userId);
    if (!person) throw new InvalidInputError('Choose a person Headway knows.');
    const phases = input.phases.filter((p) => CoachingPhase.safeParse(p).success) as Facilitator['phases'];
    if (phases.length === 0) throw new InvalidInputError('Choose at least one phase they facilitate.');
    if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > 20) throw new InvalidInputError('Give how many groups they can take (1 to 20).');
    await this.deps.facilitators.upsert(inProgramme(actor.tenantId, programmeId), `facilitator:${person.userId}`, { userId: person.userId, name: person.name, phases, capacity: input.capacity });
    await this.deps.roles.grant(actor, 'facilitator', person);
    return this.view(actor, programmeId);
  }

  /** Proposes groups afresh; never over confirmed groups, and only over the proposal the coordinator saw (`seen`). */
  async propose(actor: Actor, programmeId: string, seen?: number): Promise<GroupView> {
    const view = await this.view(actor, programmeId);
    if (view.grouping?.status === 'confirmed') throw new InvalidInputError('Groups are already confirmed.');
    // In the order places were taken, as joining gave them.
    const heads = [...view.registrations.values()]
      .filter((r) => r.status === 'registered')
      .sort((a, b) => (a.seat ?? 0) - (b.seat ?? 0) || a.userId.localeCompare(b.userId))
      .map((r) => ({ id: r.userId, phase: r.phase, authority: r.authority }));
    const f = view.programme.fields;
    const result = formGroups(heads, f.minGroup, f.maxGroup);
    const proposal: Omit<Grouping, 'revision'> = {
      groups: result.groups.map((g, i) => ({ id: `G${i + 1}`, phase: g.phase as GroupPlan['phase'], members: g.members })),
      ungrouped: result.ungrouped,
      clashes: result.clashes,
      status: 'proposed',
      notes: [],
    };
    const grouping = await this.write(actor, programmeId, seen, (current) => {
      if (current?.status === 'confirmed') throw new InvalidInputError('Groups are already confirmed.');
      return proposal;
    });
    return { ...view, grouping };
  }

  /** The one way the grouping is written: only over the revision the coordinator's card showed. */
  private write(actor: Actor, programmeId: string, seen: number | undefined, change: (current: Grouping | undefined) => Omit<Grouping, 'revision'>): Promise<Grouping> {
    return revise(this.deps.groupings, inProgramme(actor.tenantId, programmeId), 'grouping', seen, 'the groups', change);
  }

  /** Moves heads between groups (or out); all-or-nothing, keeping phases and sizes. */
  async move(actor: Actor, programmeId: string, moves: Record<string, string>, seen?: number): Promise<GroupView> {
    const view = await this.view(actor, programmeId);
    const grouping = view.grouping;
    if (!grouping || grouping.status !== 'proposed') throw new InvalidInputError('Propose groups first.');
    const where = new Map<string, string>();
    for (const g of grouping.groups) for (const m of g.members) where.set(m, g.id);
    for (const [userId, groupId] of Object.entries(moves)) if (view.registrations.has(userId)) where.set(userId, groupId);
    const problems: string[] = [];
    const f = view.programme.fields;
    const groups = grouping.groups.map((g) => ({ ...g, members: [...where.entries()].filter(([, id]) => id === g.id).map(([userId]) => userId) }));
    for (const g of groups) {
      for (const m of g.members) {
        const r = view.registrations.get(m);
        if (r && r.phase !== g.phase) problems.push(`${r.name} is ${r.phase}; group ${g.id} is ${g.phase}.`);
      }
      if (g.members.length < f.minGroup || g.members.length > f.maxGroup) problems.push(`Group ${g.id} would have ${g.members.length}; groups have ${f.minGroup} to ${f.maxGroup}.`);
    }
    if (problems.length > 0) throw new InvalidInputError('Those moves were not made:', problems);
    const grouped = new Set(groups.flatMap((g) => g.members));
    const ungrouped = [...view.registrations.values()]
      .filter((r) => r.status === 'registered' && !grouped.has(r.userId))
      .map((r) => grouping.ungrouped.find((u) => u.id === r.userId) ?? { id: r.userId, reason: 'Left out by the coordinator.' });
    const moved = { ...grouping, groups, ungrouped, clashes: clashesOf(groups, view.registrations) };
    const next = await this.write(actor, programmeId, seen ?? grouping.revision, () => moved);
    return { ...view, grouping: next };
  }

  /**
   * Confirms the groups, assigns facilitators and closes registration; members and facilitators
   * are told by a durable job (see FanOuts). Answers the confirmed view and the progress card.
   */
  async confirm(actor: Actor, programmeId: string, cards: GroupCards, seen?: number): Promise<{ view: GroupView; progress: Reply }> {
    const view = await this.view(actor, programmeId);
    if (!view.grouping) throw new InvalidInputError('Propose groups first.');
    const { assignments, notes } = assignFacilitators(view.grouping.groups, view.facilitators);
    const confirmedGroups: Omit<Grouping, 'revision'> = {
      ...view.grouping,
      groups: view.grouping.groups.map((g) => (assignments[g.id] ? { ...g, facilitatorId: assignments[g.id] } : g)),
      status: 'confirmed',
      notes,
    };
    // Confirms exactly the groups read above: a proposal or move landing meanwhile refuses this.
    const grouping = await this.write(actor, programmeId, seen ?? view.grouping.revision, () => confirmedGroups);
    await this.deps.programmes.update({ tenantId: actor.tenantId, partition: PARTITION }, programmeId, (current) => (current ? { ...current, status: 'grouped' } : undefined));
    const confirmed = { ...view, grouping };
    const nameOf = (userId: string) => view.registrations.get(userId)?.name ?? view.facilitators.find((f) => f.userId === userId)?.name ?? 'Someone';
    const mailings = grouping.groups.map((group) => ({
      // Keyed by who is in the group, as a digest: delivery records must not list people's ids.
      key: `coaching.group:${programmeId}:${group.id}:${createHash('sha256').update(`${group.members.join(',')}:${group.facilitatorId ?? ''}`).digest('hex').slice(0, 24)}`,
      reply: cards.group(confirmed, group),
      people: [...group.members, ...(group.facilitatorId ? [group.facilitatorId] : [])].map((userId) => ({ userId, name: nameOf(userId) })),
    }));
    // Heads who could not be grouped hear why, rather than nothing while others hear of their groups.
    const left = grouping.ungrouped.filter((u) => view.registrations.get(u.id)?.status === 'registered');
    for (const u of left) mailings.push({ key: `coaching.ungrouped:${programmeId}:${grouping.revision}`, reply: cards.ungrouped(confirmed, u.reason), people: [{ userId: u.id, name: nameOf(u.id) }] });
    const what = left.length > 0 ? 'the coaching groups to members and facilitators, and why to the heads not in one' : 'the coaching groups to members and facilitators';
    // The revision names this confirmation: the same click sent again starts nothing new.
    const progress = await this.deps.fanOuts.startEach(actor, mailings, what, `groups:${grouping.revision}`, { to: 'coaching.groups', id: programmeId });
    return { view: confirmed, progress };
  }

  /** The people to invite: a team's roster and/or named people the bot knows (coordinators only). */
  async inviteesFrom(actor: Actor, teamId: string, userIds: string[]): Promise<Member[]> {
    await this.deps.roles.require(actor, 'coordinator');
    if (!teamId && userIds.length === 0) throw new InvalidInputError('Choose a team or at least one person to invite. Nothing was sent.');
    const people = new Map<string, Member>();
    if (teamId) for (const m of await this.deps.outreach.teamMembers(actor.tenantId, teamId)) people.set(m.userId, m);
    for (const id of userIds) {
      const person = await this.deps.people.get(actor.tenantId, id);
      if (person) people.set(id, person);
    }
    return [...people.values()];
  }

  /** Takes a head who leaves after groups are formed out of their group. */
  async removeMember(tenantId: string, programmeId: string, userId: string): Promise<void> {
    await this.deps.groupings.update(inProgramme(tenantId, programmeId), 'grouping', (current) =>
      current && current.groups.some((g) => g.members.includes(userId))
        ? { ...current, groups: current.groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== userId) })) }
        : undefined,
    );
  }

  /**
   * Erasure: the person leaves every part of the grouping (a group's members, the ungrouped, the
   * local-authority clashes, a group's facilitator) and their facilitator record goes. A group
   * that loses its facilitator shows "to be confirmed" to coordinators. Answers how many records changed.
   */
  async forget(tenantId: string, programmeId: string, userId: string): Promise<number> {
    const scope = inProgramme(tenantId, programmeId);
    let changed = (await this.deps.facilitators.delete(scope, `facilitator:${userId}`)) ? 1 : 0;
    const named = (g: GroupPlan) => g.members.includes(userId) || g.facilitatorId === userId;
    let regrouped = false;
    await this.deps.groupings.update(scope, 'grouping', (current) => {
      regrouped = false; // run again after a conflict: only the write that lands counts
      if (!current || !(current.groups.some(named) || current.ungrouped.some((u) => u.id === userId) || current.clashes.some((c) => c.members.includes(userId)))) return undefined;
      regrouped = true;
      return {
        ...current,
        groups: current.groups.map(({ facilitatorId, ...g }) => ({ ...g, members: g.members.filter((m) => m !== userId), ...(facilitatorId && facilitatorId !== userId ? { facilitatorId } : {}) })),
        ungrouped: current.ungrouped.filter((u) => u.id !== userId),
        clashes: current.clashes.map((c) => ({ ...c, members: c.members.filter((m) => m !== userId) })).filter((c) => c.members.length > 1),
        revision: current.revision + 1,
      };
    });
    if (regrouped) changed++;
    return changed;
  }

  /** People whose name matches what a coordinator typed in a picker's Find box. */
  async findPeople(actor: Actor, find: string): Promise<PeopleFound> {
    await this.deps.roles.require(actor, 'coordinator');
    return { find, people: (await this.deps.people.search(actor.tenantId, find)).map(({ userId, name }) => ({ userId, name })) };
  }

  /** The groups this person may see: their own as a member or facilitator; all of them for coordinators. */
  /** The confirmed groups the person may see, and, when they could not be grouped, why (their own reason only). */
  async visibleTo(actor: Actor, programmeId: string): Promise<{ view: GroupView; groups: GroupPlan[]; notGrouped?: string }> {
    const view = await this.view(actor, programmeId, false);
    if (!view.grouping || view.grouping.status !== 'confirmed') return { view, groups: [] };
    const roles = await this.deps.roles.rolesOf(actor.tenantId, actor.userId);
    const groups = roles.has('coordinator') ? view.grouping.groups : view.grouping.groups.filter((g) => g.members.includes(actor.userId) || g.facilitatorId === actor.userId);
    const notGrouped = view.grouping.ungrouped.find((u) => u.id === actor.userId)?.reason;
    return { view, groups, ...(notGrouped ? { notGrouped } : {}) };
  }
}

function clashesOf(groups: GroupPlan[], registrations: Map<string, Registration>): Grouping['clashes'] {
  return groups.flatMap((g, index) => {
    const byAuthority = new Map<string, string[]>();
    for (const m of g.members) {
      const authority = registrations.get(m)?.authority ?? '';
      byAuthority.set(authority, [...(byAuthority.get(authority) ?? []), m]);
    }
    return [...byAuthority.entries()].filter(([, ids]) => ids.length > 1).map(([authority, ids]) => ({ group: index, authority, members: ids }));
  });
}
