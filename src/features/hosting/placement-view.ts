import type { Doc } from '../../store/collection.js';
import { formatDate, formatDateTime } from '../../time.js';
import type { CardReply } from '../ports.js';
import { inRows, noticeCard } from '../core/view.js';
import { PHASE_WORD, schoolKey } from './allocate.js';
import type { AllocationView } from './allocation.js';
import type { BriefingInput, BriefingState } from './briefing.js';
import { MAX_PLACES, PHASE_LABEL, READINESS, type Feedback, type Offer, type Participant } from './model.js';
import type { StoredCampaign } from './service.js';

/** After the offers: participants, allocation, hosts' and participants' cards, feedback, briefing. */
type Tone = 'good' | 'attention';
const colour = (tone: Tone) => (tone === 'good' ? 'Good' : 'Attention');

export function participantsCard(
  campaign: StoredCampaign,
  participants: Doc<Participant>[],
  options: { message?: string; tone?: Tone; form?: Record<string, string>; errors?: Record<string, string> } = {},
): CardReply {
  const form = { name: '', phase: '', ownSchool: '', email: '', lines: '', ...options.form };
  const errors = options.errors ?? {};
  return {
    card: 'hosting/participants',
    data: {
      campaignId: campaign.id,
      campaignTitle: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      message: options.message ?? '',
      messageColor: colour(options.tone ?? 'good'),
      participants: participants.map((p) => ({ id: p.id, name: p.name, phase: p.phase, ownSchool: p.ownSchool, email: p.email, teams: p.userId ? ' · in Teams' : '' })),
      form,
      err: { name: errors.name ?? '', phase: errors.phase ?? '', ownSchool: errors.ownSchool ?? '', email: errors.email ?? '' },
    },
  };
}

/** Hosts with their placed participants; each participant can be moved to any same-phase host. */
export function allocationCard(view: AllocationView, message = '', tone: Tone = 'good'): CardReply {
  const placements = view.allocation?.placements ?? {};
  const choicesFor = (p: Doc<Participant>) => [
    ...view.hosts.filter((h) => h.phase === p.phase).map((h) => ({ title: h.school, value: h.id })),
    { title: 'Not placed', value: '' },
  ];
  const row = (p: Doc<Participant>) => ({ name: p.name, ownSchool: p.ownSchool, phase: p.phase, inputId: `move_${p.id}`, hostId: placements[p.id] ?? '', choices: choicesFor(p) });
  const hosts = view.hosts.map((h) => {
    const placed = view.participants.filter((p) => placements[p.id] === h.id).map(row);
    return { school: h.school, detail: `${PHASE_LABEL[h.phase]} · ${placed.length} of ${h.places} places · ${h.headName}`, placed };
  });
  const unplaced = view.participants
    .filter((p) => placements[p.id] === undefined)
    .map((p) => ({ ...row(p), reason: view.allocation?.unplaced.find((u) => u.participantId === p.id)?.reason ?? 'Not placed yet.' }));
  const status = view.allocation?.status === 'confirmed' ? `confirmed ${formatDateTime(new Date(view.allocation.confirmedAt!))}` : 'proposed, not yet confirmed';
  return {
    card: 'hosting/allocation',
    data: { campaignId: view.campaign.id, revision: view.allocation?.revision ?? 0, campaignTitle: `${view.campaign.fields.programme}: ${view.campaign.fields.cohort}`, statusLine: status, message, messageColor: colour(tone), hosts, unplaced, fixes: view.allocation?.status === 'confirmed' ? [] : fixesFor(view) },
  };
}

/**
 * For each phase with someone left: what would place them (another host of that phase, or one
 * more place at a host they could go to), each a button away. Late invitations work after the
 * deadline, so neither needs the campaign edited or reopened.
 */
