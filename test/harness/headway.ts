import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ManualClock, systemClock, type Clock } from '../../src/clock.js';
import { createServices, type Services } from '../../src/compose.js';
import { silentLogger, type Logger } from '../../src/log.js';
import type { DocumentStore } from '../../src/store/port.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { buildApp, type Headway } from '../../src/teams/app.js';
import { startServer, type RunningServer } from '../../src/teams/server.js';
import { FakeConnector } from './connector.js';
import { openTestCosmos } from './cosmos-server.js';
import { TeamsClient } from './teams.js';

export type StoreKind = 'sqlite' | 'cosmos';

export interface StoreHandle {
  kind: StoreKind;
  open(): Promise<DocumentStore>;
}

/**
 * A fresh store of either kind; `open` again gives another handle on the same data. `at` names
 * the SQLite file or Cosmos database, so another process can open the same store.
 */
export function testStore(kind: StoreKind, cosmosEndpoint?: string, at?: string): StoreHandle {
  if (kind === 'sqlite') {
    const path = at ?? join(mkdtempSync(join(tmpdir(), 'headway-')), 'headway.db');
    return { kind, open: async () => new SqliteStore(path) };
  }
  if (!cosmosEndpoint) throw new Error('cosmos endpoint required');
  const database = at ?? `test-${randomUUID()}`;
  return { kind, open: () => openTestCosmos(cosmosEndpoint, database) };
}

export interface Running {
  headway: Headway;
  services: Services;
  server: RunningServer;
  store: DocumentStore;
  /** Runs due jobs until none is left, as the poller would: a reminder's job enqueues its fan-out, which runs next. */
  runJobs(): Promise<number>;
  stop(): Promise<void>;
}

export interface StartOptions {
  coordinators?: string[];
  clock?: Clock;
  botId?: string;
  tenantSendRate?: number;
  log?: Logger;
  /** With `botId`: where tokens are checked and got (a FakeIdentity's URLs). */
  identity?: { metadataUrl: string; loginUrl: string; issuer: string };
  allowedTenants?: string[];
  /** ANONYMITY_KEY (default: a key for this process only). */
  anonymityKey?: string;
  /** With `botId`: how the bot proves who it is (default MultiTenant with a client secret). */
  botType?: 'MultiTenant' | 'UserAssignedMsi';
}

/** Starts the real bot (app + HTTP server) in-process on a free port, on the given store. */
export async function startHeadway(handle: StoreHandle, options: StartOptions = {}): Promise<Running> {
  const store = await handle.open();
  const clock = options.clock ?? systemClock;
  const log = options.log ?? silentLogger;
  const services = createServices(store, clock, log, {
    COORDINATORS: options.coordinators ?? [],
    TENANT_SEND_RATE: options.tenantSendRate ?? 30,
    PUBLIC_URL: undefined,
    ...(options.anonymityKey ? { ANONYMITY_KEY: options.anonymityKey } : {}),
  });
  const headway = buildApp(
    services,
    {
      BOT_ID: options.botId,
      BOT_PASSWORD: options.botId && options.botType !== 'UserAssignedMsi' ? 'test-secret' : undefined,
      BOT_TYPE: options.botType ?? 'MultiTenant',
      BOT_TENANT_ID: options.botType === 'UserAssignedMsi' ? '6f1b2c3d-0000-4000-8000-0000000000aa' : undefined,
      ...(options.identity ? { BOT_OPENID_METADATA_URL: options.identity.metadataUrl, BOT_LOGIN_URL: options.identity.loginUrl, BOT_TOKEN_ISSUER: options.identity.issuer } : {}),
      ALLOWED_TENANTS: options.allowedTenants ?? [],
    },
    { liveCountDelayMs: 0 },
  );
  const server = await startServer(headway, { port: 0, authOn: Boolean(options.botId), log });
  return {
    headway,
    services,
    server,
    store,
    async runJobs() {
      let total = 0;
      for (let round = 0; round < 20; round++) {
        const ran = await services.jobs.runDue();
        if (ran === 0) return total;
        total += ran;
      }
      throw new Error('jobs kept scheduling more due jobs: 20 rounds');
    },
    async stop() {
      await server.close(1000);
      await headway.liveCounts.idle();
      await services.jobs.stop();
      await store.close();
    },
  };
}

/** The bot, a fake connector and a Teams client wired together. */
export async function startWorld(handle: StoreHandle, options: StartOptions = {}) {
  const connector = await new FakeConnector().start();
  const bot = await startHeadway(handle, options);
  const teams = new TeamsClient(bot.server.url, connector);
  return {
    connector,
    bot,
    teams,
    async stop() {
      await bot.stop();
      await connector.close();
    },
  };
}

export { ManualClock };
