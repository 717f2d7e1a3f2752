import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../../src/composition/config/load-config.js';
import { builtBin as bin, freshTempDir, isolatedProcessEnv } from '../../support/isolated-env.js';

describe('configuration', () => {
  it('has the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({
      TASK_MCP_TRANSPORT: 'http',
      TASK_MCP_HOST: '127.0.0.1',
      TASK_MCP_PORT: 3000,
      TASK_MCP_HTTP_MODE: 'session',
      TASK_MCP_MAX_TASKS_PER_OWNER: 100,
      TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: 10,
      TASK_MCP_DEFAULT_TTL_MS: 3_600_000,
      TASK_MCP_MAX_TTL_MS: 86_400_000,
      TASK_MCP_TASKLESS_CLIENTS: 'off',
    });
    expect(loadConfig({ TASK_MCP_TASKLESS_CLIENTS: 'handles' }).TASK_MCP_TASKLESS_CLIENTS).toBe(
      'handles',
    );
  });

  it.each([
    [
      { TASK_MCP_PORT: 'abc' },
      /^TASK_MCP_PORT: invalid value "abc", expected a whole number from 0 to 65535$/,
    ],
    [{ TASK_MCP_PORT: '70000' }, /^TASK_MCP_PORT: .*at most 65535/],
    [{ TASK_MCP_TRANSPORT: 'websocket' }, /^TASK_MCP_TRANSPORT: .*'http' or 'stdio'/],
    [{ TASK_MCP_MAX_TTL_MS: '-5' }, /^TASK_MCP_MAX_TTL_MS: /],
    [
      { TASK_MCP_ALLOW_REMOTE_ANONYMOUS: 'yes' },
      /^TASK_MCP_ALLOW_REMOTE_ANONYMOUS: .*'true' or 'false'/,
    ],
    [
      { TASK_MCP_DEFAULT_TTL_MS: '90000000' },
      /^TASK_MCP_DEFAULT_TTL_MS: 90000000 is above TASK_MCP_MAX_TTL_MS/,
    ],
    [{ TASK_MCP_PROT: '3000' }, /^TASK_MCP_PROT: unknown setting/],
    [{ TASK_MCP_STATE_DIR: 'state' }, /^TASK_MCP_STATE_DIR: .*an absolute directory path/],
    [{ TASK_MCP_TASKLESS_CLIENTS: 'on' }, /^TASK_MCP_TASKLESS_CLIENTS: .*'off' or 'handles'/],
    [{ TASK_MCP_SHUTDOWN_GRACE_MS: '50' }, /^TASK_MCP_SHUTDOWN_GRACE_MS: .*at least 100/],
  ])('refuses %p with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads a JSON config file, with the environment winning', () => {
    const dir = freshTempDir('config-');
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ TASK_MCP_PORT: 4100, TASK_MCP_MAX_TASKS_PER_OWNER: 70 }));
    const config = loadConfig({ TASK_MCP_CONFIG_FILE: file, TASK_MCP_PORT: '4200' });
    expect(config.TASK_MCP_PORT).toBe(4200);
    expect(config.TASK_MCP_MAX_TASKS_PER_OWNER).toBe(70);
    writeFileSync(file, '{ not json');
    expect(() => loadConfig({ TASK_MCP_CONFIG_FILE: file })).toThrow(
      /^TASK_MCP_CONFIG_FILE: the file not valid JSON/,
    );
  });

  it('refuses to serve anonymous mode beyond loopback unless told to', () => {
    expect(() => loadConfig({ TASK_MCP_HOST: '0.0.0.0', TASK_MCP_PORT: '0' })).toThrow(
      /^TASK_MCP_HOST: 0.0.0.0 is not loopback.*TASK_MCP_ALLOW_REMOTE_ANONYMOUS=true/,
    );
    expect(
      loadConfig({ TASK_MCP_HOST: '0.0.0.0', TASK_MCP_ALLOW_REMOTE_ANONYMOUS: 'true' })
        .TASK_MCP_HOST,
    ).toBe('0.0.0.0');
  });

  it('stops the real binary at start-up with one line and exit code 2', () => {
    const run = spawnSync(process.execPath, [bin], {
      env: isolatedProcessEnv({ TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: 'ten' }),
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([
      'task-mcp: configuration error: TASK_MCP_MAX_CONCURRENT_TASKS_PER_OWNER: invalid value "ten", expected a whole number from 1 to 100000',
    ]);
  });
});
