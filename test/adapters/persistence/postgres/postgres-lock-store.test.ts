import type pg from 'pg';
import { PostgresLockStore } from '../../../../src/adapters/persistence/postgres/postgres-lock-store.js';
import { describeLockStoreContract } from '../../../contracts/lock-store.contract.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../../support/postgres.js';

describePostgres('PostgresLockStore on a real database', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await freshMigratedDatabase();
    pool = testPool(database.url, 10);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** Each contract test starts from an empty table, as a fresh in-memory store does. */
  async function emptied(): Promise<pg.Pool> {
    await pool.query('TRUNCATE task_mcp_locks');
    return pool;
  }

  describeLockStoreContract(
    'PostgresLockStore',
    async () => new PostgresLockStore(await emptied()),
  );
});
