/**
 * `npm run bench`: message turns and card actions through the real HTTP endpoint, with each
 * store, against a bare teams-ai echo bot on the same harness as the floor. Prints p50/p95/p99
 * latency, turns per second, the bot process's CPU per turn, memory, and our/floor ratios. Bots,
 * the floor and the Cosmos protocol server each run in a process of their own (processes.ts).
 * Sized for a 2-core machine.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { FakeConnector } from '../harness/connector.js';
import { openTestCosmos } from '../harness/cosmos-server.js';
import { startHeadway, testStore } from '../harness/headway.js';
import { TeamsClient, cardText, makeUser, type User } from '../harness/teams.js';
import { knownDocumentTypes } from '../../src/store/collection.js';
import { ERASE_AFTER_MS } from '../../src/features/privacy/erasure.js';
import type { StoredDocument } from '../../src/store/port.js';
import { startProcess, type BenchProcess } from './processes.js';
import type { ChildSpec } from './child.js';
import { loadFrameworks } from '../../src/features/reviews/framework.js';
import { teamsBytes } from '../../src/size.js';
import { actionReminderDay } from './actions.js';

const TURNS = Number(process.env.BENCH_TURNS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP = 40;
const FANOUT = Number(process.env.BENCH_FANOUT ?? 500);
/** The project root, from dist/test/bench/ (the build that `npm run bench` runs). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

interface Result {
  name: string;
  p50: number;
  p95: number;
  p99: number;
  perSecond: number;
  errors: number;
  /** The bot process's CPU milliseconds per turn (user + system), when it runs in its own process. */
  cpuMs?: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(name: string, count: number, send: (i: number) => Promise<number>, cpu?: () => Promise<number>): Promise<Result> {
  for (let i = 0; i < WARMUP; i++) await send(i);
  const cpuBefore = await cpu?.();
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
  const cpuAfter = await cpu?.();
  latencies.sort((a, b) => a - b);
  return {
    name, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), perSecond: count / elapsed, errors,
    ...(cpuBefore !== undefined && cpuAfter !== undefined ? { cpuMs: (cpuAfter - cpuBefore) / count } : {}),
  };
}

/** `help` typed, then the Help button clicked, `TURNS` times each, against a bot in its own process. */
async function runScenario(label: string, bot: BenchProcess, connector: FakeConnector, users: User[]): Promise<Result[]> {
  const teams = new TeamsClient(bot.url, connector);
  for (const user of users) await teams.install(user, teams.personal(user));
  const messages = await measure(`${label} message`, TURNS, async (i) => {
    const user = users[i % users.length]!;
    return (await teams.say(user, teams.personal(user), 'help')).status;
  }, bot.cpuMs);
  const welcome = teams.cards(teams.personal(users[0]!))[0]!;
  const actions = await measure(`${label} card action`, TURNS, async (i) => {
    const user = users[i % users.length]!;
    return (await teams.click(user, teams.personal(user), 'Help', {}, { card: welcome })).status;
  }, bot.cpuMs);
  connector.reset();
  return [messages, actions];
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
  const confirmed = await coaching.groups.confirm(actorOf(grace), programme.id, { group: () => ({ text: 'Your group' }), ungrouped: () => ({ text: 'Not in a group' }) });
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
  floorP50: number;
  floorP99: number;
  /** The two themes' shared cards at the end: "N of 60 have answered". */
  cardsShow: number[];
  seconds: number;
}

/**
 * The answer storm: 60 people each answer 10 statements (two open themes) at once, 120 card
 * actions through /api/messages as Teams invokes, split across two bot processes on one Cosmos
 * database; then count what was stored and what the shared cards say. The floor takes the same
 * burst of 120 card actions, split across two echo-bot processes. One person answering alone is
 * the baseline.
 */
