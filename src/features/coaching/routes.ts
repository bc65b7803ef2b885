import { z } from 'zod';
import { cardText, formText, multiSelect, shownBack } from '../inputs.js';
import { FormError, NotFoundError } from '../../errors.js';
import { noticeCard } from '../core/view.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply } from '../ports.js';
import { Verbs } from '../verbs.js';
import type { Coaching } from './index.js';
import { JoinForm } from './model.js';
import type { ProgrammeForm } from './programme.js';
import type { Clock } from '../../clock.js';
import { registerGroupRoutes } from './group-routes.js';
import { registerSessionRoutes } from './session-routes.js';
import { coachingInvitationCard, coachingInviteCard, formOfRegistration, joinCard, joinResultCard, programmeFormCard, withdrawConfirmCard } from './view.js';

const text = cardText();
/** The next step a head is offered where they could join. */
const JOIN = { title: 'Check eligibility and join', command: 'coaching.join' };
const form = formText;
const ProgrammeInput = z.object({
  programmeId: text,
  name: form, provider: form, cohortStart: text, cap: text, minGroup: text, maxGroup: text, sessions: text, minutes: text, spanMonths: text,
  resourcesLink: form, contactEmail: form, phases: text, offerDays: text,
});
const ProgrammeRef = z.object({ programmeId: z.string().min(1) }).passthrough();
const ProgrammeFind = ProgrammeRef.extend({ find: cardText(100).optional().default('') });
const InviteInput = ProgrammeRef.extend({
  teamId: z.string().optional().default(''),
  userIds: multiSelect,
  /** The Send button's own id (see FanOuts.start). */
  sendId: cardText(64).optional().default(''),
});

