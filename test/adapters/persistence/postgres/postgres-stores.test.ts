import type pg from 'pg';
import { PostgresLockStore } from '../../../../src/adapters/persistence/postgres/postgres-lock-store.js';
import { PostgresTaskStore } from '../../../../src/adapters/persistence/postgres/postgres-task-store.js';
import type { TaskPolicy } from '../../../../src/application/policy/task-policy.js';
import { describeLockStoreContract } from '../../../contracts/lock-store.contract.js';
import { describeTaskStoreContract } from '../../../contracts/task-store.contract.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../../support/postgres.js';

describePostgres('PostgreSQL stores on a real database', () => {
  let database: TestDatabase;
  let pool: pg.Pool;
  const extraPools: pg.Pool[] = [];

  beforeAll(async () => {
    database = await freshMigratedDatabase();
    pool = testPool(database.url, 10);
  });

  afterAll(async () => {
    await Promise.all([pool, ...extraPools].map((each) => each.end()));
    await database.drop();
  });

  /** Each contract test starts from empty tables, as a fresh in-memory store does. */
  async function emptied(): Promise<pg.Pool> {
    await pool.query('TRUNCATE task_mcp_tasks, task_mcp_owners, task_mcp_locks');
    return pool;
  }

  /** A pool of its own, as another replica has. */
  function replicaPool(): pg.Pool {
    const own = testPool(database.url, 10);
    extraPools.push(own);
    return own;
  }

  describeTaskStoreContract(
    'PostgresTaskStore',
    async (policy: TaskPolicy) => new PostgresTaskStore(await emptied(), policy),
    {
      makeTwins: async (policy) => {
        await emptied();
        return [
          new PostgresTaskStore(replicaPool(), policy),
          new PostgresTaskStore(replicaPool(), policy),
        ];
      },
    },
  );

  describeLockStoreContract(
    'PostgresLockStore',
    async () => new PostgresLockStore(await emptied()),
  );
});
