import { z } from 'zod';
import { cardText, formText, tooLong } from '../inputs.js';
import type { Scope } from '../../store/collection.js';
import { isCalendarDate } from '../../time.js';

export const CoachingPhase = z.enum(['primary', 'secondary', 'special', 'all-through', '16-19']);
export type CoachingPhase = z.infer<typeof CoachingPhase>;
export const PHASE_NAMES: Record<CoachingPhase, string> = {
  primary: 'Primary',
  secondary: 'Secondary',
  special: 'Special',
  'all-through': 'All-through',
  '16-19': '16 to 19',
};

/** What a coordinator sets for a coaching programme (defaults: the seed's early roll-out). */
export const ProgrammeFields = z.object({
  name: z.string().trim().min(1, 'Give the programme a name.').max(120, tooLong('the name', 120)),
  provider: z.string().trim().min(1, 'Name the provider.').max(120, tooLong('the provider', 120)),
  cohortStart: z.string().refine(isCalendarDate, 'Choose the cohort start date.'),
  cap: z.number({ invalid_type_error: 'The cap must be a whole number.' }).int('The cap must be a whole number.').min(1, 'The cap must be at least 1.').max(10000),
  minGroup: z.number().int().min(2).max(12),
  maxGroup: z.number().int().min(2).max(12),
  sessions: z.number({ invalid_type_error: 'Sessions must be a whole number.' }).int().min(1, 'At least one session.').max(24),
  minutes: z.number({ invalid_type_error: 'Minutes must be a whole number.' }).int().min(15, 'At least 15 minutes.').max(480),
  spanMonths: z.number({ invalid_type_error: 'Months must be a whole number.' }).int().min(1).max(36),
  resourcesLink: z.string().trim().max(500, tooLong('the link', 500)).url('Give the resources link (https://…).').refine((u) => u.startsWith('https://'), 'Use an https:// link.'),
  contactEmail: z.string().trim().max(254, tooLong('the e-mail', 254)).email('Give a contact e-mail for heads.'),
  phases: z.array(CoachingPhase).min(1, 'Offer at least one phase.'),
  offerDays: z.number({ invalid_type_error: 'Days must be a whole number.' }).int().min(1, 'Give at least 1 day to accept.').max(30),
});
export type ProgrammeFields = z.infer<typeof ProgrammeFields>;

/**
 * A coaching programme. Partition `coaching`. Heads joining never write it: places are `Seat`
 * documents and the waiting list is tickets from `QueueCounter` (see places.ts), so 120 heads
 * pressing Join at once contend on nothing.
 */
export const Programme = z.object({
  fields: ProgrammeFields,
  status: z.enum(['open', 'grouped']),
  createdBy: z.string(),
  /**
   * Only in programmes set up before seats: who held a place, and the queue, as arrays. Kept on
   * every write until the `coaching.legacyPlaces` migration moves them to seats and tickets
   * (see legacy-places.ts) and removes them.
   */
  places: z.array(z.string()).optional(),
  waitlist: z.array(z.string()).optional(),
});
export type Programme = z.infer<typeof Programme>;

export const EligibilityAnswersSchema = z.object({
  firstHeadshipStart: z.string(),
  setting: z.enum(['state-school', 'state-16-19', 'other']),
  inEngland: z.boolean(),
  npqh: z.enum(['completed-before', 'taking-now', 'neither']),
  withdrawnBefore: z.boolean(),
});

/** A head's registration. Id `reg:<userId>` in the programme's partition. */
export const Registration = z.object({
  userId: z.string(),
  name: z.string(),
  answers: EligibilityAnswersSchema,
  phase: CoachingPhase,
  authority: z.string(),
  region: z.string(),
  school: z.string(),
  email: z.string(),
  status: z.enum(['registered', 'waitlisted', 'offered', 'ineligible', 'withdrawn', 'lapsed']),
  failed: z.array(z.object({ id: z.string(), reason: z.string() })),
  offerExpiresAt: z.string().optional(),
  /** The place held (registered or offered): the number of its `Seat`. */
  seat: z.number().int().optional(),
  /** The waiting-list ticket (waitlisted, and kept once promoted). */
  ticket: z.number().int().optional(),
});
export type Registration = z.infer<typeof Registration>;

