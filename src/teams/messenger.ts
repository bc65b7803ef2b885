import type { Activity } from 'botbuilder';
import { CardFactory, MessageFactory } from 'botbuilder';
import type { Clock } from '../clock.js';
import type { DeliveryOutcome, FanOutResult, Reply } from '../features/ports.js';
import type { Logger } from '../log.js';
import type { ConversationRefs, Reference } from '../store/conversations.js';
import type { Deliveries } from '../store/deliveries.js';
import { render } from './cards.js';
import { SlidingWindowLimiter } from './limiter.js';

/** Sends or updates one activity in a stored conversation; the SDK-backed one is in app.ts. */
export interface Transport {
  send(reference: Reference, activity: Partial<Activity>): Promise<{ id?: string }>;
  update(reference: Reference, activityId: string, activity: Partial<Activity>): Promise<void>;
}

type Attempted<T> = { ok: true; value: T; attempts: number } | { ok: false; outcome: 'gone' | 'failed'; attempts: number; lastError: string };

export interface MessengerOptions {
  /** Per-tenant ceiling in messages per second (Teams allows roughly 30-50). */
  tenantPerSecond: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How many recipients a fan-out sends to at once. */
  concurrency?: number;
}

export type Outcome = DeliveryOutcome;

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const LEASE_MS = 5 * 60_000;

export function toActivity(reply: Reply): Partial<Activity> {
  return 'card' in reply
    ? MessageFactory.attachment(CardFactory.adaptiveCard(render(reply.card, reply.data)))
    : MessageFactory.text(reply.text);
}

/**
 * Proactive sends at Teams' documented limits (7 per second and 60 per 30 seconds per
 * conversation; a per-tenant ceiling), with exponential backoff and jitter on 429/412/5xx that
 * honours Retry-After. A 403 means the bot was removed: the reference is marked inactive and
 * nothing more is sent there. Each delivery is recorded, so a re-run never sends twice.
 */
export class Messenger {
  private readonly perConversation: SlidingWindowLimiter;
  private readonly perTenant: SlidingWindowLimiter;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly concurrency: number;

  constructor(
    private readonly transport: Transport,
    private readonly refs: ConversationRefs,
    private readonly deliveries: Deliveries,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: MessengerOptions,
  ) {
    this.perConversation = new SlidingWindowLimiter(clock, [
      { limit: 7, windowMs: 1000 },
      { limit: 60, windowMs: 30_000 },
    ]);
    this.perTenant = new SlidingWindowLimiter(clock, [{ limit: Math.max(1, Math.floor(options.tenantPerSecond)), windowMs: 1000 }]);
    this.maxAttempts = options.maxAttempts ?? 6;
    this.baseDelayMs = options.baseDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.concurrency = options.concurrency ?? 8;
  }

  /** Sends `reply` once to a conversation, under the delivery key `key`. */
  async deliver(tenantId: string, conversationId: string, reply: Reply, key: string): Promise<Outcome> {
    const conversation = await this.refs.get(tenantId, conversationId);
    if (!conversation || !conversation.active) return 'no-conversation';
    return this.deliverTo(tenantId, conversationId, conversation.reference, reply, key);
  }

  /** Sends `reply` once to a person's personal chat with the bot. */
  async deliverToUser(tenantId: string, userId: string, reply: Reply, key: string): Promise<Outcome> {
    const conversation = await this.refs.personal(tenantId, userId);
    if (!conversation || !conversation.active) return 'no-conversation';
    return this.deliverTo(tenantId, userId, conversation.reference, reply, key);
  }

