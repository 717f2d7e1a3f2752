import { createHash } from 'node:crypto';
import { inject, injectable } from 'inversify';
import { BurstyRateLimiter, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateBudget, RateLimiter, RateVerdict } from '../../application/ports/rate-limiter.js';

/** One budget's size: `points` per `durationS` seconds, plus `burst` more per BURST_WINDOW_S. */
export interface BudgetSize {
  readonly points: number;
  readonly durationS: number;
  readonly burst?: number;
}

/** The budgets that are on; a budget left out is off. */
export type BudgetSizes = Partial<Record<RateBudget, BudgetSize>>;

/** The budgets that are on, and their sizes (BudgetSizes). */
export const BUDGET_SIZES = Symbol('BudgetSizes');

/** The window a burst allowance is counted over. */
export const BURST_WINDOW_S = 10;

/** Builds one rate-limiter-flexible limiter, in memory or on a shared store; `name` is unique. */
export type LimiterFactory = (
  name: string,
  points: number,
  durationS: number,
) => RateLimiterAbstract;

/** Where the budgets are counted: in this process, or on a store replicas share (LimiterFactory). */
export const LIMITER_FACTORY = Symbol('LimiterFactory');

interface Budget {
  readonly limiter: Pick<RateLimiterAbstract, 'consume'>;
  readonly limit: number;
}

const OFF: RateVerdict = Object.freeze({ allowed: true, limit: 0, remaining: 0, resetMs: 0 });

/**
 * RateLimiter on rate-limiter-flexible: fixed windows per budget, with a second, longer window
 * for a burst allowance (its BurstyRateLimiter). Keys are hashed before they reach the store, so
 * a shared table holds no owner identities or addresses and every key fits its column.
 */
@injectable()
export class FlexibleRateLimiter implements RateLimiter {
  private readonly budgets = new Map<RateBudget, Budget>();

  constructor(
    @inject(BUDGET_SIZES) sizes: BudgetSizes,
    @inject(LIMITER_FACTORY) build: LimiterFactory,
  ) {
    for (const [budget, size] of Object.entries(sizes) as [RateBudget, BudgetSize][]) {
      const steady = build(budget, size.points, size.durationS);
      const limiter = size.burst
        ? new BurstyRateLimiter(steady, build(`${budget}-burst`, size.burst, BURST_WINDOW_S))
        : steady;
      this.budgets.set(budget, { limiter, limit: size.points });
    }
  }

  isOn(budget: RateBudget): boolean {
    return this.budgets.has(budget);
  }

  async consume(budget: RateBudget, key: string, points: number): Promise<RateVerdict> {
    const entry = this.budgets.get(budget);
    if (!entry) return OFF;
    try {
      return verdict(true, entry.limit, await entry.limiter.consume(hashed(key), points));
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return verdict(false, entry.limit, refusal);
      throw refusal;
    }
  }
}

function verdict(allowed: boolean, limit: number, res: RateLimiterRes): RateVerdict {
  return {
    allowed,
    limit,
    remaining: Math.max(0, res.remainingPoints),
    resetMs: Math.max(0, res.msBeforeNext),
  };
}

function hashed(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}
