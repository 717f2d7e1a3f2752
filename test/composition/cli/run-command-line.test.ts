import 'reflect-metadata';
import { jest } from '@jest/globals';
import { runCommandLine } from '../../../src/composition/cli/run-command-line.js';
import { packageInfo } from '../../../src/composition/package-info.js';
import { isolatedProcessEnv } from '../../support/isolated-env.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../../support/postgres.js';

/** Runs the command line in this process, collecting what it writes to stdout and stderr. */
async function run(argv: string[], settings: Record<string, string> = {}) {
  let stdout = '';
  const errors: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
    errors.push(parts.join(' '));
  });
  try {
    const code = await runCommandLine(argv, isolatedProcessEnv(settings));
    return { code, stdout, stderr: errors.join('\n') };
  } finally {
    write.mockRestore();
    error.mockRestore();
  }
}

describe('runCommandLine', () => {
  it('prints the help or the version and exits 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^task-mcp \S+: an MCP server whose tools run as tasks\n/);
    expect(await run(['check', '-v'])).toEqual({
      code: 0,
      stdout: `${packageInfo().version}\n`,
      stderr: '',
    });
  });

  it('refuses a command line it cannot read with one line and exit code 2', async () => {
    expect(await run(['start'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "task-mcp: unknown command 'start' (see task-mcp --help)",
    });
  });

  it('refuses a bad configuration with one line and exit code 2', async () => {
    const result = await run(['check'], { TASK_MCP_PORT: 'eighty' });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'task-mcp: configuration error: TASK_MCP_PORT: invalid value "eighty", expected a whole number from 0 to 65535',
    );
  });

  it('checks the configuration and says what would be served', async () => {
    const result = await run(['check'], { TASK_MCP_PORT: '4321' });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^task-mcp \S+: the configuration and the catalogue are valid$/);
    expect(lines).toContain(
      '  auth:      anonymous (no authentication; every caller is the owner local)',
    );
    expect(lines).toContain('  transport: Streamable HTTP, session mode, on 127.0.0.1:4321');
    expect(lines).toContain('  store:     memory (tasks live in this process and end with it)');
    expect(lines.find((line) => line.startsWith('  tools:'))).toContain('countdown');
  });

  it('refuses to migrate the memory store', async () => {
    expect(await run(['migrate'])).toMatchObject({
      code: 2,
      stderr: 'task-mcp: migrate needs the postgres store: set TASK_MCP_STORE=postgres',
    });
  });

  it('says in one line, exit code 1, that a database it cannot reach stops it', async () => {
    const result = await run(['migrate'], {
      TASK_MCP_STORE: 'postgres',
      TASK_MCP_DATABASE_URL: 'postgres://task-mcp:hunter2@127.0.0.1:1/tasks',
      TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: '1000',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^task-mcp: failed to start: cannot use the database postgres \(postgres:\/\/task-mcp:\*\*\*@127\.0\.0\.1:1\/tasks, replica .*\): /,
    );
    expect(result.stderr).not.toContain('hunter2');
  });
});

describePostgres('runCommandLine migrate', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
  });

  afterAll(() => database.drop());

  it('applies the pending migrations, then finds the database up to date', async () => {
    const settings = { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: database.url };
    const first = await run(['migrate'], settings);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /^task-mcp: applied 0001_\w+, 0002_\w+, 0003_\w+, 0004_\w+ \(postgres \(/,
    );
    const second = await run(['migrate'], settings);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toMatch(/^task-mcp: the database is up to date \(postgres \(/);
  });
});
