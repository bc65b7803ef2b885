#!/usr/bin/env node
// `npm run dev`: the bot on :3978 with the embedded SQLite store, and the Microsoft 365 Agents
// Playground on :56150 talking to it. Ctrl-C stops both.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const playgroundDir = join(root, 'playground');
const botPort = process.env.PORT ?? '3978';
const playgroundPort = process.env.PLAYGROUND_PORT ?? '56150';

// The Playground's current user is the first coordinator, so every command can be tried.
const yml = readFileSync(join(playgroundDir, '.m365agentsplayground.yml'), 'utf8');
const currentUser = /currentUser:[\s\S]*?aadObjectId:\s*(\S+)/.exec(yml)?.[1];

const require = createRequire(import.meta.url);
const playgroundCli = require.resolve('@microsoft/m365agentsplayground/cli.js');

const children = [];
function start(name, command, args, options) {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} stopped (${signal ?? code}); stopping the rest.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

start('Headway', process.execPath, [join(root, 'dist/src/index.js')], {
  cwd: root,
  env: { STORE: 'sqlite', COORDINATORS: currentUser ?? '', ...process.env, PORT: botPort },
});
start('Agents Playground', process.execPath, [playgroundCli, '-p', playgroundPort, '-c', 'msteams', '--disable-telemetry'], {
  cwd: playgroundDir,
  env: { ...process.env, BOT_ENDPOINT: `http://127.0.0.1:${botPort}/api/messages`, TEAMSAPPTESTER_BROWSER: 'none' },
});

setTimeout(() => {
  if (!stopping) console.log(`\n  Headway is running. Open http://localhost:${playgroundPort} in a browser (Ctrl-C stops both).\n`);
}, 3000).unref();
