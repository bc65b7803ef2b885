import { randomUUID } from 'node:crypto';
import type { FakeConnector } from './connector.js';

export interface User {
  key: string;
  /** Teams' per-bot user id. */
  id: string;
  aadObjectId: string;
  name: string;
}

export interface Conversation {
  id: string;
  type: 'personal' | 'groupChat' | 'channel';
  teamId?: string;
  teamName?: string;
  channelId?: string;
}

export interface Card {
  activityId: string;
  card: Record<string, unknown>;
}

export interface ActionFound {
  type: 'Action.Execute' | 'Action.Submit';
  title: string;
  verb?: string;
  data: Record<string, unknown>;
  /** 'none': the client sends no input values with this action. */
  associatedInputs?: string;
}

export const BOT = { id: '28:headway-bot', name: 'Headway' };

export function makeUser(key: string, name: string): User {
  const aad = randomUUID();
  return { key, id: `29:${key}-${aad.slice(0, 8)}`, aadObjectId: aad, name };
}

/**
 * Acts as Teams towards the bot's real HTTP endpoint: sends the activities a Teams client would
 * (install, messages with the @mention markup, Action.Execute invokes, Action.Submit messages)
 * and reads back what the bot sent through the fake connector, as each user would see it.
 */
export class TeamsClient {
  /** Each user's own view of a card (an Action.Execute's answer), and how many connector calls there were then. */
  private readonly views = new Map<string, { card: Record<string, unknown>; atCall: number }>();

  constructor(
    public botUrl: string,
    readonly connector: FakeConnector,
    readonly tenantId: string = randomUUID(),
  ) {}

  personal(user: User): Conversation {
    return { id: `a:personal-${user.key}-${this.tenantId.slice(0, 8)}`, type: 'personal' };
  }
  /** The personal chat the bot opened itself (createConversation): the fake names it after the Teams id. */
  openedChat(user: User): Conversation {
    return { id: `a:personal-${user.id}`, type: 'personal' };
  }
  groupChat(name: string): Conversation {
    return { id: `19:group-${name}-${this.tenantId.slice(0, 8)}@thread.v2`, type: 'groupChat' };
  }
  channel(team: string, channel: string): Conversation {
    const teamId = `19:team-${team}-${this.tenantId.slice(0, 8)}@thread.tacv2`;
    return { id: `19:channel-${channel}-${this.tenantId.slice(0, 8)}@thread.tacv2`, type: 'channel', teamId, teamName: team, channelId: `19:channel-${channel}@thread.tacv2` };
  }

  /** A thread of a channel, as Teams names it: each new post in a channel is its own conversation `<channel>;messageid=<post>`. */
  thread(channel: Conversation, postId: string): Conversation {
    return { ...channel, id: `${channel.id};messageid=${postId}` };
  }

