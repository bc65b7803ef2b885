import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Template } from 'adaptivecards-templating';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { createServices } from '../src/compose.js';
import { deleteConfirmCard, myDataCard, offerKeptCard, participantConfirmCard, requestsCard } from '../src/features/privacy/view.js';
import { helpCard, noticeCard, privacyCard, progressCard, rolesCard, welcomeCard } from '../src/features/core/view.js';
import type { CommandSpec } from '../src/features/router.js';
import type { CardReply } from '../src/features/ports.js';
import { allVerbs } from '../src/features/verbs.js';
import { silentLogger } from '../src/log.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { loadFrameworks } from '../src/features/reviews/framework.js';
import { spread, summarise } from '../src/features/reviews/tally.js';
import { summaryCard, summaryCards } from '../src/features/reviews/summary-view.js';
import { pollCard, revealCard } from '../src/features/reviews/theme-view.js';
import { actionFormCard, actionStatusCard, planCard } from '../src/features/reviews/action-view.js';
import { networkCard } from '../src/features/reviews/network-view.js';
import { networkView } from '../src/features/reviews/cycle.js';
import { assignCard, historyCard, rosterFor, startCard, themesCard } from '../src/features/reviews/view.js';

/** A 5,000-person team, for the share-out card. */
const bigTeam = Array.from({ length: 5000 }, (_, i) => ({ userId: `${'0'.repeat(30)}-${i}`, name: `Person ${i} Surname` }));
import { defaultProgrammeForm, toProgrammeFields } from '../src/features/coaching/programme.js';
import { coachingInvitationCard, coachingInviteCard, joinCard, joinResultCard, programmeFormCard, withdrawConfirmCard } from '../src/features/coaching/view.js';
import { facilitatorsCard, groupCard, groupsCard } from '../src/features/coaching/group-view.js';
import { attendanceCard, attendanceReportCard, mySessionsCard, sessionEditCard, sessionInviteCard, sessionsCard } from '../src/features/coaching/session-view.js';
import type { OfferDraft } from '../src/features/hosting/model.js';
import { formFor, toCampaignFields, type StoredCampaign } from '../src/features/hosting/service.js';
import { campaignStatus } from '../src/features/hosting/status.js';
import { invitationCard, offerStepCard, offerSummaryCard, questionCard } from '../src/features/hosting/offer-view.js';
import {
  allocationCard,
  placeConfirmCard, briefingCard, briefingFormCard, feedbackCard, feedbackFormCard, feedbackProgressCard, hostCandidatesCard, participantsCard, placementCard,
} from '../src/features/hosting/placement-view.js';
import { campaignCard, campaignFormCard, campaignsCard, coordinatorNoticeCard, inviteCard, statusCard } from '../src/features/hosting/view.js';
import { buildApp } from '../src/teams/app.js';
import { teamsBytes } from '../src/size.js';
import { CARDS_DIR, CardTooLargeError, MAX_CARD_BYTES, render, templateNames, verbsIn } from '../src/teams/cards.js';

// The package's ES build does not resolve in Node; its UMD bundle does.
const AdaptiveCards = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void };
  SerializationContext: new () => { eventCount: number; getEventAt(i: number): { message: string } };
};

const manyCommands: CommandSpec<unknown>[] = Array.from({ length: 12 }, (_, i) => ({
  id: `core.c${i}`,
  feature: (['core', 'hosting', 'coaching', 'reviews'] as const)[i % 4]!,
  usage: `command ${i} [argument]`,
  summary: `Does thing number ${i}, described in a sentence a user can read.`,
  pattern: /^x$/,
  audience: 'everyone',
  scopes: ['personal'],
}));

