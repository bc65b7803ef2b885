import { z } from 'zod';

export const RoleName = z.enum(['coordinator', 'facilitator']);

/** One person holding one role in a tenant. Id `<role>:<userId>`, partition `roles`. */
export const RoleGrant = z.object({
  role: RoleName,
  userId: z.string(),
  name: z.string(),
  grantedBy: z.string(),
  grantedByName: z.string(),
});
export type RoleGrant = z.infer<typeof RoleGrant>;

/**
 * Who holds the coordinator role through Teams grants. Id `roster:coordinator`, partition
 * `roles`. Grants are what `rolesOf` reads; this one document is where "at least one
 * coordinator" is decided, inside its ETag-guarded update, so two coordinators revoking each
 * other at the same moment cannot leave none.
 */
export const CoordinatorRoster = z.object({ userIds: z.array(z.string()) });
export type CoordinatorRoster = z.infer<typeof CoordinatorRoster>;

/**
 * Someone the bot has met in this tenant, so coordinators can pick them on cards. Only the
 * display name and ids Teams sends with every activity: no e-mail, no other personal detail.
 * Id: the AAD object id; partition `people`.
 */
export const Person = z.object({
  name: z.string(),
  /** Teams' user id for this bot (`29:...`): needed to open a personal chat with them. */
  teamsId: z.string().optional(),
  lastSeenAt: z.string(),
  /** Lower-case prefixes of each word of the name (see `searchKeysOf`): what pickers search on. */
  searchKeys: z.array(z.string()).default([]),
});
export type Person = z.infer<typeof Person>;

export const PARTITIONS = { roles: 'roles', people: 'people' } as const;

/** Card payloads. */
export const RoleChangeData = z.object({
  role: RoleName,
  userId: z.string().min(1, 'Choose a person.'),
});
export type RoleChangeData = z.infer<typeof RoleChangeData>;
