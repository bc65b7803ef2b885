import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Jobs } from '../jobs/jobs.js';
import type { Logger } from '../log.js';
import type { Collection } from '../store/collection.js';
import type { Actor, FanOutResult, Member, Outreach, Reply } from './ports.js';

export function emptyResult(): FanOutResult {
  return { sent: 0, skipped: 0, failed: 0, gone: 0, noConversation: 0, unreached: [] };
}

/** Adds `more` into `total`. */
export function mergeResults(total: FanOutResult, more: FanOutResult): FanOutResult {
  return {
    sent: total.sent + more.sent,
    skipped: total.skipped + more.skipped,
    failed: total.failed + more.failed,
    gone: total.gone + more.gone,
    noConversation: total.noConversation + more.noConversation,
    unreached: [...total.unreached, ...more.unreached],
  };
}

const ReplySchema = z.union([z.object({ card: z.string(), data: z.record(z.unknown()) }), z.object({ text: z.string() })]);
const MemberSchema = z.object({ userId: z.string(), teamsId: z.string().optional(), name: z.string() });

/** One message to some people, once each under its delivery key. */
const Mailing = z.object({ key: z.string(), reply: ReplySchema, people: z.array(MemberSchema) });
export type Mailing = z.infer<typeof Mailing>;

const Payload = z.object({
  mailings: z.array(Mailing),
  /** What is being sent, for the progress card: "invitations to Cohort 3". */
  what: z.string(),
  /** The card the coordinator clicked, updated as the sending goes. */
  card: z.object({ conversationId: z.string(), activityId: z.string() }).optional(),
  next: z.object({ to: z.enum(['hosting.campaign', 'coaching.groups', 'coaching.sessions']), id: z.string(), groupId: z.string().optional() }).optional(),
  /** Shown on the progress card throughout: what the person must do themselves (e-mail those not in Teams, say). */
  note: z.string().optional(),
  /** A typed command has no card to update: the report is posted here when the sending ends. */
  reportTo: z.string().optional(),
  /** When the click came (see SETTLE_MS). */
  startedAt: z.string().optional(),
});

/** The card again, once the click's own answer has surely landed: the job it schedules. */
const SettlePayload = z.object({ progressId: z.string(), card: z.object({ conversationId: z.string(), activityId: z.string() }), next: Payload.shape.next, note: z.string().optional() });

/**
 * How long after the click its own answer may still reach the card. Teams shows the progress card
 * the click answered with when that answer arrives, and the job's first updates can get there
 * before it (the click nudges the job at once), leaving "0 done" over a finished report. So a
 * fan-out that ends sooner than this after the click sends its final card once more, this long
 * after the click: whichever came first, the card ends on the report.
 */
export const SETTLE_MS = 5_000;

/**
 * The button a progress card offers: where the person goes next. A fixed list (the card names
 * each verb, so the verb registry's checks still see them): back to a hosting campaign, to the
 * coaching groups, or to a group's sessions.
 */
export type NextStep = NonNullable<Payload['next']>;
type Payload = z.infer<typeof Payload>;

/** How far a fan-out has got. Id `fanout:<job id>`, partition `fanouts`; written only by the job that runs it. */
export const FanOutProgress = z.object({
  what: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  sent: z.number().int(),
  skipped: z.number().int(),
  unreached: z.array(z.object({ userId: z.string(), name: z.string(), outcome: z.enum(['gone', 'no-conversation', 'failed']) })),
  finished: z.boolean(),
  /** The clicked card it reports on, and when the click came: the latest sending on a card owns it. */
  cardActivityId: z.string().optional(),
  startedAt: z.string().optional(),
});
export type FanOutProgress = z.infer<typeof FanOutProgress>;

export interface FanOutCards {
  /** The clicked card while sending and at the end: counts, and who could not be reached and why. */
  progress(progress: FanOutProgress, next?: NextStep, note?: string): Reply;
}

/** People sent to between progress writes, lease renewals and card updates. */
const BATCH = 25;
const PARTITION = 'fanouts';

/**
 * Sending one message to many people as a durable job, never inside a click.
 *
 * @remarks
 * Teams expects an invoke answered within a few seconds and may send a slow click again; 500
 * invitations take about 17 s at the tenant's send rate. So the click answers at once with a
 * progress card ("Sending to 500 people…") and a job does the sending in batches: after each it
 * writes how far it got, renews its lease and updates the card. A restart resumes from the last
 * batch written, and the messenger's delivery records keep anyone from getting it twice. The
 * same click sent again finds the same job (its id is the key, the people and the card).
 */
