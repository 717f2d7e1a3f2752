import { isDatabaseUnavailable } from '../../../../src/adapters/persistence/postgres/database-errors.js';
import {
  clientConfig,
  createDatabasePool,
} from '../../../../src/adapters/persistence/postgres/database-pool.js';
import { describePostgres, freshDatabase, type TestDatabase } from '../../../support/postgres.js';
import { silentLogger } from '../../../support/test-container.js';

const OPTIONS = { maxConnections: 2, statementTimeoutMs: 300, applicationName: 'task-mcp test' };

describe('clientConfig', () => {
  it('bounds connecting and every statement, names the application and keeps the socket alive', () => {
    expect(clientConfig({ ...OPTIONS, url: 'postgres://db.internal/tasks' })).toEqual({
      connectionString: 'postgres://db.internal/tasks',
      connectionTimeoutMillis: 300,
      statement_timeout: 300,
      application_name: 'task-mcp test',
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
  });

  it('leaves the connection to the PG* variables when no URL is given', () => {
    expect(clientConfig(OPTIONS)).not.toHaveProperty('connectionString');
  });
});

describe('createDatabasePool', () => {
  it('hands an idle connection’s error to its handler instead of crashing the process', async () => {
    const errors: Error[] = [];
    const pool = createDatabasePool(OPTIONS, {
      ...silentLogger,
      warn: (_message, fields) => void errors.push(new Error(String(fields?.error))),
    });
    pool.emit('error', new Error('terminating connection due to administrator command'));
    expect(errors.map((error) => error.message)).toEqual([
      'terminating connection due to administrator command',
    ]);
    await pool.end();
  });
});

describePostgres('createDatabasePool on a real database', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await freshDatabase();
  });

  afterAll(() => database.drop());

  function pool() {
    return createDatabasePool({ ...OPTIONS, url: database.url }, silentLogger);
  }

  it('reads int8 (counts, epoch milliseconds) as numbers', async () => {
    const db = pool();
    try {
      const { rows } = await db.query(
        'SELECT 1764000000123::int8 AS at, count(*) AS n FROM (VALUES (1), (2)) v',
      );
      expect(rows[0]).toEqual({ at: 1_764_000_000_123, n: 2 });
    } finally {
      await db.end();
    }
  });

  it('gives up on a statement after the statement timeout, as "the database is away"', async () => {
    const db = pool();
    try {
      const slow = db.query('SELECT pg_sleep(5)');
      await expect(slow).rejects.toMatchObject({ code: '57014' });
      expect(isDatabaseUnavailable(await slow.catch((error: unknown) => error))).toBe(true);
    } finally {
      await db.end();
    }
  });

  it('names its connections after the application', async () => {
    const db = pool();
    try {
      const { rows } = await db.query('SELECT current_setting($1) AS name', ['application_name']);
      expect(rows[0].name).toBe('task-mcp test');
    } finally {
      await db.end();
    }
  });
});
