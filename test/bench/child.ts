/**
 * One process of the benchmark, started by processes.ts: a Headway bot on a named store, the
 * floor's echo bot, or the Cosmos protocol server. It says where it listens, then answers the
 * parent's questions (CPU time used, live memory, live counts settled) until told to stop, so
 * each figure is this process's own, not the client's or the fake connector's.
 */
import { startCosmosServer } from '../harness/cosmos-server.js';
import { startHeadway, testStore } from '../harness/headway.js';
import { startEchoBot } from './echo.js';

export type ChildSpec =
  | { role: 'headway'; store: 'sqlite' | 'cosmos'; endpoint?: string; at: string; coordinators?: string[] }
  | { role: 'echo' }
  | { role: 'cosmos' };

export type ToChild = { ask: 'cpu' | 'memory' | 'settle' | 'stop'; id: number };
export type FromChild = { ready: string } | { id: number; cpuMs?: number; heapMiB?: number; rssMiB?: number };

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
  const send = (message: FromChild) => process.send!(message);
  let settle = async () => {};
  let stop: () => Promise<void>;
  if (spec.role === 'headway') {
    const bot = await startHeadway(testStore(spec.store, spec.endpoint, spec.at), { coordinators: spec.coordinators ?? [] });
    settle = () => bot.headway.liveCounts.idle();
    stop = () => bot.stop();
    send({ ready: bot.server.url });
  } else if (spec.role === 'echo') {
    const echo = await startEchoBot();
    stop = echo.close;
    send({ ready: echo.url });
  } else {
    const cosmos = await startCosmosServer();
    stop = cosmos.close;
    send({ ready: cosmos.endpoint });
  }
  process.on('message', (message: ToChild) => {
    void (async () => {
      if (message.ask === 'cpu') {
        const { user, system } = process.cpuUsage();
        send({ id: message.id, cpuMs: (user + system) / 1000 });
      } else if (message.ask === 'memory') {
        (globalThis as { gc?: () => void }).gc?.();
        const memory = process.memoryUsage();
        send({ id: message.id, heapMiB: memory.heapUsed / 2 ** 20, rssMiB: memory.rss / 2 ** 20 });
      } else if (message.ask === 'settle') {
        await settle();
        send({ id: message.id });
      } else {
        await stop();
        process.send!({ id: message.id } satisfies FromChild, () => process.exit(0));
      }
    })();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
