import type { CardReply } from '../ports.js';
import { formatDate, londonDate } from '../../time.js';
import { noticeCard } from '../core/view.js';
import { coordinatorNoticeCard } from '../hosting/view.js';
import type { KeptOffer } from './erase-hosting.js';
import type { ErasureReport } from './erasure.js';
import type { Holdings } from './holdings.js';
import type { FoundParticipant } from './requests.js';

const yesNo = (b: boolean) => (b ? 'yes' : 'no');
const on = (iso: string) => formatDate(londonDate(new Date(iso)));

/** `my data`: what Headway holds about this person, programme by programme, and the export link. */
export function myDataCard(held: Holdings, exportUrl: string): CardReply {
  const sections: { heading: string; text: string }[] = [];
  const you = [`- Name: ${held.person?.name ?? 'not recorded'}`];
  you.push(`- Roles: ${held.roles.length > 0 ? held.roles.join(', ') : 'none'}`);
  sections.push({ heading: 'You', text: you.join('\n') });
  for (const h of held.hosting) {
    const lines: string[] = [];
    if (h.invited) lines.push(`- Invited to host on ${on(h.invited.invitedAt)}`);
    if (h.declined) lines.push('- You said not this time');
    if (h.draft) lines.push(`- An offer in progress for ${h.draft.school || 'your school'} (step ${h.draft.step} of 5)`);
    for (const o of h.offers) lines.push(`- Offer from ${o.school}: ${o.places} place(s), ${o.dates.length} date(s), a panel of ${o.panel.length} (${o.status})`);
    if (h.briefingReply) lines.push(`- Briefing: attending ${yesNo(h.briefingReply.attending)}`);
    if (h.asParticipant) lines.push(`- As a participant: ${h.asParticipant.name}, ${h.asParticipant.email}, ${h.asParticipant.ownSchool}${h.asParticipant.placedAt ? `; placed at ${h.asParticipant.placedAt}` : ''}`);
    if (h.feedbackAboutYou.length > 0) lines.push(`- Feedback written about you: ${h.feedbackAboutYou.length}`);
    if (h.feedbackYouWrote > 0) lines.push(`- Feedback you wrote on candidates: ${h.feedbackYouWrote}`);
    sections.push({ heading: `Hosting: ${h.campaign}`, text: lines.join('\n') });
  }
  for (const c of held.coaching) {
    const lines: string[] = [];
    if (c.registration) lines.push(`- Registration: ${c.registration.school}, ${c.registration.authority}, ${c.registration.email} (${c.registration.status})`);
    if (c.place !== undefined) lines.push(`- A place (number ${c.place})`);
    if (c.group) lines.push(`- A ${c.group.phase} group of ${c.group.size}`);
    if (c.rsvps.length > 0) lines.push(`- Replies to session invitations: ${c.rsvps.length}`);
    if (c.attended.length > 0) lines.push(`- Sessions attended: ${c.attended.length}`);
    sections.push({ heading: `Coaching: ${c.programme}`, text: lines.join('\n') });
  }
  for (const r of held.reviews) {
    const role = r.lead ? 'you lead it' : 'you are a member';
    const answers = r.answers.length > 0 ? `your answers and comments: ${r.answers.length}` : 'no answers tied to you';
    const actions = r.actions.length > 0 ? `\n- Actions you own in its plan: ${r.actions.length}` : '';
    sections.push({ heading: `Review: ${r.review}, started ${on(r.startedAt)}`, text: `- ${role}; ${answers}${actions}` });
  }
  const nothing = held.hosting.length + held.coaching.length + held.reviews.length === 0;
  return {
    card: 'privacy/my-data',
    data: {
      intro: nothing
        ? 'Headway holds your name and Teams ids, and nothing from any programme.'
        : 'Everything Headway holds about you, by programme. The download is a complete copy as a JSON file.',
      sections,
      exportUrl,
      expiry: 'The download link works for 15 minutes and only for you.',
    },
  };
}

