import type { Activity } from 'botbuilder';
import type { Actor, Scope } from '../features/ports.js';

/**
 * Who acts in this turn, read from the activity Teams sent. The AAD object id is the stable
 * identity (the `29:` channel id differs per bot); a client that sends none falls back to it.
 */
export function actorOf(activity: Partial<Activity>): Actor | undefined {
  const tenantId = tenantOf(activity);
  const from = activity.from;
  const conversationId = activity.conversation?.id;
  if (!tenantId || !from?.id || !conversationId) return undefined;
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string }; channel?: { id?: string } };
  const scope = scopeOf(activity);
  return {
    tenantId,
    userId: from.aadObjectId ?? from.id,
    name: from.name ?? 'Someone',
    scope,
    conversationId,
    ...(activity.replyToId && (activity.type === 'invoke' || activity.value !== undefined) ? { cardActivityId: activity.replyToId } : {}),
    ...(scope === 'channel' && channelData.team?.id ? { teamId: channelData.team.id } : {}),
    ...(scope === 'channel' && channelData.channel?.id ? { channelId: channelData.channel.id } : {}),
    ...(scope === 'channel' ? { channelKey: conversationId.split(';messageid=')[0]! } : {}),
  };
}

export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  return activity.conversation?.tenantId ?? channelData.tenant?.id;
}

export function scopeOf(activity: Partial<Activity>): Scope {
  const type = activity.conversation?.conversationType;
  if (type === 'channel') return 'channel';
  if (type === 'groupChat' || activity.conversation?.isGroup) return 'groupChat';
  return 'personal';
}

/** The fields our log carries for a turn or a request, never its text or anyone's name. */
export function turnFields(activity: Partial<Activity>): Record<string, unknown> {
  return {
    tenantId: tenantOf(activity),
    conversationId: activity.conversation?.id,
    activityId: activity.id,
    activityType: activity.type,
  };
}
