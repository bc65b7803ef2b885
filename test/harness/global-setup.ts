import type { TestProject } from 'vitest/node';
import { startCosmosServer } from './cosmos-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    cosmosEndpoint: string;
  }
}

/** One Cosmos DB protocol server for the whole run; each test file uses its own database. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startCosmosServer();
  project.provide('cosmosEndpoint', server.endpoint);
  return () => server.close();
}
