import 'reflect-metadata';
import type {
  RateBudget,
  RateLimiter,
  RateVerdict,
} from '../../../src/application/ports/rate-limiter.js';
import { RateLimits } from '../../../src/application/services/rate-limits.js';
import { RateLimitedError } from '../../../src/application/shared/errors.js';
import { RecordingAuditLog } from '../../support/recording-audit-log.js';
import { aPrincipal } from '../../support/task-mother.js';

/** A limiter whose budgets and verdicts the test sets; it records what was spent. */
class ScriptedLimiter implements RateLimiter {
  readonly spent: { budget: RateBudget; key: string; points: number }[] = [];
  on: RateBudget[] = ['address', 'requests', 'creates'];
  verdict: RateVerdict = { allowed: true, limit: 10, remaining: 9, resetMs: 1000 };

  isOn(budget: RateBudget): boolean {
    return this.on.includes(budget);
  }

  async consume(budget: RateBudget, key: string, points: number): Promise<RateVerdict> {
    this.spent.push({ budget, key, points });
    return this.verdict;
  }
}

function world() {
  const limiter = new ScriptedLimiter();
  const audit = new RecordingAuditLog();
  return { limiter, audit, limits: new RateLimits(limiter, audit) };
}

const alice = aPrincipal('alice');

describe('RateLimits', () => {
  it("spends each budget under its key: the address, or the caller's owner", async () => {
    const w = world();
    await w.limits.admitAddress('203.0.113.7');
    await w.limits.admitRequest(alice);
    await w.limits.admitCreates(alice, 3);
    expect(w.limiter.spent).toEqual([
      { budget: 'address', key: '203.0.113.7', points: 1 },
      { budget: 'requests', key: alice.owner, points: 1 },
      { budget: 'creates', key: alice.owner, points: 3 },
    ]);
    expect(w.audit.events).toEqual([]);
  });

  it('spends nothing for a budget that is off, or for a request that creates no task', async () => {
    const w = world();
    w.limiter.on = ['creates'];
    await w.limits.admitAddress('203.0.113.7');
    await w.limits.admitRequest(alice);
    await w.limits.admitCreates(alice, 0);
    expect(w.limiter.spent).toEqual([]);
  });

  it('refuses a spent budget, saying how long to wait, and audits it under the owner', async () => {
    const w = world();
    w.limiter.verdict = { allowed: false, limit: 5, remaining: 0, resetMs: 2500 };
    const refusal = await w.limits.admitCreates(alice, 1).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(RateLimitedError);
    expect((refusal as RateLimitedError).message).toBe(
      'Rate limit reached: at most 5 task creations per minute per user; retry in 2500 ms',
    );
    expect((refusal as RateLimitedError).budget).toBe('creates');
    expect(w.audit.events).toEqual([
      {
        event: 'rate.limited',
        severity: 'warn',
        owner: alice.owner,
        detail: { budget: 'creates', limit: 5, retryAfterMs: 2500 },
      },
    ]);
  });

  it('describes each budget in its refusal; an address refusal names no owner', async () => {
    const w = world();
    w.limiter.verdict = { allowed: false, limit: 20, remaining: 0, resetMs: 0 };
    await expect(w.limits.admitAddress('203.0.113.7')).rejects.toThrow(
      'at most 20 requests per second from one address; retry in 1 ms',
    );
    await expect(w.limits.admitRequest(alice)).rejects.toThrow(
      'at most 20 requests per second per user',
    );
    expect(w.audit.events[0]).not.toHaveProperty('owner');
    expect(w.audit.events[1]).toHaveProperty('owner', alice.owner);
  });
});
