import { readFileSync } from 'node:fs';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { createServices } from '../src/compose.js';
import { silentLogger } from '../src/log.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { buildApp } from '../src/teams/app.js';

/** The toolkit fills ${{VAR}} from env/; validate with values of the right shape. */
function filledManifest(): Record<string, unknown> {
  const text = readFileSync('appPackage/manifest.json', 'utf8').replace(/\$\{\{(\w+)\}\}/g, (_, name: string) => {
    if (name.endsWith('_ID')) return '00000000-0000-4000-8000-000000000000';
    if (name.endsWith('_URL')) return 'https://headway.example.org';
    if (name === 'BOT_DOMAIN') return 'headway.example.org';
    return '';
  });
  return JSON.parse(text) as Record<string, unknown>;
}

function pngSize(path: string): { width: number; height: number; colourType: number } {
  const png = readFileSync(path);
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), colourType: png[25]! };
}

describe('Teams app package', () => {
  it('manifest validates against the official schema, offline', async () => {
    const manifest = filledManifest();
    const errors = await AppManifestUtils.validateAgainstSchema(manifest as never);
    expect(errors).toEqual([]);
  });

  it('lists in each scope the commands without arguments that the bot offers there (all of them, up to Teams’ 10)', () => {
    const manifest = filledManifest() as { bots: { commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[] }[] };
    const headway = buildApp(
      createServices(new SqliteStore(':memory:'), new ManualClock(), silentLogger, { COORDINATORS: [], TENANT_SEND_RATE: 30, PUBLIC_URL: undefined }),
      { BOT_ID: undefined, BOT_PASSWORD: undefined, BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: undefined },
    );
    const scopes = { personal: 'personal', team: 'channel', groupChat: 'groupChat' } as const;
    for (const [manifestScope, botScope] of Object.entries(scopes)) {
      const list = manifest.bots[0]!.commandLists.find((l) => l.scopes.includes(manifestScope))!;
      const offered = headway.router.commands().filter((c) => c.scopes.includes(botScope) && !c.usage.includes('['));
      const titles = list.commands.map((c) => c.title);
      const usages = offered.map((c) => c.usage);
      expect(titles.filter((t) => !usages.includes(t)), `${manifestScope}: listed but not offered`).toEqual([]);
      expect(new Set(titles).size).toBe(titles.length);
      expect(titles.length, manifestScope).toBe(Math.min(10, usages.length));
      expect(titles).toContain('help');
      for (const command of list.commands) expect(command.description.length).toBeLessThanOrEqual(128);
    }
  });

  it('has icons of the sizes Teams requires, the outline with transparency', () => {
    expect(pngSize('appPackage/color.png')).toMatchObject({ width: 192, height: 192 });
    expect(pngSize('appPackage/outline.png')).toEqual({ width: 32, height: 32, colourType: 6 });
  });
});
