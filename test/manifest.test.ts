import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { inflateSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { buildPackage } from '../scripts/package.mjs';
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

/** The entries of a ZIP file, read with fflate (and checked by Debian's unzip where it is installed). */
function unzip(path: string): Map<string, Buffer> {
  const tested = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
  if (!tested.error) expect(tested.stdout).toContain('No errors detected');
  return new Map(Object.entries(unzipSync(readFileSync(path))).map(([name, data]) => [name, Buffer.from(data)]));
}

/** RGBA pixels of an 8-bit RGBA PNG whose rows use filter 0 (as scripts/icons.mjs writes them). */
function rgba(path: string): { pixels: number[][]; filters: Set<number> } {
  const png = readFileSync(path);
  const width = png.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = 1 + width * 4;
  const pixels: number[][] = [];
  const filters = new Set<number>();
  for (let row = 0; row * stride < raw.length; row++) {
    filters.add(raw[row * stride]!);
    for (let x = 0; x < width; x++) pixels.push([...raw.subarray(row * stride + 1 + x * 4, row * stride + 5 + x * 4)]);
  }
  return { pixels, filters };
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

  it('has icons of the sizes Teams requires, the outline white on transparent', () => {
    expect(pngSize('appPackage/color.png')).toMatchObject({ width: 192, height: 192 });
    expect(pngSize('appPackage/outline.png')).toEqual({ width: 32, height: 32, colourType: 6 });
    const { pixels, filters } = rgba('appPackage/outline.png');
    expect([...filters]).toEqual([0]);
    const drawn = pixels.filter((p) => p[3]! > 0);
    expect(pixels.filter((p) => p[3] === 0).length).toBeGreaterThan(pixels.length / 4); // mostly transparent
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.filter((p) => p[0] !== 255 || p[1] !== 255 || p[2] !== 255)).toEqual([]); // only white
  });

  it('npm run package zips the filled manifest and both icons; it refuses, naming them, when values are missing', async () => {
    const values = { TEAMS_APP_ID: '00000000-0000-4000-8000-000000000010', BOT_ID: '00000000-0000-4000-8000-000000000011', BOT_DOMAIN: 'headway-test.azurewebsites.net' };
    const entries = unzip(buildPackage('dev', values));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(entries.get('color.png')!.equals(readFileSync('appPackage/color.png'))).toBe(true);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { id: string; name: { short: string }; validDomains: string[]; bots: { botId: string }[] };
    expect(manifest).toMatchObject({ id: values.TEAMS_APP_ID, name: { short: 'Headwaydev' }, bots: [{ botId: values.BOT_ID }] });
    expect(manifest.validDomains).toContain(values.BOT_DOMAIN);
    expect(await AppManifestUtils.validateAgainstSchema(manifest as never)).toEqual([]);
    expect(() => buildPackage('dev', { BOT_ID: values.BOT_ID })).toThrow(/no value for TEAMS_APP_ID, BOT_DOMAIN/);
  });
});
