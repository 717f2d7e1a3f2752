import { join } from 'node:path';
import type pg from 'pg';
import { ServerSecret } from '../../../../src/adapters/crypto/server-secret.js';
import {
  pendingMigrations,
  readMigrations,
} from '../../../../src/adapters/persistence/postgres/migrations.js';
import {
  PostgresStoreRuntime,
  StoreStartError,
} from '../../../../src/adapters/persistence/postgres/postgres-store-runtime.js';
import type { PostgresTaskEvents } from '../../../../src/adapters/persistence/postgres/postgres-task-events.js';
import type { LeaseKeeper } from '../../../../src/application/services/lease-keeper.js';
import type { Logger } from '../../../../src/application/ports/logger.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { repoRoot } from '../../../support/isolated-env.js';
import { describePostgres, freshDatabase, testPool } from '../../../support/postgres.js';

const MIGRATIONS = join(repoRoot, 'migrations');
const MIGRATION_NAMES = readMigrations(MIGRATIONS).map(
  (m) => `${String(m.version).padStart(4, '0')}_${m.name}`,
);

/** A runtime over `pool`, its events and lease keeper replaced by recorders of what was done. */
function runtimeOn(pool: pg.Pool, migrateAtStart = true) {
  const steps: string[] = [];
  const logged: string[] = [];
  const record = (step: string) => async () => void steps.push(step);
  const logger: Logger = {
    debug: () => undefined,
    info: (message) => void logged.push(message),
    warn: (message) => void logged.push(message),
    error: (message) => void logged.push(message),
  };
  const parts = {
    pool,
    events: { start: record('events started'), close: record('events closed') },
    keeper: { start: record('leases kept'), stop: record('leases let go') },
    secret: new ServerSecret(),
    clock: new FakeClock(),
    logger,
  };
  const runtime = new PostgresStoreRuntime(
    { description: 'postgres (test)', migrateAtStart, migrationsDir: MIGRATIONS },
    parts.pool,
    parts.events as unknown as PostgresTaskEvents,
    parts.keeper as unknown as LeaseKeeper,
    parts.secret,
    parts.clock,
    parts.logger,
  );
  return { runtime, steps, logged, secret: parts.secret };
}

describePostgres('PostgresStoreRuntime', () => {
  /** Runs `use` on a pool to a new, empty database, then ends the pool and drops the database. */
  async function withEmptyDatabase(use: (pool: pg.Pool) => Promise<void>): Promise<void> {
    const database = await freshDatabase();
    const pool = testPool(database.url, 2);
    try {
      await use(pool);
    } finally {
      if (!pool.ended) await pool.end();
      await database.drop();
    }
  }

  it('opens an empty database: migrates, loads the shared secret, listens, then keeps leases', () =>
    withEmptyDatabase(async (pool) => {
      const first = runtimeOn(pool);
      await first.runtime.open();
      expect(await pendingMigrations(pool, readMigrations(MIGRATIONS))).toEqual([]);
      expect(first.steps).toEqual(['events started', 'leases kept']);
      expect(first.logged).toEqual(['database migrated', 'task store ready']);

      // Another replica on the same database derives the same keys.
      const second = runtimeOn(pool);
      await second.runtime.open();
      expect(second.secret.keyFor('cursor')).toEqual(first.secret.keyFor('cursor'));
      expect(second.logged).toEqual(['task store ready']);
    }));

  it('refuses an unmigrated database when told not to migrate, starting nothing', () =>
    withEmptyDatabase(async (pool) => {
      const { runtime, steps } = runtimeOn(pool, false);
      const refusal = runtime.open();
      await expect(refusal).rejects.toThrow(StoreStartError);
      await expect(refusal).rejects.toThrow(
        `the database is not migrated (pending: ${MIGRATION_NAMES.join(', ')}) and TASK_MCP_DATABASE_MIGRATE=false; run 'task-mcp migrate' first`,
      );
      expect(steps).toEqual([]);
    }));

  it('migrates on demand, naming what it applied, and nothing the second time', () =>
    withEmptyDatabase(async (pool) => {
      const { runtime } = runtimeOn(pool, false);
      expect(await runtime.migrate()).toEqual(MIGRATION_NAMES);
      expect(await runtime.migrate()).toEqual([]);
      await runtime.open();
    }));

  it('closes in reverse: leases, then events, then the pool', () =>
    withEmptyDatabase(async (pool) => {
      const { runtime, steps } = runtimeOn(pool);
      await runtime.open();
      expect(await runtime.reachable()).toBe(true);
      await runtime.close();
      expect(steps).toEqual(['events started', 'leases kept', 'leases let go', 'events closed']);
      expect(pool.ended).toBe(true);
      expect(await runtime.reachable()).toBe(false);
    }));
});

describe('PostgresStoreRuntime without a database', () => {
  it('refuses to open with one line naming the store and the cause', async () => {
    const pool = testPool('postgres://task-mcp@127.0.0.1:1/none', 1);
    const { runtime, steps } = runtimeOn(pool);
    try {
      const refusal = runtime.open();
      await expect(refusal).rejects.toThrow(StoreStartError);
      // Under jest's module VM, Node's own socket errors are not instances of this realm's Error,
      // so the cause reads "Error: connect ..." here and "connect ..." in the server.
      await expect(refusal).rejects.toThrow(
        /^cannot use the database postgres \(test\): (Error: )?connect ECONNREFUSED 127\.0\.0\.1:1$/,
      );
      expect(await runtime.reachable()).toBe(false);
      expect(steps).toEqual([]);
    } finally {
      await pool.end();
    }
  });
});
