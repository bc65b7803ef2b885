import type { CardReply } from '../ports.js';
import { formatDate, londonDate } from '../../time.js';
import type { Holdings } from './holdings.js';

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
    sections.push({ heading: `Review: ${r.review}, started ${on(r.startedAt)}`, text: `- ${role}; ${answers}` });
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