function fixesFor(view: AllocationView): { title: string; text: string; invite: string; rows: { buttons: { title: string; offerId: string; from: number }[] }[] }[] {
  const placements = view.allocation?.placements ?? {};
  const left = view.participants.filter((p) => placements[p.id] === undefined);
  return (['primary', 'secondary', 'special'] as const)
    .map((phase) => {
      const waiting = left.filter((p) => p.phase === phase);
      const word = PHASE_WORD[phase];
      const hosts = view.hosts.filter((h) => h.phase === phase && h.places < MAX_PLACES && waiting.some((p) => schoolKey(p.ownSchool) !== schoolKey(h.school)));
      const who = waiting.length === 1 ? `the ${word} participant` : `the ${waiting.length} ${word} participants`;
      return {
        count: waiting.length,
        title: `To place ${who} left`,
        text: hosts.length > 0 ? `Invite another ${word} head to host, or give a ${word} host one more place once its head has agreed.` : `Invite another ${word} head to host.`,
        invite: `Invite another ${word} host`,
        rows: inRows(hosts.map((h) => ({ title: `One more place at ${h.school}`, offerId: h.id, from: h.places })), 2),
      };
    })
    .filter((fix) => fix.count > 0)
    .map(({ count: _count, ...fix }) => fix);
}

/** Before a host is given another place: who must agree, and what happens next. */
export function placeConfirmCard(view: AllocationView, offer: Doc<Offer>): CardReply {
  const changes = view.allocation?.status === 'confirmed' ? 'The allocation is confirmed, so nobody is moved: place someone there with a move, then confirm again.' : 'The allocation is then proposed again, so any moves you made are replaced.';
  return {
    card: 'hosting/place-confirm',
    data: {
      campaignId: view.campaign.id,
      offerId: offer.id,
      from: offer.places,
      title: `One more place at ${offer.school}?`,
      text: `${offer.school} offered ${offer.places} ${offer.places === 1 ? 'place' : 'places'}. Check with ${offer.headName}, its head, first: Headway will tell them that the school now takes ${offer.places + 1}. ${changes}`,
      confirmTitle: `Yes, ${offer.places + 1} places`,
    },
  };
}

/** To a host's head when the coordinator gives the school another place. */
export function placeAddedCard(campaign: StoredCampaign, offer: Doc<Offer>, by: string): CardReply {
  const f = campaign.fields;
  return noticeCard('Your school takes one more participant', `${by} has given ${offer.school} ${offer.places} places for ${f.programme}: ${f.cohort}, as agreed with you. You will be told who your candidates are when the allocation is confirmed. Questions: ${f.contactName}, ${f.contactEmail}, ${f.contactPhone}.`);
}

export function hostCandidatesCard(campaign: StoredCampaign, offer: Doc<Offer>, candidates: Doc<Participant>[], done: boolean[] = [], message = ''): CardReply {
  const f = campaign.fields;
  return {
    card: 'hosting/host-candidates',
    data: {
      campaignId: campaign.id,
      programme: `${f.programme}: ${f.cohort}`,
      candidates: candidates.map((c) => ({ name: c.name, detail: `${c.email} (currently at ${c.ownSchool})` })),
      dates: offer.dates.map(formatDate).join('; '),
      contact: `${f.contactName}, ${f.contactEmail}, ${f.contactPhone}`,
      message,
      checklist: HOST_CHECKLIST.map((text, i) => ({ id: `check${i}`, text, value: done[i] ? 'true' : 'false' })),
    },
  };
}

/** The host's checklist (the wording of the seed's duties). */
export const HOST_CHECKLIST = [
  'Contact the candidates in advance about the format of the day',
  'Form the selection and interview panel',
  'Set the interview tasks',
  'Give feedback to and on each candidate',
  'Attend the online briefing session',
];

export function placementCard(campaign: StoredCampaign, offer: Doc<Offer>): CardReply {
  const f = campaign.fields;
  return {
    card: 'hosting/placement',
    data: {
      programme: `${f.programme}: ${f.cohort}`,
      school: offer.school,
      dates: offer.dates.map(formatDate).join('; '),
      head: offer.headName,
      contact: `${f.contactName}, ${f.contactEmail}, ${f.contactPhone}`,
    },
  };
}

