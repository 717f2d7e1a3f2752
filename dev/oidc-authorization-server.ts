import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { errors } from 'oidc-provider';

export interface AsClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Scopes this client may get for the resource. */
  readonly scopes: string;
}

/**
 * A real OpenID Provider (panva's oidc-provider, a dev dependency) on 127.0.0.1 that issues RFC 9068 JWT access
 * tokens through client_credentials with a resource indicator (RFC 8707). `rotateKeys` replaces
 * the running provider with one that signs with a new key and still publishes the old one, as a
 * real rotation does, while the issuer URL stays the same.
 */
export class OidcAuthorizationServer {
  private handler!: (req: IncomingMessage, res: ServerResponse) => void;
  private readonly server: Server = createServer((req, res) => this.handler(req, res));
  private signingKeys: JWK[] = [];
  private issuerUrl = '';
  jwksRequests = 0;

  private constructor(
    private readonly resource: string,
    private readonly clients: readonly AsClient[],
  ) {}

  /** Listens on 127.0.0.1 at `port` (0: a free one). */
  static async start(
    resource: string,
    clients: readonly AsClient[],
    port = 0,
  ): Promise<OidcAuthorizationServer> {
    const as = new OidcAuthorizationServer(resource, clients);
    await new Promise<void>((resolve, reject) => {
      as.server.once('error', reject);
      as.server.listen(port, '127.0.0.1', resolve);
    });
    as.issuerUrl = `http://127.0.0.1:${(as.server.address() as AddressInfo).port}`;
    await as.rotateKeys();
    return as;
  }

  get issuer(): string {
    return this.issuerUrl;
  }

  /** The kid new tokens are signed with. */
  get currentKid(): string {
    return String(this.signingKeys[0]?.kid);
  }

  async rotateKeys(): Promise<void> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = {
      ...(await exportJWK(privateKey)),
      kid: `as-key-${this.signingKeys.length + 1}`,
      alg: 'ES256',
      use: 'sig',
    };
    this.signingKeys = [jwk, ...this.signingKeys];
    const provider = this.buildProvider(this.signingKeys);
    const callback = provider.callback();
    this.handler = (req, res) => {
      if (req.url?.startsWith('/jwks')) this.jwksRequests++;
      void callback(req, res);
    };
  }

  /** POSTs client_credentials to the token endpoint named in the issuer's discovery document. */
  async token(client: AsClient, resource: string, scope: string): Promise<string> {
    const discovery = (await (
      await fetch(`${this.issuerUrl}/.well-known/openid-configuration`)
    ).json()) as { token_endpoint: string };
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: client.clientId,
        client_secret: client.clientSecret,
        resource,
        scope,
      }),
    });
    const body = (await response.json()) as { access_token?: string; error?: string };
    if (!body.access_token) throw new Error(`token request failed: ${JSON.stringify(body)}`);
    return body.access_token;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private buildProvider(keys: JWK[]): Provider {
    const resource = this.resource;
    const clients = this.clients;
    return new Provider(this.issuerUrl, {
      clients: clients.map((client) => ({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        token_endpoint_auth_method: 'client_secret_post',
      })),
      clientDefaults: { id_token_signed_response_alg: 'ES256' },
      jwks: { keys },
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        resourceIndicators: {
          enabled: true,
          defaultResource: () => resource,
          useGrantedResource: () => true,
          getResourceServerInfo: (_ctx, indicator, client) => {
            if (indicator !== resource) throw new errors.InvalidTarget();
            const scope = clients.find((c) => c.clientId === client.clientId)?.scopes ?? '';
            return {
              scope,
              audience: resource,
              accessTokenTTL: 600,
              accessTokenFormat: 'jwt',
              jwt: { sign: { alg: 'ES256' } },
            };
          },
        },
      },
    });
  }
}
