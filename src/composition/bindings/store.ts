import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Container } from 'inversify';
import type pg from 'pg';
import { CLOCK, type Clock } from '../../application/ports/clock.js';
import { LOCK_STORE } from '../../application/ports/lock-store.js';
import { LOGGER, type Logger } from '../../application/ports/logger.js';
import { TASK_EVENTS } from '../../application/ports/task-events.js';
import { TASK_LEASES } from '../../application/ports/task-leases.js';
import { TASK_STORE, type TaskStore } from '../../application/ports/task-store.js';
import { TASK_POLICY, type TaskPolicy } from '../../application/policy/task-policy.js';
import { LeaseKeeper } from '../../application/services/lease-keeper.js';
import { messageOf } from '../../application/shared/errors.js';
import { ServerSecret } from '../../adapters/crypto/server-secret.js';
import { PrometheusMetrics } from '../../adapters/metrics/prometheus-metrics.js';
import { TimedTaskStore } from '../../adapters/metrics/timed-task-store.js';
import { InProcessTaskEvents } from '../../adapters/persistence/memory/in-process-task-events.js';
import { PostgresTaskEvents } from '../../adapters/persistence/postgres/postgres-task-events.js';
import { InMemoryLockStore } from '../../adapters/persistence/memory/in-memory-lock-store.js';
import { InMemoryTaskStore } from '../../adapters/persistence/memory/in-memory-task-store.js';
import { LocalTaskLeases } from '../../adapters/persistence/memory/local-task-leases.js';
import {
  clientConfig,
  createDatabasePool,
  type DatabasePoolOptions,
} from '../../adapters/persistence/postgres/database-pool.js';
import { redactDatabaseUrl } from '../../adapters/persistence/postgres/database-url.js';
import { PostgresLockStore } from '../../adapters/persistence/postgres/postgres-lock-store.js';
import { PostgresTaskLeases } from '../../adapters/persistence/postgres/postgres-task-leases.js';
import {
  PostgresTaskStore,
  type LeaseHolder,
} from '../../adapters/persistence/postgres/postgres-task-store.js';
import type { Config } from '../config/load-config.js';
import { packageInfo } from '../package-info.js';
import { PostgresStoreRuntime } from '../../adapters/persistence/postgres/postgres-store-runtime.js';
import { STORE_RUNTIME } from '../../application/ports/store-runtime.js';
import { MEMORY_STORE_RUNTIME } from '../../adapters/persistence/memory/memory-store-runtime.js';
import { DATABASE_POOL, SERVER_SECRET, STORE_OF_RECORD } from '../tokens.js';

/** The store and what goes with it: locks, task events across replicas, and leases. */
export function bindStore(container: Container, config: Config): void {
  container.bind(LeaseKeeper).toSelf();
  // Every store call is timed for /metrics.
  container
    .bind(TASK_STORE)
    .toDynamicValue(
      (context) =>
        new TimedTaskStore(context.get<TaskStore>(STORE_OF_RECORD), context.get(PrometheusMetrics)),
    );
  if (config.TASK_MCP_STORE === 'memory') {
    container.bind(SERVER_SECRET).toConstantValue(ServerSecret.random());
    container.bind(STORE_OF_RECORD).to(InMemoryTaskStore);
    container.bind(LOCK_STORE).to(InMemoryLockStore);
    container.bind(TASK_EVENTS).to(InProcessTaskEvents);
    container.bind(TASK_LEASES).to(LocalTaskLeases);
    container.bind(STORE_RUNTIME).toConstantValue(MEMORY_STORE_RUNTIME);
    return;
  }
  bindPostgres(container, config);
}

function bindPostgres(container: Container, config: Config): void {
  const replica = config.TASK_MCP_REPLICA_NAME ?? defaultReplicaName(config);
  const options: DatabasePoolOptions = {
    ...(config.TASK_MCP_DATABASE_URL === undefined ? {} : { url: config.TASK_MCP_DATABASE_URL }),
    maxConnections: config.TASK_MCP_DATABASE_POOL_SIZE,
    statementTimeoutMs: config.TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: `task-mcp ${replica}`.slice(0, 63),
  };
  const holder: LeaseHolder = { replica, life: randomUUID(), leaseMs: config.TASK_MCP_LEASE_MS };
  // Loaded from the database when the store opens, so that replicas share it.
  container.bind(SERVER_SECRET).toConstantValue(new ServerSecret());

  container.bind(DATABASE_POOL).toDynamicValue((context) => {
    const logger = context.get<Logger>(LOGGER);
    return createDatabasePool(options, (error) =>
      logger.warn('an idle database connection failed', { error: messageOf(error) }),
    );
  });
  container
    .bind(STORE_OF_RECORD)
    .toDynamicValue(
      (context) =>
        new PostgresTaskStore(
          context.get<pg.Pool>(DATABASE_POOL),
          context.get<TaskPolicy>(TASK_POLICY),
          holder,
        ),
    );
  container
    .bind(LOCK_STORE)
    .toDynamicValue((context) => new PostgresLockStore(context.get<pg.Pool>(DATABASE_POOL)));
  container
    .bind(TASK_LEASES)
    .toDynamicValue(
      (context) => new PostgresTaskLeases(context.get<pg.Pool>(DATABASE_POOL), holder),
    );
  container
    .bind(TASK_EVENTS)
    .toDynamicValue(
      (context) =>
        new PostgresTaskEvents(
          context.get<pg.Pool>(DATABASE_POOL),
          clientConfig(options),
          context.get<TaskStore>(TASK_STORE),
          holder.life,
          context.get<Logger>(LOGGER),
        ),
    );
  const description = `postgres (${redactDatabaseUrl(config.TASK_MCP_DATABASE_URL)}, replica ${replica})`;
  container.bind(STORE_RUNTIME).toDynamicValue(
    (context) =>
      new PostgresStoreRuntime(
        description,
        config.TASK_MCP_DATABASE_MIGRATE,
        join(packageInfo().root, 'migrations'),
        () => ({
          pool: context.get<pg.Pool>(DATABASE_POOL),
          events: context.get<PostgresTaskEvents>(TASK_EVENTS),
          keeper: context.get(LeaseKeeper),
          secret: context.get<ServerSecret>(SERVER_SECRET),
          clock: context.get<Clock>(CLOCK),
          logger: context.get<Logger>(LOGGER),
        }),
      ),
  );
}

/**
 * Stable across restarts where it can be, and unique among live replicas: two servers cannot
 * listen on one port of one host. Without a fixed port (0, or stdio) the pid keeps it unique, and
 * a restart's leftovers then wait for their lease to lapse instead.
 */
function defaultReplicaName(config: Config): string {
  const host = hostname();
  if (config.TASK_MCP_TRANSPORT === 'http' && config.TASK_MCP_PORT !== 0) {
    return `${host}:${config.TASK_MCP_PORT}`;
  }
  return `${host}:pid${process.pid}`;
}
