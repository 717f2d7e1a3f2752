import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from 'jose';

export interface SigningKey {
  readonly kid: string;
  readonly alg: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

export type IssuerMode = 'up' | 'down' | 'slow';

export const ALL_SCOPES = 'tasks:read tasks:create tasks:cancel';

/**
 * A minimal OAuth issuer on 127.0.0.1 for tests: RFC 8414 metadata, a JWKS it can rotate, and a
 * signer for tokens of any shape (good and hostile). It counts what it is asked for.
 */
export class TestIssuer {
  jwksRequests = 0;
  metadataRequests = 0;
  mode: IssuerMode = 'up';
  private keys: SigningKey[] = [];
  private nextKid = 1;

  private readonly server: Server = createServer((req, res) => this.serve(req.url ?? '/', res));
  private issuerUrl = '';

  private constructor() {}

  static async start(options: { path?: string } = {}): Promise<TestIssuer> {
    const issuer = new TestIssuer();
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    const { port } = issuer.server.address() as AddressInfo;
    issuer.issuerUrl = `http://127.0.0.1:${port}${options.path ?? ''}`;
    await issuer.addKey();
    return issuer;
  }

  /** The issuer identifier, exactly as tokens and metadata carry it. */
  get url(): string {
    return this.issuerUrl;
  }

  get origin(): string {
    return new URL(this.url).origin;
  }

  get jwksUrl(): string {
    return `${this.origin}/jwks`;
  }

  get currentKey(): SigningKey {
    const key = this.keys[0];
    if (!key) throw new Error('the test issuer has no keys');
    return key;
  }

  /** Adds a key and makes it the one new tokens are signed with (a rotation's first half). */
  async addKey(alg = 'ES256'): Promise<SigningKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = `key-${this.nextKid++}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
    const key = { kid, alg, privateKey, publicJwk };
    this.keys.unshift(key);
    return key;
  }

  /** Stops publishing a key (a rotation's second half). */
  removeKey(kid: string): void {
    this.keys = this.keys.filter((key) => key.kid !== kid);
  }

  /** Claims of a good token for `audience`, to be overridden per test. */
  claims(audience: string, overrides: JWTPayload = {}): JWTPayload {
    const now = Math.floor(Date.now() / 1000);
    return {
      iss: this.url,
      aud: audience,
      sub: 'alice',
      scope: ALL_SCOPES,
      iat: now,
      exp: now + 3600,
      ...overrides,
    };
  }

  async sign(
    payload: JWTPayload,
    header: { kid?: string; alg?: string; typ?: string } = {},
    key: SigningKey = this.currentKey,
  ): Promise<string> {
    const protectedHeader = { alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header };
    return new SignJWT(payload).setProtectedHeader(protectedHeader).sign(key.privateKey);
  }

  /** A good token for `audience`, with claims overridden or removed (value undefined). */
  async token(audience: string, overrides: JWTPayload = {}): Promise<string> {
    const payload = this.claims(audience, overrides);
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete payload[name];
    }
    return this.sign(payload);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private serve(target: string, res: import('node:http').ServerResponse): void {
    const path = target.split('?', 1)[0];
    const send = (status: number, body: unknown): void => {
      if (this.mode === 'down') {
        res.writeHead(503).end();
        return;
      }
      const write = (): void => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (this.mode === 'slow') setTimeout(write, 2000).unref();
      else write();
    };
    const issuerPath = new URL(this.url).pathname.replace(/\/$/, '');
    if (path === `/.well-known/oauth-authorization-server${issuerPath}`) {
      this.metadataRequests++;
      send(200, {
        issuer: this.url,
        jwks_uri: this.jwksUrl,
        token_endpoint: `${this.origin}/token`,
      });
    } else if (path === '/jwks') {
      this.jwksRequests++;
      send(200, { keys: this.keys.map((key) => key.publicJwk) });
    } else {
      res.writeHead(404).end();
    }
  }
}