const coordinator = { tenantId: 't', userId: 'u', name: 'Grace Adeyemi', scope: 'personal' as const, conversationId: 'c' };
const form = formFor(undefined, coordinator, '2026-11-23');
const fields = toCampaignFields({ ...form, contactEmail: 'grace@example.org', contactPhone: '020 8825 8542' });
if (!fields.ok) throw new Error(JSON.stringify(fields.errors));
const campaign: StoredCampaign = {
  id: 'camp-1', pk: 't|hosting', type: 'hostingCampaign', tenantId: 't', schemaVersion: 1, createdAt: '2026-11-23T09:00:00Z', updatedAt: '2026-11-23T09:00:00Z',
  fields: fields.fields, status: 'open', createdBy: 'u', closesAt: '2026-12-07T23:59:59Z',
};
const draft: OfferDraft = {
  userId: 'h', name: 'Amara Okafor', step: 1, school: 'Ash Primary', phase: 'primary', places: '3', dates: ['2027-03-01', '2027-03-08'],
  panel: [{ name: 'Amara Okafor', role: 'Headteacher' }, { name: 'Tom Whitfield', role: 'Chair of governors' }], duties: [true, true, false, true, true],
};
const offer = { school: 'Ash Primary', schoolKey: 'ash primary', phase: 'primary' as const, places: 3, dates: draft.dates, panel: draft.panel, headUserId: 'h', headName: 'Amara Okafor', status: 'offered' as const, submittedAt: '2026-11-24T10:00:00Z', version: 1 };
const programmeFields = toProgrammeFields({ ...defaultProgrammeForm('2026-11-23'), resourcesLink: 'https://extend.example.org', contactEmail: 'echo@example.org' });
if (!programmeFields.ok) throw new Error(JSON.stringify(programmeFields.errors));
const programme = { id: 'prog', pk: 't|coaching', type: 'coachingProgramme', tenantId: 't', schemaVersion: 1, createdAt: 'x', updatedAt: 'x', fields: programmeFields.fields, status: 'open' as const, createdBy: 'u' };
const registration = {
  userId: 'h', name: 'Amara', answers: { firstHeadshipStart: '2024-09-01', setting: 'state-school' as const, inEngland: true, npqh: 'taking-now' as const, withdrawnBefore: false },
  phase: 'primary' as const, authority: 'Ealing', region: 'London', school: 'Ash Primary', email: 'amara@example.org', status: 'registered' as const, failed: [],
};
const groupView = {
  programme,
  registrations: new Map([['h', registration], ['h2', { ...registration, userId: 'h2', name: 'Ben' }]]),
  facilitators: [{ userId: 'f', name: 'Sam Mensah', phases: ['primary' as const], capacity: 2 }],
  grouping: {
    groups: [{ id: 'G1', phase: 'primary' as const, members: ['h', 'h2'], facilitatorId: 'f' }],
    ungrouped: [{ id: 'h3', reason: 'Only 3 special-school heads: a group needs at least 4.' }],
    clashes: [{ group: 0, authority: 'Ealing', members: ['h', 'h2'] }],
    status: 'proposed' as const,
    revision: 3,
    notes: ['Group G2 has no facilitator: every facilitator is at capacity.'],
  },
};
const sessionDoc = { id: 'session:G1:0', pk: 't|programme:prog', type: 'coachingSession', tenantId: 't', schemaVersion: 1, createdAt: 'x', updatedAt: 'x', groupId: 'G1', index: 0, date: '2027-01-12', time: '16:00', startsAt: '2027-01-12T16:00:00.000Z', endsAt: '2027-01-12T17:30:00.000Z', link: 'https://meet.example.org/g1', status: 'scheduled' as const, sequence: 0 };
const sessionContext = { programme, group: groupView.grouping!.groups[0]!, sessions: [sessionDoc], names: new Map([['h', 'Amara'], ['h2', 'Ben']]) };
const raceFrameworks = [...loadFrameworks('frameworks').frameworks.values()];
const race = loadFrameworks('frameworks').frameworks.get('elp-race-equality-2022-2026')!;
const careers = [...loadFrameworks('frameworks').frameworks.values()].find((f) => f.id.startsWith('careers'))!;
const reviewDoc = {
  id: 'rev', pk: 't|reviews', type: 'review', tenantId: 't', schemaVersion: 1, createdAt: '2026-11-23T09:00:00Z', updatedAt: 'x',
  frameworkId: race.id, frameworkVersion: race.version, variant: 'school', conversationId: 'c', leadUserId: 'u', leadName: 'Grace', anonymous: true, salt: 's',
  assignments: {}, themeStatus: Object.fromEntries(race.themes.map((t) => [t.id, 'open' as const])), currentThemeId: 'leadership', status: 'active' as const,
  pollActivityIds: {}, memberIds: ['a', 'b'], memberCount: 6, share: false, lastTime: { 'leadership-policy': { level: 'Developing', open: ['Co-write the policy (Amara Deputy, due Friday 15 January 2027)'] } },
};
/** A framework far larger than the shipped ones, with long actions on every statement: its summary must split. */
const big = {
  ...race,
  themes: Array.from({ length: 12 }, (_, t) => ({
    id: `t${t}`,
    title: `${t + 1}. Theme ${t + 1}`,
    statements: Array.from({ length: 30 }, (_, i) => ({ id: `t${t}-s${i}`, text: `Statement ${i + 1} of theme ${t + 1}` })),
    signposting: Array.from({ length: 20 }, (_, i) => ({ title: `Support ${i + 1}`, detail: 'A programme of support described at some length. '.repeat(6) })),
  })),
};
const bigSummary = summarise(big, 'school', big.themes.flatMap((t, ti) => t.statements.map((st) => ({ statementId: st.id, value: race.scale.levels[ti % 4]!.id, action: `Action for ${st.id}: ${'x'.repeat(480)}`, owner: 'Deputy head' }))));
const bigParts = summaryCards({ ...reviewDoc, frameworkId: 'big' }, big, bigSummary, []);
/** Sixty people leaving the longest comment on every statement of a theme. */
const manyComments = race.themes[2]!.statements.flatMap((st) => Array.from({ length: 60 }, (_, i) => ({ statementId: st.id, who: `Person ${i}`, comment: 'c'.repeat(1000) })));
const actionDoc = { id: 'action:leadership-policy:agreed', pk: 't|review:rev', type: 'reviewAction', tenantId: 't', schemaVersion: 1, createdAt: 'x', updatedAt: 'x', statementId: 'leadership-policy', themeId: 'leadership', what: 'Co-write the race equality policy with parents', ownerId: 'u1', ownerName: 'Grace Adeyemi', due: '2027-03-04', status: 'in-progress' as const, note: 'Draft shared with governors' };
const answerDoc = { id: 'answer:cpi-attendance:h', pk: 't|review:rev', type: 'reviewAnswer', tenantId: 't', schemaVersion: 1, createdAt: 'x', updatedAt: 'x', statementId: 'cpi-attendance', themeId: 'curriculum-progress-inclusion', responder: 'h', name: '', value: 'developing', comment: 'Improving' };
const participantDoc = { id: 'p1', pk: 't|campaign:camp-1', type: 'hostingParticipant', tenantId: 't', schemaVersion: 1, createdAt: 'x', updatedAt: 'x', name: 'Priya Shah', phase: 'primary' as const, ownSchool: 'Oak Primary', email: 'priya@example.org' };
const offerDoc = { ...offer, id: 'offer:ash primary', pk: 't|campaign:camp-1', type: 'hostingOffer', tenantId: 't', schemaVersion: 1, createdAt: 'x', updatedAt: 'x' };

