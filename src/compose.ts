import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import { CoordinatorRoster, Person, RoleGrant } from './features/core/model.js';
import { PeopleDirectory } from './features/core/people.js';
import { RoleService } from './features/core/service.js';
import { Responders } from './features/reviews/responder.js';
import { Jobs } from './jobs/jobs.js';
import type { Logger } from './log.js';
import { Collection } from './store/collection.js';
import { ConversationDoc, ConversationRefs } from './store/conversations.js';
import { Deliveries, Delivery } from './store/deliveries.js';
import type { DocumentStore } from './store/port.js';

/** Everything the features need, built once from the store. SDK-free: tests use it directly. */
export interface Services {
  store: DocumentStore;
  clock: Clock;
  log: Logger;
  config: Pick<Config, 'COORDINATORS' | 'TENANT_SEND_RATE' | 'PUBLIC_URL'> & Partial<Pick<Config, 'RETENTION_MONTHS' | 'ANONYMITY_KEY'>>;
  refs: ConversationRefs;
  deliveries: Deliveries;
  people: PeopleDirectory;
  roles: RoleService;
  jobs: Jobs;
  /** Keys people in anonymous reviews under ANONYMITY_KEY (see reviews/responder.ts). */
  responders: Responders;
}

export function createServices(
  store: DocumentStore,
  clock: Clock,
  log: Logger,
  config: Services['config'],
  jobOptions: ConstructorParameters<typeof Jobs>[3] = {},
): Services {
  const people = new PeopleDirectory(new Collection(store, clock, 'person', Person), clock);
  return {
    store,
    clock,
    log,
    config,
    refs: new ConversationRefs(new Collection(store, clock, 'conversation', ConversationDoc)),
    deliveries: new Deliveries(new Collection(store, clock, 'delivery', Delivery)),
    people,
    roles: new RoleService(new Collection(store, clock, 'roleGrant', RoleGrant), new Collection(store, clock, 'coordinatorRoster', CoordinatorRoster), people, config.COORDINATORS),
    jobs: new Jobs(store, clock, log.child({ component: 'jobs' }), jobOptions),
    // src/index.ts always passes the key (configured, or the local key file); without one (tests),
    // a key for this process only.
    responders: new Responders(config.ANONYMITY_KEY ?? randomBytes(32).toString('base64')),
  };
}
