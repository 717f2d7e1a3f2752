import { inject, injectable } from 'inversify';
import type pg from 'pg';
import {
  taskKeyText,
  type TaskKey,
  type TaskLeases,
} from '../../../application/ports/task-leases.js';
import type { OwnerId, TaskId } from '../../../domain/index.js';
import { namedQuery } from './database-errors.js';
import { DATABASE_POOL } from './database-pool.js';
import { LEASE_HOLDER, type LeaseHolder } from './postgres-task-store.js';

const LIVE = `('working', 'input_required')`;

const SQL = {
  // Renews only leases this life of this replica still holds on live tasks.
  renew: `UPDATE task_mcp_tasks t SET lease_expires_at = $3
    FROM unnest($1::text[], $2::text[]) AS k(owner_key, task_id)
    WHERE t.owner_key = k.owner_key AND t.task_id = k.task_id
      AND t.status IN ${LIVE} AND t.lease_replica = $4 AND t.lease_life = $5
    RETURNING t.owner_key, t.task_id`,
  // Row locks with SKIP LOCKED: two replicas claiming at once take disjoint sets.
  claim: `WITH orphans AS (
      SELECT owner_key, task_id FROM task_mcp_tasks
      WHERE status IN ${LIVE}
        AND (lease_expires_at < $1 OR (lease_replica = $2 AND lease_life <> $3))
      LIMIT $4 FOR UPDATE SKIP LOCKED
    )
    UPDATE task_mcp_tasks t SET lease_replica = $2, lease_life = $3, lease_expires_at = $1 + $5
    FROM orphans o WHERE t.owner_key = o.owner_key AND t.task_id = o.task_id
    RETURNING t.owner_key, t.task_id`,
};

interface KeyRow {
  readonly owner_key: string;
  readonly task_id: string;
}

/** Task leases in the tasks table (lease_replica, lease_life, lease_expires_at). */
@injectable()
export class PostgresTaskLeases implements TaskLeases {
  constructor(
    @inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @inject(LEASE_HOLDER) private readonly holder: LeaseHolder,
  ) {}

  async renew(running: readonly TaskKey[], until: number): Promise<TaskKey[]> {
    if (running.length === 0) return [];
    const { rows } = await namedQuery<KeyRow>(this.pool, 'task_mcp_lease_renew', SQL.renew, [
      running.map((key) => key.owner),
      running.map((key) => key.id),
      until,
      this.holder.replica,
      this.holder.life,
    ]);
    const renewed = new Set(
      rows.map((row) => taskKeyText(row.owner_key as OwnerId, row.task_id as TaskId)),
    );
    return running.filter((key) => !renewed.has(taskKeyText(key.owner, key.id)));
  }

  async claimOrphans(now: number, limit: number): Promise<TaskKey[]> {
    const { rows } = await namedQuery<KeyRow>(this.pool, 'task_mcp_lease_claim', SQL.claim, [
      now,
      this.holder.replica,
      this.holder.life,
      limit,
      this.holder.leaseMs,
    ]);
    return rows.map((row) => ({ owner: row.owner_key as OwnerId, id: row.task_id as TaskId }));
  }
}