/**
 * A held place. Id `seat:<n>` with n from 1 to the cap, created only if absent: the cap is
 * decided at the write, by the ids, however many heads claim at once.
 */
export const Seat = z.object({ seat: z.number().int().min(1), userId: z.string() });
export type Seat = z.infer<typeof Seat>;

/** The waiting list's ticket dispenser. Id `queue`; `issued` only ever goes up, atomically. */
export const QueueCounter = z.object({ issued: z.number().int() });

/**
 * A ticket whose holder has left the waiting list (offered a place, withdrew, no longer
 * eligible). Id `left:<ticket>`; no personal data. A waiting head's place in the queue is their
 * ticket less the tickets before it that have left.
 */
export const LeftTicket = z.object({ ticket: z.number().int() });

/** The join card as Teams sends it. */
const text = cardText(500);
export const JoinForm = z.object({
  programmeId: z.string().min(1),
  firstHeadshipStart: text,
  setting: text,
  inEngland: text,
  npqh: text,
  withdrawnBefore: text,
  phase: text,
  authority: text,
  school: formText,
  email: formText,
});
export type JoinForm = z.infer<typeof JoinForm>;

export const PARTITION = 'coaching';
/** Where a programme's own documents live: registrations, groups, sessions, RSVPs, attendance. */
export function inProgramme(tenantId: string, programmeId: string): Scope {
  return { tenantId, partition: `programme:${programmeId}` };
}

/** A facilitator of coaching groups. Id `facilitator:<userId>` in the programme's partition. */
export const Facilitator = z.object({ userId: z.string(), name: z.string(), phases: z.array(CoachingPhase).min(1), capacity: z.number().int().min(1).max(20) });
export type Facilitator = z.infer<typeof Facilitator>;

export const GroupPlan = z.object({ id: z.string(), phase: CoachingPhase, members: z.array(z.string()), facilitatorId: z.string().optional() });
export type GroupPlan = z.infer<typeof GroupPlan>;

/** The proposed or confirmed groups. Id `grouping`. */
export const Grouping = z.object({
  groups: z.array(GroupPlan),
  ungrouped: z.array(z.object({ id: z.string(), reason: z.string() })),
  clashes: z.array(z.object({ group: z.number().int(), authority: z.string(), members: z.array(z.string()) })),
  status: z.enum(['proposed', 'confirmed']),
  notes: z.array(z.string()).default([]),
  /** Rises with every write; the groups card carries the one it shows (see `revise`). */
  revision: z.number().int().default(0),
});
export type Grouping = z.infer<typeof Grouping>;

/** One session of a group. Id `session:<groupId>:<index>`; `sequence` rises with every change (RFC 5545). */
export const Session = z.object({
  groupId: z.string(),
  index: z.number().int(),
  date: z.string(),
  time: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  link: z.string(),
  status: z.enum(['scheduled', 'cancelled']),
  sequence: z.number().int(),
  /** The sequence members were last invited at; below `sequence` means they have not seen the change. */
  invitedSequence: z.number().int().optional(),
});
export type Session = z.infer<typeof Session>;

/** A member's answer to a session invitation. Id `rsvp:<sessionId>:<userId>`. */
export const Rsvp = z.object({ sessionId: z.string(), userId: z.string(), name: z.string(), response: z.enum(['accepted', 'tentative', 'declined']), reason: z.string() });
export type Rsvp = z.infer<typeof Rsvp>;

/** Who came. Id `attendance:<sessionId>`. */
export const Attendance = z.object({
  sessionId: z.string(),
  attended: z.array(z.string()),
  recordedBy: z.string(),
  /** Rises with every save; the attendance card carries the one it shows (see `revise`). */
  revision: z.number().int().default(0),
});
export type Attendance = z.infer<typeof Attendance>;
