import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';
import { startTelemetry, type Telemetry } from '../src/telemetry.js';
import { startHeadway, testStore } from './harness/headway.js';

/**
 * A stand-in for Application Insights' ingestion endpoint (it cannot be reached from here): it
 * takes POST /v2.1/track with gzip'd newline-delimited envelopes and answers as the service does.
 */
async function fakeIngestion(): Promise<{ server: Server; url: string; envelopes: Record<string, unknown>[] }> {
  const envelopes: Record<string, unknown>[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v2.1/track') {
        res.writeHead(404).end();
        return;
      }
      const raw = Buffer.concat(chunks);
      const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
      const items = body.trim().startsWith('[') ? (JSON.parse(body) as Record<string, unknown>[]) : body.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      envelopes.push(...items);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, url: `http://127.0.0.1:${port}/`, envelopes };
}

describe('Application Insights telemetry', () => {
  let ingestion: Awaited<ReturnType<typeof fakeIngestion>>;
  let telemetry: Telemetry;

  beforeAll(async () => {
    ingestion = await fakeIngestion();
    telemetry = startTelemetry(`InstrumentationKey=00000000-0000-4000-8000-000000000001;IngestionEndpoint=${ingestion.url}`, { batchIntervalMs: 50 })!;
  });
  afterAll(async () => {
    await new Promise((resolve) => ingestion.server.close(resolve));
  });

  it('is off without a connection string', () => {
    expect(startTelemetry(undefined)).toBeUndefined();
    expect(startTelemetry('')).toBeUndefined();
  });

  it('sends the bot’s requests and its redacted logs', async () => {
    const log = createLogger('info', telemetry.sink);
    const bot = await startHeadway(testStore('sqlite'), { log });
    try {
      expect((await fetch(`${bot.server.url}/healthz`)).status).toBe(200);
      log.warn({ tenantId: 't1', name: 'Amara Okafor' }, 'a warning for the dashboard');
      await telemetry.flush();
      await expect.poll(() => ingestion.envelopes.map((e) => (e.data as { baseType: string }).baseType), { timeout: 5000 }).toEqual(expect.arrayContaining(['RequestData', 'MessageData']));
      const request = ingestion.envelopes.find((e) => (e.data as { baseType: string }).baseType === 'RequestData')!;
      expect(JSON.stringify(request)).toContain('/healthz');
      const trace = ingestion.envelopes.find((e) => JSON.stringify(e).includes('a warning for the dashboard'))!;
      const base = (trace.data as { baseData: { severityLevel: number; properties: Record<string, string> } }).baseData;
      expect(base.severityLevel).toBe(2);
      expect(base.properties).toMatchObject({ tenantId: 't1', name: '[redacted]', app: 'headway' });
      expect(JSON.stringify(ingestion.envelopes)).not.toContain('Amara Okafor');
      expect(JSON.stringify(trace)).toContain('"ai.cloud.role":"headway"');
    } finally {
      await bot.stop();
    }
  });
});
