import { createPrivateKey, createPublicKey, createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';

/** The test run's TLS certificate for 127.0.0.1 (made by global-setup, trusted through NODE_EXTRA_CA_CERTS). */
export function testTls(): { cert: string; key: string } {
  const certPath = process.env.NODE_EXTRA_CA_CERTS;
  const keyPath = process.env.HEADWAY_TEST_TLS_KEY;
  if (!certPath || !keyPath) throw new Error('the test TLS certificate is made by test/harness/global-setup.ts');
  return { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
}

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

function newKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid: randomUUID(), privateKey };
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * Microsoft's identity platform as far as a bot meets it, over HTTPS on 127.0.0.1:
 * - the Bot Framework's OpenID configuration and its JWKS (keys endorsed for `msteams`), whose
 *   keys sign the tokens Teams sends; `sign` makes such tokens, or wrong ones for the tests;
 * - an authority (`/<tenant>`) with its OpenID configuration and a token endpoint that answers
 *   the client-credentials grant with an access token, recording each request.
 */
export class FakeIdentity {
  /** The secret App Service gives a process to call its identity endpoint with (IDENTITY_HEADER). */
  static readonly IDENTITY_HEADER = 'test-identity-header';
  readonly issuer = 'https://api.botframework.com';
  readonly key = newKey();
  /** Tokens the token endpoint gave out, in order, with the form each request sent. */
  readonly issued: { token: string; form: URLSearchParams }[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    const tls = testTls();
    this.server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = new URL(req.url ?? '/', this.url).pathname;
        const json = (status: number, body: unknown) => {
          res.writeHead(status, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (path === '/v1/.well-known/openidconfiguration') {
          return json(200, { issuer: this.issuer, authorization_endpoint: `${this.url}/v1/authorize`, jwks_uri: `${this.url}/v1/keys`, id_token_signing_alg_values_supported: ['RS256'], token_endpoint_auth_methods_supported: ['private_key_jwt'] });
        }
        if (path === '/v1/keys') {
          const jwk = createPublicKey(this.key.privateKey).export({ format: 'jwk' });
          return json(200, { keys: [{ kty: 'RSA', use: 'sig', kid: this.key.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] });
        }
        const authority = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
        if (authority) {
          const base = `${this.url}/${authority[1]}`;
          return json(200, { issuer: `${base}/v2.0`, authorization_endpoint: `${base}/oauth2/v2.0/authorize`, token_endpoint: `${base}/oauth2/v2.0/token`, jwks_uri: `${base}/discovery/v2.0/keys`, response_types_supported: ['code'], subject_types_supported: ['pairwise'], id_token_signing_alg_values_supported: ['RS256'] });
        }
        if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(path) && req.method === 'POST') {
          const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
          if (form.get('grant_type') !== 'client_credentials' || !form.get('client_secret')) return json(400, { error: 'invalid_request' });
          const token = `outbound-${this.issued.length + 1}-${randomUUID()}`;
          this.issued.push({ token, form });
          return json(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token });
        }
        // App Service's managed identity endpoint (IDENTITY_ENDPOINT), as a user-assigned identity's token source.
        if (path === '/msi/token' && req.method === 'GET') {
          const query = new URL(req.url ?? '/', this.url).searchParams;
          if (req.headers['x-identity-header'] !== FakeIdentity.IDENTITY_HEADER) return json(401, { error: 'unauthorized' });
          const token = `msi-${this.issued.length + 1}-${randomUUID()}`;
          this.issued.push({ token, form: query });
          return json(200, { access_token: token, expires_on: String(Math.floor(Date.now() / 1000) + 3600), resource: query.get('resource'), token_type: 'Bearer', client_id: query.get('client_id') });
        }
        json(404, { error: 'not_found' });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Where the Bot Framework's OpenID configuration is (BOT_OPENID_METADATA_URL). */
  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  /** The authority the bot gets its tokens from (BOT_LOGIN_URL). */
  get loginUrl(): string {
    return `${this.url}/botframework.com`;
  }

  /**
   * A token as the Bot Framework signs it (RS256 with the JWKS key), or, with `options`, a wrong
   * one: another key, another `kid`, or `alg: none` with no signature.
   */
  sign(claims: Record<string, unknown>, options: { key?: SigningKey; kid?: string; alg?: 'RS256' | 'none' } = {}): string {
    const key = options.key ?? this.key;
    const alg = options.alg ?? 'RS256';
    const header = b64url(JSON.stringify({ alg, typ: 'JWT', kid: options.kid ?? key.kid }));
    const body = b64url(JSON.stringify(claims));
    if (alg === 'none') return `${header}.${body}.`;
    const signature = createSign('RSA-SHA256').update(`${header}.${body}`).sign(createPrivateKey(key.privateKey.export({ format: 'pem', type: 'pkcs8' })));
    return `${header}.${body}.${b64url(signature)}`;
  }

  /** Claims of a good channel token for `botId` and `serviceUrl`, valid from a minute ago for an hour. */
  claims(botId: string, serviceUrl: string, now = Date.now()): Record<string, unknown> {
    const seconds = Math.floor(now / 1000);
    return { iss: this.issuer, aud: botId, serviceurl: serviceUrl, nbf: seconds - 60, iat: seconds - 60, exp: seconds + 3600 };
  }

  /** A key nobody published, to sign forged tokens with. */
  static otherKey(): SigningKey {
    return newKey();
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
