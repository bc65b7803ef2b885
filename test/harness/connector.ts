import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type CallKind = 'send' | 'reply' | 'update' | 'delete' | 'createConversation' | 'members' | 'member';

export interface ConnectorCall {
  kind: CallKind;
  method: string;
  /** The Authorization header the bot sent, as the service would check it. */
  authorization?: string;
  conversationId?: string;
  activityId?: string;
  body?: Record<string, unknown>;
  /** What the fake answered. */
  status: number;
  /** Set for successful sends and replies: the id the fake gave the new activity. */
  id?: string;
}

export interface Fault {
  status: number;
  retryAfterSeconds?: number;
  /** Only calls for this conversation fail; any conversation when unset. */
  conversationId?: string;
  kinds?: CallKind[];
}

export interface Member {
  id: string;
  aadObjectId: string;
  name: string;
  userPrincipalName?: string;
  email?: string;
}

/**
 * A stand-in for the Bot Connector service at the activities' serviceUrl: it records every call
 * the bot makes (send, reply, update, delete, create conversation, members) and answers like
 * the real service, including 429 with Retry-After, 5xx and 403 when told to.
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly faults: (Fault & { remaining: number })[] = [];
  private readonly members = new Map<string, Member[]>();
  private held: { arrived: () => void; released: Promise<void>; only?: Partial<Pick<ConnectorCall, 'kind' | 'conversationId' | 'activityId'>>; once: boolean; taken: boolean } | undefined;
  private limits: { perConversation: { limit: number; windowMs: number }[]; perSecond: number } | undefined;
  private readonly sentAt = new Map<string, number[]>();
  /** Sends the fake refused with 429 because a limit was exceeded. */
  throttled = 0;
  private server: Server | undefined;
  private nextId = 1;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` matching calls fail with `fault.status`. */
  failNext(times: number, fault: Fault): void {
    this.faults.push({ ...fault, remaining: times });
  }

  /**
   * Holds every answer until `release()`, like a slow service: turns stay in flight meanwhile.
   * `arrived` resolves when the first held call comes in. No timers: the test decides when.
   * With `only`, just the calls that match it are held (one card's updates, say); with `once`,
   * only the first of them (the rest go through while it waits).
   */
  hold(only?: Partial<Pick<ConnectorCall, 'kind' | 'conversationId' | 'activityId'>>, options: { once?: boolean } = {}): { arrived: Promise<void>; release: () => void } {
    let arrived!: () => void;
    let release!: () => void;
    const came = new Promise<void>((resolve) => (arrived = resolve));
    this.held = { arrived: () => arrived(), released: new Promise<void>((resolve) => (release = resolve)), ...(only ? { only } : {}), once: options.once ?? false, taken: false };
    return { arrived: came, release: () => { this.held = undefined; release(); } };
  }

  /**
   * Enforces rate limits like the service: per conversation (Teams: 7 per second, 60 per 30
   * seconds) and overall (one tenant: `perSecond`); a send over a limit gets 429 with Retry-After.
   */
  enforceLimits(limits: { perConversation: { limit: number; windowMs: number }[]; perSecond: number }): void {
    this.limits = limits;
  }

  setMembers(conversationId: string, members: Member[]): void {
    this.members.set(conversationId, members);
  }

  /** Successful sends and replies (new messages), optionally for one conversation. */
  delivered(conversationId?: string): ConnectorCall[] {
    return this.calls.filter(
      (c) => (c.kind === 'send' || c.kind === 'reply') && c.status < 300 && (!conversationId || c.conversationId === conversationId),
    );
  }

  reset(): void {
    this.calls.length = 0;
    this.faults.length = 0;
  }

  private overLimit(conversationId: string): boolean {
    const now = Date.now();
    const check = (key: string, rules: { limit: number; windowMs: number }[]): boolean => {
      const longest = Math.max(...rules.map((r) => r.windowMs));
      const stamps = (this.sentAt.get(key) ?? []).filter((t) => t > now - longest);
      this.sentAt.set(key, stamps);
      return rules.some((r) => stamps.filter((t) => t > now - r.windowMs).length >= r.limit);
    };
    if (check(`conversation:${conversationId}`, this.limits!.perConversation) || check('tenant', [{ limit: this.limits!.perSecond, windowMs: 1000 }])) return true;
    this.sentAt.get(`conversation:${conversationId}`)!.push(now);
    this.sentAt.get('tenant')!.push(now);
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readJson(req);
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    // v3 / conversations / {id} / activities / {activityId}
    const [, , conversationId, resource, activityId] = parts;
    const kind = classify(req.method ?? 'GET', parts.length, resource, activityId);
    const held = this.held;
    if (held && !(held.once && held.taken) && (!held.only || (Object.entries(held.only) as [keyof ConnectorCall, string][]).every(([k, v]) => ({ kind, conversationId, activityId })[k as 'kind'] === v))) {
      held.taken = true;
      held.arrived();
      await held.released;
    }
    if (!kind) return answer(res, 404, { error: { code: 'NotFound', message: `No route ${req.method} ${url.pathname}` } });

    const call: ConnectorCall = { kind, method: req.method ?? 'GET', status: 200, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), ...(conversationId ? { conversationId } : {}), ...(activityId ? { activityId } : {}), ...(body ? { body } : {}) };
    this.calls.push(call);

    if (this.limits && (kind === 'send' || kind === 'reply') && this.overLimit(conversationId!)) {
      this.throttled++;
      call.status = 429;
      return answer(res, 429, { error: { code: 'Throttled', message: 'Too many requests' } }, { 'Retry-After': '1' });
    }

    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.conversationId || f.conversationId === conversationId) && (!f.kinds || f.kinds.includes(kind)),
    );
    if (fault) {
      fault.remaining--;
      call.status = fault.status;
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      const code = fault.status === 429 ? 'Throttled' : fault.status === 403 ? 'BotNotInConversationRoster' : 'ServiceError';
      return answer(res, fault.status, { error: { code, message: `Fake connector answered ${fault.status}` } }, headers);
    }

    switch (kind) {
      case 'send':
      case 'reply': {
        call.id = `activity-${this.nextId++}`;
        return answer(res, 201, { id: call.id });
      }
      case 'update':
        return answer(res, 200, { id: activityId });
      case 'delete':
        return answer(res, 200, {});
      case 'createConversation': {
        const member = ((body?.members as { id?: string }[] | undefined) ?? [])[0];
        return answer(res, 201, { id: `a:personal-${member?.id ?? this.nextId++}` });
      }
      case 'members': {
        const all = this.members.get(conversationId!) ?? [];
        if (!url.pathname.endsWith('pagedmembers')) return answer(res, 200, all);
        // As the service pages it: pageSize up to 500 (200 when not given), an opaque continuation token.
        const size = Math.min(500, Number(url.searchParams.get('pageSize') ?? 200) || 200);
        const from = Number(Buffer.from(url.searchParams.get('continuationToken') ?? '', 'base64url').toString() || 0);
        const next = from + size;
        return answer(res, 200, { members: all.slice(from, next), ...(next < all.length ? { continuationToken: Buffer.from(String(next)).toString('base64url') } : {}) });
      }
      case 'member': {
        const found = (this.members.get(conversationId!) ?? []).find((m) => m.id === activityId || m.aadObjectId === activityId);
        return found ? answer(res, 200, found) : answer(res, 404, { error: { code: 'MemberNotFoundInConversation' } });
      }
    }
  }
}

function classify(method: string, depth: number, resource: string | undefined, activityId: string | undefined): CallKind | undefined {
  if (depth === 2 && method === 'POST') return 'createConversation';
  if (resource === 'activities') {
    if (method === 'POST') return activityId ? 'reply' : 'send';
    if (method === 'PUT') return 'update';
    if (method === 'DELETE') return 'delete';
  }
  if ((resource === 'members' || resource === 'pagedmembers') && method === 'GET') return activityId ? 'member' : 'members';
  return undefined;
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
