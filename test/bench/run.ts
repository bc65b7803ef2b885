/**
 * `npm run bench`: message turns and card actions through the real HTTP endpoint, with each
 * store, against a bare teams-ai echo bot on the same harness as the floor. Prints p50/p95/p99
 * latency, turns per second, memory, and our/floor ratios. Sized for a 2-core machine.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import express from 'express';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import { FakeConnector } from '../harness/connector.js';
import { startCosmosServer } from '../harness/cosmos-server.js';
import { startHeadway, testStore, type StoreHandle } from '../harness/headway.js';
import { TeamsClient, makeUser, type User } from '../harness/teams.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 40;
const FANOUT = Number(process.env.BENCH_FANOUT ?? 500);

interface Result {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(name: string, count: number, send: (i: number) => Promise<number>): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await send(i);
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < count; i = next++) {
        const t0 = performance.now();
        const status = await send(i);
        latencies.push(performance.now() - t0);
        if (status >= 300) errors++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), perSecond: count / elapsed, errors };
}

async function runScenario(label: string, botUrl: string, connector: FakeConnector, users: User[]): Promise<Result[]> {
  const teams = new TeamsClient(botUrl, connector);
  for (const user of users) await teams.install(user, teams.personal(user));
  const messages = await measure(`${label} message`, TURNS, async (i) => {
    const user = users[i % users.length]!;
    return (await teams.say(user, teams.personal(user), 'help')).status;
  });
  const welcome = teams.cards(teams.personal(users[0]!))[0]!;
  const actions = await measure(`${label} card action`, TURNS, async (i) => {
    const user = users[i % users.length]!;
    return (await teams.click(user, teams.personal(user), 'Help', {}, { card: welcome })).status;
  });
  connector.reset();
  return [messages, actions];
}

/** The floor: a bare teams-ai bot that echoes text and answers the Help verb with a fixed card. */
async function startEchoBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new TeamsAdapter({});
  const app = new Application({ adapter, startTypingTimer: false });
  const card = { type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text: 'Echo' }] };
  app.adaptiveCards.actionExecute('core.help', async () => card);
  app.conversationUpdate('membersAdded', async (context) => {
    await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { ...card, actions: [{ type: 'Action.Execute', title: 'Help', verb: 'core.help', data: {} }] } }] });
  });
  app.activity('message', async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  });
  const web = express();
  web.use(express.json());
  web.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = web.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

interface FanOutFigures {
  label: string;
  heads: number;
  /** How long the click took to answer (the invite fan-out only). */
  clickMs?: number;
  /** The least time for the sends alone, not counting opening personal chats (the invite fan-out only). */
  sendOnlyFloorSeconds?: number;
  seconds: number;
  floorSeconds: number;
  throttled: number;
  duplicates: number;
  losses: number;
  rerunSends: number;
}

/**
 * Invites `heads` people who have never chatted with the bot (so each needs a personal chat
 * opened first) through a connector enforcing Teams' limits, and checks exactly-once delivery.
 */