async function answerStorm(endpoint: string): Promise<StormFigures> {
  const connector = await new FakeConnector().start();
  const people = Array.from({ length: 60 }, (_, i) => makeUser(`r${i}`, `SLT Member ${i}`));
  const database = `bench-storm-${Date.now()}`;
  const store = await openTestCosmos(endpoint, database); // created here, before two processes open it
  const bots = [await startProcess({ role: 'headway', store: 'cosmos', endpoint, at: database }), await startProcess({ role: 'headway', store: 'cosmos', endpoint, at: database })];
  const teams = new TeamsClient(bots[0]!.url, connector);
  const via = [teams, new TeamsClient(bots[1]!.url, connector, teams.tenantId)];
  const channel = teams.channel('leadership', 'slt');
  connector.setMembers(channel.teamId!, people.map((u) => ({ id: u.id, aadObjectId: u.aadObjectId, name: u.name })));
  await teams.install(people[0]!, channel);
  await teams.say(people[0]!, channel, 'review start');
  await teams.click(people[0]!, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
  const reviewId = /"reviewId":"([^"]+)"/.exec(JSON.stringify(teams.cards(channel).at(-1)!.card))![1]!;
  // Ten statements each: the lead opens two themes at once whose statements add up to ten (3 and 2 of the ELP framework).
  const framework = loadFrameworks(join(ROOT, 'frameworks')).frameworks.get('elp-race-equality-2022-2026')!;
  const pair = framework.themes.flatMap((a) => framework.themes.filter((b) => b !== a && a.statements.length + b.statements.length === 10).map((b) => [a, b] as const))[0];
  if (!pair) throw new Error('no two themes with ten statements between them');
  await teams.say(people[0]!, channel, 'review themes');
  const themesCard = teams.latestCard(people[0]!, channel);
  for (const theme of pair) await teams.click(people[0]!, channel, 'Open theme', { nextTheme: theme.id }, { card: themesCard });
  const invoke = (client: TeamsClient, user: User, verb: string, data: Record<string, unknown>) =>
    client.post({ ...client.base(user, channel), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
  const answer = (client: TeamsClient, user: User, theme: (typeof pair)[number]) =>
    invoke(client, user, 'reviews.answer', { reviewId, themeId: theme.id, ...Object.fromEntries(theme.statements.map((st, i) => [`s_${st.id}`, framework.scale.levels[i % framework.scale.levels.length]!.id])) });
  const burst = async (send: (user: User, index: number) => Promise<{ status: number; body?: unknown }>, ok: (body: string) => boolean): Promise<{ latencies: number[]; seconds: number }> => {
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      people.flatMap((user, i) =>
        [0, 1].map(async (k) => {
          const t0 = performance.now();
          const res = await send(user, i * 2 + k);
          latencies.push(performance.now() - t0);
          const body = JSON.stringify(res.body ?? '');
          if (res.status !== 200 || !ok(body)) throw new Error(`storm turn failed: ${res.status} ${body.slice(0, 200)}`);
        }),
      ),
    );
    latencies.sort((a, b) => a - b);
    return { latencies, seconds: (performance.now() - started) / 1000 };
  };

  const alone: number[] = [];
  for (let i = 0; i < 5; i++) {
    for (const theme of pair) {
      const t0 = performance.now();
      await answer(teams, people[0]!, theme);
      alone.push(performance.now() - t0);
    }
  }
  alone.sort((a, b) => a - b);
  // Person i answers theme k through process (i + k) % 2: each process gets half of each theme.
  const storm = await burst((user, n) => answer(via[n % 2]!, user, pair[n % 2]!), (body) => body.includes('Your answers are saved'));
  await Promise.all(bots.map((bot) => bot.settle()));
  const stored = (await store.query({ tenantId: teams.tenantId, pk: `${teams.tenantId}|review:${reviewId}`, type: 'reviewAnswer', limit: 1000 })).items;
  const perTheme = pair.map((theme) => new Set(stored.filter((d) => d.doc.themeId === theme.id).map((d) => d.doc.responder)).size);
  const shown = teams.cards(channel).map((c) => /(\d+) of 60 have answered/.exec(JSON.stringify(c.card))?.[1]).filter((n) => n !== undefined).slice(-2).map(Number);
  await Promise.all(bots.map((bot) => bot.stop()));
  await store.close();

  const echoes = [await startProcess({ role: 'echo' }), await startProcess({ role: 'echo' })];
  const floorVia = echoes.map((echo) => new TeamsClient(echo.url, connector, teams.tenantId));
  for (const user of people.slice(0, 1)) await floorVia[0]!.install(user, channel);
  const floor = await burst((user, n) => invoke(floorVia[n % 2]!, user, 'core.help', {}), () => true);
  await Promise.all(echoes.map((echo) => echo.stop()));
  await connector.close();
  return {
    answers: stored.length,
    lost: people.length * 10 - stored.length + perTheme.reduce((n, count) => n + (people.length - count), 0),
    cardsShow: shown,
    aloneP50: percentile(alone, 50),
    aloneP99: percentile(alone, 99),
    stormP50: percentile(storm.latencies, 50),
    stormP99: percentile(storm.latencies, 99),
    floorP50: percentile(floor.latencies, 50),
    floorP99: percentile(floor.latencies, 99),
    seconds: storm.seconds,
  };
}

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
async function registrationRush(endpoint: string): Promise<RushFigures> {
  const connector = await new FakeConnector().start();
  const grace = makeUser('rushcoord', 'Rush Coordinator');
  const bot = await startHeadway(testStore('cosmos', endpoint), { coordinators: [grace.aadObjectId] });
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

interface ErasureFigures {
  documents: number;
  clickMs: number;
  jobSeconds: number;
  naming: number;
  deleted: string;
}

/**
 * `delete my data` in a busy tenant on the Cosmos protocol store: 300 heads invited to host (a
 * fan-out: 300 delivery records and a job naming them all), one of them with an offer, and 3,000
 * older delivery records of others. The click's answer, the erasure job's run time, and how many
 * stored documents still name her afterwards (must be 0).
 */
async function erasureAtScale(endpoint: string): Promise<ErasureFigures> {
  const connector = await new FakeConnector().start();
  const grace = makeUser('erasecoord', 'Erase Coordinator');
  const bot = await startHeadway(testStore('cosmos', endpoint), { coordinators: [grace.aadObjectId] });
  const teams = new TeamsClient(bot.server.url, connector);
  const heads = Array.from({ length: 300 }, (_, i) => makeUser(`erase${i}`, `Erase Head ${i}`));
  const [amara] = heads as [User];
  for (const user of [grace, ...heads]) await teams.install(user, teams.personal(user));
  const chat = (user: User) => teams.personal(user);
  await teams.say(grace, chat(grace), 'hosting new');
  await teams.click(grace, chat(grace), 'Create campaign', {
    programme: 'Bench programme', cohort: 'Cohort 1', participantsPrimary: '7', participantsSecondary: '12', participantsSpecial: '2', hostsPrimary: '2', hostsSecondary: '4', hostsSpecial: '2', placesPerHost: '3',
    windowStart: '2027-02-22', windowEnd: '2027-03-31', replyDeadline: '2026-12-09', reminderDaysBefore: '3', contactName: 'Bench Contact', contactEmail: 'bench@example.org', contactPhone: '020 8825 8542', duties: 'Host', provides: 'Papers',
  });
  await teams.click(grace, chat(grace), 'Invite heads');
  await teams.click(grace, chat(grace), 'Send invitations', { userIds: heads.map((h) => h.aadObjectId).join(',') });
  await bot.runJobs();
  await teams.click(amara, chat(amara), 'Volunteer to host');
  await teams.click(amara, chat(amara), 'Next', { school: 'Bench Primary', phase: 'primary', places: '3' });
  await teams.click(amara, chat(amara), 'Next', { date1: '2027-03-01' });
  await teams.click(amara, chat(amara), 'Next', { panel1Name: amara.name, panel1Role: 'Headteacher' });
  await teams.click(amara, chat(amara), 'Next', { duty0: 'true' });
  await teams.click(amara, chat(amara), 'Submit offer');
  const tenantId = teams.tenantId;
  for (let i = 0; i < 3000; i += 50) {
    await Promise.all(Array.from({ length: 50 }, (_, j) => bot.services.deliveries.claim(tenantId, `bench.old:${(i + j) % 30}`, `someone-${i + j}`, new Date(), 60_000)));
  }
  const everything = async () => {
    const docs: StoredDocument[] = [];
    for (const type of knownDocumentTypes().keys()) {
      for (let page = await bot.store.scan({ tenantId, type }); ; page = await bot.store.scan({ tenantId, type, continuation: page.continuation! })) {
        docs.push(...page.items.map((v) => v.doc));
        if (!page.continuation) break;
      }
    }
    return docs;
  };
  const documents = (await everything()).length;
  await teams.say(amara, chat(amara), 'delete my data');
  const t0 = performance.now();
  await teams.click(amara, chat(amara), 'Delete my data');
  const clickMs = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, ERASE_AFTER_MS)); // the job starts a moment after the click
  const t1 = performance.now();
  await bot.runJobs();
  const jobSeconds = (performance.now() - t1) / 1000;
  const naming = (await everything()).filter((d) => [amara.aadObjectId, amara.id, amara.name].some((x) => JSON.stringify(d).includes(x))).length;
  const deleted = cardText(teams.latestCard(amara, chat(amara)).card).split('\n')[1] ?? '';
  await bot.stop();
  await connector.close();
  return { documents, clickMs, jobSeconds, naming, deleted };
}

