import { ConfidentialClientApplication } from '@azure/msal-node';
import {
  CallerIdConstants,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, MsalServiceClientCredentialsFactory, type ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../config.js';

/** The settings authentication reads; the URLs default to the public Bot Framework's. */
export type AuthConfig = Pick<Config, 'BOT_ID' | 'BOT_PASSWORD' | 'BOT_TYPE' | 'BOT_TENANT_ID'> & Partial<Pick<Config, 'BOT_OPENID_METADATA_URL' | 'BOT_TOKEN_ISSUER' | 'BOT_LOGIN_URL'>>;

/** Hosts MSAL knows as Microsoft's; any other login URL must be named to MSAL as trusted. */
const MICROSOFT_LOGIN_HOSTS = ['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn'];

/**
 * How the bot proves who it is and checks who is calling it, from the settings.
 *
 * @remarks
 * Inbound: tokens on POST /api/messages must be signed by a key in `BOT_OPENID_METADATA_URL`'s
 * JWKS (a key endorsed for the `msteams` channel), name `BOT_TOKEN_ISSUER`, have the bot's id as
 * audience and a `serviceurl` claim equal to the activity's. Outbound: the bot's tokens come from
 * `BOT_LOGIN_URL` by the client-credentials grant (MSAL; a login URL MSAL does not know is passed
 * as a known authority). With every URL given, the SDK's "parameterised" path takes them as they
 * are; the defaults are the public Bot Framework's.
 */
export interface BotAuth {
  /** For the adapter and the server's own check before a turn runs. */
  options: ConfigurationBotFrameworkAuthenticationOptions;
  credentials: ServiceClientCredentialsFactory;
  authentication: ConfigurationBotFrameworkAuthentication;
}

export function loginUrlFor(config: AuthConfig): string {
  if (config.BOT_LOGIN_URL) return config.BOT_LOGIN_URL.replace(/\/+$/, '');
  const tenant = config.BOT_TYPE === 'MultiTenant' ? 'botframework.com' : (config.BOT_TENANT_ID ?? 'botframework.com');
  return `${AuthenticationConstants.ToChannelFromBotLoginUrlPrefix}${tenant}`;
}

export function botAuth(config: AuthConfig): BotAuth {
  if (!config.BOT_ID) {
    // No bot id (local use): the SDK lets every request in as anonymous, and the server listens on localhost only.
    const options = {};
    return withAuthentication(options, new ConfigurationServiceClientCredentialFactory(options));
  }
  const loginUrl = loginUrlFor(config);
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: config.BOT_ID,
    MicrosoftAppType: config.BOT_TYPE,
    ...(config.BOT_PASSWORD ? { MicrosoftAppPassword: config.BOT_PASSWORD } : {}),
    ...(config.BOT_TENANT_ID ? { MicrosoftAppTenantId: config.BOT_TENANT_ID } : {}),
    ToBotFromChannelOpenIdMetadataUrl: config.BOT_OPENID_METADATA_URL ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: config.BOT_TOKEN_ISSUER ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: loginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
    ValidateAuthority: true,
  };
  return withAuthentication(options, config.BOT_PASSWORD ? passwordCredentials(config.BOT_ID, config.BOT_PASSWORD, loginUrl) : new ConfigurationServiceClientCredentialFactory(options));
}

function withAuthentication(options: ConfigurationBotFrameworkAuthenticationOptions, credentials: ServiceClientCredentialsFactory): BotAuth {
  return { options, credentials, authentication: new ConfigurationBotFrameworkAuthentication(options, credentials) };
}

/** The client-credentials grant against `loginUrl`, told to trust it when it is not Microsoft's own. */
function passwordCredentials(appId: string, password: string, loginUrl: string): ServiceClientCredentialsFactory {
  const host = new URL(loginUrl).host;
  const known = MICROSOFT_LOGIN_HOSTS.includes(host.toLowerCase());
  const client = new ConfidentialClientApplication({
    auth: { clientId: appId, clientSecret: password, authority: loginUrl, ...(known ? {} : { knownAuthorities: [host] }) },
  });
  // The SDK loads MSAL's CommonJS build and we its ES module: the same class, typed twice.
  return new MsalServiceClientCredentialsFactory(appId, client as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1]);
}

/**
 * Why a request's token was not accepted, in words fit for our log (never for the caller):
 * `refused` for a token that is wrong, `unverifiable` when the keys could not be read.
 */
export function authFailure(error: unknown): { kind: 'refused' | 'unverifiable'; reason: string } {
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof AuthenticationError && (error.statusCode ?? 401) < 500) return { kind: 'refused', reason };
  // jsonwebtoken's own errors (bad signature, expired, not yet valid, alg none) are refusals too.
  if (error instanceof Error && ['JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError'].includes(error.name)) return { kind: 'refused', reason };
  return { kind: 'unverifiable', reason };
}
