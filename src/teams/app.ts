import { ActivityTypes, TurnContext, type Activity, type ChannelAccount } from 'botbuilder';
import { Application } from '@microsoft/teams-ai';
import type { Services } from '../compose.js';
import type { Config } from '../config.js';
import { registerCoreRoutes } from '../features/core/routes.js';
import { createHosting, type Hosting } from '../features/hosting/index.js';
import { FanOutProgress, FanOuts } from '../features/fanout.js';
import { Collection } from '../store/collection.js';
import { registerHostingRoutes } from '../features/hosting/routes.js';
import { createCoaching, type Coaching } from '../features/coaching/index.js';
import { registerCoachingRoutes } from '../features/coaching/routes.js';
import { createReviews, type Reviews } from '../features/reviews/index.js';
import { registerReviewRoutes } from '../features/reviews/routes.js';
import { Coalescer } from '../features/coalesce.js';
import { noticeCard, progressCard, welcomeCard } from '../features/core/view.js';
import type { FeatureRouter } from '../features/router.js';
import type { Actor, Reply } from '../features/ports.js';
import type { Verb } from '../features/verbs.js';
import type { Reference } from '../store/conversations.js';
import { parseCommand } from './commands.js';
import { replyForError } from './errors.js';
import { actorOf, scopeOf, tenantOf, turnFields } from './identity.js';
import { Messenger, toActivity, type Transport } from './messenger.js';
import type { FileBody } from '../csv.js';
import { FileLinks } from './links.js';
import { registerPrivacyRoutes } from '../features/privacy/routes.js';
import { DEFAULT_RETENTION_MONTHS, type ProgrammeRetention } from '../features/privacy/retention.js';
import { createPrivacy } from '../features/privacy/index.js';
import { createRouter, requireActor } from './router.js';
import { TeamsOutreach } from './outreach.js';
import { proactive, sendToConversation, updateInConversation } from './proactive.js';
import { botAuth, type AuthConfig, type BotAuth } from './auth.js';
import { HeadwayAdapter } from './inbound.js';

export interface Headway {
  app: Application;
  adapter: HeadwayAdapter;
  messenger: Messenger;
  router: FeatureRouter;
  services: Services;
  /** Every card verb with a route (Action.Execute and its Action.Submit fallback). */
  verbs: Verb[];
  hosting: Hosting;
  coaching: Coaching;
  reviews: Reviews;
  /** The daily job that clears finished programmes RETENTION_MONTHS after they end. */
  retention: ProgrammeRetention;
  /** Pending live-count updates of shared cards; `idle()` waits for them. */
  liveCounts: Coalescer;
  links: FileLinks;
  files: Map<string, (tenantId: string, params: Record<string, string>) => Promise<FileBody>>;
  /** How the server checks each request's token before the turn runs (with no bot id: nobody is checked). */
  auth: BotAuth;
  /** Tenants whose activities are processed; empty means any. */
  allowedTenants: string[];
}

type BotConfig = AuthConfig & Partial<Pick<Config, 'ALLOWED_TENANTS'>>;

/** The adapter and, with a bot id, the authentication it and the server check tokens with (see auth.ts). */
export function createAdapter(config: AuthConfig): { adapter: HeadwayAdapter; auth: BotAuth } {
  const auth = botAuth(config);
  return { adapter: new HeadwayAdapter(auth.options, auth.credentials), auth };
}

/**
 * Builds the teams-ai Application: the turn hooks (conversation references, people, welcome),
 * every feature's routes through FeatureRouter, and the command catch-all last.
 */
