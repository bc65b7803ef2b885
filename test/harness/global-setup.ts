import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
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
 * A TLS certificate for 127.0.0.1, made for the run and trusted by the test workers (they start
 * after this and read NODE_EXTRA_CA_CERTS), serves the fake identity platform over HTTPS, as
 * MSAL and the SDK insist on (see harness/identity.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const removeScratch = scratchTmpdir();
  await trustTestCertificate(process.env.TMPDIR!);
  const server = await startCosmosServer();
  project.provide('cosmosEndpoint', server.endpoint);
  return async () => {
    await server.close();
    removeScratch();
  };
}

async function trustTestCertificate(dir: string): Promise<void> {
  const made = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 7 * 24 * 3600_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }, { name: 'basicConstraints', cA: true }],
  });
  const cert = join(dir, 'test-ca.pem');
  const key = join(dir, 'test-ca.key');
  writeFileSync(cert, made.cert);
  writeFileSync(key, made.private, { mode: 0o600 });
  process.env.NODE_EXTRA_CA_CERTS = cert;
  process.env.HEADWAY_TEST_TLS_KEY = key;
}