export class FanOuts {
  constructor(
    private readonly deps: { jobs: Jobs; outreach: Outreach; progress: Collection<typeof FanOutProgress>; clock: Clock; log: Logger },
    private readonly cards: FanOutCards,
  ) {
    deps.jobs.register('fanout.send', Payload, async (job) => this.run(job.id, job.tenantId, job.payload, () => job.heartbeat()));
    deps.jobs.register('fanout.settle', SettlePayload, async ({ tenantId, payload }) => {
      // Only the latest sending from a card settles it: an older one's report must not come back over a newer one's.
      const latest = await deps.progress.first(this.scope(tenantId), { where: [{ field: 'cardActivityId', op: '=', value: payload.card.activityId }], orderBy: [{ field: 'startedAt', direction: 'desc' }] });
      if (latest?.id === payload.progressId) await this.updateCard(tenantId, payload.progressId, payload.card, latest, payload.next, payload.note);
    });
  }

  /**
   * Starts sending `reply` to `people` once each under `key`; answers the card to show at once.
   * `sendId` comes from the card's Send button (a fresh one each time the card is shown): Teams
   * sending the same click again starts nothing new, a person sending again on purpose does.
   */
  async start(actor: Actor, people: Member[], reply: Reply, key: string, what: string, sendId: string, next?: NextStep): Promise<Reply> {
    return this.startEach(actor, [{ key, reply, people }], what, sendId, next);
  }

  /** As `start`, with a different message (and delivery key) for each group of people: each group's own card, say. */
  async startEach(actor: Actor, mailings: { key: string; reply: Reply; people: Member[] }[], what: string, sendId: string, next?: NextStep, note?: string): Promise<Reply> {
    const clean = this.clean(mailings);
    const total = clean.reduce((n, m) => n + m.people.length, 0);
    const card = actor.cardActivityId ? { conversationId: actor.conversationId, activityId: actor.cardActivityId } : undefined;
    const identity = clean.map((m) => [m.key, m.people.map((p) => p.userId).sort()]);
    const id = `fanout:${createHash('sha256').update(JSON.stringify([identity, sendId || card?.activityId || ''])).digest('hex').slice(0, 32)}`;
    const payload: Payload = { mailings: clean, what, ...(card ? { card } : { reportTo: actor.conversationId }), ...(next ? { next } : {}), ...(note ? { note } : {}), startedAt: this.deps.clock.now().toISOString() };
    await this.deps.jobs.schedule(actor.tenantId, this.deps.clock.now(), 'fanout.send', payload, id);
    this.deps.jobs.nudge();
    const progress = (await this.deps.progress.get(this.scope(actor.tenantId), id))?.doc;
    return this.cards.progress(progress ?? { what, total, done: 0, sent: 0, skipped: 0, unreached: [], finished: total === 0 }, next, note);
  }

  /**
   * A fan-out that no click started (a scheduled reminder): the same durable job, with no card to
   * update and no report. `id` names it, so the job that enqueues it may run again safely.
   */
  async enqueue(tenantId: string, mailings: { key: string; reply: Reply; people: Member[] }[], what: string, id: string): Promise<void> {
    const payload: Payload = { mailings: this.clean(mailings), what };
    await this.deps.jobs.schedule(tenantId, this.deps.clock.now(), 'fanout.send', payload, `fanout:${id}`);
    this.deps.jobs.nudge();
  }

  /** Each mailing's people once each, with only what a send needs. */
  private clean(mailings: { key: string; reply: Reply; people: Member[] }[]): Mailing[] {
    // Someone with no id (a host whose head deleted their data) has nobody to send to.
    const reachable = (people: Member[]) => people.filter((p) => p.userId !== '');
    return mailings.map((m) => ({ key: m.key, reply: m.reply, people: [...new Map(reachable(m.people).map((p) => [p.userId, { userId: p.userId, name: p.name, ...(p.teamsId ? { teamsId: p.teamsId } : {}) }])).values()] }));
  }

  private scope(tenantId: string) {
    return { tenantId, partition: PARTITION };
  }

