import { hostname } from 'node:os';
import type pg from 'pg';
import { SERVER_SECRET, ServerSecret } from '../../../src/adapters/crypto/server-secret.js';
import { STORE_OF_RECORD, TimedTaskStore } from '../../../src/adapters/metrics/timed-task-store.js';
import { InMemoryLockStore } from '../../../src/adapters/persistence/memory/in-memory-lock-store.js';
import { InMemoryTaskStore } from '../../../src/adapters/persistence/memory/in-memory-task-store.js';
import { InProcessTaskEvents } from '../../../src/adapters/persistence/memory/in-process-task-events.js';
import { LocalTaskLeases } from '../../../src/adapters/persistence/memory/local-task-leases.js';
import { MEMORY_STORE_RUNTIME } from '../../../src/adapters/persistence/memory/memory-store-runtime.js';
import {
  DATABASE_POOL,
  DATABASE_POOL_OPTIONS,
  type DatabasePoolOptions,
} from '../../../src/adapters/persistence/postgres/database-pool.js';
import { PostgresLockStore } from '../../../src/adapters/persistence/postgres/postgres-lock-store.js';
import {
  POSTGRES_STORE_SETTINGS,
  PostgresStoreRuntime,
  type PostgresStoreSettings,
} from '../../../src/adapters/persistence/postgres/postgres-store-runtime.js';
import {
  LISTENER_CLIENT_CONFIG,
  PostgresTaskEvents,
  REPLICA_LIFE,
} from '../../../src/adapters/persistence/postgres/postgres-task-events.js';
import { PostgresTaskLeases } from '../../../src/adapters/persistence/postgres/postgres-task-leases.js';
import {
  LEASE_HOLDER,
  PostgresTaskStore,
  type LeaseHolder,
} from '../../../src/adapters/persistence/postgres/postgres-task-store.js';
import { LOCK_STORE } from '../../../src/application/ports/lock-store.js';
import { STORE_RUNTIME } from '../../../src/application/ports/store-runtime.js';
import { TASK_EVENTS } from '../../../src/application/ports/task-events.js';
import { TASK_LEASES } from '../../../src/application/ports/task-leases.js';
import { CONSUMED_REQUEST_STATES } from '../../../src/application/ports/consumed-request-states.js';
import { InMemoryConsumedRequestStates } from '../../../src/adapters/persistence/memory/in-memory-consumed-request-states.js';
import { PostgresConsumedRequestStates } from '../../../src/adapters/persistence/postgres/postgres-consumed-request-states.js';
import { TASK_STORE } from '../../../src/application/ports/task-store.js';
import { LeaseKeeper } from '../../../src/application/services/lease-keeper.js';
import { buildContainer } from '../../../src/composition/container.js';
import { loadConfig } from '../../../src/composition/config/load-config.js';
import { isolatedProcessEnv, isolatedSettings } from '../../support/isolated-env.js';

const DATABASE_URL = 'postgres://tasks:s3cret-pass@db.example.test:5432/tasks';
const POSTGRES = { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: DATABASE_URL };

const build = (settings: Record<string, string> = {}) =>
  buildContainer(loadConfig(isolatedSettings(settings)), isolatedProcessEnv());

describe('the store binding, in memory', () => {
  it('binds the in-memory adapters, every store call timed', () => {
    const container = build();
    const store = container.get(TASK_STORE);
    expect(store).toBeInstanceOf(TimedTaskStore);
    expect(container.get(STORE_OF_RECORD)).toBeInstanceOf(InMemoryTaskStore);
    expect(container.get(LOCK_STORE)).toBeInstanceOf(InMemoryLockStore);
    expect(container.get(TASK_EVENTS)).toBeInstanceOf(InProcessTaskEvents);
    expect(container.get(TASK_LEASES)).toBeInstanceOf(LocalTaskLeases);
    expect(container.get(CONSUMED_REQUEST_STATES)).toBeInstanceOf(InMemoryConsumedRequestStates);
    expect(container.get(STORE_RUNTIME)).toBe(MEMORY_STORE_RUNTIME);
    expect(container.get(LeaseKeeper)).toBeInstanceOf(LeaseKeeper);
    expect(container.isBound(DATABASE_POOL)).toBe(false);
  });

  it('makes a server secret of its own, shared by everything in the process', () => {
    const container = build();
    const secret = container.get(SERVER_SECRET);
    expect(secret).toBeInstanceOf(ServerSecret);
    expect(container.get(SERVER_SECRET)).toBe(secret);
    expect(build().get(SERVER_SECRET)).not.toBe(secret);
  });
});

