import { z } from 'zod';
import { cardText, multiSelect, revisionField, cardNumber } from '../inputs.js';
import { InvalidInputError, showingRefusals } from '../../errors.js';
import { noticeCard } from '../core/view.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';
import { facilitatorsCard, groupCard, groupsCard, ungroupedCard } from './group-view.js';
import type { GroupService } from './groups.js';
import type { Programme } from './model.js';
import type { ProgrammeService } from './programme.js';
import type { Doc } from '../../store/collection.js';

const ProgrammeRef = z.object({ programmeId: z.string().min(1) }).passthrough();
/** The groups card's actions carry the revision of the groups they show. */
const GroupsAction = ProgrammeRef.extend({ revision: revisionField, moveWho: cardText(200).optional(), moveTo: cardText(50).optional().default('') });
const FacilitatorInput = ProgrammeRef.extend({
  userId: z.string().optional().default(''),
  phases: multiSelect,
  capacity: cardNumber('Give the number of groups as a whole number.'),
});

/** Coordinators form groups and register facilitators; anyone asks `my group`. */
export function registerGroupRoutes(router: FeatureRouter, deps: { programmes: ProgrammeService; groups: GroupService }, current: (actor: Actor) => Promise<Doc<Programme>>): void {
  const { groups } = deps;
  const withMessage = (actor: Actor, programmeId: string, work: () => Promise<Reply>): Promise<Reply> =>
    showingRefusals(work, async (message) => groupsCard(await groups.view(actor, programmeId), message, 'attention'));
  const showFacilitators = async (actor: Actor, programmeId: string, message = '', tone: 'good' | 'attention' = 'good', find = '') => {
    const view = await groups.view(actor, programmeId);
    return facilitatorsCard(view, await groups.findPeople(actor, find), message, tone);
  };

  router.command(
    { id: 'coaching.facilitators', feature: 'coaching', usage: 'coaching facilitators', summary: 'Register facilitators, the phases they take and how many groups.', pattern: /^coaching facilitators$/i, audience: 'coordinator', scopes: ['personal'], button: 'Facilitators' },
    async (actor) => showFacilitators(actor, (await current(actor)).id),
  );
  router.command(
    { id: 'coaching.groups', feature: 'coaching', usage: 'coaching groups', summary: 'Propose, adjust and confirm the coaching groups.', pattern: /^coaching groups$/i, audience: 'coordinator', scopes: ['personal'], button: 'Groups' },
    async (actor) => groupsCard(await groups.view(actor, (await current(actor)).id)),
  );
  router.command(
    { id: 'coaching.myGroup', feature: 'coaching', usage: 'my group', summary: 'Your coaching group: members, schools and facilitator.', pattern: /^my group$/i, audience: 'everyone', scopes: ['personal'], button: 'My group' },
    async (actor) => {
      const { view, groups: mine, notGrouped } = await groups.visibleTo(actor, (await current(actor)).id);
      if (mine.length === 0 && notGrouped) return ungroupedCard(view, notGrouped);
      if (mine.length === 0) return noticeCard('No group yet', 'You are not in a confirmed coaching group yet. You will be told when groups are formed.');
      return groupCard(view, mine[0]!);
    },
  );

  router.action(Verbs.coaching.facilitatorsShow, ProgrammeRef.extend({ find: cardText(100).optional().default('') }), (actor, { programmeId, find }) => showFacilitators(actor, programmeId, '', 'good', find));
  router.action(Verbs.coaching.facilitatorsAdd, FacilitatorInput, async (actor, input) => {
    return showingRefusals(
      async () => {
        await groups.addFacilitator(actor, input.programmeId, { userId: input.userId, phases: input.phases, capacity: input.capacity });
        return showFacilitators(actor, input.programmeId, 'Facilitator saved. They now have the facilitator role.');
      },
      (message) => showFacilitators(actor, input.programmeId, message, 'attention'),
    );
  });
  router.action(Verbs.coaching.groupsShow, ProgrammeRef, async (actor, { programmeId }) => groupsCard(await groups.view(actor, programmeId)));
  router.action(Verbs.coaching.groupsPropose, GroupsAction, (actor, { programmeId, revision }) =>
    withMessage(actor, programmeId, async () => {
      const view = await groups.propose(actor, programmeId, revision);
      const left = view.grouping!.ungrouped.length;
      return groupsCard(view, left === 0 ? 'Everyone is in a group. Move anyone you like, then confirm.' : `${left} could not be grouped: see below.`, left === 0 ? 'good' : 'attention');
    }),
  );
  router.action(Verbs.coaching.groupsMove, GroupsAction, (actor, input) =>
    withMessage(actor, input.programmeId, async () => {
      // One head at a time from the move form ("none": out of the groups); cards sent before it carry move_<id> inputs.
      const moves = Object.fromEntries(Object.entries(input).filter(([k]) => k.startsWith('move_')).map(([k, v]) => [k.slice(5), String(v ?? '')]));
      if (input.moveWho) moves[input.moveWho] = input.moveTo === 'none' ? '' : input.moveTo;
      if (Object.keys(moves).length === 0) throw new InvalidInputError('Choose a head and the group to move them to. Nothing was changed.');
      return groupsCard(await groups.move(actor, input.programmeId, moves, input.revision), 'Moves saved.');
    }),
  );
  router.action(Verbs.coaching.groupsConfirm, GroupsAction, (actor, { programmeId, revision }) =>
    withMessage(actor, programmeId, async () => (await groups.confirm(actor, programmeId, { group: groupCard, ungrouped: ungroupedCard }, revision)).progress),
  );
}
