import type { Scope } from './ports.js';
import type { Verb } from './verbs.js';

/**
 * Who may use a card verb, declared once beside the registry (verbs.ts); services enforce it, the
 * router enforces `where`, and test/harness/forgery.ts sends every verb as every kind of outsider
 * to show that nobody else sees or changes anything.
 *
 * - `anyone`: anyone in the tenant (help; a head's own invitation, offer or registration).
 * - `self`: anyone, but only on their own record (their own draft, offer, RSVP or registration).
 * - `coordinator`: the network's coordinators.
 * - `runner`: a coaching group's facilitator, or a coordinator.
 * - `member`: a member of the coaching group the card names, on their own answer.
 * - `host`: the head whose school hosts in the campaign the card names.
 * - `channel`: a member of the channel whose review the card names.
 * - `lead`: that review's lead, in its channel.
 */
export type Who = 'anyone' | 'self' | 'coordinator' | 'runner' | 'member' | 'host' | 'channel' | 'lead';

export interface Rule {
  who: Who;
  /** Where the card lives; the router refuses the verb anywhere else. */
  where: readonly Scope[];
  /** Whether the verb changes anything (else it only shows). */
  changes: boolean;
}

const personal = ['personal'] as const;
const channel = ['channel'] as const;
const shows = (who: Who, where: readonly Scope[] = personal): Rule => ({ who, where, changes: false });
const changes = (who: Who, where: readonly Scope[] = personal): Rule => ({ who, where, changes: true });

export const Rules = {
  'core.help': shows('anyone', ['personal', 'groupChat', 'channel']),
  'core.privacy': shows('anyone', ['personal', 'groupChat', 'channel']),
  // Help's buttons: a command as if typed; the command's service decides who may.
  'core.command': shows('anyone', ['personal', 'groupChat', 'channel']),
  'core.myData': shows('self'),
  'core.eraseAsk': shows('self'),
  'core.erase': changes('self'),
  'core.privacyFind': shows('coordinator'),
  'core.privacyEraseAsk': shows('coordinator'),
  'core.privacyErase': changes('coordinator'),
  'core.roles.show': shows('coordinator'),
  'core.roles.grant': changes('coordinator'),
  'core.roles.revoke': changes('coordinator'),

  'hosting.campaign.new': shows('coordinator'),
  'hosting.campaign.save': changes('coordinator'),
  'hosting.campaign.edit': shows('coordinator'),
  'hosting.campaign.show': shows('coordinator'),
  'hosting.invite.show': shows('coordinator'),
  'hosting.invite.send': changes('coordinator'),
  'hosting.status.show': shows('coordinator'),
  'hosting.offer.invitation': shows('anyone'),
  'hosting.offer.start': changes('self'),
  'hosting.offer.decline': changes('self'),
  'hosting.offer.step': changes('self'),
  'hosting.offer.submit': changes('self'),
  'hosting.offer.edit': changes('self'),
  'hosting.offer.withdraw': changes('self'),
  'hosting.question.show': shows('anyone'),
  'hosting.question.send': changes('self'),
  'hosting.participants.show': shows('coordinator'),
  'hosting.participants.add': changes('coordinator'),
  'hosting.participants.paste': changes('coordinator'),
  'hosting.participants.remove': changes('coordinator'),
  'hosting.allocation.propose': changes('coordinator'),
  'hosting.allocation.move': changes('coordinator'),
  'hosting.allocation.confirm': changes('coordinator'),
  'hosting.allocation.show': shows('coordinator'),
  'hosting.allocation.placeAsk': shows('coordinator'),
  'hosting.allocation.place': changes('coordinator'),
  'hosting.host.checklist': changes('host'),
  'hosting.feedback.submit': changes('host'),
  'hosting.feedback.progress': shows('coordinator'),
  'hosting.briefing.show': shows('coordinator'),
  'hosting.briefing.send': changes('coordinator'),
  'hosting.briefing.reply': changes('host'),

  'coaching.programme.save': changes('coordinator'),
  'coaching.join.show': shows('anyone'),
  'coaching.join.submit': changes('self'),
  'coaching.join.withdrawAsk': shows('self'),
  'coaching.join.withdraw': changes('self'),
  'coaching.join.status': shows('self'),
  'coaching.offer.accept': changes('self'),
  'coaching.facilitators.show': shows('coordinator'),
  'coaching.facilitators.add': changes('coordinator'),
  'coaching.groups.show': shows('coordinator'),
  'coaching.groups.propose': changes('coordinator'),
  'coaching.groups.move': changes('coordinator'),
  'coaching.groups.confirm': changes('coordinator'),
  'coaching.sessions.show': shows('runner'),
  'coaching.sessions.propose': changes('runner'),
  'coaching.sessions.editShow': shows('runner'),
  'coaching.sessions.save': changes('runner'),
  'coaching.sessions.cancel': changes('runner'),
  'coaching.sessions.invite': changes('runner'),
  'coaching.rsvp': changes('member'),
  'coaching.attendance.show': shows('runner'),
  'coaching.attendance.save': changes('runner'),
  'coaching.invite.show': shows('coordinator'),
  'coaching.invite.send': changes('coordinator'),

  'reviews.start': changes('anyone', channel),
  'reviews.answer': changes('channel', channel),
  'reviews.refresh': shows('channel', channel),
  'reviews.reveal': changes('lead', channel),
  'reviews.agree': changes('lead', channel),
  'reviews.assign': changes('lead', channel),
  'reviews.open': changes('lead', channel),
  'reviews.summary': changes('channel', channel),
  'reviews.reopen': changes('lead', channel),
  'reviews.deadline': changes('lead', channel),
  'reviews.actions.show': shows('channel', channel),
  'reviews.actions.edit': shows('lead', channel),
  'reviews.actions.save': changes('lead', channel),
  // The action's owner, from their reminder or the channel (or the review's lead).
  'reviews.actions.status': changes('self', ['personal', 'channel']),
  'reviews.next': changes('lead', channel),
  'reviews.share': changes('lead', channel),
  'reviews.network.show': shows('coordinator'),
} as const satisfies Record<Verb, Rule>;

/** The rule of a verb (every verb has one: `Rules` is checked against the registry when it compiles). */
export function ruleOf(verb: Verb): Rule {
  return Rules[verb];
}