describe('the store binding, with PostgreSQL', () => {
  it('binds the PostgreSQL adapters, built without connecting', async () => {
    const container = build(POSTGRES);
    try {
      expect(container.get(TASK_STORE)).toBeInstanceOf(TimedTaskStore);
      expect(container.get(STORE_OF_RECORD)).toBeInstanceOf(PostgresTaskStore);
      expect(container.get(LOCK_STORE)).toBeInstanceOf(PostgresLockStore);
      expect(container.get(TASK_LEASES)).toBeInstanceOf(PostgresTaskLeases);
      expect(container.get(TASK_EVENTS)).toBeInstanceOf(PostgresTaskEvents);
      expect(container.get(CONSUMED_REQUEST_STATES)).toBeInstanceOf(PostgresConsumedRequestStates);
      expect(container.get(STORE_RUNTIME)).toBeInstanceOf(PostgresStoreRuntime);
      expect(container.get(SERVER_SECRET)).toBeInstanceOf(ServerSecret);
      expect(container.get(LISTENER_CLIENT_CONFIG)).toMatchObject({
        connectionString: DATABASE_URL,
      });
    } finally {
      await container.get<pg.Pool>(DATABASE_POOL).end();
    }
  });

  it('names the replica after the host and port, and its life uniquely', () => {
    const container = build({ ...POSTGRES, TASK_MCP_PORT: '4100', TASK_MCP_LEASE_MS: '20000' });
    const holder = container.get<LeaseHolder>(LEASE_HOLDER);
    expect(holder.replica).toBe(`${hostname()}:4100`);
    expect(holder.leaseMs).toBe(20000);
    expect(holder.life).toMatch(/^[0-9a-f-]{36}$/);
    expect(container.get(REPLICA_LIFE)).toBe(holder.life);
    expect(
      build({ ...POSTGRES, TASK_MCP_PORT: '4100' }).get<LeaseHolder>(LEASE_HOLDER).life,
    ).not.toBe(holder.life);
    expect(container.get<DatabasePoolOptions>(DATABASE_POOL_OPTIONS)).toMatchObject({
      url: DATABASE_URL,
      applicationName: `task-mcp ${hostname()}:4100`.slice(0, 63),
    });
  });

  it('names the replica after the process without a fixed port, or as told', () => {
    expect(build({ ...POSTGRES, TASK_MCP_PORT: '0' }).get<LeaseHolder>(LEASE_HOLDER).replica).toBe(
      `${hostname()}:pid${process.pid}`,
    );
    expect(
      build({ ...POSTGRES, TASK_MCP_REPLICA_NAME: 'front-1' }).get<LeaseHolder>(LEASE_HOLDER)
        .replica,
    ).toBe('front-1');
  });

  it('takes the pool settings from the configuration', () => {
    const options = build({
      ...POSTGRES,
      TASK_MCP_DATABASE_POOL_SIZE: '7',
      TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: '4000',
      TASK_MCP_REPLICA_NAME: 'front-1',
    }).get<DatabasePoolOptions>(DATABASE_POOL_OPTIONS);
    expect(options).toEqual({
      url: DATABASE_URL,
      maxConnections: 7,
      statementTimeoutMs: 4000,
      applicationName: 'task-mcp front-1',
    });
  });

  it('describes the store without its password, and migrates from the packaged migrations', () => {
    const settings = build({
      ...POSTGRES,
      TASK_MCP_REPLICA_NAME: 'front-1',
      TASK_MCP_DATABASE_MIGRATE: 'false',
    }).get<PostgresStoreSettings>(POSTGRES_STORE_SETTINGS);
    expect(settings.description).toBe(
      'postgres (postgres://tasks:***@db.example.test:5432/tasks, replica front-1)',
    );
    expect(settings.description).not.toContain('s3cret');
    expect(settings.migrateAtStart).toBe(false);
    expect(settings.migrationsDir).toMatch(/\/migrations$/);
  });
});
