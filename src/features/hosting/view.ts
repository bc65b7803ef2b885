import { formatDate, formatDateTime } from '../../time.js';
import type { CardReply } from '../router.js';
import type { KnownPerson } from '../core/people.js';
import type { Doc } from '../../store/collection.js';
import type { AllocationView } from './allocation.js';
import type { BriefingInput, BriefingState } from './briefing.js';
import { PHASES, PHASE_LABEL, type CampaignFields, type CampaignForm, type Feedback, type Offer, type OfferDraft, type PanelMember, type Participant, type PerPhase, READINESS } from './model.js';
import type { StoredCampaign } from './service.js';
import type { CampaignStatus } from './status.js';

const FORM_FIELDS: (keyof CampaignForm)[] = [
  'programme', 'cohort', 'description', 'participantsPrimary', 'participantsSecondary', 'participantsSpecial', 'hostsPrimary', 'hostsSecondary',
  'hostsSpecial', 'placesPerHost', 'windowStart', 'windowEnd', 'replyDeadline', 'reminderDaysBefore', 'contactName', 'contactEmail', 'contactPhone',
  'duties', 'provides',
];

/** The campaign card: everything typed is kept, and each problem sits under its field. */
export function campaignFormCard(form: CampaignForm, options: { campaignId?: string; errors?: Record<string, string> } = {}): CardReply {
  const errors = options.errors ?? {};
  const err = Object.fromEntries(FORM_FIELDS.map((field) => [field, errors[field] ?? '']));
  const isNew = !options.campaignId;
  return {
    card: 'hosting/campaign-form',
    data: {
      title: isNew ? 'New hosting campaign' : 'Edit hosting campaign',
      message: Object.keys(errors).length > 0 ? 'Nothing was saved: please correct the fields marked below.' : '',
      form,
      err,
      campaignId: options.campaignId ?? '',
      saveTitle: isNew ? 'Create campaign' : 'Save changes',
    },
  };
}

export const perPhaseText = (counts: PerPhase): string =>
  PHASES.map((phase) => `${counts[phase]} ${PHASE_LABEL[phase].toLowerCase()}`).join(', ');

export function windowText(fields: CampaignFields): string {
  return `${formatDate(fields.windowStart)} to ${formatDate(fields.windowEnd)}`;
}

export function campaignCard(campaign: StoredCampaign, message = ''): CardReply {
  const f = campaign.fields;
  return {
    card: 'hosting/campaign',
    data: {
      message,
      title: `${f.programme}: ${f.cohort}`,
      statusLine: campaign.status === 'open' ? `Open for replies until ${formatDateTime(new Date(campaign.closesAt))}` : 'Closed to replies',
      campaignId: campaign.id,
      facts: [
        { title: 'Participants', value: perPhaseText(f.participants) },
        { title: 'Hosts wanted', value: perPhaseText(f.hostsWanted) },
        { title: 'Per host', value: `${f.placesPerHost} participants` },
        { title: 'Interviews', value: windowText(f) },
        { title: 'Reply by', value: formatDate(f.replyDeadline) },
        { title: 'Reminder', value: f.reminderDaysBefore === 0 ? 'none' : `${f.reminderDaysBefore} days before the deadline` },
        { title: 'Contact', value: `${f.contactName}, ${f.contactEmail}, ${f.contactPhone}` },
      ],
    },
  };
}

const bullets = (items: string[]): string => items.map((i) => `- ${i}`).join('\n');

export function invitationCard(campaign: StoredCampaign, banner = ''): CardReply {
  const f = campaign.fields;
  return {
    card: 'hosting/invitation',
    data: {
      banner,
      campaignId: campaign.id,
      title: `${f.programme}: would your school host mock leadership interviews?`,
      description: f.description || `${f.cohort} of ${f.programme}.`,
      duties: bullets(f.duties),
      provides: bullets(f.provides),
      window: windowText(f),
      deadline: formatDate(f.replyDeadline),
      contact: `${f.contactName}, ${f.contactEmail}, ${f.contactPhone}`,
    },
  };
}

export function questionCard(campaign: StoredCampaign, errors: Record<string, string> = {}): CardReply {
  return { card: 'hosting/question', data: { campaignId: campaign.id, programme: campaign.fields.programme, contactName: campaign.fields.contactName, err: { question: errors.question ?? '' } } };
}

const STEP_TITLES = ['Your school', 'Dates', 'Interview panel', 'Host duties', 'Review and submit'];
const STEP_CARDS = ['hosting/offer-school', 'hosting/offer-dates', 'hosting/offer-panel', 'hosting/offer-duties', 'hosting/offer-review'];

