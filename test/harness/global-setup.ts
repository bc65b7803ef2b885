import type { TestProject } from 'vitest/node';
import { startCosmosServer } from './cosmos-server.js';
import { scratchTmpdir } from './scratch.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cosmosEndpoint: string;
  }
}

/**
 * One Cosmos DB protocol server for the whole run; each test file uses its own database. The
 * run's files go in one scratch folder, removed at the end so that runs leave nothing in /tmp.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const removeScratch = scratchTmpdir();
  const server = await startCosmosServer();
  project.provide('cosmosEndpoint', server.endpoint);
  return async () => {
    await server.close();
    removeScratch();
  };
}