/** Example data for every template, from the real view functions. */
const examples: Record<string, CardReply[]> = {
  'hosting/campaign-form': [campaignFormCard(form), campaignFormCard(form, { campaignId: 'camp-1', errors: { windowEnd: 'The window must end on or after it starts.', contactEmail: 'Give a valid contact e-mail.' } })],
  'hosting/campaign': [campaignCard(campaign, 'Campaign created.')],
  'hosting/campaigns': [campaignsCard([campaign, { ...campaign, id: 'camp-0', status: 'closed' }]), campaignsCard([])],
  'hosting/invitation': [invitationCard(campaign), invitationCard(campaign, true)],
  'hosting/question': [questionCard(campaign), questionCard(campaign, { question: 'Type your question.' })],
  'hosting/offer-school': [offerStepCard(campaign, draft), offerStepCard(campaign, { ...draft, school: '' }, { school: 'Give your school’s name.' })],
  'hosting/offer-dates': [offerStepCard(campaign, { ...draft, step: 2 }, { date2: 'Choose a date within the interview window.' })],
  'hosting/offer-panel': [offerStepCard(campaign, { ...draft, step: 3 }, { panel2: 'Give both the name and the role.' })],
  'hosting/offer-duties': [offerStepCard(campaign, { ...draft, step: 4 }, { duty2: 'Please confirm this to host.' })],
  'hosting/offer-review': [offerStepCard(campaign, { ...draft, step: 5 })],
  'hosting/offer-summary': [offerSummaryCard(campaign, offer, 'Thank you: your offer is submitted.')],
  'hosting/invite': [
    inviteCard(campaign, [{ teamId: 'team', name: 'Heads' }], { find: 'person', people: Array.from({ length: 20 }, (_, i) => ({ userId: `p${i}`, name: `Person ${i}` })) }, 3, 'Sent to 3.'),
    inviteCard(campaign, [], { find: '', people: [] }, 0),
  ],
  'hosting/participants': [
    participantsCard(campaign, [participantDoc], { message: '1 added.' }),
    participantsCard(campaign, [], { message: 'Not added.', tone: 'attention', form: { name: 'x' }, errors: { email: 'Give a valid e-mail address.' } }),
  ],
  'hosting/allocation': [
    allocationCard({ campaign, hosts: [offerDoc], participants: [participantDoc, { ...participantDoc, id: 'p2', name: 'Ada Obi' }], allocation: { placements: { p1: offerDoc.id }, unplaced: [{ participantId: 'p2', reason: 'No primary host has room.' }], status: 'proposed' as const, revision: 1 } }, 'Moves saved.'),
    allocationCard({ campaign, hosts: [], participants: [], allocation: undefined }),
  ],
  'hosting/place-confirm': [
    placeConfirmCard({ campaign, hosts: [offerDoc], participants: [participantDoc], allocation: { placements: {}, unplaced: [], status: 'proposed' as const, revision: 1 } }, offerDoc),
    placeConfirmCard({ campaign, hosts: [offerDoc], participants: [participantDoc], allocation: { placements: {}, unplaced: [], status: 'confirmed' as const, confirmedAt: '2027-01-10T10:00:00Z', revision: 2 } }, offerDoc),
  ],
  'hosting/host-candidates': [hostCandidatesCard(campaign, offerDoc, [participantDoc], [true, false], 'Checklist saved.')],
  'hosting/placement': [placementCard(campaign, offerDoc)],
  'hosting/feedback-form': [feedbackFormCard(campaign, participantDoc), feedbackFormCard(campaign, participantDoc, { strengths: 'x' }, { areas: 'Describe at least one area to develop.' })],
  'hosting/feedback': [feedbackCard(campaign, offerDoc, { participantId: 'p1', offerId: offerDoc.id, strengths: 'Clear vision', areas: 'Data', readiness: 'Ready now', comments: '', byUserId: 'h', version: 1 })],
  'hosting/feedback-progress': [feedbackProgressCard(campaign, [{ school: 'Ash Primary', head: 'Amara Okafor', given: 1, expected: 2 }]), feedbackProgressCard(campaign, [])],
  'hosting/briefing-form': [
    briefingFormCard({ campaign, briefing: undefined, hosts: [offerDoc], replies: [] }),
    briefingFormCard({ campaign, briefing: { date: '2027-02-10', time: '16:00', link: 'https://example.org/m', version: 1 }, hosts: [offerDoc], replies: [{ userId: 'h', name: 'Amara Okafor', attending: true }] }, { errors: { link: 'Give the meeting link (https://…).' } }),
  ],
  'hosting/briefing': [briefingCard({ campaign, briefing: { date: '2027-02-10', time: '16:00', link: 'https://example.org/m', version: 1 }, hosts: [], replies: [] }, 'Thank you.')],
  'coaching/programme-form': [
    programmeFormCard(defaultProgrammeForm('2026-11-23')),
    programmeFormCard(defaultProgrammeForm('2026-11-23'), { programmeId: 'p', errors: { resourcesLink: 'Give the resources link (https://…).' } }),
  ],
  'coaching/join': [joinCard(programme), joinCard(programme, { school: 'Ash' }, { email: 'Give a work e-mail address.' }, true)],
  'coaching/withdraw-confirm': [
    withdrawConfirmCard(programme, registration),
    withdrawConfirmCard({ ...programme, status: 'grouped' }, { ...registration, status: 'waitlisted' }),
  ],
  'coaching/join-result': [
    joinResultCard({ kind: 'registered', registration, position: 0, programme }),
    joinResultCard({ kind: 'waitlisted', registration: { ...registration, status: 'waitlisted' }, position: 3, programme }),
    joinResultCard({ kind: 'offered', registration: { ...registration, status: 'offered', offerExpiresAt: '2026-11-28T09:00:00Z' }, position: 0, programme }),
    joinResultCard({ kind: 'ineligible', verdict: { eligible: false, failed: [{ id: 'npqh', reason: 'The offer asks for an NPQH.' }] }, programme }),
  ],
  'coaching/facilitators': [facilitatorsCard(groupView, { find: 'sam', people: [{ userId: 'f', name: 'Sam Mensah' }] }, 'Facilitator saved.'), facilitatorsCard({ ...groupView, facilitators: [] }, { find: '', people: [] })],
  'coaching/groups': [groupsCard(groupView, 'Moves saved.'), groupsCard({ ...groupView, grouping: undefined }), groupsCard({ ...groupView, grouping: { ...groupView.grouping!, status: 'confirmed' } })],
  'coaching/group': [groupCard(groupView, groupView.grouping!.groups[0]!)],
  'coaching/sessions': [sessionsCard(sessionContext, [{ id: 'G1', phase: 'primary', members: [] }, { id: 'G2', phase: 'primary', members: [] }], 'Saved.'), sessionsCard({ ...sessionContext, sessions: [] }, [])],
  'coaching/session-edit': [sessionEditCard(sessionContext, sessionDoc)],
  'coaching/session-invite': [
    sessionInviteCard(sessionContext, sessionDoc, 'https://bot.example.org/files/x'),
    sessionInviteCard(sessionContext, { ...sessionDoc, status: 'cancelled', sequence: 2 }, 'https://bot.example.org/files/x', { sessionId: sessionDoc.id, userId: 'h', name: 'Amara', response: 'declined', reason: 'Ofsted' }),
  ],
  'coaching/my-sessions': [mySessionsCard(sessionContext, [{ session: sessionDoc }]), mySessionsCard(sessionContext, [])],
  'coaching/attendance': [attendanceCard(sessionContext, sessionDoc, { sessionId: sessionDoc.id, attended: ['h'], recordedBy: 'f', revision: 2 }, 'Saved.')],
  'coaching/attendance-report': [attendanceReportCard('ECHO', [{ title: 'Group G1, Session 1', value: '4 attended' }], 'https://bot.example.org/files/y'), attendanceReportCard('ECHO', [], 'https://x.org')],
  'coaching/invite': [coachingInviteCard(programme, [{ teamId: 't1', name: 'Heads' }], { find: 'ama', people: [{ userId: 'u', name: 'Amara' }] }, 'Sent to 1.'), coachingInviteCard(programme, [], { find: '', people: [] })],
  'coaching/invitation': [coachingInvitationCard(programme)],
  'reviews/start': [startCard(raceFrameworks), startCard(raceFrameworks, 'This channel already has an active review.'), startCard(raceFrameworks, '', { ...reviewDoc, status: 'complete', completedAt: '2026-12-03T10:00:00Z', assignments: { leadership: ['a'] } })],
  'reviews/poll': [pollCard(reviewDoc, race, race.themes[2]!, { answered: 3 })],
  'reviews/poll-mine': [pollCard(reviewDoc, race, race.themes[2]!, { answered: 3, mine: [answerDoc], personal: true, message: 'Saved.' })],
  'reviews/reveal': [
    revealCard({ ...reviewDoc, themeStatus: { ...reviewDoc.themeStatus, 'curriculum-progress-inclusion': 'revealed' } }, race, race.themes[2]!, { spread: [], comments: manyComments }),
    revealCard(reviewDoc, race, race.themes[0]!, { spread: spread(race, race.themes[0]!.statements.map((s) => s.id), [{ statementId: 'leadership-policy', responder: 'a', value: 'emerging' }, { statementId: 'leadership-policy', responder: 'b', value: 'query' }]), comments: [{ statementId: 'leadership-policy', who: 'Anonymous', comment: 'Which policy?' }] }),
    revealCard({ ...reviewDoc, themeStatus: { ...reviewDoc.themeStatus, leadership: 'agreed' } }, race, race.themes[0]!, { spread: [], comments: [], agreed: [{ ...answerDoc, id: 'agreed:leadership-policy', type: 'reviewAgreed', statementId: 'leadership-policy', themeId: 'leadership', value: 'developing', action: 'Co-write the policy with parents', owner: 'Head', evidenceLinks: ['https://example.sharepoint.com/policy'], evidenceNote: 'Governors approved it in May' }] }),
  ],
  'reviews/summary-more': bigParts.slice(1),
  'reviews/actions': [
    planCard(reviewDoc, race, [actionDoc, { ...actionDoc, id: 'action:x', what: 'Audit the curriculum', ownerId: '', ownerName: 'A governor', due: '2026-11-01', status: 'not-started', note: '' }], { view: 'all', overdue: (a) => a.due < '2026-12-01', csvUrl: 'https://bot.example/files/x' }),
    planCard(reviewDoc, race, [actionDoc], { view: 'overdue', overdue: () => false, csvUrl: '', message: 'Saved.' }),
  ],
  'reviews/action-form': [
    actionFormCard(reviewDoc, race, { statementId: '', what: '', ownerId: '', ownerName: '', due: '', status: 'not-started', note: '' }, { roster: rosterFor([{ userId: 'u1', name: 'Grace Adeyemi' }], '', reviewDoc) }),
    actionFormCard(reviewDoc, race, { ...actionDoc }, { actionId: actionDoc.id, updatedAt: 'x', roster: rosterFor([], 'zz', reviewDoc), errors: { due: 'The due date cannot be in the past.' } }),
  ],
  'reviews/action-status': [actionStatusCard(reviewDoc, race, actionDoc, { title: 'An action is due in 7 days', intro: 'You own this action.', overdue: false }), actionStatusCard(reviewDoc, race, actionDoc, { title: 'Update', intro: 'Nothing was saved.', overdue: true, noteError: 'Keep the note under 500 characters.' })],
  'reviews/network': [
    networkCard({ frameworks: [race], framework: race, schools: 6, themes: networkView(race, Array.from({ length: 6 }, (_, i) => ({ schoolId: `s${i}`, scores: { leadership: i % 4, 'parents-communities': 2 } }))) }, 'https://bot.example/files/n'),
    networkCard({ frameworks: [], framework: undefined, schools: 0, themes: [] }, ''),
  ],
  'reviews/themes': [
    themesCard({ ...reviewDoc, themeStatus: { ...reviewDoc.themeStatus, leadership: 'agreed', 'parents-communities': 'revealed' }, pollActivityIds: { leadership: 'm1', 'parents-communities': 'm2' } }, race, 'Theme 3 is open.'),
    themesCard({ ...reviewDoc, status: 'complete' as const, themeStatus: Object.fromEntries(race.themes.map((t) => [t.id, 'agreed' as const])) }, race),
  ],
  'reviews/summary': [
    bigParts[0]!,
    summaryCard(reviewDoc, race, summarise(race, 'school', race.themes.flatMap((t, i) => t.statements.map((s) => ({ statementId: s.id, value: race.scale.levels[i % 4]!.id, ...(i === 0 ? { action: 'Plan', owner: 'SLT' } : {}) })))), [{ themeId: 'leadership', title: '1. Leadership', before: 1, now: 2, change: 1 }], 'https://bot.example.org/files/r'),
    summaryCard({ ...reviewDoc, status: 'complete', nextDue: '2027-12-03' }, race, summarise(race, 'school', []), [{ themeId: 'leadership', title: '1. Leadership', before: 1, now: 2, change: 1 }], '', { actions: [actionDoc], progress: [{ themeId: 'leadership', total: 3, done: 2, dropped: 1, open: 0 }], message: 'The next review is now due Friday 3 December 2027.' }),
  ],
  'reviews/assign': [
    assignCard({ ...reviewDoc, assignments: { leadership: ['a'] } }, race, rosterFor([{ userId: 'a', name: 'Amara' }, { userId: 'b', name: 'Tom' }], '', { ...reviewDoc, assignments: { leadership: ['a'] } }), 'Saved. Amara has been nudged in their personal chat.'),
    assignCard(reviewDoc, careers, rosterFor(bigTeam, 'person 1', reviewDoc)),
  ],
  'reviews/history': [historyCard([reviewDoc], new Map([[race.id, race]])), historyCard([], new Map())],
  'hosting/status': [
    statusCard(campaign, campaignStatus(campaign, [offerDoc], [{ userId: 'w', name: 'Tom Whitfield', invitedAt: 'x' }, { userId: 'h', name: 'Amara Okafor', invitedAt: 'x' }], [])),
    statusCard(campaign, campaignStatus(campaign, [], [], [])),
  ],
  'core/welcome': [welcomeCard('personal', 'Amara Okafor'), welcomeCard('groupChat'), welcomeCard('channel')],
  'core/help': [helpCard(manyCommands, 'personal', new Set(['coordinator'])), helpCard([], 'channel', new Set())],
  'core/privacy': [privacyCard('personal'), privacyCard('personal', true), privacyCard('channel')],
  'privacy/my-data': [
    myDataCard({ person: { userId: 'u', name: 'Amara Okafor' }, roles: ['facilitator'], hosting: [{ campaign: 'Ealing · Cohort 3', invited: { invitedAt: '2026-11-23T09:00:00Z' }, offers: [{ school: 'Ash Primary School', phase: 'primary', places: 3, dates: ['2027-03-01'], panel: [{ name: 'Amara Okafor', role: 'Headteacher' }], status: 'offered', submittedAt: '2026-11-24T09:00:00Z' }], feedbackAboutYou: [], feedbackYouWrote: 1 }], coaching: [], reviews: [{ review: 'elp-race-equality-2022-2026', startedAt: '2026-11-25T09:00:00Z', status: 'active', lead: false, answers: [], actions: [{ what: 'Co-write the policy', due: '2027-03-15', status: 'in-progress', note: '' }] }] }, 'https://bot.example.org/files/my-data'),
    myDataCard({ person: undefined, roles: [], hosting: [], coaching: [], reviews: [] }, 'https://bot.example.org/files/my-data'),
  ],
  'privacy/delete-confirm': [
    deleteConfirmCard({ person: { userId: 'u', name: 'Amara Okafor' }, roles: ['coordinator'], hosting: [{ campaign: 'Ealing · Cohort 3', invited: { invitedAt: '2026-11-23T09:00:00Z' }, offers: [{ school: 'Ash Primary School', phase: 'primary', places: 3, dates: ['2027-03-01'], panel: [], status: 'offered', submittedAt: '2026-11-24T09:00:00Z' }], feedbackAboutYou: [], feedbackYouWrote: 2 }], coaching: [{ programme: 'Early Headship Coaching Offer', place: 3, group: { phase: 'primary', size: 5, facilitated: true }, rsvps: [], attended: [] }], reviews: [{ review: 'elp-race-equality-2022-2026', startedAt: '2026-11-25T09:00:00Z', status: 'active', lead: true, answers: [], actions: [] }] }, '9b2f0d64-4b55-4f7e-9d3c-6d3f1f0e2a11'),
    deleteConfirmCard({ person: undefined, roles: [], hosting: [], coaching: [], reviews: [] }, '9b2f0d64-4b55-4f7e-9d3c-6d3f1f0e2a11'),
  ],
  'hosting/coordinator-notice': [offerKeptCard({ campaign, offer: offerDoc }), coordinatorNoticeCard(campaign, 'A question from a head', 'Question from Lena Novak (Birch Special) about Ealing diversity in leadership programme: Can two of us share a panel?')],
  'privacy/requests': [
    requestsCard('', []),
    requestsCard('noor', [{ campaignId: 'c1', campaign: 'Ealing · Cohort 3', participantId: 'participant:1', name: 'Noor Rahman', email: 'noor@example.org', ownSchool: 'Oak Primary', url: 'https://bot.example.org/files/participant-data' }], 'Deleted Omar Said’s data: 3 records deleted, 1 changed to leave them out.'),
    requestsCard('nobody', []),
  ],
  'privacy/participant-confirm': [participantConfirmCard({ campaignId: 'c1', campaign: 'Ealing · Cohort 3', participantId: 'participant:1', name: 'Noor Rahman', email: 'noor@example.org', ownSchool: 'Oak Primary' })],
  'core/notice': [noticeCard('That did not work', 'A message with <b>markup</b> & "quotes"', 'attention')],
  'core/progress': [
    progressCard({ what: 'the invitation to Cohort 3', total: 500, done: 75, sent: 70, skipped: 5, unreached: [], finished: false }, { to: 'hosting.campaign', id: 'c1' }),
    progressCard({
      what: 'the invitation to Cohort 3', total: 500, done: 500, sent: 440, skipped: 0, finished: true,
      unreached: Array.from({ length: 60 }, (_, i) => ({ userId: `u${i}`, name: `Head ${i}`, outcome: (['gone', 'no-conversation', 'failed'] as const)[i % 3]! })),
    }),
  ],
  'core/roles': [
    rolesCard(
      [
        { userId: 'u1', name: 'Grace', role: 'coordinator', fromConfig: true },
        { userId: 'u2', name: 'Sam "The Deputy" O\'Neil', role: 'facilitator', fromConfig: false },
      ],
      { find: 'person', people: Array.from({ length: 20 }, (_, i) => ({ userId: `p${i}`, name: `Person ${i}` })) },
      'Sam is now a facilitator.',
    ),
    rolesCard([], { find: 'nobody', people: [] }, ''),
    rolesCard([]),
  ],
};

