/**
 * Every card action verb, declared once. Cards under cards/ use the same strings, and
 * test/verbs.test.ts fails when a card names a verb with no route or a route has no card.
 */
export const Verbs = {
  core: {
    help: 'core.help',
    rolesShow: 'core.roles.show',
    rolesGrant: 'core.roles.grant',
    rolesRevoke: 'core.roles.revoke',
  },
} as const;

type Values<T> = T extends string ? T : { [K in keyof T]: Values<T[K]> }[keyof T];
export type Verb = Values<typeof Verbs>;

export function allVerbs(): Verb[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') out.push(node);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(Verbs);
  return out as Verb[];
}