/**
 * Every card that could grow with the tenant, in a tenant where Headway knows 5,000 people and a
 * team of 5,000 runs a review: its size as Teams measures it (UTF-16). The guard refuses over 80 KB.
 */
async function largestCards(findMs: number[]): Promise<{ label: string; bytes: number }[]> {
  const connector = await new FakeConnector().start();
  const grace = makeUser('bigcoord', 'Big Coordinator');
  const bot = await startHeadway(testStore('sqlite'), { coordinators: [grace.aadObjectId] });
  const teams = new TeamsClient(bot.server.url, connector);
  const chat = teams.personal(grace);
  const everyone = Array.from({ length: 5000 }, (_, n) => ({ id: `29:big-${n}`, aadObjectId: `big-${n}`, name: `Person ${n} Surname${n % 97}` }));
  for (let i = 0; i < everyone.length; i += 100) await Promise.all(everyone.slice(i, i + 100).map((m) => bot.services.people.record(teams.tenantId, { userId: m.aadObjectId, name: m.name, teamsId: m.id })));
  const sizes: { label: string; bytes: number }[] = [];
  const size = (label: string, conversation = chat, card = teams.latestCard(grace, conversation).card) => sizes.push({ label, bytes: teamsBytes(card) });
  await teams.install(grace, chat);
  await teams.say(grace, chat, 'roles');
  size('roles');
  await teams.click(grace, chat, 'Find', { find: 'surname5' });
  size('roles, 20 found');
  await teams.say(grace, chat, 'coaching setup');
  await teams.click(grace, chat, 'Create programme', { resourcesLink: 'https://extend.example.org/echo', contactEmail: 'echo@example.org' });
  await teams.say(grace, chat, 'coaching invite');
  size('coaching invite');
  await teams.say(grace, chat, 'coaching facilitators');
  size('coaching facilitators');
  await teams.say(grace, chat, 'hosting new');
  await teams.click(grace, chat, 'Create campaign', { contactEmail: 'grace@example.org', contactPhone: '020 8825 8542' });
  await teams.click(grace, chat, 'Invite heads');
  size('hosting invite');
  await teams.click(grace, chat, 'Find', { find: 'surname5' });
  size('hosting invite, 20 found');
  const channel = teams.channel('everyone', 'slt');
  connector.setMembers(channel.teamId!, [{ id: grace.id, aadObjectId: grace.aadObjectId, name: grace.name }, ...everyone]);
  await teams.install(grace, channel);
  await teams.say(grace, channel, 'review start');
  size('review start', channel);
  const started = await teams.click(grace, channel, 'Start review', { framework: 'elp-race-equality-2022-2026|school', anonymous: 'false' });
  const shareOut = (started.body as { value: Record<string, unknown> }).value;
  size('review share-out (5,001 in the team)', channel, shareOut);
  const startCard = teams.cards(channel).find((c) => JSON.stringify(c.card).includes('Start a maturity review'))!;
  const finds: number[] = [];
  for (const find of ['person 4321', 'surname5', 'person 17']) {
    const t0 = performance.now();
    const found = await teams.click(grace, channel, 'Find', { find }, { card: { activityId: startCard.activityId, card: shareOut } });
    finds.push(performance.now() - t0);
    sizes.push({ label: `review share-out, "${find}" found`, bytes: teamsBytes((found.body as { value: unknown }).value) });
  }
  findMs.push(...finds);
  size('review poll', channel, teams.cards(channel).at(-1)!.card);
  await bot.stop();
  await connector.close();
  return sizes.sort((a, b) => b.bytes - a.bytes);
}

