import { hash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import type { Principal } from '../../application/ports/identity-provider.js';

/** How many verified tokens the cache keeps (a number, TASK_MCP_AUTH_TOKEN_CACHE_SIZE). */
export const TOKEN_CACHE_SIZE = Symbol('TokenCacheSize');

/**
 * Principals of tokens already verified, so a client polling tasks/get costs no signature check.
 * Bounded (least recently used goes first) and an entry never outlives its token's `exp`. Keys are
 * SHA-256 digests, so the cache holds no usable bearer tokens.
 */
@injectable()
export class VerifiedTokenCache {
  // A Map iterates in insertion order: re-inserting on a hit keeps the oldest entry first.
  private readonly entries = new Map<string, Principal>();
  hits = 0;
  misses = 0;

  constructor(@inject(TOKEN_CACHE_SIZE) private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cache key of a token; computed once per request and passed to get and set. */
  keyOf(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  get(key: string, now: number): Principal | undefined {
    const principal = this.maxEntries === 0 ? undefined : this.entries.get(key);
    if (!principal) {
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    if (!isFresh(principal, now)) {
      this.misses++;
      return undefined;
    }
    this.entries.set(key, principal);
    this.hits++;
    return principal;
  }

  set(key: string, principal: Principal, now: number): void {
    if (this.maxEntries === 0 || !isFresh(principal, now)) return;
    this.entries.delete(key);
    this.entries.set(key, principal);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}

function isFresh(principal: Principal, now: number): boolean {
  return principal.expiresAt !== undefined && now < principal.expiresAt;
}
