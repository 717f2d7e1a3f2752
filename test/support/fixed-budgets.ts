import type {
  RateBudget,
  RateLimiter,
  RateVerdict,
} from '../../src/application/ports/rate-limiter.js';

/**
 * Rate budgets of a fixed size that never refill (a budget not given is off), so that a test
 * decides exactly which spend is refused; every spend is recorded.
 */
export class FixedBudgets implements RateLimiter {
  readonly spent: { budget: RateBudget; points: number }[] = [];
  private readonly used = new Map<RateBudget, number>();

  constructor(
    private readonly sizes: Partial<Record<RateBudget, number>>,
    private readonly resetMs = 2500,
  ) {}

  isOn(budget: RateBudget): boolean {
    return this.sizes[budget] !== undefined;
  }

  async consume(budget: RateBudget, _key: string, points: number): Promise<RateVerdict> {
    this.spent.push({ budget, points });
    const limit = this.sizes[budget] ?? 0;
    const used = (this.used.get(budget) ?? 0) + points;
    this.used.set(budget, used);
    return {
      allowed: used <= limit,
      limit,
      remaining: Math.max(0, limit - used),
      resetMs: this.resetMs,
    };
  }
}
