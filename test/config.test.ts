import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('config', () => {
  it('has working defaults for a local run', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3978, STORE: 'sqlite', SQLITE_PATH: '.data/headway.db', COORDINATORS: [], TENANT_SEND_RATE: 30, COSMOS_DATABASE: 'headway' });
  });

  it('treats empty strings as missing, as the toolkit writes them', () => {
    expect(loadConfig({ PORT: '', STORE: '', BOT_ID: '', COORDINATORS: '' })).toMatchObject({ PORT: 3978, STORE: 'sqlite', COORDINATORS: [] });
  });

  it('parses the coordinator list', () => {
    const a = '0b7e2c0e-3b5b-4a5e-9a3c-1d2e3f4a5b6c';
    const b = '1c8f3d1f-4c6c-4b6f-8b4d-2e3f4a5b6c7d';
    expect(loadConfig({ COORDINATORS: ` ${a}, ${b} ,` }).COORDINATORS).toEqual([a, b]);
  });

  it('names every bad variable and what it expects', () => {
    const error = (() => {
      try {
        loadConfig({ PORT: 'eighty', STORE: 'postgres', COORDINATORS: 'alice', BOT_ID: 'not-a-guid' });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    const text = error.problems.join('\n');
    expect(text).toMatch(/^PORT: expected a port number/m);
    expect(text).toMatch(/^STORE: expected 'sqlite' or 'cosmos'/m);
    expect(text).toMatch(/^COORDINATORS.*GUID/m);
    expect(text).toMatch(/^BOT_ID: expected the bot app id/m);
  });

  it('requires the Cosmos endpoint for the cosmos store, and credentials that fit the bot type', () => {
    expect(() => loadConfig({ STORE: 'cosmos' })).toThrow(/COSMOS_ENDPOINT: required when STORE=cosmos/);
    expect(() => loadConfig({ BOT_ID: '0b7e2c0e-3b5b-4a5e-9a3c-1d2e3f4a5b6c', BOT_TYPE: 'SingleTenant' })).toThrow(/BOT_PASSWORD: required[\s\S]*BOT_TENANT_ID: required/);
    expect(() => loadConfig({ STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/' })).toThrow(/ANONYMITY_KEY: required when STORE=cosmos/);
    expect(() => loadConfig({ STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', ANONYMITY_KEY: 'short' })).toThrow(/ANONYMITY_KEY: expected at least 32 characters/);
    expect(loadConfig({ STORE: 'cosmos', COSMOS_ENDPOINT: 'https://acct.documents.azure.com:443/', ANONYMITY_KEY: 'k'.repeat(44) }).COSMOS_KEY).toBeUndefined();
  });
});
