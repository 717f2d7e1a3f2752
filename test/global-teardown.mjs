import { rmSync } from 'node:fs';
import pg from 'pg';
import { adminDatabaseUrl, runDatabasePrefix } from './postgres-admin.mjs';

export default async function globalTeardown() {
  const root = process.env.TASK_MCP_SUITE_TMP;
  if (root) rmSync(root, { recursive: true, force: true });
  if (process.env.TASK_MCP_TEST_POSTGRES === 'up') await dropLeftoverDatabases();
}

async function dropLeftoverDatabases() {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [runDatabasePrefix()],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}
