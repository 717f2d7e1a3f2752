/**
 * The PostgreSQL side of `npm run bench`: a database per server start (created and dropped here,
 * never a user's), and the seeding for the list scenarios. The server is reached like the tests
 * reach it: TASK_MCP_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { redactDatabaseUrl } from '../src/adapters/persistence/postgres/database-url.js';

const ADMIN_URL =
  process.env.TASK_MCP_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Whether a PostgreSQL server answers; the PostgreSQL lines are skipped (and say so) if not. */
export async function postgresAnswers(): Promise<boolean> {
  try {
    await admin('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

export function adminUrlForDisplay(): string {
  return redactDatabaseUrl(ADMIN_URL);
}

export async function benchDatabase(): Promise<BenchDatabase> {
  const name = `tmcp_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/**
 * Stores `count` finished tasks for `owner` (numbered from `from`) straight into a migrated database (a server has
 * started on it), as if they had run: the list scenarios then page through a caller with that
 * many tasks.
 */
export async function seedFinishedTasks(
  url: string,
  owner: string,
  from: number,
  count: number,
): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO task_mcp_tasks (owner_key, task_id, tool_name, status, status_message,
         created_at, last_updated_at, ttl_ms, expires_at, poll_interval_ms, variables, result,
         version)
       SELECT $1, 'seeded-' || lpad(n::text, 8, '0'), 'wait', 'completed', NULL,
         $2::bigint + n, $2::bigint + n, 86400000, $2::bigint + n + 86400000, 1000, '{}',
         '{"content":[{"type":"text","text":"done"}]}', 2
       FROM generate_series($3::int, $3::int + $4::int - 1) AS n`,
      [owner, Date.now() - 10_000_000, from, count],
    );
    await client.query('ANALYZE task_mcp_tasks');
  } finally {
    await client.end();
  }
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
