import type pg from 'pg';
import { FlexibleRateLimiter } from '../../../src/adapters/rate-limits/flexible-rate-limiter.js';
import {
  memoryLimiters,
  postgresLimiters,
} from '../../../src/adapters/rate-limits/limiter-factories.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../support/postgres.js';

/** Whether each of `count` spends of one point for `key` was allowed. */
async function spends(
  limiter: FlexibleRateLimiter,
  key: string,
  count: number,
): Promise<boolean[]> {
  const allowed: boolean[] = [];
  for (let i = 0; i < count; i++) allowed.push((await limiter.consume('creates', key, 1)).allowed);
  return allowed;
}

const CREATES = { creates: { points: 3, durationS: 60 } };

describe('memoryLimiters', () => {
  it('keeps each process its own budgets', async () => {
    const first = new FlexibleRateLimiter(CREATES, memoryLimiters);
    const second = new FlexibleRateLimiter(CREATES, memoryLimiters);
    expect(await spends(first, 'alice', 4)).toEqual([true, true, true, false]);
    expect(await spends(second, 'alice', 1)).toEqual([true]);
  });

  it('keeps budgets of different names apart for the same key', async () => {
    const limiter = new FlexibleRateLimiter(
      { creates: { points: 1, durationS: 60 }, requests: { points: 1, durationS: 60 } },
      memoryLimiters,
    );
    expect((await limiter.consume('creates', 'alice', 1)).allowed).toBe(true);
    expect((await limiter.consume('requests', 'alice', 1)).allowed).toBe(true);
  });
});

describePostgres('postgresLimiters', () => {
  let database: TestDatabase;
  const pools: pg.Pool[] = [];

  beforeAll(async () => {
    database = await freshMigratedDatabase();
  });

  afterAll(async () => {
    await Promise.all(pools.filter((pool) => !pool.ended).map((pool) => pool.end()));
    await database.drop();
  });

  /** A replica's limiter, on a pool of its own. */
  function replica() {
    const pool = testPool(database.url, 2);
    pools.push(pool);
    return { pool, limiter: new FlexibleRateLimiter(CREATES, postgresLimiters(pool)) };
  }

  it('shares one budget between replicas', async () => {
    const a = replica();
    const b = replica();
    expect(await spends(a.limiter, 'alice', 2)).toEqual([true, true]);
    expect(await spends(b.limiter, 'alice', 2)).toEqual([true, false]);
    expect(await spends(a.limiter, 'bob', 1)).toEqual([true]);
  });

  it('stores hashed keys, never the owner or the address', async () => {
    const { pool, limiter } = replica();
    await limiter.consume('creates', 'https://issuer.test#carol', 1);
    const { rows } = await pool.query<{ key: string }>('SELECT key FROM task_mcp_rate_limits');
    expect(rows.length).toBeGreaterThan(0);
    for (const { key } of rows) expect(key).not.toMatch(/carol|issuer/);
  });

  it('falls back on a budget of its own when the database fails, rather than fail the request', async () => {
    const { pool, limiter } = replica();
    await pool.end();
    expect(await spends(limiter, 'dave', 4)).toEqual([true, true, true, false]);
  });
});