async function inviteFanOut(label: string, heads: number, tenantSendRate: number, connectorPerSecond: number): Promise<FanOutFigures> {
  const connector = await new FakeConnector().start();
  connector.enforceLimits({ perConversation: [{ limit: 7, windowMs: 1000 }, { limit: 60, windowMs: 30_000 }], perSecond: connectorPerSecond });
  const grace = makeUser('grace', 'Grace Coordinator');
  const bot = await startHeadway(testStore('sqlite'), { coordinators: [grace.aadObjectId], tenantSendRate });
  const teams = new TeamsClient(bot.server.url, connector);
  const people = Array.from({ length: heads }, (_, i) => makeUser(`h${i}`, `Head ${i}`));
  const channel = teams.channel('heads', 'general');
  connector.setMembers(channel.teamId!, people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
  await teams.install(grace, teams.personal(grace));
  await teams.install(grace, channel);
  const actor = { tenantId: teams.tenantId, userId: grace.aadObjectId, name: grace.name, scope: 'personal' as const, conversationId: teams.personal(grace).id };
  const { hosting } = bot.headway;
  const form = await hosting.campaigns.form(actor);
  const campaign = await hosting.campaigns.create(actor, { ...form, contactEmail: 'grace@example.org', contactPhone: '020 8825 8542' });
  const invitation = () => ({ card: 'hosting/invitation', data: { banner: '', campaignId: campaign.id, title: 'Invitation', description: '', duties: '', provides: '', window: '', deadline: '', contact: '' } });
  const started = performance.now();
  await hosting.invites.invite(actor, campaign.id, { teamId: channel.teamId!, userIds: [] }, invitation, 'bench-1');
  const clickMs = performance.now() - started; // the click answers here: the sending is a job
  await bot.services.jobs.runDue();
  const seconds = (performance.now() - started) / 1000;
  const perConversation = new Map<string, number>();
  for (const call of connector.delivered()) perConversation.set(call.conversationId!, (perConversation.get(call.conversationId!) ?? 0) + 1);
  const counts = people.map((u) => perConversation.get(teams.openedChat(u).id) ?? 0);
  // Only what reaches the heads counts (the job also posts its report to the coordinator).
  const toHeads = new Set(people.map((u) => teams.openedChat(u).id));
  const headSends = () => connector.delivered().filter((c) => toHeads.has(c.conversationId!)).length;
  const before = headSends();
  await hosting.invites.invite(actor, campaign.id, { teamId: channel.teamId!, userIds: [] }, invitation, 'bench-2');
  await bot.services.jobs.runDue();
  const figures = {
    label,
    heads,
    clickMs,
    seconds,
    // With a one-second sliding window at r per second, the n-th call can go at floor((n - 1) / r) s.
    // Opening each head's personal chat is a call within our tenant rate too (2 calls per head);
    // the service's own limit counts the sends only.
    floorSeconds: Math.max(Math.floor((2 * heads - 1) / tenantSendRate), Math.floor((heads - 1) / Math.min(tenantSendRate, connectorPerSecond))),
    sendOnlyFloorSeconds: Math.floor((heads - 1) / Math.min(tenantSendRate, connectorPerSecond)),
    throttled: connector.throttled,
    duplicates: counts.filter((c) => c > 1).length,
    losses: counts.filter((c) => c === 0).length,
    rerunSends: headSends() - before,
  };
  await bot.stop();
  await connector.close();
  return figures;
}

/** Invitations for 60 members x 6 sessions (10 groups) under Teams' limits; checks exactly-once. */
async function coachingInvitations(tenantSendRate: number, connectorPerSecond: number): Promise<FanOutFigures> {
  const connector = await new FakeConnector().start();
  connector.enforceLimits({ perConversation: [{ limit: 7, windowMs: 1000 }, { limit: 60, windowMs: 30_000 }], perSecond: connectorPerSecond });
  const grace = makeUser('grace', 'Grace Coordinator');
  const bot = await startHeadway(testStore('sqlite'), { coordinators: [grace.aadObjectId], tenantSendRate });
  const teams = new TeamsClient(bot.server.url, connector);
  const actorOf = (u: ReturnType<typeof makeUser>) => ({ tenantId: teams.tenantId, userId: u.aadObjectId, name: u.name, scope: 'personal' as const, conversationId: teams.personal(u).id });
  const heads = Array.from({ length: 60 }, (_, i) => makeUser(`c${i}`, `Coached Head ${i}`));
  for (const user of [grace, ...heads]) await teams.install(user, teams.personal(user));
  const { coaching } = bot.headway;
  const form = await coaching.programmes.form(actorOf(grace));
  const programme = await coaching.programmes.save(actorOf(grace), { ...form, resourcesLink: 'https://extend.example.org', contactEmail: 'echo@example.org' });
  const authorities = ['Leeds', 'Kent', 'Devon', 'York', 'Bristol', 'Essex', 'Ealing', 'Brent', 'Wirral', 'Bolton', 'Derby', 'Luton'];
  for (const [i, head] of heads.entries()) {
    await coaching.joining.submit(actorOf(head), { programmeId: programme.id, firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary', authority: authorities[i % authorities.length]!, school: `School ${i}`, email: `h${i}@example.org` });
  }
  await coaching.groups.propose(actorOf(grace), programme.id);
  const confirmed = await coaching.groups.confirm(actorOf(grace), programme.id, { group: () => ({ text: 'Your group' }) });
  await bot.services.jobs.runDue(); // members are told of their groups by a job
  const groups = confirmed.view.grouping!.groups;
  for (const group of groups) await coaching.sessions.propose(actorOf(grace), programme.id, group.id, { start: '2027-01-04', weekday: 'Tuesday', time: '16:00' });
  const before = connector.delivered().length;
  const started = performance.now();
  for (const group of groups) await coaching.sessions.invite(actorOf(grace), programme.id, group.id);
  await bot.services.jobs.runDue(); // the invitations are sent by a job per group
  const seconds = (performance.now() - started) / 1000;
  const invitations = connector.delivered().slice(before);
  const perMember = new Map<string, number>();
  for (const call of invitations) perMember.set(call.conversationId!, (perMember.get(call.conversationId!) ?? 0) + 1);
  const counts = heads.map((u) => perMember.get(teams.personal(u).id) ?? 0);
  const sendsBefore = connector.delivered().length;
  for (const group of groups) await coaching.sessions.invite(actorOf(grace), programme.id, group.id);
  await bot.services.jobs.runDue();
  const total = heads.length * 6;
  const figures = {
    label: `ceiling ${tenantSendRate}/s, service allows ${connectorPerSecond}/s`,
    heads: total,
    seconds,
    floorSeconds: Math.floor((total - 1) / Math.min(tenantSendRate, connectorPerSecond)),
    throttled: connector.throttled,
    duplicates: counts.filter((c) => c > 6).length,
    losses: counts.filter((c) => c < 6).length,
    rerunSends: connector.delivered().length - sendsBefore,
  };
  await bot.stop();
  await connector.close();
  return figures;
}

interface StormFigures {
  answers: number;
  lost: number;
  aloneP50: number;
  aloneP99: number;
  stormP50: number;
  stormP99: number;
  seconds: number;
}

/**
 * The answer storm: 60 people each answer 10 statements (two open themes) at once, through the HTTP
 * endpoint as Teams invokes; then count what was stored. One person answering alone is the baseline.
 */
async function answerStorm(): Promise<StormFigures> {
  const connector = await new FakeConnector().start();
  const people = Array.from({ length: 60 }, (_, i) => makeUser(`r${i}`, `SLT Member ${i}`));
  const bot = await startHeadway(testStore('cosmos', stormCosmos!.endpoint));
  const teams = new TeamsClient(bot.server.url, connector);
  const channel = teams.channel('leadership', 'slt');
  connector.setMembers(channel.teamId!, people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
  await teams.install(people[0]!, channel);
  await teams.say(people[0]!, channel, 'review start');
  await teams.click(people[0]!, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
  // Ten statements each: the lead opens two themes at once whose statements add up to ten (3 and 2 of the ELP framework).
  const review = (await bot.headway.reviews.service.history({ tenantId: teams.tenantId, userId: '', name: '', scope: 'channel', conversationId: channel.id }))[0]!;
  const framework = bot.headway.reviews.service.framework(review.frameworkId);
  const pair = framework.themes.flatMap((a) => framework.themes.filter((b) => b !== a && a.statements.length + b.statements.length === 10).map((b) => [a, b] as const))[0];
  if (!pair) throw new Error('no two themes with ten statements between them');
  await teams.say(people[0]!, channel, 'review themes');
  const themesCard = teams.latestCard(people[0]!, channel);
  for (const theme of pair) await teams.click(people[0]!, channel, 'Open theme', { nextTheme: theme.id }, { card: themesCard });
  const invoke = (user: (typeof people)[number], theme: (typeof pair)[number]) =>
    teams.post({
      ...teams.base(user, channel),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'reviews.answer', data: { reviewId: review.id, themeId: theme.id, ...Object.fromEntries(theme.statements.map((s, i) => [`s_${s.id}`, framework.scale.levels[i % framework.scale.levels.length]!.id])) } } },
    });
  const alone: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const theme of pair) {
      const t0 = performance.now();
      await invoke(people[0]!, theme);
      alone.push(performance.now() - t0);
    }
  }
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    people.flatMap((user) =>
      pair.map(async (theme) => {
        const t0 = performance.now();
        const res = await invoke(user, theme);
        latencies.push(performance.now() - t0);
        const body = JSON.stringify(res.body ?? '');
        if (res.status !== 200 || !body.includes('Your answers are saved')) throw new Error(`answer failed: ${res.status} ${body.slice(0, 200)}`);
      }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const answeredBoth = Math.min(...(await Promise.all(pair.map((theme) => bot.headway.reviews.service.answered(teams.tenantId, review, theme.id)))));
  const expectedAnswers = people.length * 10;
  const countAnswers = (await bot.store.query({ tenantId: teams.tenantId, pk: `${teams.tenantId}|review:${review.id}`, type: 'reviewAnswer', limit: 1000 })).items.length;
  const stored = answeredBoth;
  alone.sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  await bot.stop();
  await connector.close();
  return {
    answers: countAnswers,
    lost: expectedAnswers - countAnswers + (people.length - stored),
    aloneP50: percentile(alone, 50),
    aloneP99: percentile(alone, 99),
    stormP50: percentile(latencies, 50),
    stormP99: percentile(latencies, 99),
    seconds,
  };
}
let stormCosmos: { endpoint: string; close: () => Promise<void> } | undefined;

interface RushFigures {
  heads: number;
  failures: number;
  registered: number;
  waitlisted: number;
  waitingListOk: boolean;
  p50: number;
  p99: number;
  seconds: number;
}

/** 120 eligible heads press Join at the same moment on the Cosmos protocol store (cap 60). */
async function registrationRush(): Promise<RushFigures> {
  const connector = await new FakeConnector().start();
  const grace = makeUser('rushcoord', 'Rush Coordinator');
  const bot = await startHeadway(testStore('cosmos', stormCosmos!.endpoint), { coordinators: [grace.aadObjectId] });
  const teams = new TeamsClient(bot.server.url, connector);
  const heads = Array.from({ length: 120 }, (_, i) => makeUser(`rush${i}`, `Rush Head ${i}`));
  await teams.install(grace, teams.personal(grace));
  await teams.say(grace, teams.personal(grace), 'coaching setup');
  await teams.click(grace, teams.personal(grace), 'Create programme', { resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
  for (const head of heads) {
    await teams.install(head, teams.personal(head));
    await teams.say(head, teams.personal(head), 'coaching join');
  }
  const answers = { firstHeadshipStart: '2024-09-01', setting: 'state-school', inEngland: 'yes', npqh: 'taking-now', withdrawnBefore: 'no', phase: 'primary', authority: 'Leeds', school: 'School', email: 'head@example.org' };
  const latencies: number[] = [];
  const started = performance.now();
  const told = await Promise.all(
    heads.map(async (head) => {
      const t0 = performance.now();
      const res = await teams.click(head, teams.personal(head), /^Check/, answers);
      latencies.push(performance.now() - t0);
      return res.status === 200 ? JSON.stringify(res.body) : '';
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const positions = told.map((t) => /number (\d+) on the waiting list/.exec(t)?.[1]).filter((n) => n !== undefined).map(Number).sort((a, b) => a - b);
  latencies.sort((a, b) => a - b);
  await bot.stop();
  await connector.close();
  return {
    heads: heads.length,
    failures: told.filter((t) => !/You are eligible and registered|on the waiting list/.test(t)).length,
    registered: told.filter((t) => t.includes('You are eligible and registered')).length,
    waitlisted: positions.length,
    waitingListOk: positions.every((n, i) => n === i + 1),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    seconds,
  };
}

function fmt(n: number): string {
  return n.toFixed(n >= 100 ? 0 : 1).padStart(7);
}

async function main(): Promise<void> {
  const connector = await new FakeConnector().start();
  const users = Array.from({ length: 20 }, (_, i) => makeUser(`bench${i}`, `Bench Head ${i}`));
  const results: Result[] = [];

  const echo = await startEchoBot();
  const floor = await runScenario('floor (echo bot)', echo.url, connector, users);
  results.push(...floor);
  await echo.close();

  const cosmos = await startCosmosServer();
  const stores: [string, StoreHandle][] = [
    ['headway sqlite', testStore('sqlite')],
    ['headway cosmos', testStore('cosmos', cosmos.endpoint)],
  ];
  const ours: Record<string, Result[]> = {};
  for (const [label, handle] of stores) {
    const bot = await startHeadway(handle, { coordinators: [users[0]!.aadObjectId] });
    ours[label] = await runScenario(label, bot.server.url, connector, users);
    results.push(...ours[label]);
    await bot.stop();
  }
  stormCosmos = cosmos;
  const storm = await answerStorm();
  const rush = await registrationRush();
  await cosmos.close();
  await connector.close();

  const fanOuts = [
    await inviteFanOut('ceiling 30/s, service allows 50/s', FANOUT, 30, 50),
    await inviteFanOut('ceiling 60/s, service allows 50/s (429s)', FANOUT, 60, 50),
  ];

  const coachingRuns = [await coachingInvitations(30, 50)];

  (globalThis as { gc?: () => void }).gc?.(); // live memory, not garbage waiting to be collected (npm run bench passes --expose-gc)
  const memory = process.memoryUsage();
  console.log(`\nHeadway benchmark: ${TURNS} turns per scenario, concurrency ${CONCURRENCY}, node ${process.version}\n`);
  console.log(`${'scenario'.padEnd(34)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'turns/s'.padStart(9)}  errors`);
  for (const r of results) console.log(`${r.name.padEnd(34)}${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${fmt(r.perSecond)}   ${r.errors}`);
  console.log('\nours / floor (latency p50 and p95; throughput):');
  for (const [label, [message, action]] of Object.entries(ours)) {
    for (const [mine, base] of [[message!, floor[0]!], [action!, floor[1]!]] as const) {
      console.log(`  ${mine.name.padEnd(32)} p50 x${(mine.p50 / base.p50).toFixed(2)}  p95 x${(mine.p95 / base.p95).toFixed(2)}  throughput x${(mine.perSecond / base.perSecond).toFixed(2)}`);
    }
    void label;
  }
  console.log(`\ninvite fan-out to ${FANOUT} heads with no chat yet (personal chats opened first), connector enforcing 7/s and 60/30 s per conversation:`);
  for (const f of fanOuts) {
    console.log(
      `  ${f.label.padEnd(44)} click answered in ${(f.clickMs ?? 0).toFixed(0)} ms; last delivery ${f.seconds.toFixed(1)} s (least the limits allow for opening the chats and sending ${f.floorSeconds.toFixed(1)} s, x${(f.seconds / Math.max(f.floorSeconds, 0.001)).toFixed(2)}; for the sends alone ${(f.sendOnlyFloorSeconds ?? 0).toFixed(1)} s, x${(f.seconds / Math.max(f.sendOnlyFloorSeconds ?? 0, 0.001)).toFixed(2)}); 429s ${f.throttled}; duplicates ${f.duplicates}; losses ${f.losses}; sends on re-run ${f.rerunSends}`,
    );
  }
  console.log('\ncoaching invitations, 60 members x 6 sessions in 10 groups, same connector limits:');
  for (const f of coachingRuns) {
    console.log(
      `  ${f.label.padEnd(44)} ${f.seconds.toFixed(1)} s for ${f.heads} invitations (least the limits allow ${f.floorSeconds.toFixed(1)} s, x${(f.seconds / Math.max(f.floorSeconds, 0.001)).toFixed(2)}); 429s ${f.throttled}; members with duplicates ${f.duplicates}; members missing any ${f.losses}; sends on re-run ${f.rerunSends}`,
    );
  }
  console.log(
    `\nregistration rush, ${rush.heads} eligible heads pressing Join at once (cap 60, Cosmos protocol store): ${rush.failures} failures; ${rush.registered} registered, ${rush.waitlisted} waitlisted (positions 1..${rush.waitlisted} ${rush.waitingListOk ? 'with no gaps or duplicates' : 'WITH GAPS OR DUPLICATES'}); p50 ${rush.p50.toFixed(0)} ms, p99 ${rush.p99.toFixed(0)} ms; all in ${rush.seconds.toFixed(1)} s`,
    `\nanswer storm, 60 people x 10 statements (two themes open, 120 card actions) at once through /api/messages (Cosmos protocol store): ${storm.answers} answers stored, ${storm.lost} lost; p50 ${storm.stormP50.toFixed(0)} ms, p99 ${storm.stormP99.toFixed(0)} ms (one person alone: p50 ${storm.aloneP50.toFixed(0)} ms, p99 ${storm.aloneP99.toFixed(0)} ms); all in ${storm.seconds.toFixed(1)} s`,
  );
  console.log(`\nmemory after run: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  if (results.some((r) => r.errors > 0) || [...fanOuts, ...coachingRuns].some((f) => f.duplicates + f.losses + f.rerunSends > 0) || storm.lost > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
