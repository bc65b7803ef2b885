import { readFileSync } from 'node:fs';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { describe, expect, it } from 'vitest';

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

  it('lists in each scope the commands the bot offers there', () => {
    const manifest = filledManifest() as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] };
    const personal = manifest.bots[0]!.commandLists.find((l) => l.scopes.includes('personal'))!;
    expect(personal.commands.map((c) => c.title)).toEqual(['help', 'my offer', 'hosting new', 'hosting campaigns', 'hosting status', 'roles']);
  });

  it('has icons of the sizes Teams requires, the outline with transparency', () => {
    expect(pngSize('appPackage/color.png')).toMatchObject({ width: 192, height: 192 });
    expect(pngSize('appPackage/outline.png')).toEqual({ width: 32, height: 32, colourType: 6 });
  });
});