  base(user: User, conversation: Conversation): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: new Date().toISOString(),
      from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
      recipient: BOT,
      conversation: {
        id: conversation.id,
        conversationType: conversation.type,
        tenantId: this.tenantId,
        ...(conversation.type !== 'personal' ? { isGroup: true } : {}),
      },
      channelData: {
        tenant: { id: this.tenantId },
        ...(conversation.type === 'channel' ? { team: { id: conversation.teamId, name: conversation.teamName }, channel: { id: conversation.channelId } } : {}),
      },
      locale: 'en-GB',
    };
  }

  /** Every card an Action.Execute was answered with, in order (each person's own views), and where. */
  readonly answered: { conversationId: string; card: Record<string, unknown> }[] = [];

  /** Every card this client has seen, sent or updated or answered to a click, outside `except` conversations. */
  allCards(except: Conversation[] = []): Record<string, unknown>[] {
    const skip = new Set(except.map((c) => c.id));
    const sent = this.connector.calls.filter((c) => c.status < 300 && !skip.has(c.conversationId ?? '')).map((c) => cardOf(c.body));
    return [...sent, ...this.answered.filter((a) => !skip.has(a.conversationId)).map((a) => a.card)].filter((c): c is Record<string, unknown> => c !== undefined);
  }

  /** Signs each request as the Bot Framework would (see FakeIdentity); unset, requests carry no token. */
  authorize: ((activity: Record<string, unknown>) => string) | undefined;

  async post(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const signed: Record<string, string> = this.authorize ? { Authorization: `Bearer ${this.authorize(activity)}` } : {};
    const res = await fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...signed, ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, body };
  }

  /** The bot is added to a conversation by `user` (Teams' conversationUpdate + installationUpdate). */
  async install(user: User, conversation: Conversation): Promise<void> {
    await this.post({ ...this.base(user, conversation), type: 'installationUpdate', action: 'add' });
    await this.post({ ...this.base(user, conversation), type: 'conversationUpdate', membersAdded: [{ id: BOT.id }] });
  }

  async uninstall(user: User, conversation: Conversation): Promise<void> {
    await this.post({ ...this.base(user, conversation), type: 'installationUpdate', action: 'remove' });
  }

  /** Types `text`; in group chats and channels with the @mention Teams adds. */
  async say(user: User, conversation: Conversation, text: string): Promise<{ status: number }> {
    const mention = conversation.type !== 'personal';
    const activity = {
      ...this.base(user, conversation),
      type: 'message',
      text: mention ? `<at>${BOT.name}</at> ${text}` : text,
      textFormat: 'plain',
      ...(mention ? { entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] } : {}),
    };
    return this.post(activity);
  }

  /** Every card the bot sent (or updated for everyone) in the conversation, oldest first. */
  cards(conversation: Conversation): Card[] {
    const byId = new Map<string, Card>();
    for (const call of this.connector.calls) {
      if (call.conversationId !== conversation.id || call.status >= 300) continue;
      const card = cardOf(call.body);
      if ((call.kind === 'send' || call.kind === 'reply') && card && call.id) byId.set(call.id, { activityId: call.id, card });
      if (call.kind === 'update' && card && call.activityId && byId.has(call.activityId)) byId.set(call.activityId, { activityId: call.activityId, card });
    }
    return [...byId.values()];
  }

  /** The latest card `user` sees in the conversation, with their own Action.Execute updates applied. */
  latestCard(user: User, conversation: Conversation): Card {
    const cards = this.cards(conversation);
    const last = cards[cards.length - 1];
    if (!last) throw new Error(`No card in ${conversation.id}`);
    const view = this.views.get(`${user.key}|${last.activityId}`);
    // The bot updating the message later (a fan-out's progress) replaces the user's view, as in Teams.
    const updatedSince = view && this.connector.calls.slice(view.atCall).some((c) => c.kind === 'update' && c.activityId === last.activityId && c.status < 300);
    return { activityId: last.activityId, card: view && !updatedSince ? view.card : last.card };
  }

  /**
   * Teams applies the answer to `user`'s last click on the latest card only now, after whatever the
   * bot updated the card with meanwhile (a job the click nudged can get there first): the card
   * shows that answer again, until the bot updates it once more.
   */
  answerLandsLate(user: User, conversation: Conversation): void {
    const last = this.cards(conversation).at(-1);
    const view = last && this.views.get(`${user.key}|${last.activityId}`);
    if (!view) throw new Error(`${user.name} has not clicked the latest card in ${conversation.id}`);
    view.atCall = this.connector.calls.length;
  }

  /** Texts of plain messages the bot sent in the conversation. */
  texts(conversation: Conversation): string[] {
    return this.connector.calls
      .filter((c) => c.conversationId === conversation.id && (c.kind === 'send' || c.kind === 'reply') && typeof c.body?.text === 'string')
      .map((c) => String(c.body!.text));
  }

  /**
   * Clicks the button titled `title` on the latest card, with input values. Action.Execute goes
   * as an invoke (its response card replaces the card for this user); Action.Submit as a message.
   */
  async click(user: User, conversation: Conversation, title: string | RegExp, inputs: Record<string, unknown> = {}, options: { useFallback?: boolean; card?: Card } = {}) {
    const shown = options.card ?? this.latestCard(user, conversation);
    const action = findAction(shown.card, title);
    if (!action) throw new Error(`No button "${String(title)}" on the card: ${listTitles(shown.card).join(', ')}`);
    const base = { ...this.base(user, conversation), replyToId: shown.activityId };
    // Like a Teams client: every input's current value goes with the action (what the card shows,
    // then what the user changed), unless the action says associatedInputs: none.
    inputs = action.associatedInputs === 'none' ? {} : { ...inputValues(shown.card), ...inputs };
    const submit = options.useFallback || action.type === 'Action.Submit';
    if (submit) {
      const fallback = action.type === 'Action.Submit' ? action.data : { ...action.data, verb: action.verb };
      return this.post({ ...base, type: 'message', value: { ...fallback, ...inputs } });
    }
    const response = await this.post({
      ...base,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: action.verb, data: { ...action.data, ...inputs } }, trigger: 'manual' },
    });
    const body = response.body as { type?: string; value?: unknown } | undefined;
    if (response.status === 200 && body?.type === 'application/vnd.microsoft.card.adaptive' && body.value) {
      this.answered.push({ conversationId: conversation.id, card: body.value as Record<string, unknown> });
      this.views.set(`${user.key}|${shown.activityId}`, { card: body.value as Record<string, unknown>, atCall: this.connector.calls.length });
    }
    return response;
  }
}

