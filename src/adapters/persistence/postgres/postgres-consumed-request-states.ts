import { inject, injectable } from 'inversify';
import type pg from 'pg';
import type { ConsumedRequestStates } from '../../../application/ports/consumed-request-states.js';
import { namedQuery } from './database-errors.js';
import { DATABASE_POOL } from './database-pool.js';

const SQL = {
  // The primary key decides: of two replicas consuming one state at once, one inserts the row.
  consume: `INSERT INTO task_mcp_consumed_states (state_id, expires_at) VALUES ($1, $2)
    ON CONFLICT (state_id) DO NOTHING`,
  forget: `DELETE FROM task_mcp_consumed_states WHERE expires_at < $1`,
};

/** Used requestStates in PostgreSQL, shared by every replica on the database. */
@injectable()
export class PostgresConsumedRequestStates implements ConsumedRequestStates {
  constructor(@inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async consume(id: string, expiresAt: number): Promise<boolean> {
    const { rowCount } = await namedQuery(this.pool, 'task_mcp_state_consume', SQL.consume, [
      id,
      expiresAt,
    ]);
    return rowCount === 1;
  }

  async forgetExpired(before: number): Promise<number> {
    const { rowCount } = await namedQuery(this.pool, 'task_mcp_state_forget', SQL.forget, [before]);
    return rowCount ?? 0;
  }
}
