import { ForbiddenError, InvalidInputError, NotFoundError } from '../../errors.js';
import type { Collection } from '../../store/collection.js';
import type { Audience, CommandSpec } from '../router.js';
import type { Actor, Role, Scope } from '../ports.js';
import { PARTITIONS, type CoordinatorRoster, type RoleGrant } from './model.js';
import type { KnownPerson, PeopleDirectory } from './people.js';

export interface RoleHolder {
  userId: string;
  name: string;
  role: Role;
  /** Bootstrap coordinators come from configuration and cannot be revoked in Teams. */
  fromConfig: boolean;
}

export interface RoleChange {
  holder: RoleHolder;
  changed: boolean;
}

const ROLE_LABEL: Record<Role, string> = { coordinator: 'coordinators', facilitator: 'facilitators' };

/**
 * Roles per tenant: coordinators (from COORDINATORS, plus those granted in Teams) and
 * facilitators. Every use case that needs a role asks here; routes never decide.
 */
export class RoleService {
  constructor(
    private readonly grants: Collection<typeof RoleGrant>,
    private readonly roster: Collection<typeof CoordinatorRoster>,
    private readonly people: PeopleDirectory,
    private readonly bootstrapCoordinators: readonly string[],
  ) {}

  /**
   * Changes the coordinator roster inside its guarded update (built from the grants the first
   * time). `change` answers the new list, or throws to refuse.
   */
  private async changeRoster(tenantId: string, change: (userIds: string[]) => string[]): Promise<void> {
    const scope = { tenantId, partition: PARTITIONS.roles };
    // The grants are read only to build the roster the first time (before it existed).
    const seed = (await this.roster.get(scope, 'roster:coordinator')) ? [] : (await this.grants.all(scope, { where: [{ field: 'role', op: '=', value: 'coordinator' }] })).map((g) => g.userId);
    await this.roster.update(scope, 'roster:coordinator', (current) => {
      const userIds = current?.userIds ?? seed;
      const next = change(userIds);
      return current && next.length === userIds.length && next.every((id, i) => id === userIds[i]) ? undefined : { userIds: next };
    });
  }

  async rolesOf(tenantId: string, userId: string): Promise<Set<Role>> {
    const roles = new Set<Role>();
    if (this.bootstrapCoordinators.includes(userId)) roles.add('coordinator');
    const held = await this.grants.all(
      { tenantId, partition: PARTITIONS.roles },
      { where: [{ field: 'userId', op: '=', value: userId }] },
    );
    for (const grant of held) roles.add(grant.role);
    return roles;
  }

  /** Whether the person is a coordinator through COORDINATORS (which only the configuration can change). */
  isConfigured(userId: string): boolean {
    return this.bootstrapCoordinators.includes(userId);
  }

  /** Everyone who coordinates in the tenant (configured and granted): for notices the system sends them, never to show. */
  async coordinatorIds(tenantId: string): Promise<string[]> {
    const granted = await this.grants.all({ tenantId, partition: PARTITIONS.roles }, { where: [{ field: 'role', op: '=', value: 'coordinator' }] });
    return [...new Set([...this.bootstrapCoordinators, ...granted.map((g) => g.userId)])];
  }

  /** Throws ForbiddenError, naming who the action is for, unless the actor holds `role`. */
  async require(actor: Actor, role: Role): Promise<void> {
    const roles = await this.rolesOf(actor.tenantId, actor.userId);
    if (roles.has(role) || (role === 'facilitator' && roles.has('coordinator'))) return;
    throw new ForbiddenError(`That is for ${ROLE_LABEL[role]}. Nothing was changed. Type help to see what you can do.`);
  }

  async holders(actor: Actor): Promise<RoleHolder[]> {
    await this.require(actor, 'coordinator');
    const scope = { tenantId: actor.tenantId, partition: PARTITIONS.roles };
    const granted = await this.grants.all(scope, { orderBy: [{ field: 'name' }] });
    const fromConfig = await Promise.all(
      this.bootstrapCoordinators.map(async (userId): Promise<RoleHolder> => {
        const known = await this.people.get(actor.tenantId, userId);
        return { userId, name: known?.name ?? 'Configured coordinator', role: 'coordinator', fromConfig: true };
      }),
    );
    const grantedHolders = granted
      .filter((g) => !(g.role === 'coordinator' && this.bootstrapCoordinators.includes(g.userId)))
      .map((g): RoleHolder => ({ userId: g.userId, name: g.name, role: g.role, fromConfig: false }));
    return [...fromConfig, ...grantedHolders];
  }

