import type { Activity, TurnContext } from 'botbuilder';
import type { Application } from '@microsoft/teams-ai';
import type { z } from 'zod';
import type { FileBody } from '../csv.js';
import { DomainError, ForbiddenError, InvalidInputError, WrongPlaceError } from '../errors.js';
import { fieldLabel } from '../features/inputs.js';
import type { Actor, Reply } from '../features/ports.js';
import type { ActionHandler, CommandHandler, CommandSpec, FeatureRouter } from '../features/router.js';
import { ruleOf } from '../features/rules.js';
import type { Verb } from '../features/verbs.js';
import type { Logger } from '../log.js';
import { render } from './cards.js';
import { wrongPlace } from './commands.js';
import { messageForError, replyForError } from './errors.js';
import { actorOf, turnFields } from './identity.js';
import type { FileLinks } from './links.js';
import { toActivity } from './messenger.js';

export type FileHandler = (tenantId: string, params: Record<string, string>) => Promise<FileBody>;

/**
 * FeatureRouter on the teams-ai Application: each card verb as Action.Execute and its
 * Action.Submit fallback, refused outside the scope its rule names and validated before the
 * handler runs; commands kept for the message catch-all (app.ts) and for help; files behind signed links.
 */
export function createRouter(app: Application, links: FileLinks, log: Logger): { router: FeatureRouter; commands: { spec: CommandSpec<unknown>; handler: CommandHandler<unknown> }[]; verbs: Verb[]; files: Map<string, FileHandler> } {
  const commands: { spec: CommandSpec<unknown>; handler: CommandHandler<unknown> }[] = [];
  const verbs: Verb[] = [];
  const files = new Map<string, FileHandler>();
  const router: FeatureRouter = {
    command<A>(spec: CommandSpec<A>, handler: CommandHandler<A>) {
      commands.push({ spec: spec as CommandSpec<unknown>, handler: handler as CommandHandler<unknown> });
    },
    action<D>(verb: Verb, schema: z.ZodType<D, z.ZodTypeDef, unknown>, handler: ActionHandler<D>) {
      verbs.push(verb);
      const rule = ruleOf(verb);
      const run = async (context: TurnContext, data: unknown): Promise<Reply> => {
        const actor = requireActor(context.activity);
        // Where the card lives, before anything is read: a personal card forged in a channel, or
        // a channel's card sent in a personal chat, does nothing.
        if (!rule.where.includes(actor.scope)) throw new ForbiddenError(rule.where.includes('channel') ? 'That card works in its team channel. Nothing was changed.' : 'That card works in your personal chat with Headway. Nothing was changed.');
        const parsed = schema.safeParse(stripVerb(data));
        if (!parsed.success) {
          throw new InvalidInputError(
            'Some of that was not right, so nothing was changed:',
            parsed.error.issues.map((i) => (i.path.length > 0 ? `${fieldLabel(String(i.path[0]))}: ${i.message}` : i.message)),
          );
        }
        return handler(actor, parsed.data);
      };
      app.adaptiveCards.actionExecute(verb, async (context, _state, data) => {
        try {
          const reply = await run(context, data);
          return 'card' in reply ? render(reply.card, reply.data) : reply.text;
        } catch (error) {
          return messageForError(error, log, turnFields(context.activity));
        }
      });
      app.adaptiveCards.actionSubmit(verb, async (context, _state, data) => {
        let reply: Reply;
        try {
          reply = await run(context, data);
        } catch (error) {
          reply = replyForError(error, log, turnFields(context.activity));
        }
        await context.sendActivity(toActivity(reply));
      });
    },
    search(dataset, handler) {
      app.adaptiveCards.search(dataset, async (context, _state, query) => {
        try {
          return await handler(requireActor(context.activity), String(query.parameters.queryText ?? ''), Math.min(50, query.count));
        } catch (error) {
          if (!(error instanceof DomainError)) log.error({ ...turnFields(context.activity), err: error }, 'search failed');
          return [];
        }
      });
    },
    commands: () => commands.map((c) => c.spec),
    async run(actor, commandId) {
      // Only a command that takes no arguments: a button carries no more than its id.
      const command = commands.find((c) => c.spec.id === commandId && c.spec.args === undefined);
      if (!command) throw new InvalidInputError('That button is out of date. Type help to see what you can do now.');
      if (!command.spec.scopes.includes(actor.scope)) throw new WrongPlaceError(wrongPlace(command.spec));
      return command.handler(actor, {});
    },
    file(name, handler) {
      files.set(name, handler);
    },
    link: (tenantId, name, params, minutes) => links.sign({ tenantId, name, params }, minutes === undefined ? undefined : minutes * 60_000),
  };

  return { router, commands, verbs, files };
}

export function requireActor(activity: Activity): Actor {
  const actor = actorOf(activity);
  if (!actor) throw new InvalidInputError('Headway could not tell who sent that (no tenant or user id). Nothing was changed.');
  return actor;
}

function stripVerb(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const { verb: _verb, ...rest } = data as Record<string, unknown>;
  return rest;
}
