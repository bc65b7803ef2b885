import { Agent } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';
import { CosmosStore } from '../../src/store/cosmos.js';

/** Any base64 string is accepted by the protocol server. */
export const TEST_COSMOS_KEY = Buffer.from('headway-test-key').toString('base64');

/** The protocol server's certificate is self-signed and expired: only tests may skip verification. */
export const testAgent = new Agent({ rejectUnauthorized: false, keepAlive: true });

export async function startCosmosServer(port = 0): Promise<{ endpoint: string; close: () => Promise<void> }> {
  const server = createHttpsServer({ keepAlive: true });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** A store on its own database, created before use (parallel createIfNotExists races). */
export async function openTestCosmos(endpoint: string, database: string): Promise<CosmosStore> {
  return CosmosStore.open({ endpoint, key: TEST_COSMOS_KEY, database, agent: testAgent, createIfMissing: true });
}
