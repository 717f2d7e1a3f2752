import { AuthenticationError } from '../../../src/application/shared/errors.js';
import { JwksIdentityProvider } from '../../../src/adapters/identity/jwks-identity-provider.js';
import {
  JwksKeySource,
  type JwksSettings,
} from '../../../src/adapters/identity/jwks-key-source.js';
import { VerifiedTokenCache } from '../../../src/adapters/identity/verified-token-cache.js';
import { ASYMMETRIC_ALGORITHMS } from '../../../src/composition/config/auth-settings.js';
import { FakeClock } from '../../support/fake-clock.js';
import { TestIssuer } from '../../support/test-issuer.js';
import { silentLogger } from '../../support/test-container.js';

const AUDIENCE = 'https://mcp.example.test/mcp';

let issuer: TestIssuer;
let clock: FakeClock;

beforeEach(async () => {
  issuer = await TestIssuer.start();
  clock = new FakeClock(Date.now());
});

afterEach(() => issuer.close());

function world(settings: Partial<JwksSettings> = {}, cacheSize = 0) {
  const keys = new JwksKeySource(
    {
      issuer: issuer.url,
      jwksUrl: new URL(issuer.jwksUrl),
      maxAgeMs: 600_000,
      cooldownMs: 30_000,
      timeoutMs: 1000,
      staleMs: 0,
      ...settings,
    },
    clock,
    silentLogger,
  );
  const provider = new JwksIdentityProvider(
    {
      issuer: issuer.url,
      audience: AUDIENCE,
      algorithms: ASYMMETRIC_ALGORITHMS,
      clockToleranceS: 30,
      requireAccessTokenType: false,
    },
    keys,
    new VerifiedTokenCache(cacheSize),
    clock,
  );
  const authenticate = (token: string) =>
    provider.authenticate({ transport: 'http', authorization: `Bearer ${token}`, headers: {} });
  return { keys, provider, authenticate };
}

