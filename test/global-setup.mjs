// One temporary root for the whole run: every directory a test makes goes below it, and
// global-teardown.mjs removes it, so a run leaves nothing behind in the shared temp directory.
// The same goes for PostgreSQL: every database a test makes is named after this run, and the
// teardown drops any a test left. Jest starts its workers after this runs, so they inherit the
// variables.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { adminDatabaseUrl } from './postgres-admin.mjs';

export default async function globalSetup() {
  process.env.TASK_MCP_SUITE_TMP = mkdtempSync(join(tmpdir(), 'task-mcp-suite-'));
  process.env.TASK_MCP_TEST_RUN = randomBytes(4).toString('hex');
  process.env.TASK_MCP_TEST_POSTGRES = (await postgresAnswers()) ? 'up' : 'down';
  if (process.env.TASK_MCP_TEST_POSTGRES === 'down') {
    const where = adminDatabaseUrl();
    if (process.env.CI) {
      throw new Error(`PostgreSQL does not answer at ${where}, and CI needs the PostgreSQL tests`);
    }
    console.error(
      `\n!!! PostgreSQL does not answer at ${where}: every PostgreSQL test is SKIPPED.\n` +
        '!!! Start it (see the README) or set TASK_MCP_TEST_DATABASE_URL, then run again.\n',
    );
  }
}

async function postgresAnswers() {
  const client = new pg.Client({
    connectionString: adminDatabaseUrl(),
    connectionTimeoutMillis: 3000,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
