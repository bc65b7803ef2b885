import type { ConversationScope } from '../store/conversations.js';

/**
 * What features need of the outside world, as plain types: who acts (Actor), what they are shown
 * (Reply), and proactive messages (Outreach). The Teams layer implements Outreach; features
 * depend on these, not on the SDK and not on the router (router.ts registers routes).
 */
export type Scope = ConversationScope;

export type Role = 'coordinator' | 'facilitator';

/** Who is acting, and where. Identity only: roles are looked up by services. */
export interface Actor {
  tenantId: string;
  /** AAD object id. */
  userId: string;
  name: string;
  scope: Scope;
  conversationId: string;
  /** The message of the card whose button was pressed (card actions only): to update it later. */
  cardActivityId?: string;
  /** Set in channels. */
  teamId?: string;
  channelId?: string;
  /**
   * In a channel, the channel itself whichever thread the message is in: Teams gives each thread
   * its own conversation id (`<channel>;messageid=<post>`), so a new post and the thread a review
   * started in are different conversations of one channel.
   */
  channelKey?: string;
}

/** A card to send: the template under cards/ and the data it binds. */
export interface CardReply {
  card: string;
  data: Record<string, unknown>;
}

export interface TextReply {
  text: string;
}

export type Reply = CardReply | TextReply;

/** Someone who can be messaged: AAD object id, Teams user id (needed to open a chat), name. */
export interface Member {
  userId: string;
  teamsId?: string;
  name: string;
}

export type DeliveryOutcome = 'sent' | 'duplicate' | 'in-flight' | 'gone' | 'failed' | 'no-conversation';

export interface FanOutResult {
  sent: number;
  skipped: number;
  failed: number;
  gone: number;
  noConversation: number;
  /** Who was not reached, and why: the app was removed (gone), no chat could be opened, or the send failed. */
  unreached: { userId: string; outcome: 'gone' | 'no-conversation' | 'failed' }[];
}

/**
 * Proactive messages for features, implemented by the Teams layer: rate-limited, retried, and
 * recorded so that a key is delivered once per person however often a use case runs.
 */
export interface Outreach {
  /** The members of a team the bot is installed in, from the Teams roster. */
  teamMembers(tenantId: string, teamId: string): Promise<Member[]>;
  /** Sends to each person's personal chat with the bot, opening one where needed. */
  fanOut(tenantId: string, people: Member[], reply: (userId: string) => Reply, key: string): Promise<FanOutResult>;
  sendToUser(tenantId: string, userId: string, reply: Reply, key: string): Promise<DeliveryOutcome>;
  /** Posts once per key to a conversation the bot is in (a channel), answering with the message id. */
  post(tenantId: string, conversationId: string, reply: Reply, key: string): Promise<{ outcome: DeliveryOutcome; activityId?: string }>;
  /** Replaces a message the bot posted, e.g. to move a shared card's live count on. */
  update(tenantId: string, conversationId: string, activityId: string, reply: Reply): Promise<DeliveryOutcome>;
}
