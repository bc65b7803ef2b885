import type { z } from 'zod';
import type { FileBody } from '../csv.js';
import type { Actor, Reply, Role, Scope } from './ports.js';
import type { Verb } from './verbs.js';

/**
 * What features see of Teams. The Teams layer (src/teams/) implements FeatureRouter on the
 * teams-ai Application; features register commands and card verbs through it and never touch a
 * TurnContext, so a later SDK migration changes src/teams/ only.
 */

export type Audience = 'everyone' | Role;
export type FeatureName = 'core' | 'hosting' | 'coaching' | 'reviews';

export interface CommandSpec<A = Record<string, never>> {
  /** Stable id, `<feature>.<name>`. */
  id: string;
  feature: FeatureName;
  /** As shown in help, e.g. `roles grant [coordinator|facilitator] [name]`. */
  usage: string;
  summary: string;
  /**
   * Anchored, case-insensitive pattern on the cleaned text (mention stripped, spaces folded).
   * Named groups become the arguments, parsed by `args`.
   */
  pattern: RegExp;
  args?: z.ZodType<A, z.ZodTypeDef, unknown>;
  /** Who the command is for; help lists it only to them. Services enforce it. */
  audience: Audience;
  scopes: Scope[];
  /**
   * The title of this command's button in help, for a main action that takes no arguments; help
   * lists every other command as text to type.
   */
  button?: string;
}

/** A command may answer with several messages, in order (e.g. a summary split to stay under the size limit). */
export type CommandHandler<A> = (actor: Actor, args: A) => Promise<Reply | Reply[]>;
export type ActionHandler<D> = (actor: Actor, data: D) => Promise<Reply>;

export type SearchHandler = (actor: Actor, text: string, count: number) => Promise<{ title: string; value: string }[]>;

export interface FeatureRouter {
  command<A>(spec: CommandSpec<A>, handler: CommandHandler<A>): void;
  /** A card verb; `data` is the action's data merged with the card's inputs, validated by `schema`. */
  action<D>(verb: Verb, schema: z.ZodType<D, z.ZodTypeDef, unknown>, handler: ActionHandler<D>): void;
  /**
   * Type-ahead for a card's people (or other) picker: an `Input.ChoiceSet` whose `choices.data` is
   * `{ type: 'Data.Query', dataset }`. Teams asks as the person types; the handler answers the
   * matches it may show them (a refusal shows nothing).
   */
  search(dataset: string, handler: SearchHandler): void;
  /** Every command registered so far, for help. */
  commands(): readonly CommandSpec<unknown>[];
  /**
   * Runs a command that takes no arguments as if `actor` had typed it here (help's buttons, a notice's next step):
   * refused where the command does not work, and the command's own service checks who may.
   */
  run(actor: Actor, commandId: string): Promise<Reply | Reply[]>;
  /** A file served at /files/<name> behind an expiring signed link. */
  file(name: string, handler: (tenantId: string, params: Record<string, string>) => Promise<FileBody>): void;
  /** A signed link to a registered file, for this tenant, valid for an hour (or `minutes`). */
  link(tenantId: string, name: string, params: Record<string, string>, minutes?: number): Promise<string>;
}