export function feedbackFormCard(campaign: StoredCampaign, participant: Doc<Participant>, existing?: Partial<Feedback>, errors: Record<string, string> = {}, message = ''): CardReply {
  return {
    card: 'hosting/feedback-form',
    data: {
      campaignId: campaign.id,
      participantId: participant.id,
      candidate: participant.name,
      programme: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      message: message || (Object.keys(errors).length > 0 ? 'Not sent yet: please complete the fields marked below.' : ''),
      messageColor: Object.keys(errors).length > 0 ? 'Attention' : 'Good',
      form: { strengths: existing?.strengths ?? '', areas: existing?.areas ?? '', readiness: existing?.readiness ?? '', comments: existing?.comments ?? '' },
      err: { strengths: errors.strengths ?? '', areas: errors.areas ?? '', readiness: errors.readiness ?? '', comments: errors.comments ?? '' },
      readinessChoices: READINESS.map((r) => ({ title: r, value: r })),
      submitTitle: existing?.version ? 'Update feedback' : 'Send feedback',
    },
  };
}

export function feedbackCard(campaign: StoredCampaign, offer: Doc<Offer>, feedback: Feedback): CardReply {
  return {
    card: 'hosting/feedback',
    data: {
      programme: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      school: offer.school,
      strengths: feedback.strengths,
      areas: feedback.areas,
      readiness: feedback.readiness,
      comments: feedback.comments,
      contactName: campaign.fields.contactName,
    },
  };
}

export function feedbackProgressCard(campaign: StoredCampaign, hosts: { school: string; head: string; given: number; expected: number }[]): CardReply {
  return {
    card: 'hosting/feedback-progress',
    data: {
      campaignId: campaign.id,
      campaignTitle: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      hosts: hosts.map((h) => ({ school: h.school, detail: `${h.given} of ${h.expected} candidates · ${h.head}${h.given === h.expected ? ' · done' : ''}` })),
    },
  };
}

export function briefingFormCard(state: BriefingState, options: { form?: Partial<BriefingInput>; errors?: Record<string, string>; message?: string } = {}): CardReply {
  const errors = options.errors ?? {};
  const replies = new Map(state.replies.map((r) => [r.userId, r.attending]));
  return {
    card: 'hosting/briefing-form',
    data: {
      campaignId: state.campaign.id,
      campaignTitle: `${state.campaign.fields.programme}: ${state.campaign.fields.cohort}`,
      message: options.message ?? (Object.keys(errors).length > 0 ? 'Not sent: please correct the fields marked below.' : ''),
      messageColor: Object.keys(errors).length > 0 ? 'Attention' : 'Good',
      form: { date: options.form?.date ?? state.briefing?.date ?? '', time: options.form?.time ?? state.briefing?.time ?? '', link: options.form?.link ?? state.briefing?.link ?? '' },
      err: { date: errors.date ?? '', time: errors.time ?? '', link: errors.link ?? '' },
      hostCount: state.hosts.length,
      hosts: state.hosts.map((h) => {
        const answer = replies.get(h.headUserId);
        return { name: `${h.headName} (${h.school})`, answer: answer === undefined ? (state.briefing ? 'No answer yet' : 'Not invited yet') : answer ? 'Attending' : 'Cannot attend' };
      }),
      sendTitle: state.briefing ? 'Send the updated details' : 'Invite hosts',
    },
  };
}

export function briefingCard(state: BriefingState, message = ''): CardReply {
  const b = state.briefing!;
  return {
    card: 'hosting/briefing',
    data: {
      campaignId: state.campaign.id,
      programme: `${state.campaign.fields.programme}: ${state.campaign.fields.cohort}`,
      when: `${formatDate(b.date)}, ${b.time} (UK time)`,
      link: b.link,
      message,
      messageColor: 'Good',
    },
  };
}
