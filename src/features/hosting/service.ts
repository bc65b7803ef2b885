import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import type { Collection, Doc } from '../../store/collection.js';
import { csvFile, type FileBody } from '../../csv.js';
import { addDays, endOfLondonDay, formatShortDate, londonDate } from '../../time.js';
import type { RoleService } from '../core/service.js';
import type { Actor } from '../ports.js';
import { fieldLabel } from '../inputs.js';
import { FormError } from '../../errors.js';
import { CampaignNotFoundError } from './errors.js';
import { Campaign, CampaignFields, PARTITION, PHASE_LABEL, type CampaignForm, type Declined, type Invitee, type Offer } from './model.js';
import { findCampaign, inCampaign } from './store.js';
import { campaignStatus, type CampaignStatus } from './status.js';

/** Host duties and programme support as the seed (000) words them; coordinators can edit. */
export const SEED_DUTIES = [
  'Host a mock interview session for about three participants in the second half of the spring term',
  'Form a selection and interview panel',
  'Run the session as if for a real vacancy: contact candidates in advance about the format of the day, and run the interview day including tasks',
  'Give feedback to and on the candidates interviewed, to support their future career development',
  'Attend the online briefing session',
];
export const SEED_PROVIDES = [
  'Generic job descriptions, which candidates use to complete their applications',
  'Generic interview questions, tasks and a possible format for the day, for schools to personalise',
  'Guidance on past best practice for selection, interview and feedback',
];

const FIELD_OF_PATH: Record<string, string> = {
  'participants.primary': 'participantsPrimary',
  'participants.secondary': 'participantsSecondary',
  'participants.special': 'participantsSpecial',
  'hostsWanted.primary': 'hostsPrimary',
  'hostsWanted.secondary': 'hostsSecondary',
  'hostsWanted.special': 'hostsSpecial',
};

const number = (text: string): number => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN);
const lines = (text: string): string[] => text.split(/\r?\n/).map((l) => l.replace(/^\s*[-•*]\s*/, '').trim()).filter((l) => l !== '');

/**
 * Reads the campaign card. Every problem is reported against its field, so the card can show
 * it next to the input and keep everything typed.
 */
export function toCampaignFields(form: CampaignForm): { ok: true; fields: CampaignFields } | { ok: false; errors: Record<string, string> } {
  const candidate = {
    programme: form.programme,
    cohort: form.cohort,
    description: form.description,
    participants: { primary: number(form.participantsPrimary), secondary: number(form.participantsSecondary), special: number(form.participantsSpecial) },
    hostsWanted: { primary: number(form.hostsPrimary), secondary: number(form.hostsSecondary), special: number(form.hostsSpecial) },
    placesPerHost: number(form.placesPerHost),
    windowStart: form.windowStart,
    windowEnd: form.windowEnd,
    replyDeadline: form.replyDeadline,
    reminderDaysBefore: number(form.reminderDaysBefore),
    contactName: form.contactName,
    contactEmail: form.contactEmail,
    contactPhone: form.contactPhone,
    duties: lines(form.duties),
    provides: lines(form.provides),
  };
  const parsed = CampaignFields.safeParse(candidate);
  if (parsed.success) return { ok: true, fields: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const path = issue.path.join('.');
    const field = FIELD_OF_PATH[path] ?? String(issue.path[0]);
    const message = issue.code === 'invalid_type' ? `${fieldLabel(field)} must be a whole number.` : issue.message;
    errors[field] ??= message;
  }
  return { ok: false, errors };
}


/** The card form for a stored campaign, or the seed's cohort 3 for a new one. */
export function formFor(fields: CampaignFields | undefined, actor: Actor, today: string): CampaignForm {
  if (fields) {
    return {
      programme: fields.programme,
      cohort: fields.cohort,
      description: fields.description,
      participantsPrimary: String(fields.participants.primary),
      participantsSecondary: String(fields.participants.secondary),
      participantsSpecial: String(fields.participants.special),
      hostsPrimary: String(fields.hostsWanted.primary),
      hostsSecondary: String(fields.hostsWanted.secondary),
      hostsSpecial: String(fields.hostsWanted.special),
      placesPerHost: String(fields.placesPerHost),
      windowStart: fields.windowStart,
      windowEnd: fields.windowEnd,
      replyDeadline: fields.replyDeadline,
      reminderDaysBefore: String(fields.reminderDaysBefore),
      contactName: fields.contactName,
      contactEmail: fields.contactEmail,
      contactPhone: fields.contactPhone,
      duties: fields.duties.join('\n'),
      provides: fields.provides.join('\n'),
    };
  }
  // The second half of the next spring term, roughly late February to the end of March.
  const year = Number(today.slice(0, 4)) + (today.slice(5) > '02-15' ? 1 : 0);
  return {
    programme: 'Diversity in leadership programme',
    cohort: 'Cohort 3',
    description:
      'Supporting career progression for teachers from Black, Asian and minoritised ethnicity communities who would like to pursue senior leadership roles. Participants experience applying and being interviewed for a leadership position in a school other than their own.',
    participantsPrimary: '7',
    participantsSecondary: '12',
    participantsSpecial: '2',
    hostsPrimary: '2',
    hostsSecondary: '4',
    hostsSpecial: '2',
    placesPerHost: '3',
    windowStart: `${year}-02-22`,
    windowEnd: `${year}-03-31`,
    replyDeadline: addDays(today, 14),
    reminderDaysBefore: '3',
    contactName: actor.name,
    contactEmail: '',
    contactPhone: '',
    duties: SEED_DUTIES.join('\n'),
    provides: SEED_PROVIDES.join('\n'),
  };
}

export type StoredCampaign = Doc<Campaign>;

