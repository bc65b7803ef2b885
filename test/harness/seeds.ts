import type { Running } from './headway.js';
import type { Conversation, TeamsClient, User } from './teams.js';

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

/**
 * Through the channel's cards: the lead starts (or, with `repeat`, repeats the channel's last)
 * review of ELP's framework and takes every theme in turn; each of `team` answers every statement
 * `level(themeIndex)`, the lead reveals and saves the agreement with `agree(themeIndex, statementIds)`
 * as the extra inputs. Answers when every theme is agreed.
 */
export async function runReview(teams: TeamsClient, channel: Conversation, lead: User, team: User[], options: { level?: (theme: number) => string; agree?: (theme: number, statementIds: string[]) => Record<string, string>; repeat?: boolean; anonymous?: boolean; share?: boolean; owners?: { user: User; themes: string }[] } = {}): Promise<void> {
  await teams.say(lead, channel, 'review start');
  const startCard = teams.cards(channel).at(-1)!;
  const started = options.repeat ? await teams.click(lead, channel, 'Repeat the last review') : await teams.click(lead, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: String(options.anonymous ?? false), share: String(options.share ?? false) });
  const assign = { activityId: startCard.activityId, card: (started.body as { value: Record<string, unknown> }).value };
  for (const owner of options.owners ?? []) await teams.click(lead, channel, 'Give the themes and nudge', { person: owner.user.aadObjectId, themes: owner.themes }, { card: assign });
  const shared = () => teams.cards(channel).filter((c) => JSON.stringify(c.card).includes('"reviews.answer"')).at(-1)!;
  for (let theme = 0; theme < 5; theme++) {
    const poll = shared();
    const statementIds = JSON.stringify(poll.card.body).match(/"id":"s_[^"]+"/g)!.map((m) => m.slice(8, -1));
    for (const user of team) await teams.click(user, channel, 'Save my answers', Object.fromEntries(statementIds.map((id) => [`s_${id}`, options.level?.(theme) ?? 'developing'])), { card: poll });
    await teams.click(lead, channel, 'Reveal answers', {}, { card: poll });
    const revealed = teams.cards(channel).find((c) => c.activityId === poll.activityId)!;
    await teams.click(lead, channel, 'Save agreed responses', options.agree?.(theme, statementIds) ?? {}, { card: revealed });
    if (theme < 4) await teams.click(lead, channel, 'Open theme', {}, { card: teams.cards(channel).find((c) => c.activityId === poll.activityId)! });
  }
}
