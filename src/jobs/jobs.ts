import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { Collection, type Doc } from '../store/collection.js';
import { AlreadyExistsError, ConcurrencyError, type DocumentStore, type Versioned } from '../store/port.js';

/**
 * Durable timed jobs (reminders, deadlines). A job is a document; a poller claims due jobs with
 * an ETag-guarded lease, so when several instances share a store exactly one runs each job.
 * A crashed runner's lease expires and the job is picked up again.
 */
export const JobDoc = z.object({
  kind: z.string(),
  /** The tenant the job acts for; the job documents themselves live in the system partition. */
  jobTenantId: z.string(),
  payload: z.record(z.unknown()),
  runAt: z.string(),
  status: z.enum(['pending', 'running', 'done', 'failed', 'cancelled']),
  attempts: z.number().int(),
  leaseUntil: z.string().optional(),
  owner: z.string().optional(),
  lastError: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type JobDoc = z.infer<typeof JobDoc>;
type StoredJob = Versioned<Doc<JobDoc>>;

export interface JobContext<P> {
  id: string;
  tenantId: string;
  payload: P;
  attempt: number;
  /**
   * Long jobs call this between steps (a fan-out after each batch): it renews the lease when a
   * third of it has gone, so no other instance takes the job over while it runs, and throws
   * LeaseLostError when another instance already has (this one must stop: it would repeat work).
   */
  heartbeat(): Promise<void>;
}

/** Another instance took over a job whose lease ran out: the runner that lost it stops. */
export class LeaseLostError extends Error {}

interface Registered {
  schema: z.ZodTypeAny;
  handler: (job: JobContext<unknown>) => Promise<void>;
  forgetPayload: boolean;
}

export interface JobKindOptions {
  /** The payload names a person whose data the job deletes: once done, the job keeps an empty payload. */
  forgetPayload?: boolean;
}

export interface JobsOptions {
  instanceId?: string;
  leaseMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  batch?: number;
}

const SYSTEM = { tenantId: '_system', partition: 'jobs' };

export class Jobs {
  private readonly docs: Collection<typeof JobDoc>;
  private readonly handlers = new Map<string, Registered>();
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly batch: number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private pollAgain = false;

  constructor(
    store: DocumentStore,
    private readonly clock: Clock,
    private readonly log: Logger,
    options: JobsOptions = {},
  ) {
    this.docs = new Collection(store, clock, 'job', JobDoc);
    this.instanceId = options.instanceId ?? randomUUID();
    this.leaseMs = options.leaseMs ?? 60_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 30_000;
    this.batch = options.batch ?? 25;
  }

  register<S extends z.ZodTypeAny>(kind: string, schema: S, handler: (job: JobContext<z.infer<S>>) => Promise<void>, options: JobKindOptions = {}): void {
    this.handlers.set(kind, { schema, handler: handler as Registered['handler'], forgetPayload: options.forgetPayload ?? false });
  }

  /**
   * Schedules `kind` to run at `runAt` for `tenantId`. With an `id`, scheduling again is a no-op,
   * so a use case can schedule its reminder every time it runs.
   */
  async schedule(tenantId: string, runAt: Date, kind: string, payload: Record<string, unknown>, id: string = randomUUID()): Promise<string> {
    try {
      await this.docs.create(SYSTEM, id, { kind, jobTenantId: tenantId, payload, runAt: runAt.toISOString(), status: 'pending', attempts: 0 });
    } catch (error) {
      if (!(error instanceof AlreadyExistsError)) throw error;
    }
    return id;
  }

  async cancel(id: string): Promise<boolean> {
    const updated = await this.docs.update(SYSTEM, id, (current) =>
      current && current.status === 'pending' ? { ...current, status: 'cancelled' } : undefined,
    );
    return updated?.doc.status === 'cancelled';
  }

  async get(id: string): Promise<JobDoc | undefined> {
    return (await this.docs.get(SYSTEM, id))?.doc;
  }

  /** Deletes jobs that finished (done, failed or cancelled) before `before`. Answers how many. */
  async purgeFinished(before: Date): Promise<number> {
    return this.docs.removeAll(async () =>
      (
        await this.docs.query(SYSTEM, {
          where: [{ field: 'status', op: 'in', value: ['done', 'failed', 'cancelled'] }, { field: 'updatedAt', op: '<', value: before.toISOString() }],
          limit: 100,
        })
      ).items,
    );
  }

  /** One poll: claims and runs every due job it can. Returns how many it ran. */
  async runDue(): Promise<number> {
    const now = this.clock.now().toISOString();
    const [due, abandoned] = await Promise.all([
      this.docs.query(SYSTEM, {
        where: [{ field: 'status', op: '=', value: 'pending' }, { field: 'runAt', op: '<=', value: now }],
        orderBy: [{ field: 'runAt' }],
        limit: this.batch,
      }),
      this.docs.query(SYSTEM, {
        where: [{ field: 'status', op: '=', value: 'running' }, { field: 'leaseUntil', op: '<', value: now }],
        limit: this.batch,
      }),
    ]);
    let ran = 0;
    for (const candidate of [...due.items, ...abandoned.items]) {
      const claimed = await this.claim(candidate);
      if (claimed) {
        await this.execute(claimed);
        ran++;
      }
    }
    return ran;
  }

  /** Polls every `intervalMs` until stop(). */
  start(intervalMs = 5000): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), intervalMs);
    this.timer.unref();
  }

  /** Polls now rather than at the next tick (a job was just scheduled to run at once); only while polling. */
  nudge(): void {
    if (this.timer) this.poll();
  }

  private poll(): void {
    if (this.running) {
      // A job scheduled while a poll runs (a reminder enqueuing its fan-out) is run straight after it.
      this.pollAgain = true;
      return;
    }
    this.pollAgain = false;
    this.running = this.runDue()
      .catch((error: unknown) => {
        this.log.error({ err: error }, 'job poll failed');
        return 0;
      })
      .finally(() => {
        this.running = undefined;
        if (this.pollAgain && this.timer) this.poll();
      });
  }

  /** Stops polling and waits for the jobs in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private async claim(candidate: StoredJob): Promise<StoredJob | undefined> {
    const leaseUntil = new Date(this.clock.now().getTime() + this.leaseMs).toISOString();
    try {
      return await this.docs.replace(candidate, {
        ...candidate.doc,
        status: 'running',
        owner: this.instanceId,
        leaseUntil,
        attempts: candidate.doc.attempts + 1,
      });
    } catch (error) {
      if (error instanceof ConcurrencyError) return undefined; // another instance took it
      throw error;
    }
  }

  /** Renews `held`'s lease once a third of it has passed (see JobContext.heartbeat). */
  private async renew(held: { current: StoredJob }): Promise<void> {
    const now = this.clock.now().getTime();
    const until = new Date(held.current.doc.leaseUntil ?? 0).getTime();
    if (until - now > (this.leaseMs * 2) / 3) return;
    try {
      held.current = await this.docs.replace(held.current, { ...held.current.doc, leaseUntil: new Date(now + this.leaseMs).toISOString() });
    } catch (error) {
      if (error instanceof ConcurrencyError) throw new LeaseLostError(`job ${held.current.doc.id} was taken over`);
      throw error;
    }
  }

  private async execute(claimed: StoredJob): Promise<void> {
    const held = { current: claimed };
    const job = claimed.doc;
    const fields = { jobId: job.id, kind: job.kind, tenantId: job.jobTenantId, attempt: job.attempts };
    const registered = this.handlers.get(job.kind);
    const payload = registered?.schema.safeParse(job.payload);
    let failure: string | undefined;
    let permanent = false;
    if (!registered || !payload?.success) {
      failure = registered ? 'invalid payload' : `no handler for ${job.kind}`;
      permanent = true;
    } else {
      try {
        await registered.handler({ id: job.id, tenantId: job.jobTenantId, payload: payload.data, attempt: job.attempts, heartbeat: () => this.renew(held) });
      } catch (error) {
        if (error instanceof LeaseLostError) {
          this.log.warn(fields, 'job lease was taken over while it ran: stopping here');
          return;
        }
        failure = error instanceof Error ? error.message : String(error);
      }
    }
    const now = this.clock.now();
    const { leaseUntil: _lease, owner: _owner, lastError: _error, ...rest } = job;
    let next: JobDoc;
    if (failure === undefined) {
      next = { ...rest, ...(registered?.forgetPayload ? { payload: {} } : {}), status: 'done', finishedAt: now.toISOString() };
    } else if (permanent || job.attempts >= this.maxAttempts) {
      this.log.error({ ...fields, failure }, 'job failed for good');
      next = { ...rest, status: 'failed', lastError: failure, finishedAt: now.toISOString() };
    } else {
      const delay = this.baseDelayMs * 2 ** (job.attempts - 1) * (0.5 + Math.random() / 2);
      this.log.warn({ ...fields, failure, delay }, 'job failed; will retry');
      next = { ...rest, status: 'pending', lastError: failure, runAt: new Date(now.getTime() + delay).toISOString() };
    }
    try {
      await this.docs.replace(held.current, next);
    } catch (error) {
      if (!(error instanceof ConcurrencyError)) throw error;
      this.log.warn(fields, 'job lease was lost before it finished');
    }
  }
}
