import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { builtBin, isolatedProcessEnv, repoRoot } from '../support/isolated-env.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../support/postgres.js';
import { spawnHttpServer, STACK_TRACE } from '../support/spawned-server.js';

const PASSWORD = 's3cret-never-printed';

/** The bundled migrations' names, as the server lists them: `0001_tasks_and_locks, ...`. */
const BUNDLED_MIGRATIONS = readdirSync(join(repoRoot, 'migrations'))
  .filter((file) => file.endsWith('.sql'))
  .sort()
  .map((file) => file.replace(/\.sql$/, ''))
  .join(', ');

function taskMcp(args: string[], settings: Record<string, string>) {
  const run = spawnSync(process.execPath, [builtBin, ...args], {
    env: isolatedProcessEnv({ TASK_MCP_PORT: '0', ...settings }),
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stdout + run.stderr).not.toContain(PASSWORD);
  return run;
}

/** The lines a user reads: the server's own JSON log lines left out. */
function plainLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{'));
}

describe('starting on PostgreSQL with bad database settings', () => {
  it('refuses a malformed URL in one line that does not repeat it, exit 2', () => {
    const run = taskMcp([], {
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: `mysql://admin:${PASSWORD}@db.example`,
    });
    expect(run.status).toBe(2);
    expect(plainLines(run.stderr)).toEqual([
      'task-mcp: configuration error: TASK_MCP_DATABASE_URL: invalid value (not shown: it may hold a password), expected a postgres:// URL, e.g. postgres://user:pass@host:5432/db',
    ]);
  });

  it('refuses database settings without the postgres store, exit 2', () => {
    const run = taskMcp([], { TASK_MCP_DATABASE_POOL_SIZE: '5' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/TASK_MCP_DATABASE_POOL_SIZE: set, but TASK_MCP_STORE is not/);
  });

  it('stops on an unreachable database with one line, password hidden, exit 1', () => {
    const run = taskMcp([], {
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: `postgres://app:${PASSWORD}@127.0.0.1:1/tasks`,
    });
    expect(run.status).toBe(1);
    expect(plainLines(run.stderr)).toEqual([
      expect.stringMatching(
        /^task-mcp: failed to start: cannot use the database postgres \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/tasks, replica \S+\): connect ECONNREFUSED 127\.0\.0\.1:1$/,
      ),
    ]);
  });
});

describePostgres('migrations from the command line and at start-up', () => {
  let database: TestDatabase;
  let settings: Record<string, string>;

  beforeAll(async () => {
    database = await freshDatabase();
    const url = new URL(database.url);
    url.password = PASSWORD;
    settings = { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: url.href };
  });

  afterAll(async () => {
    await database.drop();
  });

  it('with TASK_MCP_DATABASE_MIGRATE=false refuses an unmigrated database; migrate fixes it', async () => {
    const refused = taskMcp([], { ...settings, TASK_MCP_DATABASE_MIGRATE: 'false' });
    expect(refused.status).toBe(1);
    expect(plainLines(refused.stderr)).toEqual([
      `task-mcp: failed to start: the database is not migrated (pending: ${BUNDLED_MIGRATIONS}) and TASK_MCP_DATABASE_MIGRATE=false; run 'task-mcp migrate' first`,
    ]);

    const migrated = taskMcp(['migrate'], settings);
    expect(migrated.status).toBe(0);
    expect(migrated.stdout).toMatch(`task-mcp: applied ${BUNDLED_MIGRATIONS} (postgres (`);
    const again = taskMcp(['migrate'], settings);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^task-mcp: the database is up to date/);

    const server = await spawnHttpServer({ ...settings, TASK_MCP_DATABASE_MIGRATE: 'false' });
    expect(server.stderr()).toMatch(/\| store: postgres \(postgres:\/\/postgres:\*\*\*@/);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toContain(PASSWORD);
  });

  it("reads pg's PG* variables when TASK_MCP_DATABASE_URL is unset", async () => {
    const url = new URL(database.url);
    const pgEnv = {
      PGHOST: url.hostname,
      PGPORT: url.port || '5432',
      PGUSER: decodeURIComponent(url.username),
      PGDATABASE: url.pathname.slice(1),
    };
    const server = await spawnHttpServer({ TASK_MCP_STORE: 'postgres', ...pgEnv });
    expect(server.stderr()).toMatch(
      /\| store: postgres \(from the PG\* environment variables, replica \S+\)$/m,
    );
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
    expect(server.stderr()).not.toMatch(STACK_TRACE);
  });

  it('check names the store without connecting to it', () => {
    const run = taskMcp(['check'], {
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: `postgres://app:${PASSWORD}@127.0.0.1:1/tasks`,
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^ {2}store: {5}postgres \(postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/tasks, replica \S+\)$/m,
    );
  });

  it('migrate without the postgres store is a usage error, exit 2', () => {
    const run = taskMcp(['migrate'], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'task-mcp: migrate needs the postgres store: set TASK_MCP_STORE=postgres\n',
    );
  });
});
