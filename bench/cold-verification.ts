import { createLocalJWKSet, jwtVerify } from 'jose';
import { SystemClock } from '../src/adapters/clock/system-clock.js';
import { JwksIdentityProvider } from '../src/adapters/identity/jwks-identity-provider.js';
import { JwksKeySource } from '../src/adapters/identity/jwks-key-source.js';
import { VerifiedTokenCache } from '../src/adapters/identity/verified-token-cache.js';
import { StderrLogger } from '../src/adapters/logging/stderr-logger.js';
import type { LocalIssuer } from './local-issuer.js';

const TOKENS = Number(process.env.BENCH_COLD_TOKENS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CHUNK = 100;
const HOT_CALLS = 100_000;

export interface ColdVerification {
  readonly tokens: number;
  readonly rounds: number;
  /** Tokens per second through JwksIdentityProvider with an empty verified-token cache. */
  readonly provider: number;
  /** Tokens per second through jose's jwtVerify with a local key set and the same checks. */
  readonly raw: number;
  /** Key set fetches the provider made for all of its rounds. */
  readonly fetches: number;
  /** Microseconds per authenticate() of one token already verified: a polling client's cost. */
  readonly cachedMicros: number;
}

/**
 * The cost of a first sight of a token: every token distinct, so nothing comes from the cache,
 * one at a time so the figure is CPU per verification. Both contenders verify every token in
 * every round; the rates are totals over all rounds.
 */
export async function coldVerification(
  issuer: LocalIssuer,
  audience: string,
): Promise<ColdVerification> {
  const tokens = await Promise.all(
    Array.from({ length: TOKENS }, (_, i) => issuer.token(audience, `cold-${i}`)),
  );
  const clock = new SystemClock();
  const keys = new JwksKeySource(
    {
      issuer: issuer.url,
      jwksUrl: new URL(issuer.jwksUrl),
      maxAgeMs: 600_000,
      cooldownMs: 30_000,
      timeoutMs: 5000,
      staleMs: 0,
    },
    clock,
    new StderrLogger('silent'),
  );
  const settings = {
    issuer: issuer.url,
    audience,
    algorithms: ['RS256'],
    clockToleranceS: 30,
    requireAccessTokenType: false,
  };
  const rawOptions = {
    issuer: issuer.url,
    audience,
    algorithms: ['RS256'],
    clockTolerance: 30,
    requiredClaims: ['exp', 'sub'],
  };
  const fetchesBefore = issuer.jwksRequests;
  // Background load on a shared machine drifts over seconds; interleaving small chunks of the two
  // contenders (alternating which goes first) exposes both to the same drift.
  // Round 0 warms up the JIT for both contenders and is not counted.
  const spent = { provider: 0, raw: 0 };
  for (let round = 0; round <= ROUNDS; round++) {
    const jwks = createLocalJWKSet(issuer.jwks);
    const identity = new JwksIdentityProvider(
      settings,
      keys,
      new VerifiedTokenCache(10_000),
      clock,
    );
    const contenders = {
      raw: (token: string) => jwtVerify(token, jwks, rawOptions),
      provider: (token: string) =>
        identity.authenticate({ transport: 'http', authorization: `Bearer ${token}`, headers: {} }),
    };
    for (let at = 0, chunk = 0; at < tokens.length; at += CHUNK, chunk++) {
      const slice = tokens.slice(at, at + CHUNK);
      const order =
        chunk % 2 === 0 ? (['raw', 'provider'] as const) : (['provider', 'raw'] as const);
      for (const name of order) {
        const ms = await timeMs(slice, contenders[name]);
        if (round > 0) spent[name] += ms;
      }
    }
  }
  const verified = tokens.length * ROUNDS;
  const hot = new JwksIdentityProvider(settings, keys, new VerifiedTokenCache(10_000), clock);
  const polling = { transport: 'http' as const, authorization: `Bearer ${tokens[0]}`, headers: {} };
  await hot.authenticate(polling);
  const started = performance.now();
  for (let i = 0; i < HOT_CALLS; i++) await hot.authenticate(polling);
  const cachedMicros = ((performance.now() - started) * 1000) / HOT_CALLS;
  return {
    cachedMicros,
    tokens: TOKENS,
    rounds: ROUNDS,
    provider: (verified / spent.provider) * 1000,
    raw: (verified / spent.raw) * 1000,
    fetches: issuer.jwksRequests - fetchesBefore,
  };
}

async function timeMs(
  tokens: readonly string[],
  verify: (token: string) => Promise<unknown>,
): Promise<number> {
  const started = performance.now();
  await Promise.all(tokens.map(verify));
  return performance.now() - started;
}
