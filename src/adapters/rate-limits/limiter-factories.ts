import type pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LimiterFactory } from './flexible-rate-limiter.js';

/** The table migration 0002 creates for shared budgets. */
const TABLE = 'task_mcp_rate_limits';

/** Budgets of this process alone. */
export const memoryLimiters: LimiterFactory = (name, points, durationS) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration: durationS });

/**
 * Budgets shared by every replica on the database. A key over its budget is then refused from
 * memory until its window ends, so a flood costs no queries; and should the database fail, each
 * replica falls back to a budget of its own (insurance) rather than refusing or failing requests.
 */
export function postgresLimiters(pool: pg.Pool): LimiterFactory {
  return (name, points, durationS) =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      tableName: TABLE,
      tableCreated: true,
      keyPrefix: name,
      points,
      duration: durationS,
      inMemoryBlockOnConsumed: points + 1,
      insuranceLimiter: memoryLimiters(name, points, durationS),
    });
}
