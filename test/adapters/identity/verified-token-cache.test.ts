import { VerifiedTokenCache } from '../../../src/adapters/identity/verified-token-cache.js';
import type { Principal } from '../../../src/application/ports/identity-provider.js';
import { anOwner } from '../../support/task-mother.js';

const NOW = 1000;
const until = (expiresAt: number): Principal => ({ owner: anOwner(), scopes: [], expiresAt });

describe('VerifiedTokenCache', () => {
  it('keeps the most recently used tokens within its bound', async () => {
    const cache = new VerifiedTokenCache(2);
    const now = 1000;
    const principal = (owner: string) => ({ owner, scopes: [], expiresAt: now + 10_000 }) as never;
    cache.set('a', principal('a'), now);
    cache.set('b', principal('b'), now);
    cache.get('a', now);
    cache.set('c', principal('c'), now);
    expect(cache.size).toBe(2);
    expect(cache.get('b', now)).toBeUndefined();
    expect(cache.get('a', now)).toBeDefined();
    expect(cache.get('c', now)).toBeDefined();
    expect(cache.get('a', now + 10_000)).toBeUndefined();
  });

  it('never outlives the token: gone at its exp, and never stored once past it', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('live', until(NOW + 100), NOW);
    expect(cache.get('live', NOW + 99)).toBeDefined();
    expect(cache.get('live', NOW + 100)).toBeUndefined();
    expect(cache.size).toBe(0);

    cache.set('stale', until(NOW), NOW);
    expect(cache.size).toBe(0);
  });

  it('keeps nothing for a token without an exp', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('forever', { owner: anOwner(), scopes: [] }, NOW);
    expect(cache.get('forever', NOW)).toBeUndefined();
  });

  it('keeps nothing when its size is 0', () => {
    const cache = new VerifiedTokenCache(0);
    cache.set('a', until(NOW + 100), NOW);
    expect(cache.get('a', NOW)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('counts hits and misses', () => {
    const cache = new VerifiedTokenCache(10);
    cache.set('a', until(NOW + 100), NOW);
    cache.get('a', NOW);
    cache.get('a', NOW);
    cache.get('b', NOW);
    cache.get('a', NOW + 100);
    expect([cache.hits, cache.misses]).toEqual([2, 2]);
  });

  it('keys entries by a SHA-256 digest, so it holds no usable token', () => {
    const cache = new VerifiedTokenCache(10);
    const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl';
    const key = cache.keyOf(token);
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(key).toBe(cache.keyOf(token));
    expect(key).not.toBe(cache.keyOf(`${token}x`));
    expect(token).not.toContain(key);
  });
});
