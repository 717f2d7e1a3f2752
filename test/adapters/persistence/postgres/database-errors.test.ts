import type pg from 'pg';
import {
  isDatabaseUnavailable,
  namedQuery,
} from '../../../../src/adapters/persistence/postgres/database-errors.js';
import { StoreUnavailableError } from '../../../../src/application/shared/errors.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

/** A pool whose every query fails with `error`, recording what it was asked. */
function failingPool(error: unknown) {
  const asked: unknown[] = [];
  const pool = {
    query: async (config: unknown) => {
      asked.push(config);
      throw error;
    },
  } as unknown as pg.Pool;
  return { pool, asked };
}

describe('isDatabaseUnavailable', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'])(
    'says yes to the socket error %s',
    (code) => {
      expect(isDatabaseUnavailable(withCode(code))).toBe(true);
    },
  );

  it.each([
    ['08006', 'connection failure'],
    ['53300', 'too many connections'],
    ['57014', 'statement timeout'],
    ['57P01', 'admin shutdown'],
    ['58030', 'I/O error'],
  ])('says yes to SQLSTATE %s (%s)', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(true);
  });

  it.each([
    ['23505', 'a unique violation'],
    ['42P01', 'a missing table'],
    ['22P02', 'bad input text'],
  ])('says no to SQLSTATE %s (%s): the query is wrong, not the database away', (code) => {
    expect(isDatabaseUnavailable(withCode(code))).toBe(false);
  });

  it("says yes to pg's own messages for a lost or timed-out connection", () => {
    for (const message of [
      'timeout exceeded when trying to connect',
      'Connection terminated unexpectedly',
      'Query read timeout',
      'Cannot use a pool after calling end on the pool',
    ]) {
      expect(isDatabaseUnavailable(new Error(message))).toBe(true);
    }
  });

  it('says no to anything else, and to values that are not errors', () => {
    expect(isDatabaseUnavailable(new Error('syntax error at or near "SELEC"'))).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
    expect(isDatabaseUnavailable({ code: 'ECONNREFUSED', message: 'x' })).toBe(false);
  });
});

describe('namedQuery', () => {
  it('runs a named statement with its values', async () => {
    const asked: unknown[] = [];
    const pool = {
      query: async (config: unknown) => {
        asked.push(config);
        return { rows: [{ n: 1 }] };
      },
    } as unknown as pg.Pool;
    const result = await namedQuery(pool, 'task_mcp_get', 'SELECT $1::int AS n', [1]);
    expect(result.rows).toEqual([{ n: 1 }]);
    expect(asked).toEqual([{ name: 'task_mcp_get', text: 'SELECT $1::int AS n', values: [1] }]);
  });

  it('turns "the database is away" into StoreUnavailableError, keeping the cause', async () => {
    const cause = withCode('ECONNREFUSED', 'connect ECONNREFUSED 10.0.0.5:5432');
    const failure = await namedQuery(failingPool(cause).pool, 'q', 'SELECT 1', []).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(StoreUnavailableError);
    expect((failure as StoreUnavailableError).reason).toBe(cause);
    expect((failure as Error).message).not.toContain('10.0.0.5');
  });

  it('lets any other failure through as it is', async () => {
    const bug = withCode('42P01', 'relation "task_mcp_taks" does not exist');
    await expect(namedQuery(failingPool(bug).pool, 'q', 'SELECT 1', [])).rejects.toBe(bug);
  });
});
