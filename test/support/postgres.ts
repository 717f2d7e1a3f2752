import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import {
  applyMigrations,
  readMigrations,
} from '../../src/adapters/persistence/postgres/migrations.js';
import { createDatabasePool } from '../../src/adapters/persistence/postgres/database-pool.js';
import { repoRoot } from './isolated-env.js';
import { silentLogger } from './test-container.js';
import { adminDatabaseUrl, runDatabasePrefix } from '../postgres-admin.mjs';

/** Whether the PostgreSQL tests run: global-setup.mjs found a server (and CI insists on one). */
export const postgresUp = process.env.TASK_MCP_TEST_POSTGRES === 'up';

/** `describe` for tests that need PostgreSQL; skipped (loudly, by global setup) without one. */
export const describePostgres = postgresUp ? describe : describe.skip;

export interface TestDatabase {
  /** A URL for this database alone. */
  readonly url: string;
  readonly name: string;
  drop(): Promise<void>;
}

/** A new, empty database for one test file, named after this run so teardown finds leftovers. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `${runDatabasePrefix()}${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return {
    url: url.href,
    name,
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** A new database with task-mcp's schema applied. */
export async function freshMigratedDatabase(): Promise<TestDatabase> {
  const database = await freshDatabase();
  const pool = testPool(database.url);
  try {
    await applyMigrations(pool, readMigrations(join(repoRoot, 'migrations')));
  } finally {
    await pool.end();
  }
  return database;
}

/** A small pool on `url` with the server's own settings. */
export function testPool(url: string, maxConnections = 5): pg.Pool {
  return createDatabasePool(
    { url, maxConnections, statementTimeoutMs: 5000, applicationName: 'task-mcp tests' },
    silentLogger,
  );
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