/** Coaching's commands and card verbs. */
export function registerCoachingRoutes(router: FeatureRouter, { programmes, joining, groups, sessions, attendance }: Coaching, clock: Clock): void {
  const current = async (actor: Actor) => {
    const programme = await programmes.current(actor.tenantId);
    if (!programme) throw new NotFoundError('There is no coaching programme to join yet.');
    return programme;
  };
  /** A head's view: their registration, or the questions if they have none. */
  const status = async (actor: Actor, programmeId: string): Promise<Reply> => {
    const programme = await joining.programme(actor.tenantId, programmeId);
    const registration = await joining.registration(actor, programmeId);
    if (!registration || registration.status === 'withdrawn' || registration.status === 'lapsed') return joinCard(programme);
    const kind = registration.status === 'waitlisted' ? 'waitlisted' : registration.status === 'offered' ? 'offered' : 'registered';
    return joinResultCard({ kind, registration, position: await joining.position(actor.tenantId, programmeId, registration), programme });
  };

  router.command(
    { id: 'coaching.setup', feature: 'coaching', usage: 'coaching setup', summary: 'Set up or edit the Early Headship Coaching programme.', pattern: /^coaching setup$/i, audience: 'coordinator', scopes: ['personal'], button: 'Set up coaching' },
    async (actor) => {
      const existing = await programmes.current(actor.tenantId);
      return existing ? programmeFormCard(await programmes.form(actor, existing.id), { programmeId: existing.id }) : programmeFormCard(await programmes.form(actor));
    },
  );
  router.command(
    { id: 'coaching.join', feature: 'coaching', usage: 'coaching join', summary: 'Check your eligibility for the Early Headship Coaching Offer and join.', pattern: /^coaching( join)?$/i, audience: 'everyone', scopes: ['personal'], button: 'Check eligibility and join' },
    async (actor) => status(actor, (await current(actor)).id),
  );
  router.command(
    { id: 'coaching.invite', feature: 'coaching', usage: 'coaching invite', summary: 'Invite heads (a team, or named people) to check their eligibility and join.', pattern: /^coaching invite$/i, audience: 'coordinator', scopes: ['personal'], button: 'Invite heads' },
    async (actor) => coachingInviteCard(await current(actor), await groups.teams(actor), await groups.findPeople(actor, '')),
  );
  router.action(Verbs.coaching.inviteShow, ProgrammeFind, async (actor, { programmeId, find }) =>
    coachingInviteCard(await joining.programme(actor.tenantId, programmeId), await groups.teams(actor), await groups.findPeople(actor, find)),
  );
  router.action(Verbs.coaching.inviteSend, InviteInput, async (actor, input) => {
    const programme = await joining.programme(actor.tenantId, input.programmeId);
    const people = await groups.inviteesFrom(actor, input.teamId, input.userIds);
    return joining.invite(actor, programme, people, coachingInvitationCard(programme), input.sendId);
  });
  router.command(
    { id: 'coaching.leave', feature: 'coaching', usage: 'leave coaching', summary: 'Withdraw from the coaching programme.', pattern: /^leave coaching$/i, audience: 'everyone', scopes: ['personal'] },
    async (actor) => askToWithdraw(actor, (await current(actor)).id),
  );
  // Nothing is given away on the first click: the head sees what withdrawing means and confirms.
  const askToWithdraw = async (actor: Actor, programmeId: string): Promise<Reply> => {
    const programme = await joining.programme(actor.tenantId, programmeId);
    const registration = await joining.registration(actor, programmeId);
    if (!registration || registration.status === 'withdrawn' || registration.status === 'lapsed') {
      return noticeCard('You are not registered', `You hold no place on ${programme.fields.name}, so there is nothing to withdraw from. Type coaching join to check your eligibility.`, 'default', [JOIN]);
    }
    return withdrawConfirmCard(programme, registration);
  };
  router.action(Verbs.coaching.joinWithdrawAsk, ProgrammeRef, (actor, { programmeId }) => askToWithdraw(actor, programmeId));
  router.action(Verbs.coaching.joinStatus, ProgrammeRef, (actor, { programmeId }) => status(actor, programmeId));

  router.action(Verbs.coaching.programmeSave, ProgrammeInput, async (actor, input) => {
    const { programmeId, ...form } = input;
    try {
      const saved = await programmes.save(actor, form as ProgrammeForm, programmeId || undefined);
      return programmeFormCard(await programmes.form(actor, saved.id), { programmeId: saved.id, message: programmeId ? 'Changes saved.' : 'Programme created. Next, invite heads: they check their eligibility and join from the invitation (or by typing coaching join).' });
    } catch (error) {
      if (error instanceof FormError) return programmeFormCard(shownBack(form as ProgrammeForm), { ...(programmeId ? { programmeId } : {}), errors: error.fieldErrors });
      throw error;
    }
  });
  router.action(Verbs.coaching.joinShow, ProgrammeRef, async (actor, { programmeId }) => {
    const programme = await joining.programme(actor.tenantId, programmeId);
    const registration = await joining.registration(actor, programmeId);
    return joinCard(programme, registration ? formOfRegistration(registration) : {}, {}, Boolean(registration));
  });
  router.action(Verbs.coaching.joinSubmit, JoinForm, async (actor, form) => {
    const outcome = await joining.submit(actor, form);
    if (outcome.kind === 'invalid') return joinCard(await joining.programme(actor.tenantId, form.programmeId), shownBack(form), outcome.errors);
    return joinResultCard(outcome);
  });
  router.action(Verbs.coaching.joinWithdraw, ProgrammeRef, async (actor, { programmeId }) => {
    const programme = await joining.withdraw(actor, programmeId);
    if (programme.status === 'grouped') await groups.removeMember(actor.tenantId, programme.id, actor.userId);
    return noticeCard('You have withdrawn', `You are no longer registered for ${programme.fields.name}. Type coaching join if you change your mind.`, 'default', [JOIN]);
  });
  router.action(Verbs.coaching.offerAccept, ProgrammeRef, async (actor, { programmeId }) => {
    await joining.accept(actor, programmeId);
    return status(actor, programmeId);
  });

  // Facilitators and groups
  registerGroupRoutes(router, { programmes, groups }, current);
  registerSessionRoutes(router, { sessions, attendance, groups, clock }, current);
}