export function buildApp(services: Services, config: BotConfig, options: { liveCountDelayMs?: number } = {}): Headway {
  const { log } = services;
  const { adapter, auth } = createAdapter(config);
  const app = new Application({ adapter, botAppId: config.BOT_ID ?? '', removeRecipientMention: true, startTypingTimer: false });

  const botId = config.BOT_ID ?? '';
  const transport: Transport = {
    async send(reference, activity) {
      let id: string | undefined;
      await proactive(adapter, botId, reference, async (context) => {
        id = await sendToConversation(context, reference.conversation.id, activity);
      });
      return id ? { id } : {};
    },
    async update(reference, activityId, activity) {
      await proactive(adapter, botId, reference, async (context) => {
        await updateInConversation(context, reference.conversation.id, activityId, activity);
      });
    },
  };
  const messenger = new Messenger(transport, services.refs, services.deliveries, services.clock, log.child({ component: 'messenger' }), {
    tenantPerSecond: services.config.TENANT_SEND_RATE,
  });

  adapter.onTurnError = async (context, error) => {
    log.error({ ...turnFields(context.activity), err: error }, 'turn failed');
    if (context.activity.type === ActivityTypes.Message) {
      await context.sendActivity(toActivity(replyForError(error, log, turnFields(context.activity)))).catch(() => undefined);
    }
  };

  app.turn('beforeTurn', async (context) => {
    context.turnState.set(NEW_CONVERSATION, await remember(services, context.activity));
    return true;
  });

  // Teams sends both installationUpdate (add) and conversationUpdate (bot added) on install, and
  // the Playground repeats them on every visit: whichever arrives first in a conversation the bot
  // is new to gives the one welcome.
  const welcome = async (context: TurnContext): Promise<void> => {
    if (context.turnState.get(NEW_CONVERSATION) !== true) return;
    const scope = scopeOf(context.activity);
    await context.sendActivity(toActivity(welcomeCard(scope, scope === 'personal' ? context.activity.from?.name : undefined)));
  };
  app.conversationUpdate('membersAdded', async (context) => {
    const botId = context.activity.recipient?.id;
    const added = context.activity.membersAdded ?? [];
    const tenantId = tenantOf(context.activity);
    if (tenantId) await recordPeople(services, tenantId, added.filter((m) => m.id !== botId));
    if (added.some((m) => m.id === botId)) await welcome(context);
  });
  app.conversationUpdate('membersRemoved', async (context) => {
    const botId = context.activity.recipient?.id;
    const tenantId = tenantOf(context.activity);
    if (tenantId && (context.activity.membersRemoved ?? []).some((m) => m.id === botId)) {
      await services.refs.markInactive(tenantId, context.activity.conversation.id, 'removed');
    }
  });
  app.activity(ActivityTypes.InstallationUpdate, async (context) => {
    const tenantId = tenantOf(context.activity);
    const action = String(context.activity.action ?? '');
    if (tenantId && action.startsWith('remove')) {
      await services.refs.markInactive(tenantId, context.activity.conversation.id, 'uninstalled');
    } else if (action.startsWith('add')) {
      await welcome(context);
    }
  });

  const links = new FileLinks(services.store, services.clock, services.config.PUBLIC_URL);
  const { router, commands, verbs, files } = createRouter(app, links, log);

  const retentionMonths = services.config.RETENTION_MONTHS ?? DEFAULT_RETENTION_MONTHS;
  registerCoreRoutes(router, { roles: services.roles, people: services.people, retentionMonths });
  const outreach = new TeamsOutreach(adapter, config.BOT_ID ?? '', services, messenger);
  const fanOuts = new FanOuts(
    { jobs: services.jobs, outreach, progress: new Collection(services.store, services.clock, 'fanOutProgress', FanOutProgress), clock: services.clock, log: log.child({ component: 'fanout' }) },
    { progress: progressCard },
  );
  const hosting = createHosting(services, outreach, fanOuts);
  registerHostingRoutes(router, hosting);
  const coaching = createCoaching(services, outreach, fanOuts, router.link);
  registerCoachingRoutes(router, coaching, services.clock);
  const reviews = createReviews(services, outreach, fanOuts);
  const privacy = createPrivacy(services, outreach, coaching, retentionMonths);
  registerPrivacyRoutes(router, privacy, services.roles);
  const liveCounts = new Coalescer(services.clock, options.liveCountDelayMs ?? 750);
  registerReviewRoutes(router, reviews, outreach, liveCounts, services.clock, log);

  // The catch-all, registered last: every message that no card submit claimed.
  app.activity(ActivityTypes.Message, async (context) => {
    const actor = requireActor(context.activity);
    let reply: Reply | Reply[];
    try {
      // A client (or a forger) may send text that is not a string: treat it as no text.
      const text = typeof context.activity.text === 'string' ? context.activity.text : '';
      const parsed = text.trim() === '' ? undefined : parseCommand(text, router.commands(), actor.scope);
      const command = parsed && commands.find((c) => c.spec === parsed.spec);
      reply = command
        ? await command.handler(actor, parsed.args)
        : text.trim() === ''
          ? noticeCard('That button has expired', 'That card is out of date. Type help to start again.')
          : noticeCard("I didn't recognise that", hintFor(actor));
    } catch (error) {
      reply = replyForError(error, log, turnFields(context.activity));
    }
    const replies = Array.isArray(reply) ? reply : [reply];
    // A command that posted its card itself (review actions) has nothing more to say.
    if (replies.length > 0) await context.sendActivities(replies.map(toActivity));
  });

  return { app, adapter, messenger, router, services, verbs, hosting, coaching, reviews, retention: privacy.retention, liveCounts, links, files, auth, allowedTenants: config.ALLOWED_TENANTS ?? [] };
}

