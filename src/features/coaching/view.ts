import { fieldMessages } from '../inputs.js';
import { randomUUID } from 'node:crypto';
import type { Doc } from '../../store/collection.js';
import { formatDate, formatDateTime } from '../../time.js';
import { findNote, type PeopleFound } from '../core/view.js';
import type { CardReply } from '../ports.js';
import { LOCAL_AUTHORITIES } from './authorities.js';
import type { JoinOutcome } from './joining.js';
import { PHASE_NAMES, type JoinForm, type Programme, type Registration } from './model.js';
import type { ProgrammeForm } from './programme.js';

const PROGRAMME_FIELDS: (keyof ProgrammeForm)[] = ['name', 'provider', 'cohortStart', 'cap', 'minGroup', 'maxGroup', 'sessions', 'minutes', 'spanMonths', 'resourcesLink', 'contactEmail', 'phases', 'offerDays'];
const JOIN_FIELDS: (keyof JoinForm)[] = ['firstHeadshipStart', 'setting', 'inEngland', 'npqh', 'withdrawnBefore', 'phase', 'authority', 'school', 'email'];


export function programmeFormCard(form: ProgrammeForm, options: { programmeId?: string; errors?: Record<string, string>; message?: string } = {}): CardReply {
  const errors = options.errors ?? {};
  const bad = Object.keys(errors).length > 0;
  return {
    card: 'coaching/programme-form',
    data: {
      title: options.programmeId ? 'Coaching programme' : 'New coaching programme',
      programmeId: options.programmeId ?? '',
      message: options.message ?? (bad ? 'Nothing was saved: please correct the fields marked below.' : ''),
      messageColor: bad ? 'Attention' : 'Good',
      form,
      err: fieldMessages(PROGRAMME_FIELDS, errors),
      saveTitle: options.programmeId ? 'Save changes' : 'Create programme',
    },
  };
}

export function summaryOf(f: Programme['fields']): string {
  return `${f.sessions} facilitated peer sessions of ${f.minutes} minutes across ${f.spanMonths} months, in groups of ${f.minGroup} to ${f.maxGroup} heads of the same phase from across England.`;
}

export function joinCard(programme: Doc<Programme>, form: Partial<JoinForm> = {}, errors: Record<string, string> = {}, editing = false): CardReply {
  const f = programme.fields;
  const bad = Object.keys(errors).length > 0;
  return {
    card: 'coaching/join',
    data: {
      programmeId: programme.id,
      programme: f.name,
      provider: f.provider,
      summary: summaryOf(f),
      message: bad ? 'Please answer the questions marked below; nothing you typed is lost.' : '',
      messageColor: 'Attention',
      form: Object.fromEntries(JOIN_FIELDS.map((k) => [k, form[k] ?? ''])),
      err: fieldMessages(JOIN_FIELDS, errors),
      phases: f.phases.map((p) => ({ title: PHASE_NAMES[p], value: p })),
      authorities: LOCAL_AUTHORITIES.map((la) => ({ title: la.name, value: la.name })),
      submitTitle: editing ? 'Check again and save' : 'Check my eligibility',
    },
  };
}

export function formOfRegistration(r: Registration): Partial<JoinForm> {
  return {
    firstHeadshipStart: r.answers.firstHeadshipStart,
    setting: r.answers.setting,
    inEngland: r.answers.inEngland ? 'yes' : 'no',
    npqh: r.answers.npqh,
    withdrawnBefore: r.answers.withdrawnBefore ? 'yes' : 'no',
    phase: r.phase,
    authority: r.authority,
    school: r.school,
    email: r.email,
  };
}

const base = { failed: [] as { reason: string }[], facts: [] as { title: string; value: string }[], canAccept: false, canEdit: false, canWithdraw: false };

