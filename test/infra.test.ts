import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { readEnvFile } from '../scripts/package.mjs';

/**
 * What can be checked about the toolkit files and the Bicep templates without Azure or a Bicep
 * compiler: paths exist, parameters and outputs line up, and no secret is created anywhere.
 */

const bicep = (path: string) => readFileSync(path, 'utf8');
/** `param name type [= default]` declarations, with whether they have a default. */
function params(source: string): Map<string, { hasDefault: boolean }> {
  return new Map([...source.matchAll(/^param\s+(\w+)\s+\w+(\s*=.*)?$/gm)].map((m) => [m[1]!, { hasDefault: Boolean(m[2]) }]));
}
const outputs = (source: string) => [...source.matchAll(/^output\s+(\w+)\s+/gm)].map((m) => m[1]!);
const placeholders = (text: string) => [...new Set([...text.matchAll(/\$\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!))];

type Step = { uses: string; with?: Record<string, unknown>; writeToEnvironmentFile?: Record<string, string> };
const project = (file: string) => parseYaml(readFileSync(file, 'utf8')) as Record<'provision' | 'deploy' | 'publish', Step[] | undefined>;
const steps = (file: string) => Object.values(project(file)).filter(Array.isArray).flat() as Step[];

const main = bicep('infra/azure.bicep');
const botModule = bicep('infra/botRegistration/azurebot.bicep');
const parameters = JSON.parse(readFileSync('infra/azure.parameters.json', 'utf8')) as { parameters: Record<string, { value: unknown }> };

describe('toolkit project files', () => {
  it.each(['teamsapp.yml', 'teamsapp.local.yml'])('%s names only files that exist (build outputs aside)', (file) => {
    const named: string[] = [];
    for (const step of steps(file)) {
      const w = step.with ?? {};
      for (const key of ['manifestPath', 'ignoreFile', 'artifactFolder']) if (typeof w[key] === 'string') named.push(w[key]);
      for (const t of (w.templates as { path: string; parameters: string }[] | undefined) ?? []) named.push(t.path, t.parameters);
    }
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((p) => !existsSync(p))).toEqual([]);
  });

  it.each([
    ['teamsapp.yml', 'env/.env.dev'],
    ['teamsapp.local.yml', 'env/.env.local'],
  ])('%s: every ${{KEY}} it, the parameters file and the manifest use has a home in %s or is written by a step', (file, envFile) => {
    const env = readEnvFile(envFile);
    const written = new Set([...steps(file).flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {})), ...(file === 'teamsapp.yml' ? outputs(main) : []), 'TEAMSFX_ENV']);
    const used = [readFileSync(file, 'utf8'), readFileSync('appPackage/manifest.json', 'utf8'), ...(file === 'teamsapp.yml' ? [readFileSync('infra/azure.parameters.json', 'utf8')] : [])].flatMap(placeholders);
    const homeless = used.filter((key) => !(key in env) && !written.has(key) && !key.startsWith('SECRET_'));
    expect(homeless).toEqual([]);
  });

  it('keeps secrets out of the committed env files: the local bot secret goes to the git-ignored .user file', () => {
    const secretsWritten = steps('teamsapp.local.yml').flatMap((s) => Object.values(s.writeToEnvironmentFile ?? {})).filter((k) => /PASSWORD|SECRET/.test(k));
    expect(secretsWritten).toEqual(['SECRET_BOT_PASSWORD']); // the toolkit writes SECRET_* keys to env/.env.<env>.user
    expect(readFileSync('.gitignore', 'utf8')).toMatch(/^env\/\.env\.\*\.user$/m);
    for (const file of ['env/.env.dev', 'env/.env.local']) expect(Object.keys(readEnvFile(file)).filter((k) => /PASSWORD|SECRET|KEY$/.test(k))).toEqual([]);
  });

  it('provisions with infra/azure.bicep and deploys to the web app it creates', () => {
    const provision = project('teamsapp.yml').provision!;
    expect(provision.map((s) => s.uses)).toEqual(['teamsApp/create', 'arm/deploy', 'teamsApp/validateManifest', 'teamsApp/zipAppPackage', 'teamsApp/validateAppPackage', 'teamsApp/update']);
    const zipDeploy = project('teamsapp.yml').deploy!.find((s) => s.uses === 'azureAppService/zipDeploy')!;
    expect(placeholders(String(zipDeploy.with!.resourceId))).toEqual(['BOT_AZURE_APP_SERVICE_RESOURCE_ID']);
    expect(outputs(main)).toContain('BOT_AZURE_APP_SERVICE_RESOURCE_ID');
    expect(project('teamsapp.yml').publish!.map((s) => s.uses)).toContain('teamsApp/publishAppPackage');
  });
});

