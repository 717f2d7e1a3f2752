import { inject, injectable } from 'inversify';
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from 'jose';
import { AuthenticationUnavailableError } from '../../application/shared/errors.js';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { discoverJwksUrl } from './issuer-discovery.js';
import { DocumentFetchError, fetchJsonDocument, type Fetch } from './json-fetch.js';

export interface JwksSettings {
  readonly issuer: string;
  /** Where the key set is; discovered from the issuer's metadata when absent. */
  readonly jwksUrl?: URL;
  /** A key set older than this is fetched again before use. */
  readonly maxAgeMs: number;
  /** An unknown `kid` triggers a refetch only if the key set is at least this old. */
  readonly cooldownMs: number;
  /** Budget for one fetch, headers and body. */
  readonly timeoutMs: number;
  /** After max-age, how long the last good key set may still be used while the IdP is down. 0 = fail closed. */
  readonly staleMs: number;
}

/** Where the issuer's keys are and how long they are kept (JwksSettings). */
export const JWKS_SETTINGS = Symbol('JwksSettings');

/** Counters for operators and the benchmark. */
export interface JwksStats {
  /** Key lookups answered from the cached key set. */
  readonly hits: number;
  /** Key lookups that needed a fetch first (cold, expired, or unknown kid). */
  readonly misses: number;
  /** Key set requests made to the IdP. */
  readonly fetches: number;
  readonly fetchFailures: number;
  /** Key lookups answered from an expired key set because the IdP could not be reached. */
  readonly staleServed: number;
}

type KeyResolver = ReturnType<typeof createLocalJWKSet>;
type VerifyKey = Awaited<ReturnType<KeyResolver>>;

interface KeySet {
  readonly resolve: KeyResolver;
  readonly kids: ReadonlySet<unknown>;
  readonly fetchedAt: number;
}

/**
 * The issuer's signing keys, cached. Concurrent misses share one fetch; an unknown `kid` refetches
 * at most once per cooldown (so a flood of made-up kids costs the IdP nothing); a failed fetch is
 * not retried for a short while; when the IdP is down, requests fail closed unless the operator
 * allowed a bounded stale window.
 */
@injectable()
export class JwksKeySource {
  private keySet: KeySet | undefined;
  private inflight: Promise<KeySet> | undefined;
  private jwksUrl: URL | undefined;
  private lastFailureAt = Number.NEGATIVE_INFINITY;
  private readonly counters = { hits: 0, misses: 0, fetches: 0, fetchFailures: 0, staleServed: 0 };

  constructor(
    @inject(JWKS_SETTINGS) private readonly settings: JwksSettings,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    private readonly fetchFn: Fetch = fetch,
  ) {
    this.jwksUrl = settings.jwksUrl;
  }

  /** A key set is cached (fresh or not), or one can be fetched now. */
  async ready(): Promise<boolean> {
    if (this.keySet) return true;
    try {
      await this.usableKeySet();
      return true;
    } catch {
      return false;
    }
  }

  stats(): JwksStats {
    return { ...this.counters };
  }

  /** A jose key resolver: the verification key for a token's protected header. */
  readonly getKey = (header: JWSHeaderParameters, token: FlattenedJWSInput): Promise<VerifyKey> => {
    const current = this.keySet;
    // The hot path: a fresh key set, and no async frame of our own around jose's lookup.
    if (current && this.clock.now() - current.fetchedAt < this.settings.maxAgeMs) {
      this.counters.hits++;
      // A kid the set has needs no rotation handling; a failure there is final.
      if (current.kids.has(header.kid)) return current.resolve(header, token);
      return this.resolveIn(current, header, token);
    }
    return this.usableKeySet().then((keySet) => this.resolveIn(keySet, header, token));
  };

  private resolveIn(
    keySet: KeySet,
    header: JWSHeaderParameters,
    token: FlattenedJWSInput,
  ): Promise<VerifyKey> {
    return keySet.resolve(header, token).catch(async (error: unknown) => {
      if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
      // Perhaps the IdP rotated its keys; look again, but not more than once per cooldown.
      if (this.clock.now() - keySet.fetchedAt < this.settings.cooldownMs) throw error;
      this.counters.misses++;
      const fresh = await this.refresh().catch(() => {
        throw error;
      });
      return fresh.resolve(header, token);
    });
  }

  /** The cached key set is missing or past max-age: fetch, or fall back within the stale window. */
  private async usableKeySet(): Promise<KeySet> {
    const current = this.keySet;
    const now = this.clock.now();
    this.counters.misses++;
    try {
      return await this.refresh();
    } catch (error) {
      if (current && now - current.fetchedAt < this.settings.maxAgeMs + this.settings.staleMs) {
        this.counters.staleServed++;
        return current;
      }
      throw error;
    }
  }

  /** One fetch at a time; everyone who needs keys meanwhile waits for the same one. */
  private refresh(): Promise<KeySet> {
    this.inflight ??= this.fetchKeySet().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async fetchKeySet(): Promise<KeySet> {
    // After a failure, answer from what we have (or fail) for a moment instead of hammering a
    // struggling IdP with one fetch per request.
    const retryInMs = Math.min(this.settings.cooldownMs, 5000);
    if (this.clock.now() - this.lastFailureAt < retryInMs) throw this.unavailable();
    try {
      this.jwksUrl ??= await discoverJwksUrl(
        this.settings.issuer,
        this.fetchFn,
        this.settings.timeoutMs,
      );
      this.counters.fetches++;
      const document = await fetchJsonDocument(this.fetchFn, this.jwksUrl, this.settings.timeoutMs);
      const jwks = document as JSONWebKeySet;
      const resolve = createLocalJWKSet(jwks); // checks the document's shape first
      const keySet: KeySet = {
        resolve,
        kids: new Set(jwks.keys.map((key) => key.kid).filter((kid) => kid !== undefined)),
        fetchedAt: this.clock.now(),
      };
      this.keySet = keySet;
      return keySet;
    } catch (error) {
      if (!(error instanceof DocumentFetchError) && !(error instanceof errors.JWKSInvalid)) {
        throw error;
      }
      this.counters.fetchFailures++;
      this.lastFailureAt = this.clock.now();
      this.logger.warn('cannot fetch the issuer key set', { error: error.message });
      throw this.unavailable();
    }
  }

  private unavailable(): AuthenticationUnavailableError {
    return new AuthenticationUnavailableError(
      "The authorization server's signing keys cannot be fetched right now; try again shortly",
    );
  }
}
