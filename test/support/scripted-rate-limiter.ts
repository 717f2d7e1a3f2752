import type {
  RateBudget,
  RateLimiter,
  RateVerdict,
} from '../../src/application/ports/rate-limiter.js';

/**
 * A rate limiter with every budget on, that keeps each spend in order and refuses every spend of
 * the budgets a test names, so a test can see what was charged, to whom, and in which order.
 */
export class ScriptedRateLimiter implements RateLimiter {
  readonly spent: { readonly budget: RateBudget; readonly key: string; readonly points: number }[] =
    [];
  readonly refusing = new Set<RateBudget>();

  isOn(): boolean {
    return true;
  }

  async consume(budget: RateBudget, key: string, points: number): Promise<RateVerdict> {
    this.spent.push({ budget, key, points });
    const allowed = !this.refusing.has(budget);
    return { allowed, limit: 10, remaining: allowed ? 9 : 0, resetMs: 1500 };
  }

  /** What was spent of one budget. */
  of(budget: RateBudget): { readonly key: string; readonly points: number }[] {
    return this.spent
      .filter((spend) => spend.budget === budget)
      .map(({ key, points }) => ({ key, points }));
  }

  reset(): void {
    this.spent.length = 0;
    this.refusing.clear();
  }
}
