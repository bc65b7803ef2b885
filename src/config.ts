import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is validated here so that a bad value stops
 * start-up with a message naming the variable, instead of failing later inside a turn.
 * An empty string counts as missing (the toolkit writes `KEY=` for unset keys).
 */

const emptyToUndefined = (value: unknown): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());

const guidList = z.preprocess(
  (value) => {
    const text = emptyToUndefined(value);
    return typeof text === 'string'
      ? text
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== '')
      : [];
  },
  z.array(z.string().uuid({ message: 'expected a comma-separated list of AAD object ids (GUIDs)' })),
);

const tenantList = z.preprocess(
  (value) => {
    const text = emptyToUndefined(value);
    return typeof text === 'string' ? text.split(',').map((part) => part.trim()).filter((part) => part !== '') : [];
  },
  z.array(z.string().uuid({ message: 'expected a comma-separated list of tenant ids (GUIDs)' })),
);

const httpsUrl = (example: string) =>
  z.string().url({ message: `expected a URL, e.g. ${example}` }).refine((u) => u.startsWith('https://'), { message: 'expected an https:// URL' });

const ConfigSchema = z
  .object({
    PORT: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'expected a port number' }).int().min(1).max(65535).default(3978),
    ),
    HOST: optionalText,
    STORE: z.preprocess(
      emptyToUndefined,
      z.enum(['sqlite', 'cosmos'], { message: "expected 'sqlite' or 'cosmos'" }).default('sqlite'),
    ),
    SQLITE_PATH: z.preprocess(emptyToUndefined, z.string().default('.data/headway.db')),
    COSMOS_ENDPOINT: z.preprocess(
      emptyToUndefined,
      z.string().url({ message: 'expected the account URL, e.g. https://<account>.documents.azure.com:443/' }).optional(),
    ),
    COSMOS_KEY: optionalText,
    COSMOS_DATABASE: z.preprocess(emptyToUndefined, z.string().default('headway')),
    BOT_ID: z.preprocess(emptyToUndefined, z.string().uuid({ message: 'expected the bot app id (a GUID)' }).optional()),
    BOT_PASSWORD: optionalText,
    BOT_TYPE: z.preprocess(
      emptyToUndefined,
      z
        .enum(['MultiTenant', 'SingleTenant', 'UserAssignedMsi'], {
          message: "expected 'MultiTenant', 'SingleTenant' or 'UserAssignedMsi'",
        })
        .default('UserAssignedMsi'),
    ),
    BOT_TENANT_ID: z.preprocess(emptyToUndefined, z.string().uuid({ message: 'expected a tenant id (a GUID)' }).optional()),
    /** The OpenID configuration whose keys sign the tokens Teams sends the bot. */
    BOT_OPENID_METADATA_URL: z.preprocess(emptyToUndefined, httpsUrl('https://login.botframework.com/v1/.well-known/openidconfiguration').default('https://login.botframework.com/v1/.well-known/openidconfiguration')),
    /** The issuer those tokens must name. */
    BOT_TOKEN_ISSUER: z.preprocess(emptyToUndefined, z.string().url({ message: 'expected the issuer, e.g. https://api.botframework.com' }).default('https://api.botframework.com')),
    /** The authority the bot gets its outgoing tokens from; by default Microsoft's, for the bot's tenant when single-tenant. */
    BOT_LOGIN_URL: z.preprocess(emptyToUndefined, httpsUrl('https://login.microsoftonline.com/botframework.com').optional()),
    /** When set, activities from any other tenant are refused: nothing stored, nothing shown. */
    ALLOWED_TENANTS: tenantList,
    COORDINATORS: guidList,
    PUBLIC_URL: z.preprocess(
      emptyToUndefined,
      z.string().url({ message: 'expected the public base URL of the bot, e.g. https://headway.example.net' }).optional(),
    ),
    /**
     * The secret that keys people in anonymous reviews (at least 32 characters). In Azure a Key
     * Vault reference; locally, when unset, a key generated once into the .data folder.
     */
    ANONYMITY_KEY: z.preprocess(emptyToUndefined, z.string().min(32, { message: 'expected at least 32 characters (e.g. openssl rand -base64 32)' }).optional()),
    /** Months after a programme ends (a campaign's interview window, a cohort's last session, a review's completion) that its personal data is kept. */
    RETENTION_MONTHS: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'expected a whole number of months' }).int({ message: 'expected a whole number of months' }).min(1).max(120).default(12),
    ),
    TENANT_SEND_RATE: z.preprocess(
      emptyToUndefined,
      z.coerce.number({ message: 'expected messages per second' }).positive().default(30),
    ),
    /** Set in Azure from the Bicep outputs: logs and request telemetry go to Application Insights. */
    APPLICATIONINSIGHTS_CONNECTION_STRING: optionalText,
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.STORE === 'cosmos' && !env.COSMOS_ENDPOINT) {
      ctx.addIssue({ code: 'custom', path: ['COSMOS_ENDPOINT'], message: 'required when STORE=cosmos' });
    }
    // Locally (SQLite) a key is generated once into the .data folder; a shared store needs the one key every instance uses.
    if (env.STORE === 'cosmos' && !env.ANONYMITY_KEY) {
      ctx.addIssue({ code: 'custom', path: ['ANONYMITY_KEY'], message: 'required when STORE=cosmos (in Azure, a Key Vault reference)' });
    }
    if (env.BOT_ID && env.BOT_TYPE !== 'UserAssignedMsi' && !env.BOT_PASSWORD) {
      ctx.addIssue({ code: 'custom', path: ['BOT_PASSWORD'], message: `required when BOT_TYPE=${env.BOT_TYPE}` });
    }
    if (env.BOT_ID && env.BOT_TYPE !== 'MultiTenant' && !env.BOT_TENANT_ID) {
      ctx.addIssue({ code: 'custom', path: ['BOT_TENANT_ID'], message: `required when BOT_TYPE=${env.BOT_TYPE}` });
    }
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Headway cannot start; fix these settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment. Throws ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return parsed.data;
}