function hintFor(actor: Actor): string {
  return actor.scope === 'personal'
    ? 'Type help to see what you can do here.'
    : 'Mention @Headway with help to see what you can do here.';
}

const NEW_CONVERSATION = 'headway.newConversation';

/**
 * Stores the conversation reference and the person on every inbound activity. Answers whether
 * the bot is new to this conversation.
 */
async function remember(services: Services, activity: Activity): Promise<boolean> {
  const tenantId = tenantOf(activity);
  if (!tenantId || !activity.conversation?.id || !activity.serviceUrl) return false;
  const removing = activity.type === ActivityTypes.InstallationUpdate && String(activity.action ?? '').startsWith('remove');
  if (removing) return false;
  const scope = scopeOf(activity);
  const actor = actorOf(activity);
  // A reference needs ids only: no display names.
  const conversation = activity.conversation;
  const stored: Reference = {
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    conversation: {
      id: conversation.id,
      tenantId,
      ...(conversation.conversationType ? { conversationType: conversation.conversationType } : {}),
      ...(conversation.isGroup !== undefined ? { isGroup: conversation.isGroup } : {}),
    },
    bot: { id: activity.recipient.id },
    ...(scope === 'personal' && activity.from
      ? { user: { id: activity.from.id, ...(activity.from.aadObjectId ? { aadObjectId: activity.from.aadObjectId } : {}) } }
      : {}),
  };
  const channelData = (activity.channelData ?? {}) as { team?: { id?: string; name?: string } };
  // The reference and the person are independent documents: read (and write) them side by side.
  const [{ isNew }] = await Promise.all([
    services.refs.remember(tenantId, {
      conversationId: activity.conversation.id,
      scope,
      reference: stored,
      ...(scope === 'personal' && actor ? { userId: actor.userId } : {}),
      ...(channelData.team?.id ? { teamId: channelData.team.id } : {}),
      ...(channelData.team?.name ? { teamName: channelData.team.name } : {}),
    }),
    actor && activity.type !== ActivityTypes.ConversationUpdate ? services.people.record(tenantId, { userId: actor.userId, name: actor.name, teamsId: activity.from.id }) : undefined,
  ]);
  return isNew;
}

async function recordPeople(services: Services, tenantId: string, members: ChannelAccount[]): Promise<void> {
  for (const member of members) {
    if (member.aadObjectId && member.name) await services.people.record(tenantId, { userId: member.aadObjectId, name: member.name, teamsId: member.id });
  }
}
