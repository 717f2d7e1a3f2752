import { ConfigError, loadConfig } from '../../../src/composition/config/load-config.js';

const POSTGRES = { TASK_MCP_STORE: 'postgres', TASK_MCP_DATABASE_URL: 'postgres://db/tasks' };

describe('store settings', () => {
  it('default to the memory store, and to these database settings with postgres', () => {
    expect(loadConfig({}).TASK_MCP_STORE).toBe('memory');
    expect(loadConfig(POSTGRES)).toMatchObject({
      TASK_MCP_DATABASE_URL: 'postgres://db/tasks',
      TASK_MCP_DATABASE_POOL_SIZE: 10,
      TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: 5000,
      TASK_MCP_DATABASE_MIGRATE: true,
      TASK_MCP_LEASE_MS: 30_000,
    });
  });

  it('refuse a database URL that is not postgres://, without repeating it', () => {
    const refusal = () =>
      loadConfig({ ...POSTGRES, TASK_MCP_DATABASE_URL: 'mysql://app:hunter2@db/tasks' });
    expect(refusal).toThrow(ConfigError);
    expect(refusal).toThrow(
      'TASK_MCP_DATABASE_URL: invalid value (not shown: it may hold a password), expected a postgres:// URL',
    );
    expect(refusal).not.toThrow(/hunter2/);
  });

  it.each([
    [{ TASK_MCP_STORE: 'sqlite' }, /^TASK_MCP_STORE: .*'memory' or 'postgres'/],
    [
      { ...POSTGRES, TASK_MCP_DATABASE_POOL_SIZE: '0' },
      /^TASK_MCP_DATABASE_POOL_SIZE: .*at least 1/,
    ],
    [
      { ...POSTGRES, TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: '50' },
      /^TASK_MCP_DATABASE_STATEMENT_TIMEOUT_MS: .*at least 100/,
    ],
    [{ ...POSTGRES, TASK_MCP_LEASE_MS: '999' }, /^TASK_MCP_LEASE_MS: .*at least 1000/],
    [
      { ...POSTGRES, TASK_MCP_REPLICA_NAME: 'web 1' },
      /^TASK_MCP_REPLICA_NAME: invalid value "web 1", expected 1-128 of letters/,
    ],
  ])('refuse %p', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('take a replica name of letters, digits and . _ : -', () => {
    expect(
      loadConfig({ ...POSTGRES, TASK_MCP_REPLICA_NAME: 'web-1.eu:a_b' }).TASK_MCP_REPLICA_NAME,
    ).toBe('web-1.eu:a_b');
  });

  it('refuse database settings without the postgres store', () => {
    expect(() => loadConfig({ TASK_MCP_LEASE_MS: '5000' })).toThrow(
      "TASK_MCP_LEASE_MS: set, but TASK_MCP_STORE is not 'postgres'",
    );
  });
});