describe('JwksKeySource', () => {
  it('makes one fetch for many concurrent verifications on a cold cache', async () => {
    const { keys, authenticate } = world();
    const tokens = await Promise.all(
      Array.from({ length: 200 }, (_, i) => issuer.token(AUDIENCE, { sub: `user-${i}` })),
    );
    const principals = await Promise.all(tokens.map(authenticate));
    expect(new Set(principals.map((p) => p.owner)).size).toBe(200);
    expect(issuer.jwksRequests).toBe(1);
    expect(keys.stats()).toMatchObject({ fetches: 1, fetchFailures: 0 });
  });

  it('fetches again once the key set is older than max-age', async () => {
    const { keys, authenticate } = world({ maxAgeMs: 60_000 });
    await authenticate(await issuer.token(AUDIENCE));
    clock.advance(59_000);
    await authenticate(await issuer.token(AUDIENCE, { sub: 'bob' }));
    expect(issuer.jwksRequests).toBe(1);
    clock.advance(2000);
    await authenticate(await issuer.token(AUDIENCE, { sub: 'carol' }));
    expect(issuer.jwksRequests).toBe(2);
    expect(keys.stats()).toMatchObject({ hits: 1, misses: 2, fetches: 2 });
  });

  it('picks up a rotated key on an unknown kid, but refetches at most once per cooldown', async () => {
    const { authenticate } = world({ cooldownMs: 30_000 });
    await authenticate(await issuer.token(AUDIENCE));
    const old = issuer.currentKey;
    await issuer.addKey();
    const rotated = await issuer.token(AUDIENCE, { sub: 'bob' });

    // Within the cooldown the new kid is unknown and nothing is fetched.
    await expect(authenticate(rotated)).rejects.toThrow(AuthenticationError);
    expect(issuer.jwksRequests).toBe(1);

    clock.advance(30_000);
    await expect(authenticate(rotated)).resolves.toMatchObject({ owner: expect.any(String) });
    expect(issuer.jwksRequests).toBe(2);

    // Tokens of the old key still pass while the issuer publishes it, and stop when it does not.
    await authenticate(await issuer.sign(issuer.claims(AUDIENCE, { sub: 'old' }), {}, old));
    issuer.removeKey(old.kid);
    clock.advance(600_000);
    await expect(
      authenticate(await issuer.sign(issuer.claims(AUDIENCE, { sub: 'old2' }), {}, old)),
    ).rejects.toThrow(/No key in the key set/);
  });

  it('fails closed when the IdP is down and no stale window is allowed', async () => {
    const { keys, authenticate } = world({ maxAgeMs: 60_000, staleMs: 0 });
    await authenticate(await issuer.token(AUDIENCE));
    issuer.mode = 'down';
    clock.advance(61_000);
    await expect(authenticate(await issuer.token(AUDIENCE, { sub: 'bob' }))).rejects.toThrow(
      /signing keys cannot be fetched/,
    );
    expect(keys.stats()).toMatchObject({ fetchFailures: 1, staleServed: 0 });
  });

  it('serves the last good key set for the stale window only', async () => {
    const { keys, authenticate } = world({ maxAgeMs: 60_000, staleMs: 120_000, cooldownMs: 0 });
    await authenticate(await issuer.token(AUDIENCE));
    issuer.mode = 'down';
    clock.advance(61_000);
    await expect(authenticate(await issuer.token(AUDIENCE, { sub: 'b' }))).resolves.toBeDefined();
    clock.advance(120_000);
    await expect(authenticate(await issuer.token(AUDIENCE, { sub: 'c' }))).rejects.toThrow(
      /signing keys cannot be fetched/,
    );
    expect(keys.stats().staleServed).toBe(1);
    issuer.mode = 'up';
    await expect(authenticate(await issuer.token(AUDIENCE, { sub: 'd' }))).resolves.toBeDefined();
  });

  it('does not retry a failed fetch on every request', async () => {
    const { keys, authenticate } = world({ cooldownMs: 30_000 });
    issuer.mode = 'down';
    for (let i = 0; i < 20; i++) {
      await expect(authenticate(await issuer.token(AUDIENCE))).rejects.toThrow(
        /signing keys cannot be fetched/,
      );
    }
    expect(issuer.jwksRequests).toBe(1);
    expect(keys.stats().fetchFailures).toBe(1);
    clock.advance(5000);
    issuer.mode = 'up';
    await expect(authenticate(await issuer.token(AUDIENCE))).resolves.toBeDefined();
  });

  it('gives up on a slow IdP after the timeout', async () => {
    const { authenticate } = world({ timeoutMs: 200 });
    issuer.mode = 'slow';
    const started = Date.now();
    await expect(authenticate(await issuer.token(AUDIENCE))).rejects.toThrow(
      /signing keys cannot be fetched/,
    );
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('discovers jwks_uri from RFC 8414 metadata, with the issuer path inserted', async () => {
    const tenant = await TestIssuer.start({ path: '/tenant1' });
    try {
      const keys = new JwksKeySource(
        { issuer: tenant.url, maxAgeMs: 600_000, cooldownMs: 0, timeoutMs: 1000, staleMs: 0 },
        clock,
        silentLogger,
      );
      const key = await keys.getKey(
        { alg: 'ES256', kid: tenant.currentKey.kid },
        {
          payload: '',
          signature: '',
        },
      );
      expect(key).toBeDefined();
      expect(tenant.metadataRequests).toBe(1);
      expect(tenant.jwksRequests).toBe(1);
    } finally {
      await tenant.close();
    }
  });

  it('refuses metadata that names another issuer', async () => {
    const keys = new JwksKeySource(
      {
        issuer: `${issuer.url}/other`,
        maxAgeMs: 600_000,
        cooldownMs: 0,
        timeoutMs: 1000,
        staleMs: 0,
      },
      clock,
      silentLogger,
    );
    await expect(
      keys.getKey({ alg: 'ES256', kid: issuer.currentKey.kid }, { payload: '', signature: '' }),
    ).rejects.toThrow(/signing keys cannot be fetched/);
    expect(issuer.jwksRequests).toBe(0);
  });
});

describe('the verified-token cache', () => {
  it('answers a polling client without a second signature check', async () => {
    const { keys, provider, authenticate } = world({}, 100);
    const token = await issuer.token(AUDIENCE);
    const first = await authenticate(token);
    for (let i = 0; i < 50; i++) expect(await authenticate(token)).toBe(first);
    const { hits, misses } = keys.stats();
    expect(hits + misses).toBe(1);
    expect(provider.stats()).toMatchObject({
      tokenCacheHits: 50,
      tokenCacheMisses: 1,
      tokenCacheEntries: 1,
      jwksFetches: 1,
    });
  });

  it('never serves a token past its exp', async () => {
    const { authenticate } = world({}, 100);
    const exp = Math.floor(clock.now() / 1000) + 60;
    const token = await issuer.token(AUDIENCE, { exp });
    await authenticate(token);
    clock.jump(61_000 + 30_000); // past exp and past the clock tolerance
    await expect(authenticate(token)).rejects.toThrow('The access token has expired');
  });
});