  /** Sends to many people's personal chats; safe to run again after a crash or with more people. */
  async fanOutToUsers(tenantId: string, userIds: string[], reply: (userId: string) => Reply, key: string): Promise<FanOutResult> {
    const result: FanOutResult = { sent: 0, skipped: 0, failed: 0, gone: 0, noConversation: 0, unreached: [] };
    const queue = [...new Set(userIds)];
    const worker = async (): Promise<void> => {
      for (let userId = queue.shift(); userId !== undefined; userId = queue.shift()) {
        const outcome = await this.deliverToUser(tenantId, userId, reply(userId), key);
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'duplicate' || outcome === 'in-flight') result.skipped++;
        else if (outcome === 'gone') result.gone++;
        else if (outcome === 'no-conversation') result.noConversation++;
        else result.failed++;
        if (outcome === 'gone' || outcome === 'no-conversation' || outcome === 'failed') result.unreached.push({ userId, outcome });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, worker));
    this.perConversation.prune();
    return result;
  }

  private async deliverTo(tenantId: string, recipient: string, reference: Reference, reply: Reply, key: string): Promise<Outcome> {
    const claim = await this.deliveries.claim(tenantId, key, recipient, this.clock.now(), LEASE_MS);
    if (claim.kind === 'skip') return claim.status === 'in-flight' ? 'in-flight' : 'duplicate';
    const activity = toActivity(reply);
    const result = await this.withRetries(tenantId, reference, key, () => this.transport.send(reference, activity));
    if (result.ok) {
      await this.deliveries.finish(claim.claim, { status: 'sent', attempts: result.attempts, ...(result.value.id ? { activityId: result.value.id } : {}) });
      return 'sent';
    }
    await this.deliveries.finish(claim.claim, { status: result.outcome, attempts: result.attempts, lastError: result.lastError });
    return result.outcome;
  }

  /**
   * Posts `reply` once to a conversation (a channel, say) and answers with the activity's id, the
   * first time and on every repeat with the same key, so the caller can update it later.
   */
  async post(tenantId: string, conversationId: string, reply: Reply, key: string): Promise<{ outcome: Outcome; activityId?: string }> {
    const outcome = await this.deliver(tenantId, conversationId, reply, key);
    const record = await this.deliveries.get(tenantId, key, conversationId);
    return record?.activityId ? { outcome, activityId: record.activityId } : { outcome };
  }

  /** Replaces a message the bot sent (e.g. a shared card's live count), at the same limits and retries. */
  async update(tenantId: string, conversationId: string, activityId: string, reply: Reply): Promise<Outcome> {
    const conversation = await this.refs.get(tenantId, conversationId);
    if (!conversation || !conversation.active) return 'no-conversation';
    const activity = toActivity(reply);
    const result = await this.withRetries(tenantId, conversation.reference, `update:${activityId}`, () => this.transport.update(conversation.reference, activityId, activity));
    return result.ok ? 'sent' : result.outcome;
  }

  /** One call through the limiters, retried on throttling and transient failures; 403/404 ends the conversation. */
  private async withRetries<T>(tenantId: string, reference: Reference, key: string, call: () => Promise<T>): Promise<Attempted<T>> {
    const conversationId = reference.conversation.id;
    const logFields = { tenantId, conversationId, key };
    for (let attempt = 1; ; attempt++) {
      await this.perConversation.acquire(conversationId);
      await this.perTenant.acquire(tenantId);
      try {
        return { ok: true, value: await call(), attempts: attempt };
      } catch (error) {
        const status = statusOf(error);
        if (status === 403 || status === 404) {
          this.log.warn({ ...logFields, status }, 'conversation refused the bot; marking it inactive');
          await this.refs.markInactive(tenantId, conversationId, status === 403 ? 'forbidden' : 'not-found');
          return { ok: false, outcome: 'gone', attempts: attempt, lastError: `HTTP ${status}` };
        }
        const retryable = status === undefined ? isNetworkError(error) : RETRYABLE.has(status);
        if (!retryable || attempt >= this.maxAttempts) {
          this.log.error({ ...logFields, status, attempt }, 'proactive call failed');
          return { ok: false, outcome: 'failed', attempts: attempt, lastError: status ? `HTTP ${status}` : 'network' };
        }
        const delay = this.backoff(attempt, retryAfterMs(error));
        this.log.info({ ...logFields, status, attempt, delay }, 'proactive call throttled; retrying');
        await this.clock.sleep(delay);
      }
    }
  }

  /**
   * A connector call for a tenant that is not a send (opening a personal chat), within the
   * tenant's rate and with the same retries: 'refused' when Teams says no (403/404), 'failed'
   * when it keeps failing. One person's refusal never stops the others.
   */
  async tenantCall(tenantId: string, call: () => Promise<void>): Promise<'ok' | 'refused' | 'failed'> {
    for (let attempt = 1; ; attempt++) {
      await this.perTenant.acquire(tenantId);
      try {
        await call();
        return 'ok';
      } catch (error) {
        const status = statusOf(error);
        if (status === 403 || status === 404) return 'refused';
        const retryable = status === undefined ? isNetworkError(error) : RETRYABLE.has(status);
        if (!retryable || attempt >= this.maxAttempts) {
          this.log.error({ tenantId, status, attempt }, 'connector call failed');
          return 'failed';
        }
        await this.clock.sleep(this.backoff(attempt, retryAfterMs(error)));
      }
    }
  }

  /** Exponential backoff with full jitter, never sooner than the service's Retry-After. */
  private backoff(attempt: number, retryAfter: number | undefined): number {
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (attempt - 1));
    const jittered = exponential / 2 + Math.random() * (exponential / 2);
    return Math.max(jittered, retryAfter ?? 0);
  }
}

/** The HTTP status of a failed connector call, across the shapes botframework-connector throws. */
export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const candidate of [e.statusCode, e.status, e.response?.status]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

export function retryAfterMs(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | undefined)?.response?.headers;
  let value: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === 'function') value = (headers as { get(name: string): unknown }).get('retry-after');
  else if (headers && typeof headers === 'object') value = (headers as Record<string, unknown>)['retry-after'];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(String(value));
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'].includes(code);
}

