import { findNote, noticeCard, type PeopleFound } from '../core/view.js';
import type { CardReply } from '../ports.js';
import type { GroupView } from './groups.js';
import { CoachingPhase, PHASE_NAMES, type GroupPlan } from './model.js';

const nameOf = (view: GroupView, userId: string) => view.registrations.get(userId)?.name ?? view.facilitators.find((f) => f.userId === userId)?.name ?? 'Someone';
const phaseName = (phase: string) => PHASE_NAMES[phase as keyof typeof PHASE_NAMES] ?? phase;

export function facilitatorsCard(view: GroupView, found: PeopleFound, message = '', tone: 'good' | 'attention' = 'good'): CardReply {
  return {
    card: 'coaching/facilitators',
    data: {
      programmeId: view.programme.id,
      programme: view.programme.fields.name,
      message,
      messageColor: tone === 'good' ? 'Good' : 'Attention',
      facilitators: view.facilitators.map((f) => ({ name: f.name, detail: `${f.phases.map(phaseName).join(', ')} · up to ${f.capacity} groups` })),
      people: found.people,
      find: found.find,
      findNote: findNote(found),
      phases: CoachingPhase.options.map((p) => ({ title: PHASE_NAMES[p], value: p })),
    },
  };
}

export function groupsCard(view: GroupView, message = '', tone: 'good' | 'attention' = 'good'): CardReply {
  const grouping = view.grouping;
  const canMove = grouping?.status === 'proposed';
  // Members as text and one "move a head" form: a choice list per member (every group as an
  // option for each of 60 heads) came to over 100 KB as Teams counts it.
  const groups = (grouping?.groups ?? []).map((g) => ({
    title: `Group ${g.id}: ${phaseName(g.phase)}`,
    detail: `${g.members.length} heads${g.facilitatorId ? ` · facilitator ${nameOf(view, g.facilitatorId)}` : ''}`,
    memberLines: g.members.map((m) => `- ${nameOf(view, m)} · ${view.registrations.get(m)?.authority ?? ''}`).join('\n'),
  }));
  const groupOf = new Map((grouping?.groups ?? []).flatMap((g) => g.members.map((m) => [m, g.id] as const)));
  const heads = [...view.registrations.values()]
    .filter((r) => r.status === 'registered')
    .map((r) => ({ title: `${r.name} (${groupOf.has(r.userId) ? `Group ${groupOf.get(r.userId)}` : 'not grouped'})`, value: r.userId }))
    .sort((a, b) => a.title.localeCompare(b.title));
  const targets = [...(grouping?.groups ?? []).map((g) => ({ title: `Group ${g.id} (${phaseName(g.phase)})`, value: g.id })), { title: 'Not grouped', value: 'none' }];
  // Who there is to group, before anything is proposed: registered heads, by phase.
  const registered = [...view.registrations.values()].filter((r) => r.status === 'registered');
  const byPhase = CoachingPhase.options.map((p) => ({ p, n: registered.filter((r) => r.phase === p).length })).filter((x) => x.n > 0);
  const registeredLine = registered.length === 0
    ? 'Nobody is registered yet.'
    : byPhase.length === 1
      ? `${registered.length} ${registered.length === 1 ? 'head' : 'heads'} registered, ${registered.length === 1 ? '' : 'all '}${PHASE_NAMES[byPhase[0]!.p].toLowerCase()}.`
      : `${registered.length} heads registered: ${byPhase.map((x) => `${x.n} ${PHASE_NAMES[x.p].toLowerCase()}`).join(', ')}.`;
  const clashNotes = (grouping?.clashes ?? []).map((c) => ({ text: `Group ${grouping!.groups[c.group]?.id}: ${c.members.length} heads from ${c.authority} (there was no other way).` }));
  return {
    card: 'coaching/groups',
    data: {
      programmeId: view.programme.id,
      revision: grouping?.revision ?? 0,
      programme: view.programme.fields.name,
      statusLine: !grouping ? 'not proposed yet' : grouping.status === 'confirmed' ? 'confirmed' : 'proposed, not yet confirmed',
      registeredLine,
      message,
      messageColor: tone === 'good' ? 'Good' : 'Attention',
      canMove,
      canPropose: grouping?.status !== 'confirmed',
      groups,
      heads,
      targets,
      ungrouped: (grouping?.ungrouped ?? []).map((u) => ({ name: nameOf(view, u.id), reason: u.reason })),
      notes: [...clashNotes, ...(grouping?.notes ?? []).map((text) => ({ text }))],
    },
  };
}

/** What a member or facilitator sees of their group: names, schools, local authorities, facilitator. */
export function groupCard(view: GroupView, group: GroupPlan): CardReply {
  return {
    card: 'coaching/group',
    data: {
      title: `Your coaching group (${phaseName(group.phase)})`,
      programme: `${view.programme.fields.name} · ${view.programme.fields.provider}`,
      members: group.members.map((m) => {
        const r = view.registrations.get(m);
        return { name: nameOf(view, m), detail: r ? `${r.school}, ${r.authority}` : '' };
      }),
      facilitator: group.facilitatorId ? nameOf(view, group.facilitatorId) : 'to be confirmed',
      footer: `Only your group, its facilitator and the programme's coordinators can see this. Resources: ${view.programme.fields.resourcesLink}`,
    },
  };
}

/** To a registered head whom the confirmed groups leave out: the reason, and whom to ask. */
export function ungroupedCard(view: GroupView, reason: string): CardReply {
  const f = view.programme.fields;
  return noticeCard('Coaching groups are formed, but you are not in one yet', `${reason} Your registration for ${f.name} stays, and you will be told if a group forms for you. Questions: ${f.contactEmail}.`);
}