/** The card for the draft's current step, with each problem under its field. */
export function offerStepCard(campaign: StoredCampaign, draft: OfferDraft, errors: Record<string, string> = {}): CardReply {
  const f = campaign.fields;
  const step = draft.step;
  const fieldErrors = (names: string[]) => Object.fromEntries(names.map((n) => [n, errors[n] ?? '']));
  const base = {
    campaignId: campaign.id,
    stepTitle: STEP_TITLES[step - 1],
    message: Object.keys(errors).length > 0 ? 'Please check the entries marked below; nothing you typed is lost.' : '',
  };
  switch (step) {
    case 1:
      return {
        card: STEP_CARDS[0]!,
        data: {
          ...base,
          draft,
          placeChoices: Array.from({ length: f.placesPerHost }, (_, i) => ({ title: String(i + 1), value: String(i + 1) })),
          err: fieldErrors(['school', 'phase', 'places']),
        },
      };
    case 2:
      return {
        card: STEP_CARDS[1]!,
        data: {
          ...base,
          window: windowText(f),
          windowStart: f.windowStart,
          windowEnd: f.windowEnd,
          dates: { d1: draft.dates[0] ?? '', d2: draft.dates[1] ?? '', d3: draft.dates[2] ?? '' },
          err: fieldErrors(['date1', 'date2', 'date3']),
        },
      };
    case 3: {
      const panel = Object.fromEntries(
        [1, 2, 3, 4].flatMap((i) => [
          [`n${i}`, draft.panel[i - 1]?.name ?? ''],
          [`r${i}`, draft.panel[i - 1]?.role ?? ''],
        ]),
      );
      return { card: STEP_CARDS[2]!, data: { ...base, panel, err: fieldErrors(['panel', 'panel1', 'panel2', 'panel3', 'panel4']) } };
    }
    case 4:
      return {
        card: STEP_CARDS[3]!,
        data: {
          ...base,
          duties: f.duties.map((text, i) => ({ id: `duty${i}`, text, value: draft.duties[i] ? 'true' : 'false', error: errors[`duty${i}`] ?? '' })),
        },
      };
    default:
      return { card: STEP_CARDS[4]!, data: { ...base, facts: offerFacts(draft.school, draft.phase, draft.places, draft.dates, draft.panel) } };
  }
}

function offerFacts(school: string, phase: string, places: string | number, dates: string[], panel: PanelMember[]) {
  return [
    { title: 'School', value: school },
    { title: 'Phase', value: PHASE_LABEL[phase as keyof typeof PHASE_LABEL] ?? phase },
    { title: 'Participants', value: String(places) },
    { title: 'Dates', value: dates.map(formatDate).join('; ') },
    { title: 'Panel', value: panel.map((m) => `${m.name} (${m.role})`).join('; ') },
  ];
}

export function offerSummaryCard(campaign: StoredCampaign, offer: Offer, message = ''): CardReply {
  return {
    card: 'hosting/offer-summary',
    data: {
      campaignId: campaign.id,
      message,
      programme: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      facts: [...offerFacts(offer.school, offer.phase, offer.places, offer.dates, offer.panel), { title: 'Submitted', value: formatDateTime(new Date(offer.submittedAt)) }],
      footer: `You can edit or withdraw your offer until ${formatDateTime(new Date(campaign.closesAt))}. Type my offer to see it again.`,
    },
  };
}

export function inviteCard(campaign: StoredCampaign, teams: { teamId: string; name: string }[], people: KnownPerson[], invitedCount: number, message = ''): CardReply {
  return {
    card: 'hosting/invite',
    data: {
      campaignId: campaign.id,
      campaignTitle: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      message,
      invitedLine: invitedCount === 0 ? 'Nobody has been invited yet.' : `${invitedCount} ${invitedCount === 1 ? 'person has' : 'people have'} been invited so far.`,
      teams,
      people,
    },
  };
}

export function statusCard(campaign: StoredCampaign, status: CampaignStatus, exportUrl = ''): CardReply {
  const names = (list: { name: string }[]) => (list.length === 0 ? 'Nobody.' : list.map((p) => p.name).join(', '));
  return {
    card: 'hosting/status',
    data: {
      campaignId: campaign.id,
      title: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      statusLine: campaign.status === 'open' ? `Open until ${formatDateTime(new Date(campaign.closesAt))}` : 'Closed to replies',
      phases: status.phases.map((p) => ({ label: PHASE_LABEL[p.phase], hosts: `${p.offers} / ${p.hostsWanted}`, places: `${p.places} / ${p.participants}` })),
      offeredCount: status.offered.length,
      offered: status.offered.map((o) => ({ school: o.school, detail: `${PHASE_LABEL[o.phase]}, ${o.places} places, ${o.headName}` })),
      declinedCount: status.declined.length,
      declined: names(status.declined),
      waitingCount: status.waiting.length,
      waiting: names(status.waiting),
      exportUrl,
    },
  };
}

export function campaignsCard(campaigns: StoredCampaign[]): CardReply {
  return {
    card: 'hosting/campaigns',
    data: {
      campaigns: campaigns.map((c) => ({
        campaignId: c.id,
        title: `${c.fields.programme}: ${c.fields.cohort}`,
        statusLine: c.status === 'open' ? `Open until ${formatDate(c.fields.replyDeadline)}` : 'Closed',
      })),
    },
  };
}

export function reminderCard(campaign: StoredCampaign): CardReply {
  return invitationCard(campaign, `Reminder: please reply by ${formatDate(campaign.fields.replyDeadline)}.`);
}

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
    data: { campaignId: view.campaign.id, campaignTitle: `${view.campaign.fields.programme}: ${view.campaign.fields.cohort}`, statusLine: status, message, messageColor: colour(tone), hosts, unplaced },
  };
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
