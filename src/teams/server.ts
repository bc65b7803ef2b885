import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Logger } from '../log.js';
import type { Headway } from './app.js';
import { turnFields } from './identity.js';
import { handleInbound } from './inbound.js';
import { DomainError } from '../errors.js';
import { LinkError } from './links.js';

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  /** Stops accepting, waits for the turns in flight (up to `graceMs`). */
  close(graceMs?: number): Promise<void>;
}

/**
 * The HTTP edge: POST /api/messages for Teams, GET /healthz for the platform's health check.
 * Without a bot id, authentication is off, so the server binds to localhost only.
 */
export async function startServer(headway: Headway, options: { port: number; host?: string; authOn: boolean; log: Logger }): Promise<RunningServer> {
  const { log } = options;
  const web = express();
  web.disable('x-powered-by');
  web.use(express.json({ limit: '1mb' }));
  let inFlight = 0;
  let draining = false;
  const idle: (() => void)[] = [];

  web.post('/api/messages', async (req, res) => {
    if (draining) {
      res.status(503).set('Retry-After', '1').end();
      return;
    }
    inFlight++;
    try {
      await handleInbound({ adapter: headway.adapter, auth: headway.auth, allowedTenants: headway.allowedTenants, log }, req, res, async (context) => {
        await headway.app.run(context);
      });
    } catch (error) {
      log.error({ ...turnFields(req.body ?? {}), err: error }, 'request failed');
      if (!res.headersSent) res.status(500).end();
    } finally {
      inFlight--;
      if (inFlight === 0) idle.splice(0).forEach((resolve) => resolve());
    }
  });

  // Files behind expiring signed links (exports): the link is the permission, scoped to a tenant.
  web.get('/files/:name', async (req, res) => {
    const handler = headway.files.get(req.params.name);
    if (!handler) {
      res.status(404).type('text/plain').send('No such file.');
      return;
    }
    try {
      const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
      const file = await headway.links.verify(req.params.name, query);
      const body = await handler(file.tenantId, file.params);
      res
        .status(200)
        .set('Content-Type', body.contentType)
        .set('Content-Disposition', `attachment; filename="${body.filename.replace(/[^\w.-]/g, '_')}"`)
        .set('Cache-Control', 'no-store')
        .send(body.body);
    } catch (error) {
      if (error instanceof LinkError) {
        res.status(error.status).type('text/plain').send(error.message);
        return;
      }
      if (error instanceof DomainError) {
        res.status(404).type('text/plain').send(error.userMessage);
        return;
      }
      log.error({ err: error, file: req.params.name }, 'file download failed');
      res.status(500).type('text/plain').send('Something went wrong; please try again.');
    }
  });

  web.get('/healthz', async (_req, res) => {
    try {
      await headway.services.store.ping();
      res.json({ status: 'ok', store: headway.services.store.kind });
    } catch (error) {
      log.error({ err: error }, 'health check: store unreachable');
      res.status(503).json({ status: 'unavailable', store: headway.services.store.kind });
    }
  });

  // Last: what Express itself refuses (a body that is not JSON, one over the limit) is answered
  // without its default page, which carries the error and a stack trace.
  web.use((error: { status?: number; type?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error, path: req.path }, 'request failed before it reached a handler');
    res.status(status).json({ error: status === 413 ? 'Request too large' : status === 500 ? 'Something went wrong' : 'Bad request' });
  });

  const host = options.host ?? (options.authOn ? '0.0.0.0' : '127.0.0.1');
  const server = await new Promise<Server>((resolve, reject) => {
    const s = web.listen(options.port, host, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  headway.links.setBase(`http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
  if (!options.authOn) log.warn({ host, port }, 'BOT_ID is not set: Bot Framework authentication is OFF; listening on localhost only');

  return {
    server,
    port,
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    async close(graceMs = 10_000) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([new Promise<void>((resolve) => idle.push(resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}
