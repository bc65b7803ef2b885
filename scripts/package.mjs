#!/usr/bin/env node
// `npm run package [env]` (env defaults to dev): fills appPackage/manifest.json's ${{KEY}}
// placeholders from env/.env.<env> (a value set in the process environment wins) and writes
// appPackage/build/appPackage.<env>.zip with the manifest and both icons, as the toolkit's
// teamsApp/zipAppPackage does. Refuses, naming them, when placeholders have no value.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');

/** KEY=value lines; comments and blank lines ignored. */
export function readEnvFile(path) {
  const values = {};
  if (!existsSync(path)) return values;
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (match && !line.trimStart().startsWith('#')) values[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
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

/** A ZIP archive (deflated entries), enough for a Teams app package. */
export function zip(files) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(0, 10); // time, date
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(0, 12);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
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
