import type { ConversationReference, TurnContext } from 'botbuilder';
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
