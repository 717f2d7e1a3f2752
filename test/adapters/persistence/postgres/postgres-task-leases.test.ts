import type pg from 'pg';
import { PostgresTaskLeases } from '../../../../src/adapters/persistence/postgres/postgres-task-leases.js';
import {
  PostgresTaskStore,
  type LeaseHolder,
} from '../../../../src/adapters/persistence/postgres/postgres-task-store.js';
import {
  DEFAULT_TASK_POLICY,
  type TaskPolicy,
} from '../../../../src/application/policy/task-policy.js';
import { finishTask, type Task } from '../../../../src/domain/index.js';
import { describeTaskLeasesContract } from '../../../contracts/task-leases.contract.js';
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

describePostgres('PostgresTaskLeases on a real database', () => {
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

  describeTaskLeasesContract('PostgresTaskLeases', () => replica(holder('a', 'life-1')));

  it('renews only the leases this life of this replica holds on live tasks', async () => {
    const a = replica(holder('a', 'life-1'));
    const b = replica(holder('b', 'life-1'));
    const running = aTask({ now: NOW });
    const ended = aTask({ now: NOW });
    await a.store.insert(running.owner, running);
    await a.store.insert(ended.owner, ended);
    await a.store.replace(ended.owner, finishTask(ended, 'completed', NOW, {}), ended.version);

    expect(await a.leases.renew([keyOf(running), keyOf(ended)], NOW + 10_000)).toEqual([
      keyOf(ended),
    ]);
    expect(await b.leases.renew([keyOf(running)], NOW + 10_000)).toEqual([keyOf(running)]);
    // Renewed to NOW + 10 s: nobody can claim it at NOW + 5 s.
    expect(await b.leases.claimOrphans(NOW + 5000, 10)).toEqual([]);
  });

  it('lets exactly one replica claim a task whose lease lapsed, never an ended one', async () => {
    const a = replica(holder('a', 'life-1'));
    const b = replica(holder('b', 'life-1'));
    const c = replica(holder('c', 'life-1'));
    const orphan = aTask({ now: NOW });
    const ended = aTask({ now: NOW });
    await a.store.insert(orphan.owner, orphan);
    await a.store.insert(ended.owner, ended);
    await a.store.replace(ended.owner, finishTask(ended, 'failed', NOW, {}), ended.version);

    expect(await b.leases.claimOrphans(NOW + LEASE_MS - 1, 10)).toEqual([]);
    expect(await b.leases.claimOrphans(NOW + LEASE_MS + 1, 10)).toEqual([keyOf(orphan)]);
    expect(await c.leases.claimOrphans(NOW + LEASE_MS + 1, 10)).toEqual([]);
    // The first owner of the lease has lost it: its renewal says so.
    expect(await a.leases.renew([keyOf(orphan)], NOW + 5000)).toEqual([keyOf(orphan)]);
  });

  it('splits concurrent claims between replicas without overlap', async () => {
    const a = replica(holder('a', 'life-1'));
    const tasks = Array.from({ length: 60 }, (_, i) =>
      aTask({ owner: anOwner(`o${i % 6}`), now: NOW }),
    );
    for (const task of tasks) await a.store.insert(task.owner, task);
    const claimers = ['b', 'c', 'd'].map((name) => replica(holder(name, 'life-1')).leases);
    const claimed = await Promise.all(
      claimers.map((leases) => leases.claimOrphans(NOW + LEASE_MS + 1, 100)),
    );
    const all = claimed.flat().map((key) => key.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.sort()).toEqual(tasks.map((task) => task.id).sort());
  });

  it("claims an earlier life's leftovers at once, before their lease lapses", async () => {
    const before = replica(holder('web-1', 'life-1'));
    const after = replica(holder('web-1', 'life-2'));
    const other = replica(holder('web-2', 'life-1'));
    const leftover = aTask({ now: NOW });
    await before.store.insert(leftover.owner, leftover);
    expect(await other.leases.claimOrphans(NOW + 1, 10)).toEqual([]);
    expect(await after.leases.claimOrphans(NOW + 1, 10)).toEqual([keyOf(leftover)]);
  });
});
