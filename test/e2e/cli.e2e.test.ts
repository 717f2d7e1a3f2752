import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SETTING_HELP } from '../../src/composition/config/settings.js';
import { builtBin, isolatedProcessEnv, repoRoot } from '../support/isolated-env.js';
import { spawnHttpServer, STACK_TRACE } from '../support/spawned-server.js';

const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  version: string;
};

function taskMcp(args: string[], settings: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, [builtBin, ...args], {
    env: isolatedProcessEnv(settings),
    encoding: 'utf8',
    timeout: 15_000,
  });
  expect(run.signal).toBeNull();
  expect(run.stderr).not.toMatch(STACK_TRACE);
  return run;
}

describe('the task-mcp command line', () => {
  it('--help prints usage and every TASK_MCP_* setting with its default, and exits 0', () => {
    const run = taskMcp(['--help']);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^task-mcp \d+\.\d+\.\d+: /);
    expect(run.stdout).toContain('task-mcp check');
    for (const name of Object.keys(SETTING_HELP)) {
      expect(run.stdout).toMatch(new RegExp(`^  ${name} +\\S.*\\(default: .+\\)$`, 'm'));
    }
    expect(run.stdout).toMatch(/^ {2}TASK_MCP_PORT +.*\(default: 3000\)$/m);
    expect(run.stdout).toMatch(/^ {2}TASK_MCP_SHUTDOWN_GRACE_MS +.*\(default: 10000\)$/m);
  });

  it('--version prints the package version and exits 0', () => {
    const run = taskMcp(['--version']);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`${version}\n`);
  });

  it('check says what would be served without binding anything, and exits 0', async () => {
    // A server already holds the port: check must not try to take it.
    const running = await spawnHttpServer();
    try {
      const run = taskMcp(['check'], {
        TASK_MCP_PORT: running.url.port,
        TASK_MCP_HTTP_MODE: 'stateless',
        TASK_MCP_AUTH_ISSUER: 'https://issuer.example',
        TASK_MCP_AUTH_AUDIENCE: 'https://mcp.example/mcp',
      });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('the configuration and the catalogue are valid');
      expect(run.stdout).toContain(
        'auth:      OAuth 2.1 (issuer https://issuer.example, audience https://mcp.example/mcp)',
      );
      expect(run.stdout).toContain(
        `transport: Streamable HTTP, stateless mode, on 127.0.0.1:${running.url.port}`,
      );
      expect(run.stdout).toContain('store:     memory');
      expect(run.stdout).toMatch(/catalogue: .*catalogue\/example\.json \(7 jobs, demo tools on\)/);
      expect(run.stdout).toContain(
        'tools:     count_primes, wait, guess_number, countdown, simulate-build, simulate-deploy, write-file, list-files, search-text, checksum',
      );
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
  });

  it('check says anonymous mode plainly', () => {
    const run = taskMcp(['check']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('auth:      anonymous');
  });

  it('check refuses a bad configuration with one line and exit code 2', () => {
    const run = taskMcp(['check'], { TASK_MCP_PORT: 'eighty' });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'task-mcp: configuration error: TASK_MCP_PORT: invalid value "eighty", expected a whole number from 0 to 65535\n',
    );
  });

  it('check refuses a bad catalogue with one line and exit code 2', () => {
    const run = taskMcp(['check'], { TASK_MCP_JOBS: '/nonexistent/jobs.json' });
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^task-mcp: configuration error: TASK_MCP_JOBS: /);
  });

  it.each([
    [['--verbose'], "task-mcp: unknown option '--verbose' (see task-mcp --help)\n"],
    [['start'], "task-mcp: unknown command 'start' (see task-mcp --help)\n"],
  ])('%p exits 2 with one line', (args, line) => {
    const run = taskMcp(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(line);
  });

  it('says in its banner which mode it serves in', async () => {
    const server = await spawnHttpServer({ TASK_MCP_HTTP_MODE: 'stateless' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    const [banner] = server.stderr().split('\n');
    expect(banner).toMatch(
      /^task-mcp \S+ \| auth: anonymous .* \| transport: Streamable HTTP, stateless mode, on 127\.0\.0\.1:(\d+) \| catalogue: .*example\.json \(7 jobs, demo tools on\) \| store: memory \(tasks live in this process and end with it\)$/,
    );
    // The port actually bound, not the 0 that asked for a free one.
    expect(banner).toContain(`on 127.0.0.1:${server.url.port} |`);
  });

  it('a port already in use fails start-up with one line and exit code 1', async () => {
    const running = await spawnHttpServer();
    try {
      const run = taskMcp([], { TASK_MCP_PORT: running.url.port });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/^task-mcp: failed to start: .*EADDRINUSE.*\n$/);
    } finally {
      running.child.kill('SIGTERM');
      await running.exited;
    }
  });
});
