import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Reference } from '../store/conversations.js';

/**
 * Runs `logic` in a proactive turn on a stored reference. The adapter hands errors raised inside
 * the callback to onTurnError and swallows them; this carries them out so callers can retry or
 * give up.
 */
export async function proactive(adapter: TeamsAdapter, botId: string, reference: Reference, logic: (context: TurnContext) => Promise<void>): Promise<void> {
  let failure: unknown;
  await adapter.continueConversationAsync(botId, reference as unknown as Partial<ConversationReference>, async (context) => {
    try {
      await logic(context);
    } catch (error) {
      failure = error;
    }
  });
  if (failure) throw failure;
}

/**
 * A proactive send as a new message (not a reply to the continuation activity). The connector
 * client retries 429 and 5xx on its own, sleeping in real time, and then returns the failed
 * response without throwing; the messenger owns retries (on the injected clock, with delivery
 * records), so this removes the client's retry phase and turns a failed status into an error.
 */
export async function sendToConversation(context: TurnContext, conversationId: string, activity: Partial<Activity>): Promise<string | undefined> {
  const connector = connectorOf(context);
  const outgoing = TurnContext.applyConversationReference({ ...activity }, TurnContext.getConversationReference(context.activity));
  delete outgoing.replyToId;
  const result = await connector.conversations.sendToConversation(conversationId, outgoing as Activity);
  throwOnFailure(result);
  return result.id;
}

/** The turn's connector client, without its own retry phase (the messenger retries). */
function connectorOf(context: TurnContext): ConnectorClient {
  const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
  (connector as unknown as { client?: { pipeline?: { removePolicy(o: { phase: string }): unknown } } }).client?.pipeline?.removePolicy({ phase: 'Retry' });
  return connector;
}

function throwOnFailure(result: object): void {
  const response = (result as { _response?: { status?: number; headers?: { get(name: string): string | undefined } } })._response;
  const status = response?.status ?? 200;
  if (status >= 300) throw new ConnectorStatusError(status, response?.headers?.get('retry-after'));
}

export class ConnectorStatusError extends Error {
  constructor(
    readonly statusCode: number,
    retryAfter: string | undefined,
  ) {
    super(`Bot Connector answered ${statusCode}`);
    this.response = { status: statusCode, headers: { 'retry-after': retryAfter } };
  }
  readonly response: { status: number; headers: Record<string, string | undefined> };
}

/** Replaces an activity the bot sent, with the same care as sendToConversation. */
export async function updateInConversation(context: TurnContext, conversationId: string, activityId: string, activity: Partial<Activity>): Promise<void> {
  const connector = connectorOf(context);
  const outgoing = TurnContext.applyConversationReference({ ...activity, id: activityId }, TurnContext.getConversationReference(context.activity));
  delete outgoing.replyToId;
  const result = await connector.conversations.updateActivity(conversationId, activityId, outgoing as Activity);
  throwOnFailure(result);
}
