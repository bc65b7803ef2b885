import { z } from 'zod';
import { cardNumber, formText, tooLong } from '../inputs.js';
import { isCalendarDate } from '../../time.js';

export const Phase = z.enum(['primary', 'secondary', 'special']);
export type Phase = z.infer<typeof Phase>;
export const PHASES: Phase[] = ['primary', 'secondary', 'special'];
export const PHASE_LABEL: Record<Phase, string> = { primary: 'Primary', secondary: 'Secondary', special: 'Special' };

const count = (label: string) =>
  z.number({ invalid_type_error: `${label} must be a whole number.` }).int(`${label} must be a whole number.`).min(0, `${label} cannot be negative.`).max(500, `${label} is too large.`);

export const PerPhase = z.object({ primary: count('Primary'), secondary: count('Secondary'), special: count('Special') });
export type PerPhase = z.infer<typeof PerPhase>;

const isoDate = (label: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${label}: choose a date.`).refine(isCalendarDate, `${label}: not a real date.`);

/** The most participants one host can take: a campaign's places per host, and a host given more places later. */
export const MAX_PLACES = 10;

/** What a coordinator sets on the campaign card. */
export const CampaignFields = z
  .object({
    programme: z.string().trim().min(1, 'Give the programme a name.').max(120, tooLong('the programme name', 120)),
    cohort: z.string().trim().min(1, 'Name the cohort, e.g. Cohort 3.').max(60, tooLong('the cohort name', 60)),
    description: z.string().trim().max(1000, tooLong('the description', 1000)),
    participants: PerPhase,
    hostsWanted: PerPhase,
    placesPerHost: z.number().int('Places per host must be a whole number.').min(1, 'Each host takes at least one participant.').max(MAX_PLACES, `At most ${MAX_PLACES} participants per host.`),
    windowStart: isoDate('Interview window start'),
    windowEnd: isoDate('Interview window end'),
    replyDeadline: isoDate('Reply deadline'),
    reminderDaysBefore: z.number().int('Reminder days must be a whole number.').min(0, 'Reminder days cannot be negative.').max(30, 'At most 30 days before.'),
    contactName: z.string().trim().min(1, 'Name the contact for heads.').max(100, tooLong('the contact name', 100)),
    contactEmail: z.string().trim().max(254, tooLong('the e-mail', 254)).email('Give a valid contact e-mail.'),
    contactPhone: z.string().trim().regex(/^\+?[0-9 ()-]{7,20}$/, 'Give a phone number, e.g. 020 8825 8542.'),
    duties: z.array(z.string().trim().min(1).max(300, tooLong('each duty', 300))).min(1, 'List at least one host duty.').max(12, 'List at most 12 duties, one per line.'),
    provides: z.array(z.string().trim().min(1).max(300, tooLong('each line', 300))).max(12, 'List at most 12 things, one per line.'),
  })
  .superRefine((c, ctx) => {
    if (c.windowEnd < c.windowStart) ctx.addIssue({ code: 'custom', path: ['windowEnd'], message: 'The window must end on or after it starts.' });
    if (c.replyDeadline >= c.windowStart) ctx.addIssue({ code: 'custom', path: ['replyDeadline'], message: 'The reply deadline must be before the interview window.' });
  });
export type CampaignFields = z.infer<typeof CampaignFields>;

/** A hosting campaign. Partition `hosting` (all of a tenant's campaigns), id = campaign id. */
export const Campaign = z.object({
  fields: CampaignFields,
  status: z.enum(['open', 'closed']),
  createdBy: z.string(),
  /** When replies close (end of the deadline day, Europe/London), UTC. */
  closesAt: z.string(),
  closedAt: z.string().optional(),
});
export type Campaign = z.infer<typeof Campaign>;

/**
 * The card form as Teams sends it: every input is a string (numbers too), multi-line lists are
 * one item per line. `toCampaignFields` turns it into CampaignFields with a message per field.
 */
const text = formText;

export const CampaignForm = z.object({
  programme: text,
  cohort: text,
  description: text,
  participantsPrimary: text,
  participantsSecondary: text,
  participantsSpecial: text,
  hostsPrimary: text,
  hostsSecondary: text,
  hostsSpecial: text,
  placesPerHost: text,
  windowStart: text,
  windowEnd: text,
  replyDeadline: text,
  reminderDaysBefore: text,
  contactName: text,
  contactEmail: text,
  contactPhone: text,
  duties: text,
  provides: text,
});
export type CampaignForm = z.infer<typeof CampaignForm>;

export const PARTITION = 'hosting';
export const campaignPartition = (campaignId: string): string => `campaign:${campaignId}`;

/** Someone sent the invitation. Id `invitee:<userId>` in the campaign's partition. */
export const Invitee = z.object({
  userId: z.string(),
  name: z.string(),
  invitedAt: z.string(),
  /** Invited (again) after the reply deadline: they may still offer, as the coordinator asked. */
  lateAt: z.string().optional(),
});
export type Invitee = z.infer<typeof Invitee>;

/** A head answered "Not this time". Id `declined:<userId>`. */
export const Declined = z.object({ userId: z.string(), name: z.string(), at: z.string() });
export type Declined = z.infer<typeof Declined>;

export const PanelMember = z.object({ name: z.string(), role: z.string() });
export type PanelMember = z.infer<typeof PanelMember>;

/** A head's offer in progress, saved at every step. Id `draft:<userId>`. */
export const OfferDraft = z.object({
  userId: z.string(),
  name: z.string(),
  step: z.number().int().min(1).max(5),
  school: z.string(),
  phase: z.string(),
  places: z.string(),
  dates: z.array(z.string()),
  panel: z.array(PanelMember),
  duties: z.array(z.boolean()),
});
export type OfferDraft = z.infer<typeof OfferDraft>;

/** One school's offer to host. Id `offer:<schoolKey>`: one offer per school per campaign. */
export const Offer = z.object({
  school: z.string(),
  schoolKey: z.string(),
  phase: Phase,
  places: z.number().int().min(1),
  dates: z.array(z.string()).min(1),
  panel: z.array(PanelMember).min(1),
  headUserId: z.string(),
  headName: z.string(),
  status: z.enum(['offered', 'withdrawn']),
  submittedAt: z.string(),
  version: z.number().int(),
});
export type Offer = z.infer<typeof Offer>;

/** Step inputs as Teams sends them. */
export const StepInput = z
  .object({
    campaignId: z.string().min(1),
    step: cardNumber('That step does not exist.').pipe(z.number().int().min(1).max(5)),
    go: z.enum(['next', 'back', 'stay']).default('stay'),
  })
  .passthrough();
export type StepInput = z.infer<typeof StepInput>;

export const CampaignRef = z.object({ campaignId: z.string().min(1) }).passthrough();

/** A programme participant to place with a host. Id `participant:<id>`. */
export const Participant = z.object({
  name: z.string(),
  phase: Phase,
  ownSchool: z.string(),
  email: z.string(),
  /** Their Teams identity, when a known person has exactly this name: they are told in Teams. */
  userId: z.string().optional(),
  /** Their line in the list they were pasted in (0 when entered alone): with `createdAt`, the order entered. */
  line: z.number().int().optional(),
});
export type Participant = z.infer<typeof Participant>;

/** Whether replies have closed: the campaign was closed, or its deadline has passed. */
export function repliesClosed(campaign: Campaign, now: Date): boolean {
  return campaign.status === 'closed' || now.toISOString() > campaign.closesAt;
}

/** Participants in the order they were entered, which is the order places are given (see `allocate`). */
export function inEntryOrder<P extends { createdAt: string; line?: number | undefined; name: string; id: string }>(participants: P[]): P[] {
  return [...participants].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.line ?? 0) - (b.line ?? 0) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The proposed or confirmed placement of participants. Id `allocation`. */
export const AllocationDoc = z.object({
  placements: z.record(z.string()),
  unplaced: z.array(z.object({ participantId: z.string(), reason: z.string() })),
  status: z.enum(['proposed', 'confirmed']),
  confirmedAt: z.string().optional(),
  /** Rises with every write; the allocation card carries the one it shows (see `revise`). */
  revision: z.number().int().default(0),
});
export type AllocationDoc = z.infer<typeof AllocationDoc>;

/** A host's progress through the duties. Id `checklist:<schoolKey>`. */
export const HostChecklist = z.object({ done: z.array(z.boolean()) });
export type HostChecklist = z.infer<typeof HostChecklist>;

export const READINESS = ['Ready now', 'Ready within a year', 'Not yet ready'] as const;

/** A host's feedback on one candidate. Id `feedback:<participantId>`. */
export const Feedback = z.object({
  participantId: z.string(),
  offerId: z.string(),
  strengths: z.string(),
  areas: z.string(),
  readiness: z.enum(READINESS),
  comments: z.string(),
  byUserId: z.string(),
  version: z.number().int(),
});
export type Feedback = z.infer<typeof Feedback>;

/** The online briefing for hosts. Id `briefing`. */
export const Briefing = z.object({ date: z.string(), time: z.string(), link: z.string(), version: z.number().int() });
export type Briefing = z.infer<typeof Briefing>;

/** A host's answer to the briefing invitation. Id `briefingReply:<userId>`. */
export const BriefingReply = z.object({ userId: z.string(), name: z.string(), attending: z.boolean() });
export type BriefingReply = z.infer<typeof BriefingReply>;
