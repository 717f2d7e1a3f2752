/**
 * The budgets a caller spends: `address` per client IP before authentication, `requests` per owner
 * for every request, `creates` per owner for every tools/call (each starts a task).
 */
export type RateBudget = 'address' | 'requests' | 'creates';

/** The answer to one spend: whether it fits, and what a client needs to pace itself. */
export interface RateVerdict {
  readonly allowed: boolean;
  /** The budget's size per window (for RateLimit-Limit). */
  readonly limit: number;
  /** What is left of it in this window. */
  readonly remaining: number;
  /** Until the window ends, in ms; when refused, how long to wait before trying again. */
  readonly resetMs: number;
}

/**
 * Rate-limit budgets, in memory or shared by replicas through the database. A budget that is
 * turned off allows everything and costs nothing.
 */
export interface RateLimiter {
  isOn(budget: RateBudget): boolean;
  /** Spends `points` of `budget` for `key` (an owner key or a client address). */
  consume(budget: RateBudget, key: string, points: number): Promise<RateVerdict>;
}

export const RATE_LIMITER = Symbol('RateLimiter');
