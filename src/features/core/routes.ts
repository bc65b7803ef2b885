import { z } from 'zod';
import { showingRefusals } from '../../errors.js';
import { cardText } from '../inputs.js';
import type { FeatureRouter } from '../router.js';
import type { Actor, Reply, Role } from '../ports.js';
import { Verbs } from '../verbs.js';
import { RoleChangeData } from './model.js';
import type { PeopleDirectory } from './people.js';
import { isVisible, type RoleChange, type RoleService } from './service.js';
import { helpCard, noticeCard, rolesCard, type Tone, privacyCard } from './view.js';

export interface CoreDeps {
  roles: RoleService;
  people: PeopleDirectory;
  /** RETENTION_MONTHS, for the privacy notice. */
  retentionMonths: number;
}

const everywhere = ['personal', 'groupChat', 'channel'] as const;

/** A card's Find box for its people picker. */
export const FindInput = z.object({ find: cardText(100).optional().default('') }).passthrough();

const RoleArgs = z.object({
  role: z
    .string()
    .toLowerCase()
    .pipe(z.enum(['coordinator', 'facilitator'], { errorMap: () => ({ message: 'the role must be coordinator or facilitator' }) })),
  name: z.string().trim().min(1),
});

/** Welcome, help and roles: what every other feature relies on. */
export function registerCoreRoutes(router: FeatureRouter, deps: CoreDeps): void {
  const help = async (actor: Actor): Promise<Reply> => {
    const roles = await deps.roles.rolesOf(actor.tenantId, actor.userId);
    const visible = router.commands().filter((c) => isVisible(c, roles, actor.scope));
    return helpCard(visible, actor.scope, roles);
  };

  const showRoles = async (actor: Actor, message = '', tone: Tone = 'good', find = ''): Promise<Reply> => {
    const holders = await deps.roles.holders(actor);
    return rolesCard(holders, { find, people: await deps.people.search(actor.tenantId, find) }, message, tone);
  };

  // The people picker's type-ahead in Teams (coordinators only: every people picker is theirs).
  router.search('people', async (actor, text, count) => {
    await deps.roles.require(actor, 'coordinator');
    return (await deps.people.search(actor.tenantId, text, count)).map((p) => ({ title: p.name, value: p.userId }));
  });

  /** Role changes answer on the roles card itself, so the coordinator sees the result in place. */
  const changeRoles = async (actor: Actor, change: () => Promise<RoleChange>, verb: 'grant' | 'revoke'): Promise<Reply> => {
    return showingRefusals(
      async () => {
        const { holder, changed } = await change();
        return showRoles(actor, describeChange(holder.name, holder.role, verb, changed));
      },
      (message) => showRoles(actor, message, 'attention'),
    );
  };

  // Coordinators also handle requests for people not in Teams (see privacy/routes.ts).
  const privacy = async (actor: Actor) => privacyCard(actor.scope, actor.scope === 'personal' && (await deps.roles.rolesOf(actor.tenantId, actor.userId)).has('coordinator'), deps.retentionMonths);

  router.command(
    { id: 'core.help', feature: 'core', usage: 'help', summary: 'Show the commands you can use here.', pattern: /^(help|\?)$/i, audience: 'everyone', scopes: [...everywhere] },
    (actor) => help(actor),
  );
  router.command(
    { id: 'core.privacy', feature: 'core', usage: 'privacy', summary: 'What Headway keeps about you, who sees it, for how long, and how to have it deleted.', pattern: /^privacy$/i, audience: 'everyone', scopes: [...everywhere], button: 'Privacy' },
    async (actor) => privacy(actor),
  );
  router.command(
    { id: 'core.roles', feature: 'core', usage: 'roles', summary: 'See who holds the coordinator and facilitator roles; grant or revoke them.', pattern: /^roles$/i, audience: 'coordinator', scopes: ['personal'], button: 'Manage roles' },
    (actor) => showRoles(actor),
  );
  router.command(
    {
      id: 'core.roles.grant', feature: 'core', usage: 'roles grant [coordinator|facilitator] [name]', summary: 'Give someone a role.',
      pattern: /^roles grant (?<role>\S+) (?<name>.+)$/i, args: RoleArgs, audience: 'coordinator', scopes: ['personal'],
    },
    async (actor, args) => {
      await deps.roles.require(actor, 'coordinator');
      return changeRoles(actor, async () => deps.roles.grant(actor, args.role, await deps.people.findByName(actor.tenantId, args.name)), 'grant');
    },
  );
  router.command(
    {
      id: 'core.roles.revoke', feature: 'core', usage: 'roles revoke [coordinator|facilitator] [name]', summary: 'Take a role away.',
      pattern: /^roles revoke (?<role>\S+) (?<name>.+)$/i, args: RoleArgs, audience: 'coordinator', scopes: ['personal'],
    },
    async (actor, args) => {
      await deps.roles.require(actor, 'coordinator');
      return changeRoles(actor, async () => deps.roles.revoke(actor, args.role, (await deps.people.findByName(actor.tenantId, args.name)).userId), 'revoke');
    },
  );

  router.action(Verbs.core.help, z.object({}).passthrough(), (actor) => help(actor));
  // Help's buttons run a command as typed; a button goes only on a command that answers with one card.
  router.action(Verbs.core.command, z.object({ command: z.string().max(60) }).passthrough(), async (actor, { command }) => {
    const reply = await router.run(actor, command);
    // A command that posts its card to the channel itself (review actions) answers with nothing to show here.
    return Array.isArray(reply) ? (reply[0] ?? noticeCard('Posted', 'It is the latest message in the channel.', 'good')) : reply;
  });
  router.action(Verbs.core.privacy, z.object({}).passthrough(), async (actor) => privacy(actor));
  router.action(Verbs.core.rolesShow, FindInput, (actor, { find }) => showRoles(actor, '', 'good', find));
  router.action(Verbs.core.rolesGrant, RoleChangeData, (actor, data) =>
    changeRoles(actor, () => deps.roles.grantById(actor, data.role, data.userId), 'grant'),
  );
  router.action(Verbs.core.rolesRevoke, RoleChangeData, (actor, data) =>
    changeRoles(actor, () => deps.roles.revoke(actor, data.role, data.userId), 'revoke'),
  );
}

function describeChange(name: string, role: Role, verb: 'grant' | 'revoke', changed: boolean): string {
  if (verb === 'grant') return changed ? `${name} is now a ${role}.` : `${name} is already a ${role}; nothing changed.`;
  return changed ? `${name} is no longer a ${role}.` : `${name} was not a ${role}; nothing changed.`;
}
