import { mkdirSync, writeFileSync } from 'node:fs';
import type pg from 'pg';
import { join } from 'node:path';
import {
  applyMigrations,
  MigrationError,
  pendingMigrations,
  readMigrations,
} from '../../../../src/adapters/persistence/postgres/migrations.js';
import { freshTempDir, repoRoot } from '../../../support/isolated-env.js';
import { describePostgres, freshDatabase, testPool } from '../../../support/postgres.js';

const bundled = () => readMigrations(join(repoRoot, 'migrations'));

/** Runs `use` with `count` pools on a new, empty database, then ends them and drops it. */
async function withDatabase(count: number, use: (pools: [pg.Pool, ...pg.Pool[]]) => Promise<void>) {
  const database = await freshDatabase();
  const pools: [pg.Pool, ...pg.Pool[]] = [testPool(database.url, 2)];
  while (pools.length < count) pools.push(testPool(database.url, 2));
  try {
    await use(pools);
  } finally {
    await Promise.all(pools.map((pool) => pool.end()));
    await database.drop();
  }
}

describePostgres('schema migrations', () => {
  it('migrates once when several replicas start together', () =>
    withDatabase(3, async (pools) => {
      const applied = await Promise.all(pools.map((pool) => applyMigrations(pool, bundled())));
      expect(applied.filter((versions) => versions.length > 0)).toEqual([
        bundled().map((m) => m.version),
      ]);
      expect(await pendingMigrations(pools[0], bundled())).toEqual([]);
    }));

  it('refuses a migration file changed after it was applied, and changes nothing', () =>
    withDatabase(1, async ([pool]) => {
      await applyMigrations(pool, bundled());
      const dir = freshTempDir('migrations-');
      mkdirSync(dir, { recursive: true });
      const [first] = bundled();
      writeFileSync(join(dir, '0001_tasks_and_locks.sql'), `${first!.sql}\n-- edited\n`);
      writeFileSync(join(dir, '0002_more.sql'), 'CREATE TABLE should_not_exist (x int);');
      await expect(applyMigrations(pool, readMigrations(dir))).rejects.toThrow(
        new MigrationError(
          'Migration 0001_tasks_and_locks was changed after it was applied to this database; restore the original file',
        ),
      );
      const { rows } = await pool.query("SELECT to_regclass('should_not_exist') AS t");
      expect(rows[0].t).toBeNull();
    }));

  it('refuses a database migrated by a newer task-mcp', () =>
    withDatabase(1, async ([pool]) => {
      await applyMigrations(pool, bundled());
      await pool.query(
        "INSERT INTO task_mcp_migrations (version, name, checksum) VALUES (99, 'future', 'x')",
      );
      await expect(pendingMigrations(pool, bundled())).rejects.toThrow(
        /schema version 99 \(future\), newer than this task-mcp knows/,
      );
    }));
});
