import { inject, injectable, optional } from 'inversify';
import type pg from 'pg';
import {
  pageOf,
  type ReplaceOutcome,
  type TaskListPage,
  type TaskListPosition,
  type TaskStore,
} from '../../../application/ports/task-store.js';
import { TASK_POLICY, type TaskPolicy } from '../../../application/policy/task-policy.js';
import {
  assertRoomForNewTask,
  assertVariablesWithinLimits,
  isTerminal,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../../domain/index.js';
import { namedQuery } from './database-errors.js';
import { DATABASE_POOL } from './database-pool.js';
import { jsonText, TASK_COLUMNS, taskFromRow, type TaskRow } from './task-row.js';

/** Who runs the tasks this store inserts: written as each new task's lease. */
export interface LeaseHolder {
  /** The replica's stable name: the same across its restarts. */
  readonly replica: string;
  /** This life of the replica: new at every start. */
  readonly life: string;
  readonly leaseMs: number;
}

/** This replica, as the holder of the leases of the tasks it runs (LeaseHolder). */
export const LEASE_HOLDER = Symbol('LeaseHolder');

const LIVE = `('working', 'input_required')`;
const CLEANUP_BATCH = 500;

const SQL = {
  insert: `SELECT outcome, stored, active FROM task_mcp_insert_task(
    $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
  get: `SELECT ${TASK_COLUMNS} FROM task_mcp_tasks WHERE owner_key = $1 AND task_id = $2`,
  // One round trip: the update, the owner's live count when the task ends, and whether the row
  // was there at all (to tell conflict from missing). A terminal task matches no update, so it
  // never changes; ending a task ends its lease.
  replace: `WITH present AS (
      SELECT 1 FROM task_mcp_tasks WHERE owner_key = $1 AND task_id = $2
    ), updated AS (
      UPDATE task_mcp_tasks SET
        status = $3, status_message = $4, last_updated_at = $5, variables = $6, result = $7,
        version = $8, error = $10, input = $11,
        lease_replica = CASE WHEN $3 IN ${LIVE} THEN lease_replica END,
        lease_life = CASE WHEN $3 IN ${LIVE} THEN lease_life END,
        lease_expires_at = CASE WHEN $3 IN ${LIVE} THEN lease_expires_at END
      WHERE owner_key = $1 AND task_id = $2 AND version = $9 AND version < $8
        AND status IN ${LIVE}
      RETURNING 1
    ), counted AS (
      UPDATE task_mcp_owners SET active = active - 1
      WHERE owner_key = $1 AND $3 NOT IN ${LIVE} AND EXISTS (SELECT 1 FROM updated)
    )
    SELECT (SELECT count(*) FROM updated) AS replaced, (SELECT count(*) FROM present) AS present`,
  listFirst: `SELECT ${TASK_COLUMNS} FROM task_mcp_tasks WHERE owner_key = $1
    ORDER BY created_at, task_id LIMIT $2`,
  listAfter: `SELECT ${TASK_COLUMNS} FROM task_mcp_tasks
    WHERE owner_key = $1 AND (created_at, task_id) > ($2, $3)
    ORDER BY created_at, task_id LIMIT $4`,
  // Housekeeping, in bounded batches that concurrent sweepers on other replicas skip past. A live
  // task still leased by a running replica is left to that replica, which fails it at its expiry.
  cleanup: `WITH doomed AS (
      SELECT owner_key, task_id FROM task_mcp_tasks
      WHERE expires_at <= $1
        AND (status NOT IN ${LIVE} OR lease_expires_at IS NULL OR lease_expires_at < $1)
      LIMIT $2 FOR UPDATE SKIP LOCKED
    ), deleted AS (
      DELETE FROM task_mcp_tasks t USING doomed d
      WHERE t.owner_key = d.owner_key AND t.task_id = d.task_id
      RETURNING t.owner_key, t.status
    ), counted AS (
      UPDATE task_mcp_owners o SET stored = o.stored - c.n, active = o.active - c.live
      FROM (
        SELECT owner_key, count(*) AS n, count(*) FILTER (WHERE status IN ${LIVE}) AS live
        FROM deleted GROUP BY owner_key
      ) c
      WHERE o.owner_key = c.owner_key
    )
    SELECT count(*) AS removed FROM deleted`,
};

/**
 * Tasks in PostgreSQL, keyed by (owner_key, task_id). Every statement that touches a task has the
 * owner in its WHERE clause; only the expiry sweep works across owners, and it returns a count.
 * The quota check and the insert are one atomic statement (see task_mcp_insert_task); the
 * owner's counts (task_mcp_owners) change in the same statement as the tasks they count.
 */
@injectable()
export class PostgresTaskStore implements TaskStore {
  constructor(
    @inject(DATABASE_POOL) private readonly pool: pg.Pool,
    @inject(TASK_POLICY) private readonly policy: TaskPolicy,
    @inject(LEASE_HOLDER) @optional() private readonly lease?: LeaseHolder,
  ) {}

  async insert(owner: OwnerId, task: Task): Promise<void> {
    assertOwnedBy(owner, task);
    assertVariablesWithinLimits(task.variables, this.policy.variables);
    // A live task is leased to this replica, which runs it; a finished one needs no lease.
    const lease = isTerminal(task.status) ? undefined : this.lease;
    const { rows } = await namedQuery<{ outcome: string; stored: number; active: number }>(
      this.pool,
      'task_mcp_insert',
      SQL.insert,
      [
        owner,
        task.id,
        task.toolName,
        task.status,
        task.statusMessage ?? null,
        task.createdAt,
        task.lastUpdatedAt,
        task.ttlMs,
        task.pollIntervalMs,
        jsonText(task.variables),
        jsonText(task.result),
        task.version,
        lease?.replica ?? null,
        lease?.life ?? null,
        lease ? task.createdAt + lease.leaseMs : null,
        this.policy.limits.maxTasksPerOwner,
        this.policy.limits.maxConcurrentTasksPerOwner,
      ],
    );
    const row = rows[0]!;
    if (row.outcome === 'limit') {
      assertRoomForNewTask({ stored: row.stored, active: row.active }, this.policy.limits);
    }
    if (row.outcome === 'duplicate') throw new Error('Task id collision: refusing to overwrite');
  }

  async get(owner: OwnerId, id: TaskId): Promise<Task | undefined> {
    const { rows } = await namedQuery<TaskRow>(this.pool, 'task_mcp_get', SQL.get, [owner, id]);
    return rows[0] && taskFromRow(rows[0]);
  }

  async replace(owner: OwnerId, next: Task, expectedVersion: number): Promise<ReplaceOutcome> {
    assertOwnedBy(owner, next);
    assertVariablesWithinLimits(next.variables, this.policy.variables);
    const { rows } = await namedQuery<{ replaced: number; present: number }>(
      this.pool,
      'task_mcp_replace',
      SQL.replace,
      [
        owner,
        next.id,
        next.status,
        next.statusMessage ?? null,
        next.lastUpdatedAt,
        jsonText(next.variables),
        jsonText(next.result),
        next.version,
        expectedVersion,
        jsonText(next.error),
        jsonText(next.input),
      ],
    );
    const { replaced, present } = rows[0]!;
    if (replaced > 0) return 'replaced';
    return present > 0 ? 'conflict' : 'missing';
  }

  async list(
    owner: OwnerId,
    after: TaskListPosition | undefined,
    limit: number,
  ): Promise<TaskListPage> {
    // One row more than asked says whether another page follows.
    const { rows } = after
      ? await namedQuery<TaskRow>(this.pool, 'task_mcp_list_after', SQL.listAfter, [
          owner,
          after.createdAt,
          after.id,
          limit + 1,
        ])
      : await namedQuery<TaskRow>(this.pool, 'task_mcp_list_first', SQL.listFirst, [
          owner,
          limit + 1,
        ]);
    return pageOf(rows.map(taskFromRow), limit);
  }

  async cleanupExpired(now: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const { rows } = await namedQuery<{ removed: number }>(
        this.pool,
        'task_mcp_cleanup',
        SQL.cleanup,
        [now, CLEANUP_BATCH],
      );
      const batch = rows[0]!.removed;
      removed += batch;
      if (batch < CLEANUP_BATCH) return removed;
    }
  }
}

function assertOwnedBy(owner: OwnerId, task: Task): void {
  if (task.owner !== owner) throw new Error('A task can only be stored under its own owner');
}