/** Teams' chart elements (Chart.VerticalBar …) are unknown to the base renderer: each must carry a fallback. */
function chartsWithoutFallback(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => chartsWithoutFallback(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Chart.') && !record.fallback) out.push(record.type);
    Object.values(record).forEach((v) => chartsWithoutFallback(v, out));
  }
  return out;
}

function problems(card: unknown): string[] {
  const parsed = new AdaptiveCards.AdaptiveCard();
  const context = new AdaptiveCards.SerializationContext();
  parsed.parse(card, context);
  const messages = Array.from({ length: context.eventCount }, (_, i) => context.getEventAt(i).message);
  return [...messages.filter((m) => !/^Unknown element type "Chart\.[\w.]+"\. Fallback will be used if present\.$/.test(m)), ...chartsWithoutFallback(card).map((t) => `${t} has no fallback`)];
}

describe('card templates', () => {
  it('has example data for every template', () => {
    expect(Object.keys(examples).sort()).toEqual(templateNames());
  });

  it('never lets a theme number read as a numbered list, and gives a label with its own colon its count in brackets', () => {
    const reveal = revealCard(reviewDoc, race, race.themes[0]!, { spread: spread(race, race.themes[0]!.statements.map((s) => s.id), [{ statementId: 'leadership-policy', responder: 'a', value: 'emerging' }, { statementId: 'leadership-policy', responder: 'b', value: 'query' }]), comments: [] });
    const json = JSON.stringify(render(reveal.card, reveal.data));
    expect(json).toContain('1.\u00a0Leadership');
    expect(json).not.toMatch(/"text":"1\. Leadership/);
    expect(json).toContain('Query: we need to discuss this (1)');
    const summary = summaryCard(reviewDoc, race, summarise(race, reviewDoc.variant, []), []);
    expect(JSON.stringify(render(summary.card, summary.data))).not.toMatch(/"title":"\d\. /);
    expect(json).not.toContain('we need to discuss this: 1');
  });

  it('renders the same whatever was rendered before with the same parsed template (templates are parsed once)', () => {
    for (const replies of Object.values(examples)) {
      const forward = replies.map((r) => JSON.stringify(render(r.card, r.data)));
      const backward = [...replies].reverse().map((r) => JSON.stringify(render(r.card, r.data))).reverse();
      expect(backward).toEqual(forward);
      const fresh = new Template(JSON.parse(readFileSync(join(CARDS_DIR, `${replies[0]!.card}.json`), 'utf8'))).expand({ $root: replies[0]!.data }) as Record<string, unknown>;
      // render() adds an Action.Submit fallback to each Action.Execute and keeps "1. " from reading
      // as a list (a no-break space after the number); the rest is the template's.
      const withoutFallbacks = (json: string) => JSON.parse(json.replace(/\\u00a0|\u00a0/g, ' '), (key, value: unknown) => (key === 'fallback' && (value as { type?: string }).type === 'Action.Submit' ? undefined : value)) as Record<string, unknown>;
      expect(withoutFallbacks(forward[0]!).body, replies[0]!.card).toEqual(fresh.body);
    }
  });

  it.each(Object.entries(examples))('%s renders to valid Adaptive Card 1.5 JSON under 80 KB', (name, replies) => {
    for (const reply of replies) {
      expect(reply.card).toBe(name);
      const card = render(reply.card, reply.data);
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
      expect(problems(card)).toEqual([]);
      expect(teamsBytes(card)).toBeLessThan(MAX_CARD_BYTES);
      expect(JSON.stringify(card)).not.toMatch(/\$\{/); // every binding was filled
    }
  });

  it('binds user text as data: quotes and markup cannot break the card JSON', () => {
    const card = render('core/notice', { title: 'x"}],"actions":[{"type":"Action.OpenUrl"', message: '${evil}', color: 'Default' });
    expect(JSON.stringify(card)).not.toContain('Action.OpenUrl"}');
    expect((card.body as { text: string }[])[0]!.text).toBe('x"}],"actions":[{"type":"Action.OpenUrl"');
  });

  it('gives every Action.Execute an Action.Submit fallback carrying its verb', () => {
    const card = render('core/welcome', welcomeCard('personal').data);
    const action = (card.actions as Record<string, unknown>[])[0]!;
    expect(action).toMatchObject({ type: 'Action.Execute', verb: 'core.help', fallback: { type: 'Action.Submit', title: 'Help', data: { verb: 'core.help' } } });
  });

  it('splits a large summary over several cards without losing an action or a support item', () => {
    expect(bigParts.length).toBeGreaterThan(2);
    const text = bigParts.map((p) => JSON.stringify(render(p.card, p.data))).join();
    const priorities = bigSummary.priorities.flatMap((p) => p.actions);
    expect(priorities.length).toBe(60);
    for (const a of priorities) expect(text).toContain(`Action for ${a.statementId}:`);
    expect(text.match(/Support 20\*\*/g)).toHaveLength(bigSummary.signposting.length);
    expect(JSON.stringify(render(bigParts[0]!.card, bigParts[0]!.data))).toContain(`follow in ${bigParts.length - 1} more messages`);
  });

  it('shows as many comments as fit on a reveal card and says where the rest are', () => {
    const card = JSON.stringify(render('reviews/reveal', revealCard({ ...reviewDoc, themeStatus: { ...reviewDoc.themeStatus, 'curriculum-progress-inclusion': 'revealed' } }, race, race.themes[2]!, { spread: [], comments: manyComments }).data));
    expect(card).toMatch(/… and \d+ more comments: every comment is in the review’s CSV export/);
    const shown = card.match(/Person \d+\)/g)!.length;
    expect(shown).toBeGreaterThan(race.themes[2]!.statements.length); // more than one comment per statement fits
    expect(shown).toBeLessThan(manyComments.length);
  });

  it('refuses a card over the size limit', () => {
    const huge = noticeCard('Huge', 'x'.repeat(100 * 1024));
    expect(() => render(huge.card, huge.data)).toThrow(CardTooLargeError);
  });

  it('keeps the groups card for a full cohort of 60 heads in 12 groups within the limit', () => {
    const heads = Array.from({ length: 60 }, (_, i) => ({ ...registration, userId: `${'0'.repeat(28)}-head-${i}`, name: `Head Teacher Number ${i}`, authority: 'Barking and Dagenham' }));
    const groups = Array.from({ length: 12 }, (_, g) => ({ id: `G${g + 1}`, phase: 'primary' as const, members: heads.slice(g * 5, g * 5 + 5).map((h) => h.userId) }));
    const view = { ...groupView, registrations: new Map(heads.map((h) => [h.userId, h])), grouping: { ...groupView.grouping, groups, clashes: [] } };
    const card = groupsCard(view);
    expect(teamsBytes(render(card.card, card.data))).toBeLessThan(MAX_CARD_BYTES / 2);
  });

  it('counts size as Teams does, in UTF-16: a card of 50 KB in UTF-8 (100 KB to Teams) is refused', () => {
    expect(teamsBytes('aé😀')).toBe(2 * JSON.stringify('aé😀').length);
    const notice = noticeCard('Long', 'x'.repeat(50 * 1024));
    const card = JSON.stringify(new Template(JSON.parse(readFileSync(join(CARDS_DIR, `${notice.card}.json`), 'utf8'))).expand({ $root: notice.data }));
    expect(Buffer.byteLength(card)).toBeLessThan(MAX_CARD_BYTES); // what the old guard counted
    expect(() => render(notice.card, notice.data)).toThrow(CardTooLargeError);
  });
});

describe('verb registry', () => {
  const headway = buildApp(
    createServices(new SqliteStore(':memory:'), new ManualClock(), silentLogger, { COORDINATORS: [], TENANT_SEND_RATE: 30, PUBLIC_URL: undefined }),
    { BOT_ID: undefined, BOT_PASSWORD: undefined, BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: undefined },
  );
  const inCards = new Set<string>();
  for (const name of templateNames()) verbsIn(JSON.parse(readFileSync(join(CARDS_DIR, `${name}.json`), 'utf8')), inCards);

  it('routes every verb a card names', () => {
    const routed = new Set<string>(headway.verbs);
    expect([...inCards].filter((v) => !routed.has(v))).toEqual([]);
  });

  it('has a card for every routed verb, and every verb is declared in the registry', () => {
    expect(headway.verbs.filter((v) => !inCards.has(v))).toEqual([]);
    expect([...headway.verbs].sort()).toEqual([...allVerbs()].sort());
    expect([...inCards].every((v) => (allVerbs() as string[]).includes(v))).toBe(true);
  });

  it('names verbs <feature>.<action> with no parameters in them', () => {
    for (const verb of allVerbs()) expect(verb).toMatch(/^(core|hosting|coaching|reviews)(\.[a-z][A-Za-z]*)+$/);
  });
});
