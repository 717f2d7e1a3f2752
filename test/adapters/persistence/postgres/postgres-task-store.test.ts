import type pg from 'pg';
import {
  PostgresTaskStore,
  type LeaseHolder,
} from '../../../../src/adapters/persistence/postgres/postgres-task-store.js';
import { PostgresTaskLeases } from '../../../../src/adapters/persistence/postgres/postgres-task-leases.js';
import {
  DEFAULT_TASK_POLICY,
  type TaskPolicy,
} from '../../../../src/application/policy/task-policy.js';
import { finishTask, type Task } from '../../../../src/domain/index.js';
import { describeTaskStoreContract } from '../../../contracts/task-store.contract.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../../support/postgres.js';
import { aTask, anOwner } from '../../../support/task-mother.js';

const NOW = 1_000_000;
const LEASE_MS = 1000;
const ROOMY: TaskPolicy = {
  ...DEFAULT_TASK_POLICY,
  limits: { maxTasksPerOwner: 10_000, maxConcurrentTasksPerOwner: 10_000 },
};

const holder = (replica: string, life: string): LeaseHolder => ({
  replica,
  life,
  leaseMs: LEASE_MS,
});
const keyOf = (task: Task) => ({ owner: task.owner, id: task.id });

describePostgres('PostgresTaskStore on a real database', () => {
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

  describe('expiry cleanup', () => {
    beforeEach(async () => {
      await pool.query('TRUNCATE task_mcp_tasks, task_mcp_owners');
    });

    /** A store that leases what it inserts to `who`, and that replica's view of the leases. */
    function replica(who: LeaseHolder) {
      return {
        store: new PostgresTaskStore(pool, ROOMY, who),
        leases: new PostgresTaskLeases(pool, who),
      };
    }

    it('deletes expired tasks in batches, leaving live work a replica still holds', async () => {
      const a = replica(holder('a', 'life-1'));
      const expired: Task[] = [];
      for (let i = 0; i < 1200; i++) {
        const task = aTask({ owner: anOwner(`o${i % 12}`), now: NOW, ttlMs: 1000 });
        expired.push(task);
        await a.store.insert(task.owner, task);
        await a.store.replace(task.owner, finishTask(task, 'completed', NOW, {}), task.version);
      }
      const held = aTask({ now: NOW + 5000, ttlMs: 1000 });
      await a.store.insert(held.owner, held);
      await a.leases.renew([keyOf(held)], NOW + 60_000);

      expect(await a.store.cleanupExpired(NOW + 10_000)).toBe(1200);
      expect(await a.store.get(held.owner, held.id)).toBeDefined();
      expect(await a.store.get(expired[0]!.owner, expired[0]!.id)).toBeUndefined();
      await expectCountsToMatchRows();
      // Once its holder stops renewing, an expired task goes too.
      expect(await a.store.cleanupExpired(NOW + 60_001)).toBe(1);
      await expectCountsToMatchRows();
    });

    /** The per-owner counts the quotas read agree with the rows they count. */
    async function expectCountsToMatchRows(): Promise<void> {
      const { rows } = await pool.query(`
      SELECT o.owner_key, o.stored, o.active,
        (SELECT count(*) FROM task_mcp_tasks t WHERE t.owner_key = o.owner_key) AS rows_stored,
        (SELECT count(*) FROM task_mcp_tasks t WHERE t.owner_key = o.owner_key
           AND t.status IN ('working', 'input_required')) AS rows_active
      FROM task_mcp_owners o`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        expect([row.stored, row.active]).toEqual([row.rows_stored, row.rows_active]);
      }
    }
  });
});
