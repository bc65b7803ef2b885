/**
 * The daily action-reminder job at a network's scale: 100 teams' reviews with 20 actions each
 * (2,000), all due on one day, owned by the teams' 5 members (one in ten typed for someone
 * outside Teams, so the lead is reminded), through a connector enforcing Teams' limits. At 09:00
 * London a week before, every action's reminder goes once. Run on SQLite: the Cosmos protocol
 * server has no indexes and reads every stored document for each query, so at this size it
 * would measure itself (on it, 200 actions took 13 s and 2,000 took 341 s).
 */
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../src/clock.js';
import { FakeConnector } from '../harness/connector.js';
import { startHeadway, type StoreHandle } from '../harness/headway.js';
import { TeamsClient, makeUser } from '../harness/teams.js';

/**
 * Real time, shifted to a chosen moment: waits (rate limits, 429 backoff) take as long as they
 * would, so the figures are honest, while the day can still be set to the reminders' morning.
 */
class ShiftedClock implements Clock {
  private offset: number;
  constructor(start: string) {
    this.offset = new Date(start).getTime() - Date.now();
  }
  now(): Date {
    return new Date(Date.now() + this.offset);
  }
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
  set(to: string): void {
    this.offset = new Date(to).getTime() - Date.now();
  }
}

export interface ActionReminderFigures {
  teams: number;
  actions: number;
  recipients: number;
  seconds: number;
  floorSeconds: number;
  /** Actions reminded more than once, and not at all. */
  duplicates: number;
  losses: number;
  rerunSends: number;
}

export async function actionReminderDay(store: StoreHandle, tenantSendRate = 30, connectorPerSecond = 50, TEAMS = 100): Promise<ActionReminderFigures> {
  const PER_TEAM = 20;
  const clock = new ShiftedClock('2027-03-01T10:00:00Z');
  const connector = await new FakeConnector().start();
  connector.enforceLimits({ perConversation: [{ limit: 7, windowMs: 1000 }, { limit: 60, windowMs: 30_000 }], perSecond: connectorPerSecond });
  const bot = await startHeadway(store, { clock, tenantSendRate });
  const client = new TeamsClient(bot.server.url, connector);
  const { service: reviews, plan } = bot.headway.reviews;
  const statements = reviews.framework('elp-race-equality-2022-2026').themes.flatMap((t) => t.statements.map((s) => s.id));
  const actionIds: string[] = [];
  const recipients = new Set<string>();
  for (let t = 0; t < TEAMS; t += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, TEAMS - t) }, async (_, j) => {
        const team = t + j;
        const members = Array.from({ length: 5 }, (_, m) => makeUser(`act-t${team}-m${m}`, `Team ${team} Member ${m}`));
        const channel = client.channel(`bench-${team}`, `slt-${team}`);
        connector.setMembers(channel.teamId!, members.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
        await client.install(members[0]!, channel);
        // Started as a lead would (the start reads the team's roster: how Headway can reach each member later).
        await client.say(members[0]!, channel, 'review start');
        await client.click(members[0]!, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
        const lead = { tenantId: client.tenantId, userId: members[0]!.aadObjectId, name: members[0]!.name, scope: 'channel' as const, conversationId: channel.id, channelKey: channel.id, teamId: channel.teamId! };
        const [review] = await reviews.history(lead);
        for (let a = 0; a < PER_TEAM; a++) {
          const typed = a % 10 === 9;
          const owner = members[a % 5]!;
          recipients.add(typed ? lead.userId : owner.aadObjectId);
          const saved = await plan.save(lead, review!, undefined, { statementId: statements[a % statements.length]!, what: `Action ${a} of team ${team}`, ownerId: typed ? '' : owner.aadObjectId, ownerName: typed ? 'A governor' : owner.name, due: '2027-03-15', status: a % 3 === 0 ? 'in-progress' : 'not-started', note: '' });
          actionIds.push(saved.id);
        }
      }),
    );
  }
  const sentActions = () => {
    const counts = new Map<string, number>();
    for (const call of connector.delivered()) {
      const id = JSON.stringify(call.body ?? '').match(/"actionId":"(action:[^"]+)"/)?.[1];
      if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  };
  clock.set('2027-03-08T09:00:00Z'); // 09:00 London, 7 days before
  const started = performance.now();
  await bot.runJobs();
  const seconds = (performance.now() - started) / 1000;
  const counts = sentActions();
  const before = connector.delivered().length;
  await bot.runJobs();
  const figures = {
    teams: TEAMS,
    actions: actionIds.length,
    recipients: recipients.size,
    seconds,
    // Each recipient's personal chat is opened first (a call within our tenant rate), then each action is one send.
    floorSeconds: Math.floor((actionIds.length + recipients.size - 1) / Math.min(tenantSendRate, connectorPerSecond)),
    duplicates: actionIds.filter((id) => (counts.get(id) ?? 0) > 1).length,
    losses: actionIds.filter((id) => !counts.has(id)).length,
    rerunSends: connector.delivered().length - before,
  };
  await bot.stop();
  await connector.close();
  return figures;
}
