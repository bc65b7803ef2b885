import Database from 'better-sqlite3';
import { Rules, type Who } from '../../src/features/rules.js';
import type { CommandSpec } from '../../src/features/router.js';
import type { Verb } from '../../src/features/verbs.js';
import type { FakeConnector } from './connector.js';
import { inputValues, type Conversation, type TeamsClient, type User } from './teams.js';

/** Someone who should not see or change a seeded tenant's things, and the rules they do pass. */
export interface Outsider {
  label: string;
  client: TeamsClient;
  user: User;
  /** Where they send from: their own personal chat, or their own channel for channel cards. */
  personal: Conversation;
  channel: Conversation;
  /** The kinds of rule this outsider legitimately passes (e.g. a coordinator passes `coordinator`). */
  passes: readonly Who[];
  /** Secrets this outsider may see anyway (a channel member knows who else is in the team). */
  knows?: readonly string[];
}

export interface ForgeryReport {
  /** Forged actions sent. */
  sent: number;
  /** Verbs no seeded card carried (so they could not be forged with real ids). */
  uncovered: string[];
  /** What went wrong: a secret shown, a document changed, someone messaged, an unexpected error. */
  problems: string[];
}

/** Every Action.Execute on `cards`, with the card's input values, by verb. */
export function payloadsByVerb(cards: unknown[]): Map<string, Record<string, unknown>[]> {
  const found = new Map<string, Map<string, Record<string, unknown>>>();
  const visit = (node: unknown, inputs: Record<string, unknown>) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inputs));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record.type === 'Action.Execute' && typeof record.verb === 'string') {
      const data = { ...inputs, ...((record.data as Record<string, unknown>) ?? {}) };
      const forVerb = found.get(record.verb) ?? new Map<string, Record<string, unknown>>();
      forVerb.set(JSON.stringify(data), data);
      found.set(record.verb, forVerb);
    }
    for (const [key, value] of Object.entries(record)) if (key !== 'fallback') visit(value, inputs);
  };
  for (const card of cards) visit(card, inputValues(card));
  return new Map([...found].map(([verb, byJson]) => [verb, [...byJson.values()]]));
}

/**
 * The tenant's documents as they stand (type, id and ETag), from the SQLite file, leaving out what
 * any turn writes about the person sending it (their conversation reference and person record).
 */
export function tenantSnapshot(sqlitePath: string, tenantId: string): () => string {
  const db = new Database(sqlitePath, { readonly: true, fileMustExist: true });
  const read = db.prepare<[string], { type: string; id: string; etag: string }>("SELECT type, pk || '/' || id AS id, etag FROM docs WHERE tenant_id = ? AND type NOT IN ('conversation', 'person', 'secret') ORDER BY pk, id");
  return () => read.all(tenantId).map((r) => `${r.type} ${r.id} ${r.etag}`).join('\n');
}

/** What a person sees when a handler fails unexpectedly (see src/teams/errors.ts). */
export const GENERIC = /Sorry, something went wrong/;

/**
 * Sends every one of `verbs`, with each payload the seeded cards carry, as each outsider the
 * verb's rule does not let in, and checks that nothing private comes back (none of `secrets`),
 * nothing in the tenant changes, nobody else is messaged, and no unexpected error is met. Verbs
 * for anyone (on their own records) are sent by every outsider and checked for secrets and errors.
 */
