import { FlexibleRateLimiter } from '../../../src/adapters/rate-limits/flexible-rate-limiter.js';
import { memoryLimiters } from '../../../src/adapters/rate-limits/limiter-factories.js';

describe('FlexibleRateLimiter (memory)', () => {
  it('allows a budget per key and window, then refuses saying how long to wait', async () => {
    const limiter = new FlexibleRateLimiter(
      { creates: { points: 3, durationS: 60 } },
      memoryLimiters,
    );
    const verdicts = [];
    for (let i = 0; i < 4; i++) verdicts.push(await limiter.consume('creates', 'alice', 1));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    expect(verdicts.map((v) => v.remaining)).toEqual([2, 1, 0, 0]);
    expect(verdicts[3]).toMatchObject({ limit: 3 });
    expect(verdicts[3]!.resetMs).toBeGreaterThan(55_000);
    expect(verdicts[3]!.resetMs).toBeLessThanOrEqual(60_000);
    // Another key has a budget of its own.
    expect((await limiter.consume('creates', 'bob', 1)).allowed).toBe(true);
  });

  it('lets a burst go over the steady rate, once', async () => {
    const limiter = new FlexibleRateLimiter(
      { requests: { points: 2, durationS: 1, burst: 3 } },
      memoryLimiters,
    );
    const allowed = [];
    for (let i = 0; i < 7; i++) allowed.push((await limiter.consume('requests', 'k', 1)).allowed);
    expect(allowed).toEqual([true, true, true, true, true, false, false]);
  });

  it('refuses a spend larger than the whole budget', async () => {
    const limiter = new FlexibleRateLimiter(
      { creates: { points: 2, durationS: 60 } },
      memoryLimiters,
    );
    expect((await limiter.consume('creates', 'k', 3)).allowed).toBe(false);
  });

  it('allows everything, at no cost, on a budget that is off', async () => {
    const limiter = new FlexibleRateLimiter({}, memoryLimiters);
    expect(limiter.isOn('address')).toBe(false);
    for (let i = 0; i < 1000; i++) {
      expect((await limiter.consume('address', '10.0.0.1', 1)).allowed).toBe(true);
    }
  });
});
