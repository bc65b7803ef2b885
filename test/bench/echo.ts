import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';

/** The floor: a bare teams-ai bot that echoes text and answers the Help verb with a fixed card. */
export async function startEchoBot(): Promise<{ url: string; close: () => Promise<void> }> {
  const adapter = new TeamsAdapter({});
  const app = new Application({ adapter, startTypingTimer: false });
  const card = { type: 'AdaptiveCard' as const, version: '1.5', body: [{ type: 'TextBlock', text: 'Echo' }] };
  app.adaptiveCards.actionExecute('core.help', async () => card);
  app.conversationUpdate('membersAdded', async (context) => {
    await context.sendActivity({ attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: { ...card, actions: [{ type: 'Action.Execute', title: 'Help', verb: 'core.help', data: {} }] } }] });
  });
  app.activity('message', async (context) => {
    await context.sendActivity(`echo: ${context.activity.text}`);
  });
  const web = express();
  web.use(express.json());
  web.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, async (context) => {
      await app.run(context);
    });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = web.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