function cardOf(body: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const attachments = (body?.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined) ?? [];
  return attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

export function findAction(node: unknown, title: string | RegExp): ActionFound | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = findAction(item, title);
      if (found) return found;
    }
    return undefined;
  }
  if (!node || typeof node !== 'object') return undefined;
  const record = node as Record<string, unknown>;
  if ((record.type === 'Action.Execute' || record.type === 'Action.Submit') && typeof record.title === 'string') {
    const matches = typeof title === 'string' ? record.title === title : title.test(record.title);
    if (matches) {
      return {
        type: record.type,
        title: record.title,
        ...(typeof record.verb === 'string' ? { verb: record.verb } : {}),
        ...(typeof record.associatedInputs === 'string' ? { associatedInputs: record.associatedInputs } : {}),
        data: (record.data as Record<string, unknown> | undefined) ?? {},
      };
    }
  }
  for (const [key, value] of Object.entries(record)) {
    if (key === 'fallback') continue;
    const found = findAction(value, title);
    if (found) return found;
  }
  return undefined;
}

/** The values a card's inputs show before anyone types: what a client would send untouched. */
export function inputValues(node: unknown, out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(node)) node.forEach((n) => inputValues(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.id === 'string') {
      out[record.id] = record.value ?? (record.type === 'Input.Toggle' ? (record.valueOff ?? 'false') : '');
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'fallback') inputValues(value, out);
  }
  return out;
}

export function listTitles(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => listTitles(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string' && record.type.startsWith('Action.') && typeof record.title === 'string') out.push(record.title);
    for (const [key, value] of Object.entries(record)) if (key !== 'fallback') listTitles(value, out);
  }
  return out;
}

/** All TextBlock and FactSet text on a card, for assertions on what a person reads. */
/** What an invoke's answer says, as a reader sees it: the card's text, or the refusal's message (no-break spaces read as spaces). */
export function answerText(response: { body?: unknown }): string {
  const value = (response.body as { value?: unknown } | undefined)?.value;
  return (typeof value === 'string' ? value : cardText(value)).replace(/\u00a0/g, ' ');
}

export function cardText(node: unknown, out: string[] = []): string {
  if (Array.isArray(node)) node.forEach((n) => cardText(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    // As a reader sees it: a no-break space (see keepNumbersAsText in src/teams/cards.ts) reads as a space.
    if (record.type === 'TextBlock' && typeof record.text === 'string') out.push(record.text.replace(/\u00a0/g, ' '));
    if (typeof record.type === 'string' && record.type.startsWith('Input.') && typeof record.label === 'string') out.push(record.label);
    if (record.type === 'FactSet' && Array.isArray(record.facts)) {
      for (const fact of record.facts as { title?: string; value?: string }[]) out.push(`${fact.title ?? ''}: ${fact.value ?? ''}`.replace(/\u00a0/g, ' '));
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'fallback') cardText(value, out);
  }
  return out.join('\n');
}
