import { inject, injectable } from 'inversify';
import { errors, jwtVerify, type JWTPayload } from 'jose';
import { AuthenticationError } from '../../application/shared/errors.js';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import type {
  IdentityProvider,
  Principal,
  RequestCredentials,
} from '../../application/ports/identity-provider.js';
import { ownerFromIdentity } from '../../domain/index.js';
import { bearerToken } from './bearer-token.js';
import { JwksKeySource } from './jwks-key-source.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

const REQUIRED_CLAIMS = ['exp', 'sub'];

export interface JwtSettings {
  /** Compared exactly with the token's `iss`. */
  readonly issuer: string;
  /** This server's resource URL (RFC 8707); the token's `aud` must contain it. */
  readonly audience: string;
  /** Asymmetric JWS algorithms accepted. */
  readonly algorithms: readonly string[];
  readonly clockToleranceS: number;
  /** Require the RFC 9068 header `typ: at+jwt`. */
  readonly requireAccessTokenType: boolean;
}

/** What a valid access token must say and how it is signed (JwtSettings). */
export const JWT_SETTINGS = Symbol('JwtSettings');

/**
 * OAuth 2.1 resource server authentication: a JWT access token signed by the issuer's keys, for
 * this server's audience, in date. The owner is derived from (iss, sub), so a task belongs to
 * the person or client the token names, whichever client sent it.
 */
@injectable()
export class JwksIdentityProvider implements IdentityProvider {
  readonly anonymous = false;
  private readonly algorithms: string[];
  private readonly typ: string | undefined;

  constructor(
    @inject(JWT_SETTINGS) private readonly settings: JwtSettings,
    @inject(JwksKeySource) private readonly keys: JwksKeySource,
    @inject(VerifiedTokenCache) private readonly cache: VerifiedTokenCache,
    @inject(CLOCK) private readonly clock: Clock,
  ) {
    this.algorithms = [...settings.algorithms];
    this.typ = settings.requireAccessTokenType ? 'at+jwt' : undefined;
  }

  ready(): Promise<boolean> {
    return this.keys.ready();
  }

  stats(): Readonly<Record<string, number>> {
    const jwks = this.keys.stats();
    return {
      tokenCacheHits: this.cache.hits,
      tokenCacheMisses: this.cache.misses,
      tokenCacheEntries: this.cache.size,
      jwksHits: jwks.hits,
      jwksMisses: jwks.misses,
      jwksFetches: jwks.fetches,
      jwksFetchFailures: jwks.fetchFailures,
      jwksStaleServed: jwks.staleServed,
    };
  }

  async authenticate(credentials: RequestCredentials): Promise<Principal> {
    const token = bearerToken(credentials.authorization);
    const key = this.cache.keyOf(token);
    const cached = this.cache.get(key, this.clock.now());
    if (cached) return cached;
    let payload: JWTPayload;
    try {
      // A literal of one fixed shape per call (a spread here costs a few percent of a verify).
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: this.algorithms,
        clockTolerance: this.settings.clockToleranceS,
        requiredClaims: REQUIRED_CLAIMS,
        typ: this.typ,
        currentDate: new Date(this.clock.now()),
      }));
    } catch (error) {
      throw this.explain(error);
    }
    const principal = principalOf(payload, this.settings.issuer);
    this.cache.set(key, principal, this.clock.now());
    return principal;
  }

  /** A jose failure as a message that helps fix the setup; claim values are never repeated. */
  private explain(error: unknown): Error {
    if (error instanceof errors.JWTExpired) {
      return new AuthenticationError('The access token has expired; get a new one');
    }
    if (error instanceof errors.JWTClaimValidationFailed) {
      return new AuthenticationError(this.claimProblem(error.claim, error.reason));
    }
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
      return new AuthenticationError(
        `The signing algorithm of the access token is not accepted; allowed: ${this.settings.algorithms.join(' ')}`,
      );
    }
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      return new AuthenticationError('The access token signature does not verify');
    }
    if (
      error instanceof errors.JWKSNoMatchingKey ||
      error instanceof errors.JWKSMultipleMatchingKeys
    ) {
      return new AuthenticationError(
        'No key in the key set of the issuer matches the kid and alg of the access token; was it issued by another authorization server?',
      );
    }
    // Every other jose error (malformed JWS or JWT, unparseable parts) means the same to a client.
    if (error instanceof errors.JOSEError) {
      return new AuthenticationError('The access token is not a well-formed signed JWT');
    }
    return error instanceof Error ? error : new Error(String(error));
  }

  private claimProblem(claim: string, reason: string): string {
    if (reason === 'missing') return `The access token has no ${claim} claim`;
    switch (claim) {
      case 'iss':
        return `The access token was issued by another issuer; expected ${this.settings.issuer}`;
      case 'aud':
        return `The access token is not for this server: its audience must include ${this.settings.audience} (request it with resource=${this.settings.audience})`;
      case 'nbf':
        return 'The access token is not valid yet (nbf is in the future)';
      case 'typ':
        return 'The access token must have the JWT type at+jwt (RFC 9068)';
      default:
        return `The ${claim} claim of the access token is not acceptable`;
    }
  }
}

function principalOf(payload: JWTPayload, issuer: string): Principal {
  const sub = payload.sub;
  if (typeof sub !== 'string' || sub === '' || sub.length > 1024) {
    throw new AuthenticationError('The access token has no usable sub claim');
  }
  const clientId = stringClaim(payload.client_id) ?? stringClaim(payload.azp);
  const principal: Principal = {
    owner: ownerFromIdentity(issuer, sub),
    scopes: scopesOf(payload),
    expiresAt: (payload.exp ?? 0) * 1000,
  };
  return Object.freeze(clientId === undefined ? principal : { ...principal, clientId });
}

/** `scope` (RFC 9068, space-separated) and `scp` (Okta: an array; Entra: space-separated). */
function scopesOf(payload: JWTPayload): readonly string[] {
  const scopes = new Set<string>();
  const add = (value: unknown): void => {
    const names = typeof value === 'string' ? value.split(' ') : Array.isArray(value) ? value : [];
    for (const name of names) if (typeof name === 'string' && name !== '') scopes.add(name);
  };
  add(payload.scope);
  add(payload.scp);
  return Object.freeze([...scopes]);
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
