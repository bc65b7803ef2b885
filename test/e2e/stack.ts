import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

const root = join(import.meta.dirname, '..', '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export const GRACE = '0a1b2c3d-1111-4a4a-8b8b-000000000001';

/** The built bot (dist/) on a fresh SQLite file, and the Agents Playground pointed at it. */
export async function startStack(prepare?: (sqlitePath: string) => Promise<void>): Promise<{ playgroundUrl: string; botUrl: string; stop: () => Promise<void> }> {
  const botPort = await freePort();
  const playgroundPort = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'headway-e2e-'));
  // Test data written through the app's own services before the bot starts on the same file.
  if (prepare) await prepare(join(data, 'headway.db'));
  const children: ChildProcess[] = [];
  const bot = spawn(process.execPath, [join(root, 'dist/src/index.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(botPort), STORE: 'sqlite', SQLITE_PATH: join(data, 'headway.db'), COORDINATORS: GRACE, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(bot);
  const cli = createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  const playground = spawn(process.execPath, [cli, '-p', String(playgroundPort), '-c', 'msteams', '--disable-telemetry'], {
    cwd: join(root, 'playground'),
    env: { ...process.env, BOT_ENDPOINT: `http://127.0.0.1:${botPort}/api/messages`, TEAMSAPPTESTER_BROWSER: 'none' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(playground);
  await waitFor(`http://127.0.0.1:${botPort}/healthz`);
  await waitFor(`http://127.0.0.1:${playgroundPort}/_internal/v1/config`);
  return {
    playgroundUrl: `http://127.0.0.1:${playgroundPort}`,
    botUrl: `http://127.0.0.1:${botPort}`,
    async stop() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(children.map((c) => (c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r)))));
    },
  };
}

/** Debian's Chromium with a fresh profile folder (Playwright takes it as the persistent-context dir). */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'headway-chromium-')), {
    viewport: { width: 1400, height: 900 },
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** The bot, the Playground and a Chromium page on it: what every journey starts from. */
export async function openPlayground(prepare?: (sqlitePath: string) => Promise<void>): Promise<{ page: Page; close: () => Promise<void> }> {
  const stack = await startStack(prepare);
  const browser = await launchChromium();
  const page = await browser.newPage();
  await page.goto(stack.playgroundUrl);
  return {
    page,
    async close() {
      await browser.close();
      await stack.stop();
    },
  };
}

/** Typing in the Playground's message box, and finding the latest card that shows some text. */
export function chatOn(page: Page): { say: (text: string) => Promise<void>; post: (text: string) => Promise<void>; card: (text: string) => Locator } {
  return {
    /** A new post in the open channel, mentioning Headway (in channels the bot hears only @mentions). */
    async post(text: string) {
      await page.locator('[data-lexical-editor="true"][role="textbox"]').first().click();
      await page.keyboard.type('@Head');
      await page.getByRole('menuitem', { name: 'Headway' }).click();
      await page.keyboard.type(` ${text}`);
      await page.getByRole('button', { name: 'Post' }).click();
    },
    async say(text: string) {
      await page.locator('[data-lexical-editor="true"][role="textbox"]').first().click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    },
    card: (text: string) => page.locator('.ac-adaptiveCard').filter({ hasText: text }).last(),
  };
}

/**
 * Picks a day in an Input.Date as the Playground draws it (a calendar, not a text box): opens it at
 * `input` and steps month by month (back for a day in 2025, else forward) to `label`, e.g. "26, March, 2027".
 */
export async function pickDate(page: Page, input: Locator, label: string): Promise<void> {
  await input.click();
  const day = page.getByRole('button', { name: label, exact: true });
  const back = label.includes('2025');
  for (let i = 0; i < 30 && !(await day.isVisible()); i++) await page.getByTitle(back ? /^Previous month/ : /^Next month/).click();
  await day.click();
}