/** Hosting campaigns: create, edit, read. Every use case checks the coordinator role itself. */
export class CampaignService {
  constructor(
    private readonly campaigns: Collection<typeof Campaign>,
    private readonly roles: RoleService,
    private readonly clock: Clock,
    private readonly answers: { offers: Collection<typeof Offer>; invitees: Collection<typeof Invitee>; declines: Collection<typeof Declined> },
    /** Called after every save: schedules the reminder and the close. */
    private readonly onSaved: (tenantId: string, campaign: StoredCampaign) => Promise<void> = async () => undefined,
  ) {}

  today(): string {
    return londonDate(this.clock.now());
  }

  /** The form for a new campaign, prefilled from the seed; or for editing a stored one. */
  async form(actor: Actor, campaignId?: string): Promise<CampaignForm> {
    await this.roles.require(actor, 'coordinator');
    return formFor(campaignId ? (await this.get(actor, campaignId)).fields : undefined, actor, this.today());
  }

  async create(actor: Actor, form: CampaignForm): Promise<StoredCampaign> {
    await this.roles.require(actor, 'coordinator');
    const fields = this.validate(form, true);
    const id = randomUUID();
    const created = await this.campaigns.create({ tenantId: actor.tenantId, partition: PARTITION }, id, {
      fields,
      status: 'open',
      createdBy: actor.userId,
      closesAt: endOfLondonDay(fields.replyDeadline).toISOString(),
    });
    await this.onSaved(actor.tenantId, created.doc);
    return created.doc;
  }

  async update(actor: Actor, campaignId: string, form: CampaignForm): Promise<StoredCampaign> {
    await this.roles.require(actor, 'coordinator');
    const fields = this.validate(form, false);
    const updated = await this.campaigns.update({ tenantId: actor.tenantId, partition: PARTITION }, campaignId, (current) => {
      if (!current) throw new CampaignNotFoundError();
      const closesAt = endOfLondonDay(fields.replyDeadline).toISOString();
      // Moving the deadline into the future reopens a closed campaign.
      const reopen = current.status === 'closed' && closesAt > this.clock.now().toISOString();
      const { closedAt: _closedAt, ...rest } = current;
      return reopen ? { ...rest, fields, closesAt, status: 'open' as const } : { ...current, fields, closesAt };
    });
    await this.onSaved(actor.tenantId, updated!.doc);
    return updated!.doc;
  }

  /** A campaign as its coordinators see it (coordinators only). */
  async get(actor: Actor, campaignId: string): Promise<StoredCampaign> {
    await this.roles.require(actor, 'coordinator');
    return findCampaign(this.campaigns, actor.tenantId, campaignId);
  }

  /** The campaign a command without a name refers to: the newest open one, else the newest. */
  async latest(actor: Actor): Promise<StoredCampaign | undefined> {
    const all = await this.list(actor);
    return all.find((c) => c.status === 'open') ?? all[0];
  }

  /** Open campaigns, for heads looking for their invitation or offer. */
  async open(actor: Actor): Promise<StoredCampaign[]> {
    return this.campaigns.all({ tenantId: actor.tenantId, partition: PARTITION }, { where: [{ field: 'status', op: '=', value: 'open' }], orderBy: [{ field: 'createdAt', direction: 'desc' }] });
  }

  async list(actor: Actor): Promise<StoredCampaign[]> {
    await this.roles.require(actor, 'coordinator');
    return this.campaigns.all({ tenantId: actor.tenantId, partition: PARTITION }, { orderBy: [{ field: 'createdAt', direction: 'desc' }] });
  }

  /** Offers against targets and who has answered, for coordinators. */
  async status(actor: Actor, campaignId: string): Promise<{ campaign: StoredCampaign; status: CampaignStatus }> {
    await this.roles.require(actor, 'coordinator');
    const campaign = await this.get(actor, campaignId);
    const scope = inCampaign(actor.tenantId, campaignId);
    const [offers, invitees, declines] = await Promise.all([
      this.answers.offers.all(scope),
      this.answers.invitees.all(scope),
      this.answers.declines.all(scope),
    ]);
    return { campaign, status: campaignStatus(campaign, offers, invitees, declines) };
  }

  /**
   * The offers as CSV (served behind a signed link, so it takes the tenant from the link rather
   * than an actor): school, phase, places, dates, panel, contact, status; dates in en-GB.
   */
  async exportOffers(tenantId: string, campaignId: string): Promise<FileBody> {
    const campaign = await findCampaign(this.campaigns, tenantId, campaignId);
    const offers = await this.answers.offers.all(inCampaign(tenantId, campaignId), { orderBy: [{ field: 'school' }] });
    const rows = offers.map((o) => [
      o.school,
      PHASE_LABEL[o.phase],
      o.places,
      o.dates.map(formatShortDate).join('; '),
      o.panel.map((m) => `${m.name} (${m.role})`).join('; '),
      o.headName,
      o.status === 'offered' ? 'Offered' : 'Withdrawn',
    ]);
    const name = `${campaign.fields.programme} ${campaign.fields.cohort} offers`.replace(/[^\w -]/g, '').replace(/\s+/g, '-');
    return csvFile(`${name}.csv`, [['School', 'Phase', 'Places', 'Dates', 'Panel', 'Contact', 'Status'], ...rows]);
  }

  private validate(form: CampaignForm, isNew: boolean): CampaignFields {
    const result = toCampaignFields(form);
    if (!result.ok) throw new FormError(result.errors);
    if (isNew && result.fields.replyDeadline < this.today()) {
      throw new FormError({ replyDeadline: 'The reply deadline has passed: choose a later date.' });
    }
    return result.fields;
  }
}
