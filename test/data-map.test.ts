import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManualClock } from '../src/clock.js';
import { createServices } from '../src/compose.js';
import { silentLogger } from '../src/log.js';
import { knownDocumentTypes } from '../src/store/collection.js';
import { buildApp } from '../src/teams/app.js';
import { testStore } from './harness/headway.js';

/** Every field name in a schema, nested ones as `a.b` (array items and record values too). */
function fieldNames(schema: z.ZodTypeAny, prefix = ''): string[] {
  const def = schema._def as { innerType?: z.ZodTypeAny; schema?: z.ZodTypeAny; in?: z.ZodTypeAny; options?: z.ZodTypeAny[] };
  if (schema instanceof z.ZodObject) return Object.entries(schema.shape as Record<string, z.ZodTypeAny>).flatMap(([k, v]) => [prefix + k, ...fieldNames(v, `${prefix}${k}.`)]);
  if (schema instanceof z.ZodArray) return fieldNames(schema.element, prefix);
  if (schema instanceof z.ZodRecord) return fieldNames(schema.valueSchema, `${prefix}*.`);
  if (def.options) return def.options.flatMap((o) => fieldNames(o, prefix));
  const inner = def.innerType ?? def.schema ?? def.in;
  return inner ? fieldNames(inner, prefix) : [];
}

/** UK GDPR's special categories (Article 9) and criminal records (Article 10), as field names might spell them. */
const SPECIAL = /ethnic|race|racial|religio|belief|faith|health|medical|disab|sexual|orientation|gender|pregnan|trade.?union|biometric|genetic|criminal|convict|politic|nationality|immigration/i;

describe('personal data map', () => {
  const store = testStore('sqlite');
  const types = async () => {
    const services = createServices(await store.open(), new ManualClock(), silentLogger, { COORDINATORS: [], TENANT_SEND_RATE: 30, PUBLIC_URL: undefined });
    buildApp(services, { BOT_ID: undefined, BOT_PASSWORD: undefined, BOT_TYPE: 'MultiTenant', BOT_TENANT_ID: undefined });
    return new Map([...knownDocumentTypes()].map(([type, schemas]) => [type, [...schemas].flatMap((s) => fieldNames(s))]));
  };

  it('no stored document type has a field for special-category data (ethnicity, religion, health and the like)', async () => {
    const found = [...(await types())].flatMap(([type, fields]) => fields.filter((f) => SPECIAL.test(f)).map((f) => `${type}.${f}`));
    expect(found).toEqual([]);
    expect(SPECIAL.test('ethnicity') && SPECIAL.test('religion') && SPECIAL.test('healthNeeds')).toBe(true); // the check could fail
  });

  it('the README\'s data map lists every document type the code stores, and no other', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('## Personal data map'), readme.indexOf('\n## ', readme.indexOf('## Personal data map') + 5));
    const listed = [...section.matchAll(/^\| `([a-zA-Z]+)` \|/gm)].map((m) => m[1]!).sort();
    expect(listed).toEqual([...(await types()).keys()].sort());
  });
});
