import { TeamsInfo, type TeamsChannelAccount } from 'botbuilder';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import type { Services } from '../compose.js';
import type { DeliveryOutcome, FanOutResult, Member, Outreach, Reply } from '../features/ports.js';
import type { Reference } from '../store/conversations.js';
import type { Messenger } from './messenger.js';
import { proactive } from './proactive.js';

/** People recorded at once when a team's roster is read. */
const RECORD_BATCH = 25;
/** The most members Teams gives in one page of a team's roster. */
const ROSTER_PAGE = 500;
/** How long this instance reuses a team's roster: a lead's Finds in a 5,000-person team read it once, not each time. */
const ROSTER_FRESH_MS = 2 * 60_000;
/** Teams' rosters kept per instance before the oldest is dropped. */
const ROSTERS_KEPT = 20;

/**
 * The Outreach port on the Bot Framework: team rosters through the connector, personal chats
 * opened with createConversation where a person has none yet, and sends through the messenger.
 */
export class TeamsOutreach implements Outreach {
  /** Rosters read lately, oldest first. */
  private readonly rosters = new Map<string, { at: number; members: Member[] }>();

  constructor(
    private readonly adapter: TeamsAdapter,
    private readonly botId: string,
    private readonly services: Services,
    private readonly messenger: Messenger,
  ) {}

  /**
   * The team's members, through the connector's pages; reused by this instance for two minutes
   * (a roster read is 10 connector calls for 5,000 people), so a minute-old joiner may be missing.
   */
  async teamMembers(tenantId: string, teamId: string): Promise<Member[]> {
    const key = `${tenantId}\n${teamId}`;
    const now = this.services.clock.now().getTime();
    const kept = this.rosters.get(key);
    if (kept && now - kept.at < ROSTER_FRESH_MS) return kept.members;
    const members = await this.readRoster(tenantId, teamId);
    this.rosters.delete(key);
    if (this.rosters.size >= ROSTERS_KEPT) this.rosters.delete(this.rosters.keys().next().value!);
    this.rosters.set(key, { at: now, members });
    return members;
  }

  private async readRoster(tenantId: string, teamId: string): Promise<Member[]> {
    const team = (await this.services.refs.teams(tenantId)).find((t) => t.teamId === teamId);
    const conversation = team && (await this.services.refs.get(tenantId, team.conversationId));
    if (!conversation) return [];
    const members: TeamsChannelAccount[] = [];
    await proactive(this.adapter, this.botId, conversation.reference, async (context) => {
      let continuationToken: string | undefined;
      do {
        const page = await TeamsInfo.getPagedTeamMembers(context, teamId, ROSTER_PAGE, continuationToken);
        members.push(...page.members);
        continuationToken = page.continuationToken;
      } while (continuationToken);
    });
    const found = members
      .filter((m) => m.aadObjectId)
      .map((m): Member => ({ userId: m.aadObjectId!, teamsId: m.id, name: m.name ?? m.givenName ?? 'Team member' }));
    // Recorded so pickers can find them, a batch at a time: one by one took 10 s for 5,000 on Cosmos.
    for (let i = 0; i < found.length; i += RECORD_BATCH) await Promise.all(found.slice(i, i + RECORD_BATCH).map((member) => this.services.people.record(tenantId, member)));
    return found;
  }

  async fanOut(tenantId: string, people: Member[], reply: (userId: string) => Reply, key: string): Promise<FanOutResult> {
    for (const person of people) await this.ensurePersonalChat(tenantId, person);
    return this.messenger.fanOutToUsers(tenantId, people.map((p) => p.userId), reply, key);
  }

  async sendToUser(tenantId: string, userId: string, reply: Reply, key: string): Promise<DeliveryOutcome> {
    const person = await this.services.people.get(tenantId, userId);
    if (person) await this.ensurePersonalChat(tenantId, person);
    return this.messenger.deliverToUser(tenantId, userId, reply, key);
  }

  post(tenantId: string, conversationId: string, reply: Reply, key: string): Promise<{ outcome: DeliveryOutcome; activityId?: string }> {
    return this.messenger.post(tenantId, conversationId, reply, key);
  }

  update(tenantId: string, conversationId: string, activityId: string, reply: Reply): Promise<DeliveryOutcome> {
    return this.messenger.update(tenantId, conversationId, activityId, reply);
  }

  /** Opens a personal chat with someone who has never talked to the bot (needs their Teams id). */
  private async ensurePersonalChat(tenantId: string, person: Member): Promise<void> {
    if (await this.services.refs.personal(tenantId, person.userId)) return;
    const teamsId = person.teamsId ?? (await this.services.people.get(tenantId, person.userId))?.teamsId;
    const any = await this.services.refs.any(tenantId);
    if (!teamsId || !any) return;
    const { serviceUrl, channelId, bot } = any.reference;
    // Refused or failing: no chat, so the send reports this person as not reached.
    const opened = await this.messenger.tenantCall(tenantId, () => this.adapter.createConversationAsync(
      this.botId,
      channelId,
      serviceUrl,
      'https://api.botframework.com',
      { isGroup: false, bot: { id: bot.id, name: 'Headway' }, members: [{ id: teamsId, name: person.name }], tenantId, channelData: { tenant: { id: tenantId } } } as never,
      async (context) => {
        const conversationId = context.activity.conversation?.id;
        if (!conversationId) return; // the service refused to open the chat
        const reference: Reference = {
          serviceUrl,
          channelId,
          conversation: { id: conversationId, tenantId, conversationType: 'personal' },
          bot: { id: bot.id },
          user: { id: teamsId, aadObjectId: person.userId },
        };
        await this.services.refs.remember(tenantId, { conversationId, scope: 'personal', userId: person.userId, reference });
      },
    ));
    if (opened !== 'ok') this.services.log.warn({ tenantId, outcome: opened }, 'could not open a personal chat');
  }
}