  async grant(actor: Actor, role: Role, person: KnownPerson): Promise<RoleChange> {
    await this.require(actor, 'coordinator');
    const holder: RoleHolder = { userId: person.userId, name: person.name, role, fromConfig: false };
    if (role === 'coordinator' && this.bootstrapCoordinators.includes(person.userId)) {
      return { holder: { ...holder, fromConfig: true }, changed: false };
    }
    let changed = false;
    await this.grants.update({ tenantId: actor.tenantId, partition: PARTITIONS.roles }, `${role}:${person.userId}`, (current) => {
      changed = false; // run again after a conflict: only the write that lands counts
      if (current) return undefined;
      changed = true;
      return { role, userId: person.userId, name: person.name, grantedBy: actor.userId, grantedByName: actor.name };
    });
    if (role === 'coordinator') await this.changeRoster(actor.tenantId, (ids) => (ids.includes(person.userId) ? ids : [...ids, person.userId]));
    return { holder, changed };
  }

  async grantById(actor: Actor, role: Role, userId: string): Promise<RoleChange> {
    const person = await this.people.get(actor.tenantId, userId);
    if (!person) throw new NotFoundError('That person is not known to Headway in this organisation. Nothing was changed.');
    return this.grant(actor, role, person);
  }

  /**
   * Erasure: the person gives up every role they were granted in Teams (refused, changing nothing,
   * when they are the last coordinator), and grants they gave keep the role without their name.
   * Roles from COORDINATORS stay: only the configuration can change them. Answers how many
   * grants went and how many were anonymised.
   */
  async relinquish(tenantId: string, userId: string): Promise<{ removed: number; anonymised: number }> {
    const scope = { tenantId, partition: PARTITIONS.roles };
    const held = await this.grants.all(scope, { where: [{ field: 'userId', op: '=', value: userId }] });
    const roster = await this.roster.get(scope, 'roster:coordinator');
    if (held.some((g) => g.role === 'coordinator') || roster?.doc.userIds.includes(userId)) {
      await this.changeRoster(tenantId, (ids) => {
        const next = ids.filter((id) => id !== userId);
        if (next.length === 0 && this.bootstrapCoordinators.length === 0) {
          throw new InvalidInputError('You are the only coordinator: grant the role to someone else first, then delete your data. Nothing was changed.');
        }
        return next;
      });
    }
    let removed = 0;
    for (const grant of held) if (await this.grants.delete(scope, grant.id)) removed++;
    let anonymised = 0;
    for (const given of await this.grants.all(scope, { where: [{ field: 'grantedBy', op: '=', value: userId }] })) {
      await this.grants.update(scope, given.id, (current) => (current && current.grantedBy === userId ? { ...current, grantedBy: '', grantedByName: '' } : undefined));
      anonymised++;
    }
    return { removed, anonymised };
  }

  async revoke(actor: Actor, role: Role, userId: string): Promise<RoleChange> {
    await this.require(actor, 'coordinator');
    const scope = { tenantId: actor.tenantId, partition: PARTITIONS.roles };
    if (role === 'coordinator' && this.bootstrapCoordinators.includes(userId)) {
      throw new InvalidInputError(
        'That coordinator comes from the app configuration (COORDINATORS) and can only be removed there. Nothing was changed.',
      );
    }
    const existing = await this.grants.get(scope, `${role}:${userId}`);
    const name = existing?.doc.name ?? (await this.people.get(actor.tenantId, userId))?.name ?? 'That person';
    const holder: RoleHolder = { userId, name, role, fromConfig: false };
    if (!existing) return { holder, changed: false };
    if (role === 'coordinator') {
      // Decided at the write: the roster's update refuses to leave nobody (configured coordinators count).
      await this.changeRoster(actor.tenantId, (ids) => {
        const next = ids.filter((id) => id !== userId);
        if (next.length === 0 && this.bootstrapCoordinators.length === 0) {
          throw new InvalidInputError('Headway needs at least one coordinator: grant the role to someone else first. Nothing was changed.');
        }
        return next;
      });
    }
    await this.grants.delete(scope, existing.doc.id);
    return { holder, changed: true };
  }
}

/** Whether a command is listed to someone with `roles` in `scope`. */
export function isVisible(spec: Pick<CommandSpec<unknown>, 'audience' | 'scopes'>, roles: Set<Role>, scope: Scope): boolean {
  return spec.scopes.includes(scope) && allows(spec.audience, roles);
}

export function allows(audience: Audience, roles: Set<Role>): boolean {
  if (audience === 'everyone') return true;
  if (roles.has('coordinator')) return true;
  return roles.has(audience);
}
