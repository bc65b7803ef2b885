#!/usr/bin/env node
// `npm run package [env]` (env defaults to dev): fills appPackage/manifest.json's ${{KEY}}
// placeholders from env/.env.<env> (a value set in the process environment wins) and writes
// appPackage/build/appPackage.<env>.zip with the manifest and both icons, as the toolkit's
// teamsApp/zipAppPackage does. Refuses, naming them, when placeholders have no value.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { zipSync } from 'fflate';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

/** KEY=value lines, as Node reads an env file (comments, quotes, blank lines); none when the file is absent. */
export function readEnvFile(path) {
  return existsSync(path) ? parseEnv(readFileSync(path, 'utf8')) : {};
}

/** The manifest with every placeholder filled, or the names of those without a value. */
export function fillManifest(text, values) {
  const missing = new Set();
  const filled = text.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (_, key) => {
    const value = values[key];
    // An empty suffix is a value; anything else empty is missing.
    if (value === undefined || (value === '' && key !== 'APP_NAME_SUFFIX')) missing.add(key);
    return value ?? '';
  });
  return { filled, missing: [...missing] };
}

/** A ZIP archive of `files` (deflated), with fflate. */
export function zip(files) {
  return Buffer.from(zipSync(Object.fromEntries(files.map(({ name, data }) => [name, [new Uint8Array(data), { level: 9 }]]))));
}

/** Builds appPackage/build/appPackage.<env>.zip; answers its path, or throws naming what is missing. */
export function buildPackage(env, overrides = process.env, base = root) {
  const values = { ...readEnvFile(join(base, 'env', `.env.${env}`)), ...readEnvFile(join(base, 'env', `.env.${env}.user`)) };
  for (const key of Object.keys(overrides)) if (overrides[key] !== undefined && overrides[key] !== '') values[key] = overrides[key];
  const { filled, missing } = fillManifest(readFileSync(join(base, 'appPackage', 'manifest.json'), 'utf8'), values);
  if (missing.length > 0) throw new Error(`env/.env.${env} has no value for ${missing.join(', ')} (provision with the toolkit first, or set them in the environment)`);
  const manifest = JSON.parse(filled);
  const files = [
    { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest, null, 2)) },
    { name: manifest.icons.color, data: readFileSync(join(base, 'appPackage', manifest.icons.color)) },
    { name: manifest.icons.outline, data: readFileSync(join(base, 'appPackage', manifest.icons.outline)) },
  ];
  mkdirSync(join(base, 'appPackage', 'build'), { recursive: true });
  const out = join(base, 'appPackage', 'build', `appPackage.${env}.zip`);
  writeFileSync(out, zip(files));
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const env = process.argv[2] ?? 'dev';
  try {
    console.log(`Wrote ${buildPackage(env)}`);
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}
