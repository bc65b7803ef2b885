import type { Running } from './headway.js';
import type { TeamsClient, User } from './teams.js';

/** Cohort 3's campaign as a coordinator fills it in (the seed documents' figures). */
export const COHORT_3 = {
  programme: 'Ealing diversity in leadership programme', cohort: 'Cohort 3', participantsPrimary: '7', participantsSecondary: '12', participantsSpecial: '2',
  hostsPrimary: '2', hostsSecondary: '4', hostsSpecial: '2', placesPerHost: '3', windowStart: '2027-02-22', windowEnd: '2027-03-31', replyDeadline: '2026-12-09', reminderDaysBefore: '3',
  contactName: 'Grace Adeyemi', contactEmail: 'grace.adeyemi@example.org', contactPhone: '020 8825 8542', duties: 'Host a mock interview session', provides: 'Job descriptions',
};

/**
 * Through the cards, as people would: the coordinator creates Cohort 3's campaign and invites the
 * heads; each head then offers their school (primary unless said, three places, one date, a panel of the head and a second
 * person, the first duty ticked).
 */
export async function seedHostOffers(teams: TeamsClient, bot: Running, coordinator: User, offers: { head: User; school: string; panelist: string; phase?: 'primary' | 'secondary' | 'special' }[]): Promise<void> {
  const chat = (user: User) => teams.personal(user);
  await teams.say(coordinator, chat(coordinator), 'hosting new');
  await teams.click(coordinator, chat(coordinator), 'Create campaign', COHORT_3);
  await teams.click(coordinator, chat(coordinator), 'Invite heads');
  await teams.click(coordinator, chat(coordinator), 'Send invitations', { userIds: offers.map((o) => o.head.aadObjectId).join(',') });
  await bot.runJobs();
  for (const { head, school, panelist, phase = 'primary' } of offers) {
    await teams.click(head, chat(head), 'Volunteer to host');
    await teams.click(head, chat(head), 'Next', { school, phase, places: '3' });
    await teams.click(head, chat(head), 'Next', { date1: '2027-03-01' });
    await teams.click(head, chat(head), 'Next', { panel1Name: head.name, panel1Role: 'Headteacher', panel2Name: panelist, panel2Role: 'Chair of governors' });
    await teams.click(head, chat(head), 'Next', { duty0: 'true' });
    await teams.click(head, chat(head), 'Submit offer');
  }
}
