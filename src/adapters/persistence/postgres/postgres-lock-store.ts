import { inject, injectable } from 'inversify';
import type pg from 'pg';
import type { LockStore } from '../../../application/ports/lock-store.js';
import type { Lock, LockHolder, LockScope, OwnerId, TaskId } from '../../../domain/index.js';
import { namedQuery } from './database-errors.js';
import { DATABASE_POOL } from './database-pool.js';

const COLUMNS = 'lock_key, name, scope, holder_owner, holder_task, acquired_at, ttl_ms';

interface LockRow {
  readonly lock_key: string;
  readonly name: string;
  readonly scope: string;
  readonly holder_owner: string;
  readonly holder_task: string;
  readonly acquired_at: number;
  readonly ttl_ms: number;
}

const MAX_ROUNDS = 10;

const SQL = {
  // Takes the key if free; either way returns the lock that holds it now (the new one or not).
  tryAcquire: `WITH taken AS (
      INSERT INTO task_mcp_locks (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (lock_key) DO NOTHING RETURNING 1
    )
    SELECT (SELECT count(*) FROM taken) AS taken, ${COLUMNS}
    FROM (SELECT 1) AS one LEFT JOIN task_mcp_locks ON lock_key = $1`,
  reclaim: `UPDATE task_mcp_locks SET
      name = $2, scope = $3, holder_owner = $4, holder_task = $5, acquired_at = $6, ttl_ms = $7
    WHERE lock_key = $1 AND holder_owner = $8 AND holder_task = $9 AND acquired_at = $10`,
  release: `DELETE FROM task_mcp_locks
    WHERE lock_key = $1 AND holder_owner = $2 AND holder_task = $3`,
  get: `SELECT ${COLUMNS} FROM task_mcp_locks WHERE lock_key = $1`,
};

/**
 * Locks in PostgreSQL, shared by every replica on the database. Each method is one statement,
 * atomic on its own: the primary key on lock_key decides which of two acquirers wins.
 */
@injectable()
export class PostgresLockStore implements LockStore {
  constructor(@inject(DATABASE_POOL) private readonly pool: pg.Pool) {}

  async tryAcquire(lock: Lock): Promise<Lock | undefined> {
    // The statement's snapshot predates its own insert, so a won race reads no row; a lost one
    // reads the holder, unless that holder let go in between (or committed after the snapshot),
    // when the next round settles it.
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const { rows } = await namedQuery<LockRow & { taken: number }>(
        this.pool,
        'task_mcp_lock_acquire',
        SQL.tryAcquire,
        [...valuesOf(lock)],
      );
      const row = rows[0]!;
      if (row.taken > 0) return undefined;
      if (row.lock_key !== null) return lockFromRow(row);
    }
    throw new Error(`Lock '${lock.name}' changed hands ${MAX_ROUNDS} times during one acquire`);
  }

  async reclaim(stale: Lock, next: Lock): Promise<boolean> {
    if (stale.key !== next.key) throw new Error('reclaim needs one key');
    const { rowCount } = await namedQuery(this.pool, 'task_mcp_lock_reclaim', SQL.reclaim, [
      ...valuesOf(next),
      stale.holder.owner,
      stale.holder.taskId,
      stale.acquiredAt,
    ]);
    return rowCount === 1;
  }

  async release(key: string, holder: LockHolder): Promise<boolean> {
    const { rowCount } = await namedQuery(this.pool, 'task_mcp_lock_release', SQL.release, [
      key,
      holder.owner,
      holder.taskId,
    ]);
    return rowCount === 1;
  }

  async get(key: string): Promise<Lock | undefined> {
    const { rows } = await namedQuery<LockRow>(this.pool, 'task_mcp_lock_get', SQL.get, [key]);
    return rows[0] && lockFromRow(rows[0]);
  }
}

function valuesOf(lock: Lock): readonly unknown[] {
  return [
    lock.key,
    lock.name,
    lock.scope,
    lock.holder.owner,
    lock.holder.taskId,
    lock.acquiredAt,
    lock.ttlMs,
  ];
}

function lockFromRow(row: LockRow): Lock {
  return {
    key: row.lock_key,
    name: row.name,
    scope: row.scope as LockScope,
    holder: { owner: row.holder_owner as OwnerId, taskId: row.holder_task as TaskId },
    acquiredAt: row.acquired_at,
    ttlMs: row.ttl_ms,
  };
}
