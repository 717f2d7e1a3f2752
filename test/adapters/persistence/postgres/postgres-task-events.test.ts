import type pg from 'pg';
import { PostgresTaskEvents } from '../../../../src/adapters/persistence/postgres/postgres-task-events.js';
import { clientConfig } from '../../../../src/adapters/persistence/postgres/database-pool.js';
import { PostgresTaskStore } from '../../../../src/adapters/persistence/postgres/postgres-task-store.js';
import { DEFAULT_TASK_POLICY } from '../../../../src/application/policy/task-policy.js';
import { moveTask, type Task } from '../../../../src/domain/index.js';
import {
  describeTaskEventsContract,
  type TaskEventsSide,
} from '../../../contracts/task-events.contract.js';
import { eventually } from '../../../support/http-fixture.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../../support/postgres.js';
import { startTcpProxy, type TcpProxy } from '../../../support/tcp-proxy.js';
import { aTask } from '../../../support/task-mother.js';
import { silentLogger } from '../../../support/test-container.js';

const NOW = 1_000_000;

describePostgres('PostgresTaskEvents between two replicas', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  const pools: pg.Pool[] = [];
  const started: PostgresTaskEvents[] = [];
  let lives = 0;

  beforeAll(async () => {
    database = await freshMigratedDatabase();
    const url = new URL(database.url);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  });

  // Each test's replicas go with it, so their connections do not pile up.
  afterEach(async () => {
    await Promise.all(started.splice(0).map((events) => events.close()));
    await Promise.all(pools.splice(0).map((pool) => pool.end()));
  });

  afterAll(async () => {
    await proxy.close();
    await database.drop();
  });

  /** One replica's store and events; `viaProxy` routes its connections through the proxy. */
  async function replica(life: string, viaProxy = false) {
    const url = new URL(database.url);
    if (viaProxy) url.port = String(proxy.port);
    const pool = testPool(url.href);
    pools.push(pool);
    const store = new PostgresTaskStore(pool, DEFAULT_TASK_POLICY);
    const events = new PostgresTaskEvents(
      pool,
      clientConfig({
        url: url.href,
        maxConnections: 1,
        statementTimeoutMs: 2000,
        applicationName: life,
      }),
      store,
      life,
      silentLogger,
    );
    await events.start();
    started.push(events);
    return { store, events };
  }

  /** Writes `next` (the following version of a stored task) and announces it, as TaskUpdater does. */
  async function change(
    side: { store: PostgresTaskStore; events: PostgresTaskEvents },
    from: Task,
    next: Task,
  ) {
    expect(await side.store.replace(next.owner, next, from.version)).toBe('replaced');
    side.events.publish(next);
  }

  describeTaskEventsContract('PostgresTaskEvents', () => replica(`life-${++lives}`), {
    makeTwins: async (): Promise<[TaskEventsSide, TaskEventsSide]> => [
      await replica(`life-${++lives}`),
      await replica(`life-${++lives}`),
    ],
  });

  it('re-reads what it watches after its listening connection comes back', async () => {
    const a = await replica('life-c');
    const b = await replica('life-d', true);
    const task = aTask({ now: NOW });
    await a.store.insert(task.owner, task);
    const heard: Task[] = [];
    b.events.subscribe(task.owner, task.id, (changed) => heard.push(changed));

    // B's connections drop; A's change is announced while B cannot hear it.
    proxy.setMode('refuse');
    const waiting = moveTask(task, 'input_required', NOW + 1, 'need input');
    await change(a, task, waiting);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heard).toEqual([]);

    proxy.setMode('forward');
    await eventually(() => heard.some((t) => t.status === 'input_required'), 10_000);
    expect(heard.at(-1)).toEqual(waiting);
  });
});
