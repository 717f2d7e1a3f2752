import type { OwnerId, TaskId } from '../../domain/index.js';

/** A task's address: its owner and its id (never one without the other). */
export interface TaskKey {
  readonly owner: OwnerId;
  readonly id: TaskId;
}

/** A task's address as one string, for maps keyed by task. */
export function taskKeyText(owner: OwnerId, id: TaskId): string {
  return `${owner}\u0000${id}`;
}

/**
 * Leases on running tasks, for servers that share a store. The replica that creates a task holds
 * its lease (the store writes it with the task) and renews it while the work runs; a replica that
 * stops renewing (it died) loses its tasks to whichever replica claims them, which then fails
 * them. A single process has nothing to claim: its tasks die with it and its memory.
 */
export interface TaskLeases {
  /**
   * Extends this replica's leases on `running` to `until`. Returns the keys it could not renew:
   * tasks that ended elsewhere, were deleted, or were claimed from this replica; their work should
   * stop.
   */
  renew(running: readonly TaskKey[], until: number): Promise<TaskKey[]>;

  /**
   * Takes over up to `limit` live tasks whose lease lapsed before `now`, or that an earlier life of
   * this replica held, so that exactly one replica ends each. Returns their keys; the caller fails
   * them. Housekeeping, like expiry cleanup: it hands back keys, never a task.
   */
  claimOrphans(now: number, limit: number): Promise<TaskKey[]>;
}

export const TASK_LEASES = Symbol('TaskLeases');