function fmt(n: number): string {
  return n.toFixed(n >= 100 ? 0 : 1).padStart(7);
}

async function main(): Promise<void> {
  const connector = await new FakeConnector().start();
  const users = Array.from({ length: 20 }, (_, i) => makeUser(`bench${i}`, `Bench Head ${i}`));
  const results: Result[] = [];

  // Each bot, the floor's echo bot and the Cosmos protocol server run in processes of their own,
  // so a bot's CPU time is its own, not the client's, the fake connector's or the store's.
  const echo = await startProcess({ role: 'echo' });
  const floor = await runScenario('floor (echo bot)', echo, connector, users);
  results.push(...floor);
  await echo.stop();

  const cosmos = await startProcess({ role: 'cosmos' });
  const database = `bench-${Date.now()}`;
  await (await openTestCosmos(cosmos.url, database)).close(); // created before the bot's process opens it
  const stores: [string, ChildSpec][] = [
    ['headway sqlite', { role: 'headway', store: 'sqlite', at: join(mkdtempSync(join(tmpdir(), 'headway-bench-')), 'headway.db'), coordinators: [users[0]!.aadObjectId] }],
    ['headway cosmos', { role: 'headway', store: 'cosmos', endpoint: cosmos.url, at: database, coordinators: [users[0]!.aadObjectId] }],
  ];
  const ours: Record<string, Result[]> = {};
  const botMemory: Record<string, { heapMiB: number; rssMiB: number }> = {};
  for (const [label, spec] of stores) {
    const bot = await startProcess(spec);
    ours[label] = await runScenario(label, bot, connector, users);
    results.push(...ours[label]);
    botMemory[label] = await bot.memory();
    await bot.stop();
  }
  const storm = await answerStorm(cosmos.url);
  const rush = await registrationRush(cosmos.url);
  const erasure = await erasureAtScale(cosmos.url);
  await cosmos.stop();
  await connector.close();

  const fanOuts = [
    await inviteFanOut('ceiling 30/s, service allows 50/s', FANOUT, 30, 50),
    await inviteFanOut('ceiling 60/s, service allows 50/s (429s)', FANOUT, 60, 50),
  ];

  const coachingRuns = [await coachingInvitations(30, 50)];
  const reminders = await actionReminderDay(testStore('sqlite'));
  const findMs: number[] = [];
  const cards = await largestCards(findMs);

  (globalThis as { gc?: () => void }).gc?.(); // live memory, not garbage waiting to be collected (npm run bench passes --expose-gc)
  const memory = process.memoryUsage();
  console.log(`\nHeadway benchmark: ${TURNS} turns per scenario, concurrency ${CONCURRENCY}, node ${process.version}\n`);
  console.log(`${'scenario'.padEnd(34)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'turns/s'.padStart(9)}${'bot CPU ms/turn'.padStart(17)}  errors`);
  for (const r of results) console.log(`${r.name.padEnd(34)}${fmt(r.p50)} ${fmt(r.p95)} ${fmt(r.p99)} ${fmt(r.perSecond)} ${(r.cpuMs ?? NaN).toFixed(2).padStart(16)}   ${r.errors}`);
  console.log('\nours / floor (latency p50 and p95; throughput; the bot process\'s CPU per turn, which holds from machine to machine better than latency):');
  for (const [message, action] of Object.values(ours)) {
    for (const [mine, base] of [[message!, floor[0]!], [action!, floor[1]!]] as const) {
      console.log(`  ${mine.name.padEnd(32)} p50 x${(mine.p50 / base.p50).toFixed(2)}  p95 x${(mine.p95 / base.p95).toFixed(2)}  throughput x${(mine.perSecond / base.perSecond).toFixed(2)}  CPU x${((mine.cpuMs ?? NaN) / (base.cpuMs ?? NaN)).toFixed(2)}`);
    }
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
    `\nanswer storm, 60 people x 10 statements (two themes open, 120 card actions at once) split across two bot processes on one Cosmos protocol store: ${storm.answers} answers stored, ${storm.lost} lost; the themes' cards show ${storm.cardsShow.map((n) => `${n} of 60`).join(' and ')}; p50 ${storm.stormP50.toFixed(0)} ms, p99 ${storm.stormP99.toFixed(0)} ms against the floor's (the same burst to two echo-bot processes) p50 ${storm.floorP50.toFixed(0)} ms, p99 ${storm.floorP99.toFixed(0)} ms (x${(storm.stormP50 / storm.floorP50).toFixed(1)}, x${(storm.stormP99 / storm.floorP99).toFixed(1)}); one person alone: p50 ${storm.aloneP50.toFixed(0)} ms, p99 ${storm.aloneP99.toFixed(0)} ms; all in ${storm.seconds.toFixed(1)} s`,
  );
  console.log(`\ndelete my data in a tenant of ${erasure.documents} documents (300 heads invited, 3,000 older delivery records; Cosmos protocol store): click answered in ${erasure.clickMs.toFixed(0)} ms; the erasure job ran in ${erasure.jobSeconds.toFixed(1)} s; "${erasure.deleted}"; documents still naming her: ${erasure.naming}`);
  console.log(`\nthe daily action-reminder job, ${reminders.actions} actions due in 7 days across ${reminders.teams} teams' reviews (${reminders.recipients} people reminded, each chat opened first; SQLite store; same connector limits): every reminder delivered in ${reminders.seconds.toFixed(1)} s (least the limits allow for opening the chats and sending ${reminders.floorSeconds.toFixed(1)} s, x${(reminders.seconds / Math.max(reminders.floorSeconds, 0.001)).toFixed(2)}); actions reminded twice ${reminders.duplicates}; not reminded ${reminders.losses}; sends on re-run ${reminders.rerunSends}`);
  console.log(`\nlargest cards in a tenant where Headway knows 5,000 people, as Teams measures them (UTF-16; the guard's limit is 80 KB): ${cards.map((c) => `${c.label} ${(c.bytes / 1024).toFixed(1)} KB`).join('; ')}`);
  console.log(`share-out Find in a team of 5,001 (the roster read through the connector's pages of 200): ${findMs.map((ms) => `${ms.toFixed(0)} ms`).join(', ')}`);
  for (const [label, m] of Object.entries(botMemory)) console.log(`\n${label} bot process after its ${TURNS * 2 + WARMUP * 2} turns: heap used ${m.heapMiB.toFixed(0)} MiB, rss ${m.rssMiB.toFixed(0)} MiB (after a collection)`);
  console.log(`benchmark process (client, fake connector, the fan-out and rush bots) after the run: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`);
  if (results.some((r) => r.errors > 0) || [...fanOuts, ...coachingRuns].some((f) => f.duplicates + f.losses + f.rerunSends > 0) || storm.lost > 0 || storm.cardsShow.some((n) => n !== 60) || erasure.naming > 0 || reminders.duplicates + reminders.losses + reminders.rerunSends > 0 || cards.some((c) => c.bytes > 80 * 1024)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
