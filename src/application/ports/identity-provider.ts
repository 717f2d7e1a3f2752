import type { OwnerId } from '../../domain/index.js';

/** Who is calling, as established by an identity provider. The owner is all isolation needs. */
export interface Principal {
  readonly owner: OwnerId;
  readonly scopes: readonly string[];
  readonly clientId?: string;
  /** Epoch milliseconds after which the credentials behind this principal are no longer valid. */
  readonly expiresAt?: number;
}

/** What a transport knows about a request's credentials. */
export interface RequestCredentials {
  readonly transport: 'http' | 'stdio';
  /** The raw Authorization header, if any. */
  readonly authorization?: string;
  /** All request headers, lower-cased names (HTTP only). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** Turns credentials into a Principal, or throws an AuthenticationError. */
export interface IdentityProvider {
  authenticate(credentials: RequestCredentials): Promise<Principal>;
  /** True when every request gets the anonymous `local` owner (no authentication configured). */
  readonly anonymous: boolean;
  /** Operational counters (cache hits, key fetches...) for logs and benchmarks. */
  stats?(): Readonly<Record<string, number>>;
  /** Whether tokens can be checked now (for /ready): keys cached, or their source reachable. */
  ready?(): Promise<boolean>;
}

export const IDENTITY_PROVIDER = Symbol('IdentityProvider');
