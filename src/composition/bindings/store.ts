import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Container } from 'inversify';
import { CONSUMED_REQUEST_STATES } from '../../application/ports/consumed-request-states.js';
import { LOCK_STORE } from '../../application/ports/lock-store.js';
import { TASK_EVENTS } from '../../application/ports/task-events.js';
import { TASK_LEASES } from '../../application/ports/task-leases.js';
import { TASK_STORE } from '../../application/ports/task-store.js';
import { STORE_RUNTIME } from '../../application/ports/store-runtime.js';
import { LeaseKeeper } from '../../application/services/lease-keeper.js';
import { SERVER_SECRET, ServerSecret } from '../../adapters/crypto/server-secret.js';
import { STORE_OF_RECORD, TimedTaskStore } from '../../adapters/metrics/timed-task-store.js';
import { InMemoryConsumedRequestStates } from '../../adapters/persistence/memory/in-memory-consumed-request-states.js';
import { InProcessTaskEvents } from '../../adapters/persistence/memory/in-process-task-events.js';
import { InMemoryLockStore } from '../../adapters/persistence/memory/in-memory-lock-store.js';
import { InMemoryTaskStore } from '../../adapters/persistence/memory/in-memory-task-store.js';
import { LocalTaskLeases } from '../../adapters/persistence/memory/local-task-leases.js';
import { MEMORY_STORE_RUNTIME } from '../../adapters/persistence/memory/memory-store-runtime.js';
import {
  clientConfig,
  createDatabasePool,
  DATABASE_POOL,
  DATABASE_POOL_OPTIONS,
  type DatabasePoolOptions,
} from '../../adapters/persistence/postgres/database-pool.js';
import { redactDatabaseUrl } from '../../adapters/persistence/postgres/database-url.js';
import { PostgresConsumedRequestStates } from '../../adapters/persistence/postgres/postgres-consumed-request-states.js';
import { PostgresLockStore } from '../../adapters/persistence/postgres/postgres-lock-store.js';
import {
  POSTGRES_STORE_SETTINGS,
  PostgresStoreRuntime,
  type PostgresStoreSettings,
} from '../../adapters/persistence/postgres/postgres-store-runtime.js';
import {
  LISTENER_CLIENT_CONFIG,
  PostgresTaskEvents,
  REPLICA_LIFE,
} from '../../adapters/persistence/postgres/postgres-task-events.js';
import { PostgresTaskLeases } from '../../adapters/persistence/postgres/postgres-task-leases.js';
import {
  LEASE_HOLDER,
  PostgresTaskStore,
  type LeaseHolder,
} from '../../adapters/persistence/postgres/postgres-task-store.js';
import { LOGGER } from '../../application/ports/logger.js';
import type { Config } from '../config/load-config.js';
import { packageInfo } from '../package-info.js';

/**
 * The store and what goes with it: locks, task events across replicas, leases, and the record of
 * used requestStates.
 */
export function bindStore(container: Container, config: Config): void {
  container.bind(LeaseKeeper).toSelf();
  // Every store call is timed for /metrics.
  container.bind(TASK_STORE).to(TimedTaskStore);
  if (config.TASK_MCP_STORE === 'memory') {
    container.bind(SERVER_SECRET).toResolvedValue(ServerSecret.random);
    container.bind(STORE_OF_RECORD).to(InMemoryTaskStore);
    container.bind(LOCK_STORE).to(InMemoryLockStore);
    container.bind(TASK_EVENTS).to(InProcessTaskEvents);
    container.bind(TASK_LEASES).to(LocalTaskLeases);
    container.bind(CONSUMED_REQUEST_STATES).to(InMemoryConsumedRequestStates);
    container.bind(STORE_RUNTIME).toConstantValue(MEMORY_STORE_RUNTIME);
    return;
  }
  bindPostgres(container, config);
}

function bindPostgres(container: Container, config: Config): void {
  const replica = config.TASK_MCP_REPLICA_NAME ?? defaultReplicaName(config);
  const poolOptions: DatabasePoolOptions = {
    ...(config.TASK_MCP_DATABASE_URL === undefined ? {} : { url: config.TASK_MCP_DATABASE_URL }),
    maxConnections: config.TASK_MCP_DATABASE_POOL_SIZE,
    statementTimeoutMs: config.TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS,
    applicationName: `task-mcp ${replica}`.slice(0, 63),
  };
  const holder: LeaseHolder = { replica, life: randomUUID(), leaseMs: config.TASK_MCP_LEASE_MS };
  const runtime: PostgresStoreSettings = {
    description: `postgres (${redactDatabaseUrl(config.TASK_MCP_DATABASE_URL)}, replica ${replica})`,
    migrateAtStart: config.TASK_MCP_DATABASE_MIGRATE,
    migrationsDir: join(packageInfo().root, 'migrations'),
  };
  container.bind(DATABASE_POOL_OPTIONS).toConstantValue(poolOptions);
  container.bind(LEASE_HOLDER).toConstantValue(holder);
  container.bind(REPLICA_LIFE).toConstantValue(holder.life);
  container.bind(POSTGRES_STORE_SETTINGS).toConstantValue(runtime);
  container
    .bind(DATABASE_POOL)
    .toResolvedValue(createDatabasePool, [DATABASE_POOL_OPTIONS, LOGGER]);
  container.bind(LISTENER_CLIENT_CONFIG).toResolvedValue(clientConfig, [DATABASE_POOL_OPTIONS]);
  // Empty until the store opens and loads it from the database, so that replicas share it.
  container.bind(SERVER_SECRET).to(ServerSecret);
  container.bind(STORE_OF_RECORD).to(PostgresTaskStore);
  container.bind(LOCK_STORE).to(PostgresLockStore);
  container.bind(TASK_LEASES).to(PostgresTaskLeases);
  container.bind(TASK_EVENTS).to(PostgresTaskEvents);
  container.bind(CONSUMED_REQUEST_STATES).to(PostgresConsumedRequestStates);
  container.bind(STORE_RUNTIME).to(PostgresStoreRuntime);
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
