import type { z } from 'zod';
import type { FileBody } from '../csv.js';
import type { ConversationScope } from '../store/conversations.js';
import type { Verb } from './verbs.js';

/**
 * What features see of Teams. The Teams layer (src/teams/) implements FeatureRouter on the
 * teams-ai Application; features register commands and card verbs through it and never touch a
 * TurnContext, so a later SDK migration changes src/teams/ only.
 */

export type Scope = ConversationScope;
export type Role = 'coordinator' | 'facilitator';
export type Audience = 'everyone' | Role;
export type FeatureName = 'core' | 'hosting' | 'coaching' | 'reviews';

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

export interface CommandSpec<A = Record<string, never>> {
  /** Stable id, `<feature>.<name>`. */
  id: string;
  feature: FeatureName;
  /** As shown in help, e.g. `roles grant [coordinator|facilitator] [name]`. */
  usage: string;
  summary: string;
  /**
   * Anchored, case-insensitive pattern on the cleaned text (mention stripped, spaces folded).
   * Named groups become the arguments, parsed by `args`.
   */
  pattern: RegExp;
  args?: z.ZodType<A, z.ZodTypeDef, unknown>;
  /** Who the command is for; help lists it only to them. Services enforce it. */
  audience: Audience;
  scopes: Scope[];
}

/** A command may answer with several messages, in order (e.g. a summary split to stay under the size limit). */
export type CommandHandler<A> = (actor: Actor, args: A) => Promise<Reply | Reply[]>;
export type ActionHandler<D> = (actor: Actor, data: D) => Promise<Reply>;

export type SearchHandler = (actor: Actor, text: string, count: number) => Promise<{ title: string; value: string }[]>;

export interface FeatureRouter {
  command<A>(spec: CommandSpec<A>, handler: CommandHandler<A>): void;
  /** A card verb; `data` is the action's data merged with the card's inputs, validated by `schema`. */
  action<D>(verb: Verb, schema: z.ZodType<D, z.ZodTypeDef, unknown>, handler: ActionHandler<D>): void;
  /**
   * Type-ahead for a card's people (or other) picker: an `Input.ChoiceSet` whose `choices.data` is
   * `{ type: 'Data.Query', dataset }`. Teams asks as the person types; the handler answers the
   * matches it may show them (a refusal shows nothing).
   */
  search(dataset: string, handler: SearchHandler): void;
  /** Every command registered so far, for help. */
  commands(): readonly CommandSpec<unknown>[];
  /** A file served at /files/<name> behind an expiring signed link. */
  file(name: string, handler: (tenantId: string, params: Record<string, string>) => Promise<FileBody>): void;
  /** A signed link to a registered file, for this tenant, valid for an hour. */
  link(tenantId: string, name: string, params: Record<string, string>): Promise<string>;
}

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
