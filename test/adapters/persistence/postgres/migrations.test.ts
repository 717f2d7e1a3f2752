import { mkdirSync, writeFileSync } from 'node:fs';
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

describePostgres('schema migrations', () => {
  it('migrates once when several replicas start together', async () => {
    const database = await freshDatabase();
    const pools = [1, 2, 3].map(() => testPool(database.url, 2));
    try {
      const applied = await Promise.all(pools.map((pool) => applyMigrations(pool, bundled())));
      expect(applied.filter((versions) => versions.length > 0)).toEqual([[1]]);
      expect(await pendingMigrations(pools[0]!, bundled())).toEqual([]);
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
      await database.drop();
    }
  });

  it('refuses a migration file changed after it was applied, and changes nothing', async () => {
    const database = await freshDatabase();
    const pool = testPool(database.url, 2);
    try {
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
    } finally {
      await pool.end();
      await database.drop();
    }
  });

  it('refuses a database migrated by a newer task-mcp', async () => {
    const database = await freshDatabase();
    const pool = testPool(database.url, 2);
    try {
      await applyMigrations(pool, bundled());
      await pool.query(
        "INSERT INTO task_mcp_migrations (version, name, checksum) VALUES (99, 'future', 'x')",
      );
      await expect(pendingMigrations(pool, bundled())).rejects.toThrow(
        /schema version 99 \(future\), newer than this task-mcp knows/,
      );
    } finally {
      await pool.end();
      await database.drop();
    }
  });
});