  private async run(jobId: string, tenantId: string, payload: Payload, heartbeat: () => Promise<void>): Promise<void> {
    const scope = this.scope(tenantId);
    const found = await this.deps.progress.get(scope, jobId);
    // Every (mailing, person) in order: `done` counts through this list, so a restart resumes.
    const all = payload.mailings.flatMap((m, mailing) => m.people.map((person) => ({ mailing, person })));
    const owner = payload.card && payload.startedAt ? { cardActivityId: payload.card.activityId, startedAt: payload.startedAt } : {};
    let stored = found ?? (await this.deps.progress.create(scope, jobId, { what: payload.what, total: all.length, done: 0, sent: 0, skipped: 0, unreached: [], finished: all.length === 0, ...owner }));
    const names = new Map(all.map(({ person }) => [person.userId, person.name]));
    while (!stored.doc.finished) {
      const progress = stored.doc;
      const batch = all.slice(progress.done, progress.done + BATCH);
      // The batch's mailings go at once (many mailings of one person each, such as action
      // reminders, would otherwise wait on each other); the messenger paces them to Teams' limits.
      const results = await Promise.all(
        [...new Set(batch.map((b) => b.mailing))].map((mailing) => {
          const { key, reply } = payload.mailings[mailing]!;
          const people = batch.filter((b) => b.mailing === mailing).map((b) => b.person);
          return this.deps.outreach.fanOut(tenantId, people, () => reply, key);
        }),
      );
      const result = results.reduce(mergeResults, emptyResult());
      await heartbeat();
      const done = progress.done + batch.length;
      stored = await this.deps.progress.replace(stored, {
        ...progress,
        done,
        sent: progress.sent + result.sent,
        skipped: progress.skipped + result.skipped,
        unreached: [...progress.unreached, ...result.unreached.map((u) => ({ ...u, name: names.get(u.userId) ?? 'Someone' }))],
        finished: done >= all.length,
      });
      if (payload.card) await this.updateCard(tenantId, jobId, payload.card, stored.doc, payload.next, payload.note);
    }
    if (payload.card && payload.startedAt) {
      const settleAt = new Date(Date.parse(payload.startedAt) + SETTLE_MS);
      if (settleAt > this.deps.clock.now()) {
        await this.deps.jobs.schedule(tenantId, settleAt, 'fanout.settle', { progressId: jobId, card: payload.card, ...(payload.next ? { next: payload.next } : {}), ...(payload.note ? { note: payload.note } : {}) }, `settle:${jobId}`);
      }
    }
    if (payload.reportTo) await this.deps.outreach.post(tenantId, payload.reportTo, this.cards.progress(stored.doc, payload.next, payload.note), `fanout.report:${jobId}`);
  }

  private async updateCard(tenantId: string, jobId: string, card: { conversationId: string; activityId: string }, progress: FanOutProgress, next?: NextStep, note?: string): Promise<void> {
    const outcome = await this.deps.outreach.update(tenantId, card.conversationId, card.activityId, this.cards.progress(progress, next, note));
    if (outcome !== 'sent') this.deps.log.warn({ jobId, outcome }, 'fan-out: could not update the progress card');
  }
}

/** "Sent to 480. 12 already had it. 8 could not be reached: …", the words of every progress card. */
export function progressLines(progress: FanOutProgress): { headline: string; detail: string; unreached: string[] } {
  const left = progress.total - progress.done;
  const headline = progress.finished
    ? `Finished sending ${progress.what}.`
    : `Sending ${progress.what} to ${progress.total} ${progress.total === 1 ? 'person' : 'people'}… ${progress.done} done, ${left} to go.`;
  const parts = [`Sent to ${progress.sent}.`];
  if (progress.skipped > 0) parts.push(`${progress.skipped} already had it.`);
  if (progress.unreached.length > 0) parts.push(`${progress.unreached.length} could not be reached:`);
  return { headline, detail: parts.join(' '), unreached: progress.unreached.map((u) => `${u.name}: ${UNREACHED_WHY[u.outcome]}.`) };
}

const UNREACHED_WHY = { gone: 'Headway was removed from their Teams', 'no-conversation': 'Headway cannot open a chat with them (they have not installed it, or are not in a team where it is)', failed: 'Teams kept refusing the message; send again to retry' } as const;

/**
 * The same words for a sending done inside a click (a handful of people, say a changed session's
 * members): "Sent to 3. 1 could not be reached: Ben Taylor: Headway cannot open a chat with them …".
 */
export function sentLine(result: FanOutResult, nameOf: (userId: string) => string): string {
  const parts = [`Sent to ${result.sent}.`];
  if (result.skipped > 0) parts.push(`${result.skipped} already had it.`);
  if (result.unreached.length > 0) parts.push(`${result.unreached.length} could not be reached: ${result.unreached.map((u) => `${nameOf(u.userId)}: ${UNREACHED_WHY[u.outcome]}`).join('; ')}.`);
  return parts.join(' ');
}
