import type pg from 'pg';
import { PostgresConsumedRequestStates } from '../../../../src/adapters/persistence/postgres/postgres-consumed-request-states.js';
import { describeConsumedRequestStatesContract } from '../../../contracts/consumed-request-states.contract.js';
import {
  describePostgres,
  freshMigratedDatabase,
  testPool,
  type TestDatabase,
} from '../../../support/postgres.js';

describePostgres('PostgresConsumedRequestStates on a real database', () => {
  let database: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    database = await freshMigratedDatabase();
    pool = testPool(database.url, 10);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  /** Each contract test starts from an empty table, as a fresh in-memory record does. */
  async function emptied(): Promise<pg.Pool> {
    await pool.query('TRUNCATE task_mcp_consumed_states');
    return pool;
  }

  describeConsumedRequestStatesContract(
    'PostgresConsumedRequestStates',
    async () => new PostgresConsumedRequestStates(await emptied()),
  );

  it('is one record for every replica: a state consumed through one pool is used for all', async () => {
    const other = testPool(database.url, 2);
    try {
      const here = new PostgresConsumedRequestStates(await emptied());
      const there = new PostgresConsumedRequestStates(other);
      expect(await here.consume('shared', Date.now() + 60_000)).toBe(true);
      expect(await there.consume('shared', Date.now() + 60_000)).toBe(false);
    } finally {
      await other.end();
    }
  });
});