/** `delete my data`: what will happen to what this person has, before anything is given away. */
export function deleteConfirmCard(held: Holdings, eraseId: string, configuredCoordinator = false): CardReply {
  const lines: string[] = [];
  for (const h of held.hosting) {
    for (const o of h.offers) lines.push(`- Your offer for ${o.school} (${h.campaign}) stays as the school's offer, without your name; the coordinators are told.`);
    if (h.invited || h.declined || h.draft || h.briefingReply) lines.push(`- Your invitation, drafts and replies in ${h.campaign} are deleted.`);
    if (h.asParticipant) lines.push(`- Your record as a participant in ${h.campaign}, your placement and the feedback written about you are deleted.`);
    if (h.feedbackYouWrote > 0) lines.push(`- Feedback you wrote on candidates in ${h.campaign} stays for them, without your name.`);
  }
  for (const c of held.coaching) {
    if (c.registration) lines.push(`- Your registration for ${c.programme} is deleted${c.place !== undefined ? ', and your place goes to the next person on the waiting list' : ''}.`);
    if (c.group) lines.push(`- You leave your ${c.group.phase} coaching group; your replies to session invitations and your attendance are deleted.`);
  }
  const answered = held.reviews.filter((r) => r.answers.length > 0 || !r.lead).length;
  if (answered > 0) lines.push(`- Your answers in ${answered === 1 ? 'one review are' : `${answered} reviews are`} removed; the team's agreed responses and the counts stay.`);
  if (held.reviews.some((r) => r.lead)) lines.push('- A review you lead can then be led by any of its members.');
  const granted = held.roles.filter((r) => !(r === 'coordinator' && configuredCoordinator));
  if (granted.length > 0) lines.push(`- You stop being ${granted.map((r) => `a ${r}`).join(' and ')}.`);
  if (configuredCoordinator) lines.push('- You stay a coordinator: that comes from the app’s settings (COORDINATORS). Ask whoever runs Headway to take you out of them.');
  lines.push('- Your name, your Teams ids and your chat with Headway are forgotten.');
  return {
    card: 'privacy/delete-confirm',
    data: {
      intro: 'Headway will delete everything it holds about you in this organisation. Where a record must stay for others, it stays without your name:',
      consequences: lines.join('\n'),
      warning: 'This cannot be undone. If you use Headway again, it will know your name and Teams ids from then on.',
      eraseId,
    },
  };
}

export function erasingCard(): CardReply {
  return noticeCard('Deleting your data…', 'Headway is deleting what it holds about you. This card will say when it is done.');
}

export function erasedCard(report: ErasureReport): CardReply {
  const parts = [report.anonymised > 0 ? `${count(report.deleted, 'record')} deleted, ${count(report.anonymised, 'record')} kept for others without your name.` : `${count(report.deleted, 'record')} deleted.`];
  const stands = report.offersKept === 1 ? 'your school’s offer stands' : 'your schools’ offers stand';
  if (report.offersKept > 0) parts.push(report.coordinatorsTold ? `The coordinators have been told that ${stands} without your name.` : `${stands[0]!.toUpperCase()}${stands.slice(1)} without your name, but Headway could not reach a coordinator in Teams: please tell them.`);
  if (report.placesFreed > 0) parts.push(`${count(report.placesFreed, 'coaching place')} went to the waiting list.`);
  parts.push('Headway no longer holds your name or Teams ids. Thank you for taking part.');
  return noticeCard('Your data has been deleted', parts.join(' '), 'good');
}

/** To coordinators: a host's head erased their data; the school's offer stands. */
export function offerKeptCard({ campaign, offer }: KeptOffer): CardReply {
  return coordinatorNoticeCard(
    campaign,
    "A host's head has deleted their data",
    `The head who offered ${offer.school} has deleted their Headway data. The school's offer stands (${count(offer.places, 'place')}), without the head's name: contact the school directly about it.`,
  );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** For coordinators: requests about people not in Teams; the matches for what was typed, each with its export and Delete. */
export function requestsCard(find: string, found: (FoundParticipant & { url: string })[], note = '', tone: 'good' | 'attention' = 'good'): CardReply {
  const searched = find.trim() !== '';
  return {
    card: 'privacy/requests',
    data: {
      intro: searched
        ? found.length === 0
          ? `Nobody in this organisation's hosting campaigns matches "${find}". Try their e-mail, or the start of each word of their name.`
          : `${found.length === 1 ? '1 match' : `${found.length} matches`} for "${find}". Each download works for 15 minutes.`
        : 'When someone who is not in Teams (a hosting participant you entered) asks what Headway holds about them, or asks for it to be deleted, find them by name or e-mail.',
      find,
      note,
      noteColor: tone === 'good' ? 'Good' : 'Attention',
      found: found.map((f) => ({ ...f, detail: `${f.email} · ${f.ownSchool} · ${f.campaign}` })),
    },
  };
}

/** Before a coordinator erases a participant: what goes. */
export function participantConfirmCard(found: FoundParticipant): CardReply {
  return {
    card: 'privacy/participant-confirm',
    data: {
      title: `Delete ${found.name}'s data?`,
      consequences: [
        `- Their participant record in ${found.campaign} (name, e-mail ${found.email}, school) is deleted.`,
        '- Their placement goes, so the host has a place free again.',
        '- Feedback written about them is deleted.',
        '- Their name and e-mail are taken out of the records of messages sent (a host’s list of candidates).',
      ].join('\n'),
      campaignId: found.campaignId,
      participantId: found.participantId,
      email: found.email,
    },
  };
}
