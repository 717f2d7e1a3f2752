import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';

/**
 * The benchmark's authorization server: one RS256 key (the common IdP default), its JWKS served
 * on 127.0.0.1 with a request counter, and a token signer.
 */
export class LocalIssuer {
  jwksRequests = 0;

  private constructor(
    private readonly server: Server,
    readonly url: string,
    readonly jwks: JSONWebKeySet,
    private readonly privateKey: CryptoKey,
  ) {}

  static async start(): Promise<LocalIssuer> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    const jwks = { keys: [{ ...(await exportJWK(publicKey)), kid: 'bench', alg: 'RS256' }] };
    const holder: { issuer?: LocalIssuer } = {};
    const server = createServer((req, res) => {
      if (req.url !== '/jwks') return void res.writeHead(404).end();
      if (holder.issuer) holder.issuer.jwksRequests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    holder.issuer = new LocalIssuer(server, url, jwks, privateKey);
    return holder.issuer;
  }

  get jwksUrl(): string {
    return `${this.url}/jwks`;
  }

  token(audience: string, sub: string): Promise<string> {
    return new SignJWT({ scope: 'tasks:read tasks:create tasks:cancel' })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'at+jwt' })
      .setIssuer(this.url)
      .setAudience(audience)
      .setSubject(sub)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(this.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
