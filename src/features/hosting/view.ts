import { fieldMessages } from '../inputs.js';
import { randomUUID } from 'node:crypto';
import { formatDate, formatDateTime, formatDeadline } from '../../time.js';
import { findNote, type PeopleFound } from '../core/view.js';
import type { CardReply } from '../ports.js';
import { PHASES, PHASE_LABEL, type CampaignFields, type CampaignForm, type PerPhase } from './model.js';
import type { StoredCampaign } from './service.js';
import type { CampaignStatus } from './status.js';

/** Coordinators' cards: the campaign form and overview, the invite card, status, the list. */
const FORM_FIELDS: (keyof CampaignForm)[] = [
  'programme', 'cohort', 'description', 'participantsPrimary', 'participantsSecondary', 'participantsSpecial', 'hostsPrimary', 'hostsSecondary',
  'hostsSpecial', 'placesPerHost', 'windowStart', 'windowEnd', 'replyDeadline', 'reminderDaysBefore', 'contactName', 'contactEmail', 'contactPhone',
  'duties', 'provides',
];

/** The campaign card: everything typed is kept, and each problem sits under its field. */
export function campaignFormCard(form: CampaignForm, options: { campaignId?: string; errors?: Record<string, string> } = {}): CardReply {
  const errors = options.errors ?? {};
  const err = fieldMessages(FORM_FIELDS, errors);
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
        { title: 'Reply by', value: formatDeadline(f.replyDeadline) },
        { title: 'Reminder', value: f.reminderDaysBefore === 0 ? 'none' : `${f.reminderDaysBefore} days before the deadline` },
        { title: 'Contact', value: `${f.contactName}, ${f.contactEmail}, ${f.contactPhone}` },
      ],
    },
  };
}

export function inviteCard(campaign: StoredCampaign, teams: { teamId: string; name: string }[], found: PeopleFound, invitedCount: number, message = ''): CardReply {
  return {
    card: 'hosting/invite',
    data: {
      campaignId: campaign.id,
      campaignTitle: `${campaign.fields.programme}: ${campaign.fields.cohort}`,
      message,
      invitedLine: invitedCount === 0 ? 'Nobody has been invited yet.' : `${invitedCount} ${invitedCount === 1 ? 'person has' : 'people have'} been invited so far.`,
      teams,
      people: found.people,
      find: found.find,
      findNote: findNote(found),
      // A fresh id each time the card is shown: its Send is then one request however often Teams re-sends it.
      sendId: randomUUID(),
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
        statusLine: c.status === 'open' ? `Open until ${formatDeadline(c.fields.replyDeadline)}` : 'Closed',
      })),
    },
  };
}

/** To a campaign's coordinator: what a head did (offered, withdrew, asked), with the status one click away. */
export function coordinatorNoticeCard(campaign: StoredCampaign, title: string, message: string): CardReply {
  return { card: 'hosting/coordinator-notice', data: { title, message, campaign: `${campaign.fields.programme} · ${campaign.fields.cohort}`, campaignId: campaign.id } };
}
