import type { Config } from '../config.js';
import { CosmosStore } from './cosmos.js';
import type { DocumentStore } from './port.js';
import { SqliteStore } from './sqlite.js';

export async function openStore(config: Pick<Config, 'STORE' | 'SQLITE_PATH' | 'COSMOS_ENDPOINT' | 'COSMOS_KEY' | 'COSMOS_DATABASE'>): Promise<DocumentStore> {
  if (config.STORE === 'sqlite') return new SqliteStore(config.SQLITE_PATH);
  return CosmosStore.open({
    endpoint: config.COSMOS_ENDPOINT!,
    database: config.COSMOS_DATABASE,
    // With a key (local emulator or tests) the database can be created; in Azure it is provisioned.
    ...(config.COSMOS_KEY ? { key: config.COSMOS_KEY, createIfMissing: true } : {}),
  });
}
