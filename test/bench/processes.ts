import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildSpec, FromChild, ToChild } from './child.js';

/** A benchmark process (see child.ts): where it listens, and what it can be asked. */
export interface BenchProcess {
  url: string;
  /** CPU milliseconds (user + system) this process has used so far. */
  cpuMs(): Promise<number>;
  /** Live heap and resident memory after a collection. */
  memory(): Promise<{ heapMiB: number; rssMiB: number }>;
  /** Waits until the bot's pending live-count updates are done. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `spec` in its own Node process (from the built dist/, as `npm run bench` runs). */
export async function startProcess(spec: ChildSpec): Promise<BenchProcess> {
  // BENCH_PROFILE=<folder> writes each process's CPU profile there (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`, `--cpu-prof-name=${spec.role}-${'store' in spec ? spec.store : 'none'}-${process.hrtime.bigint()}.cpuprofile`] : [];
  const child: ChildProcess = fork(fileURLToPath(new URL('./child.js', import.meta.url)), [JSON.stringify(spec)], { execArgv: ['--expose-gc', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, (message: FromChild) => void>();
  let next = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${spec.role} process exited (${code}) before it was ready`)));
    child.on('message', (message: FromChild) => {
      if ('ready' in message) resolve(message.ready);
      else waiting.get(message.id)?.(message);
    });
  });
  const ask = (what: ToChild['ask']) =>
    new Promise<FromChild>((resolve) => {
      const id = next++;
      waiting.set(id, (message) => {
        waiting.delete(id);
        resolve(message);
      });
      child.send({ ask: what, id } satisfies ToChild);
    });
  return {
    url,
    cpuMs: async () => ((await ask('cpu')) as { cpuMs: number }).cpuMs,
    memory: async () => (await ask('memory')) as { heapMiB: number; rssMiB: number },
    settle: async () => void (await ask('settle')),
    stop: async () => {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await ask('stop');
      await exited;
    },
  };
}