describe('Azure templates', () => {
  it('sets only declared parameters, and every parameter without a default', () => {
    const declared = params(main);
    const set = Object.keys(parameters.parameters);
    expect(set.filter((p) => !declared.has(p))).toEqual([]);
    expect([...declared].filter(([name, p]) => !p.hasDefault && !set.includes(name)).map(([name]) => name)).toEqual([]);
  });

  it('calls each module with declared parameters, every required one included, and the module file exists', () => {
    const calls = [...main.matchAll(/^module\s+\w+\s+'([^']+)'\s*=\s*\{([\s\S]*?)^\}/gm)];
    expect(calls).toHaveLength(1);
    for (const call of calls) {
      const path = join(dirname('infra/azure.bicep'), call[1]!);
      expect(existsSync(path), path).toBe(true);
      const passed = [...call[2]!.matchAll(/^\s{4}(\w+):/gm)].map((m) => m[1]!);
      const declared = params(bicep(path));
      expect(passed.filter((p) => !declared.has(p))).toEqual([]);
      expect([...declared].filter(([name, p]) => !p.hasDefault && !passed.includes(name)).map(([name]) => name)).toEqual([]);
    }
    expect(botModule).toMatch(/msaAppType:\s*'UserAssignedMSI'/);
    expect(botModule).toMatch(/channelName:\s*'MsTeamsChannel'/);
  });

  it('writes back every output into env/.env.dev, and the manifest’s bot values come from them', () => {
    const env = readEnvFile('env/.env.dev');
    expect(outputs(main).filter((o) => !(o in env))).toEqual([]);
    for (const key of ['BOT_ID', 'BOT_DOMAIN']) expect(outputs(main)).toContain(key);
  });

  it('gives the web app the settings Headway needs in Azure, which its own config accepts, and no secret', () => {
    const settings = Object.fromEntries([...main.matchAll(/\{\s*name:\s*'(\w+)',\s*value:\s*([^}]+?)\s*\}/g)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(settings)).toEqual(expect.arrayContaining(['BOT_ID', 'BOT_TENANT_ID', 'BOT_TYPE', 'ALLOWED_TENANTS', 'AZURE_CLIENT_ID', 'STORE', 'COSMOS_ENDPOINT', 'PUBLIC_URL', 'APPLICATIONINSIGHTS_CONNECTION_STRING']));
    expect(settings.ALLOWED_TENANTS).toBe('tenant().tenantId'); // the deploying tenant only
    expect(settings.BOT_TYPE).toBe("'UserAssignedMsi'");
    expect(settings.STORE).toBe("'cosmos'");
    // The one secret is a Key Vault reference read with the bot's identity, never a value.
    expect(Object.entries(settings).filter(([k, v]) => /PASSWORD|SECRET|_KEY$/.test(k) && !v.startsWith("'@Microsoft.KeyVault(")).map(([k]) => k)).toEqual([]);
    expect(main).toContain("{ name: 'ANONYMITY_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${anonymitySecretName})' }");
    expect(main).toMatch(/keyVaultReferenceIdentity:\s*identity\.id/);
    // The settings as App Service would give them to the process, with values of the right shape.
    const sample: Record<string, string> = {
      BOT_ID: '00000000-0000-4000-8000-000000000001',
      BOT_TENANT_ID: '00000000-0000-4000-8000-000000000002',
      ALLOWED_TENANTS: '00000000-0000-4000-8000-000000000002',
      AZURE_CLIENT_ID: '00000000-0000-4000-8000-000000000001',
      COSMOS_ENDPOINT: 'https://headwayabc.documents.azure.com:443/',
      PUBLIC_URL: 'https://headwayabc.azurewebsites.net',
      COORDINATORS: '',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-4000-8000-000000000003',
      ANONYMITY_KEY: 'what App Service resolves the Key Vault reference to, 64 characters of base64......',
    };
    const env = Object.fromEntries(Object.entries(settings).map(([k, v]) => [k, v.startsWith("'") && !v.includes('${') ? v.slice(1, -1) : (sample[k] ?? '')]));
    expect(env.ANONYMITY_KEY).toBe(sample.ANONYMITY_KEY);
    const config = loadConfig(env);
    expect(config).toMatchObject({ STORE: 'cosmos', BOT_TYPE: 'UserAssignedMsi', BOT_ID: sample.BOT_ID, ALLOWED_TENANTS: [sample.ALLOWED_TENANTS] });
    expect(config.COSMOS_KEY).toBeUndefined(); // so the Cosmos client uses DefaultAzureCredential
    expect(main).not.toMatch(/listKeys|listConnectionStrings|primaryMasterKey/);
    expect(main).toMatch(/disableLocalAuth:\s*true/);
  });

  it('keeps ANONYMITY_KEY in an RBAC Key Vault: generated once at provision, never replaced, readable by the bot alone', () => {
    expect(main).toMatch(/Microsoft\.KeyVault\/vaults[\s\S]*enableRbacAuthorization:\s*true/);
    expect(main).toMatch(/enablePurgeProtection:\s*true/);
    // The bot's identity reads secrets; only the script's own identity may write them.
    expect(main).toMatch(/botReadsSecrets[\s\S]*secretsUserRoleId\)[\s\S]*principalId:\s*identity\.properties\.principalId/);
    expect(main).toMatch(/keyMakerWritesSecrets[\s\S]*secretsOfficerRoleId\)[\s\S]*principalId:\s*keyMaker\.properties\.principalId/);
    expect(main).toContain("'4633458b-17de-408a-b874-0445c86b69e6'"); // Key Vault Secrets User
    expect(main).toContain("'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'"); // Key Vault Secrets Officer
    // Created only when absent (show || set), from a random source, not a template function.
    const script = main.match(/scriptContent:\s*'([^']+)'/)?.[1] ?? '';
    expect(script).toMatch(/az keyvault secret show[^|]*\|\| az keyvault secret set[^|]*openssl rand -base64 48/);
    expect(main).not.toMatch(/newGuid\(\)/);
    expect(main).not.toMatch(/@secure\(\)/);
  });

  it('runs Node 22 LTS over HTTPS only, always on, with the health check, and lets the identity use Cosmos data', () => {
    expect(main).toMatch(/linuxFxVersion:\s*'NODE\|22-lts'/);
    expect(main).toMatch(/httpsOnly:\s*true/);
    expect(main).toMatch(/alwaysOn:\s*true/);
    expect(main).toMatch(/healthCheckPath:\s*'\/healthz'/);
    expect(main).toMatch(/sqlRoleAssignments[\s\S]*principalId:\s*identity\.properties\.principalId/);
    expect(main).toContain("'00000000-0000-0000-0000-000000000002'"); // Cosmos DB Built-in Data Contributor
    expect(main).toMatch(/paths:\s*\['\/pk'\]/);
    expect(main).toMatch(/EnableServerless/);
    expect(main).toMatch(/autoscaleSettings/);
  });
});