export async function forgeEveryVerb(options: { cards: unknown[]; verbs: readonly Verb[]; outsiders: Outsider[]; secrets: string[]; snapshot: () => string; connector: FakeConnector; perVerb?: number; commands: readonly CommandSpec<unknown>[] }): Promise<ForgeryReport> {
  const payloads = payloadsByVerb(options.cards);
  const report: ForgeryReport = { sent: 0, uncovered: [], problems: [] };
  for (const verb of options.verbs) {
    const seen = payloads.get(verb);
    if (!seen) {
      report.uncovered.push(verb);
      continue;
    }
    const rule = Rules[verb];
    // Verbs anyone may use act on the sender's own records, so they may change something; they
    // must still show nothing of anyone else's, whatever ids the card carries.
    const ownRecords = rule.who === 'anyone' || rule.who === 'self';
    for (const outsider of options.outsiders) {
      if (!ownRecords && outsider.passes.includes(rule.who)) continue;
      const conversation = rule.where.includes('personal') ? outsider.personal : outsider.channel;
      // Every one of help's buttons, since each runs a different command; a few payloads of any other verb.
      for (const data of verb === 'core.command' ? seen : seen.slice(0, options.perVerb ?? 3)) {
        // Help's buttons run a command as typed: someone its audience includes may see what it shows.
        if (verb === 'core.command' && outsider.passes.includes(commandRule(options.commands, data.command))) continue;
        const before = options.snapshot();
        const calls = options.connector.calls.length;
        const res = await outsider.client.post({ ...outsider.client.base(outsider.user, conversation), type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb, data } } });
        report.sent++;
        const body = JSON.stringify(res.body ?? '');
        const where = `${verb} as ${outsider.label}`;
        if (res.status !== 200) report.problems.push(`${where}: HTTP ${res.status}`);
        if (GENERIC.test(body)) report.problems.push(`${where}: an unexpected error (${body.slice(0, 160)})`);
        for (const secret of options.secrets) if (body.includes(secret) && !(outsider.knows ?? []).includes(secret)) report.problems.push(`${where}: shows "${secret}"`);
        if (ownRecords) continue;
        if (options.snapshot() !== before) report.problems.push(`${where}: changed the tenant's documents`);
        const elsewhere = options.connector.calls.slice(calls).filter((c) => c.conversationId !== conversation.id && c.kind !== 'members' && c.kind !== 'member');
        if (elsewhere.length > 0) report.problems.push(`${where}: reached ${elsewhere.length} other conversation(s)`);
      }
    }
  }
  return report;
}

/** A command's usage as someone would type it: the first of each choice, `target` for a free argument. */
export function typed(usage: string, target: string): string {
  return usage.replace(/\[([^\]|]+)\|[^\]]*\]/g, '$1').replace(/\[[^\]]+\]/g, target);
}

/**
 * Every command typed by each outsider its audience does not include, where it works (their
 * own personal chat or channel): nothing private shown, nothing changed, nobody else messaged.
 * Commands for everyone are checked for secrets and errors only (they act on the sender's own).
 */
const AUDIENCE_RULE: Record<string, Who> = { everyone: 'anyone', coordinator: 'coordinator', facilitator: 'runner' };

/** The rule a command's audience amounts to (a coordinator-only command is for `coordinator`). */
function commandRule(commands: readonly CommandSpec<unknown>[], id: unknown): Who {
  return AUDIENCE_RULE[commands.find((c) => c.id === id)?.audience ?? 'coordinator'] ?? 'coordinator';
}

export async function forgeEveryCommand(options: { commands: readonly CommandSpec<unknown>[]; outsiders: Outsider[]; secrets: string[]; snapshot: () => string; connector: FakeConnector; target: string }): Promise<ForgeryReport> {
  const report: ForgeryReport = { sent: 0, uncovered: [], problems: [] };
  for (const spec of options.commands) {
    const who = commandRule(options.commands, spec.id);
    const ownRecords = who === 'anyone';
    for (const outsider of options.outsiders) {
      if (!ownRecords && outsider.passes.includes(who)) continue;
      const conversation = spec.scopes.includes('personal') ? outsider.personal : outsider.channel;
      const text = typed(spec.usage, options.target);
      const before = options.snapshot();
      const calls = options.connector.calls.length;
      const res = await outsider.client.say(outsider.user, conversation, text);
      report.sent++;
      const answered = options.connector.calls.slice(calls);
      const shown = answered.filter((c) => c.conversationId === conversation.id).map((c) => JSON.stringify(c.body ?? '')).join('\n');
      const where = `"${text}" as ${outsider.label}`;
      if (res.status !== 200) report.problems.push(`${where}: HTTP ${res.status}`);
      if (GENERIC.test(shown)) report.problems.push(`${where}: an unexpected error`);
      for (const secret of options.secrets) if (shown.includes(secret) && !(outsider.knows ?? []).includes(secret)) report.problems.push(`${where}: shows "${secret}"`);
      if (ownRecords) continue;
      if (options.snapshot() !== before) report.problems.push(`${where}: changed the tenant's documents`);
      const elsewhere = answered.filter((c) => c.conversationId !== conversation.id && c.kind !== 'members' && c.kind !== 'member');
      if (elsewhere.length > 0) report.problems.push(`${where}: reached ${elsewhere.length} other conversation(s)`);
    }
  }
  return report;
}
