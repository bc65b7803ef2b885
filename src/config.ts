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
    COORDINATORS: guidList,
    PUBLIC_URL: z.preprocess(
      emptyToUndefined,
      z.string().url({ message: 'expected the public base URL of the bot, e.g. https://headway.example.net' }).optional(),
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