/** Eligible and registered, waitlisted with the place in the queue, offered a place, or not eligible. */
export function joinResultCard(outcome: Exclude<JoinOutcome, { kind: 'invalid' }>, message = ''): CardReply {
  const f = outcome.programme.fields;
  const facts = (r: Registration) => [
    { title: 'Phase', value: PHASE_NAMES[r.phase] },
    { title: 'Local authority', value: `${r.authority} (${r.region})` },
    { title: 'School', value: r.school },
    { title: 'Starts', value: formatDate(f.cohortStart) },
  ];
  const open = outcome.programme.status === 'open';
  switch (outcome.kind) {
    case 'ineligible':
      return {
        card: 'coaching/join-result',
        data: { ...base, headline: 'Not eligible this time', colour: 'Attention', detail: message || `Thank you for checking. ${f.name} is not open to you because:`, failed: outcome.verdict.failed, footer: `Nothing you entered has been kept. If you think this is wrong, contact ${f.contactEmail}.`, programmeId: outcome.programme.id, canEdit: true },
      };
    case 'waitlisted':
      return {
        card: 'coaching/join-result',
        data: { ...base, headline: `You are eligible, and number ${outcome.position} on the waiting list`, colour: 'Warning', detail: message || `All ${f.cap} places are taken. When a place frees up it is offered to the first on the list, who then has ${f.offerDays} days to accept.`, facts: facts(outcome.registration), footer: `Questions: ${f.contactEmail}.`, programmeId: outcome.programme.id, canEdit: open, canWithdraw: true },
      };
    case 'offered':
      return {
        card: 'coaching/join-result',
        data: { ...base, headline: 'A place is yours if you want it', colour: 'Good', detail: message || `A place on ${f.name} has freed up. Please accept by ${formatDateTime(new Date(outcome.registration.offerExpiresAt!))}, or it passes to the next person.`, facts: facts(outcome.registration), footer: `Questions: ${f.contactEmail}.`, programmeId: outcome.programme.id, canAccept: true, canEdit: open, canWithdraw: true },
      };
    default:
      return {
        card: 'coaching/join-result',
        data: { ...base, headline: 'You are eligible and registered', colour: 'Good', detail: message || `You have a place on ${f.name} (${f.provider}). ${summaryOf(f)} We will tell you your group and your session dates.`, facts: facts(outcome.registration), footer: `You can edit your answers or withdraw until groups are formed. Questions: ${f.contactEmail}.`, programmeId: outcome.programme.id, canEdit: open, canWithdraw: true },
      };
  }
}

export function coachingInviteCard(programme: Doc<Programme>, teams: { teamId: string; name: string }[], found: PeopleFound, message = ''): CardReply {
  return { card: 'coaching/invite', data: { programmeId: programme.id, programme: programme.fields.name, message, teams, people: found.people, find: found.find, findNote: findNote(found), sendId: randomUUID() } };
}

/** What heads receive: the offer in a few lines and one button to check eligibility. */
export function coachingInvitationCard(programme: Doc<Programme>): CardReply {
  const f = programme.fields;
  return { card: 'coaching/invitation', data: { programmeId: programme.id, programme: f.name, provider: f.provider, summary: summaryOf(f), cap: f.cap, starts: formatDate(f.cohortStart) } };
}

/** Before a head withdraws: what they give up (a place goes to the next person waiting). */
export function withdrawConfirmCard(programme: Doc<Programme>, registration: Registration): CardReply {
  const lines: string[] = [];
  if (registration.status === 'waitlisted') lines.push('- You leave the waiting list.');
  else if (registration.status === 'offered') lines.push('- The place you were offered goes to the next person on the waiting list.');
  else lines.push('- Your place goes to the next person on the waiting list.');
  if (programme.status === 'grouped') lines.push('- You leave your coaching group; its members and facilitator will no longer see you in it.');
  lines.push('- If you change your mind, you can join again with coaching join, but a place is not kept for you.');
  return { card: 'coaching/withdraw-confirm', data: { programme: programme.fields.name, programmeId: programme.id, consequences: lines.join('\n') } };
}
