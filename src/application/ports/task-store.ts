import type { OwnerId, Task, TaskId } from '../../domain/index.js';

/** Where a page of tasks starts: strictly after this (createdAt, id) key. */
export interface TaskListPosition {
  readonly createdAt: number;
  readonly id: TaskId;
}

export interface TaskListPage {
  readonly tasks: readonly Task[];
  /** Present when more tasks follow; the last task's position. */
  readonly next?: TaskListPosition;
}

/**
 * A page from tasks in (createdAt, id) order fetched one past `limit`: that extra task, if there,
 * only says that another page follows.
 */
export function pageOf(ordered: readonly Task[], limit: number): TaskListPage {
  const tasks = ordered.slice(0, limit);
  const last = tasks[tasks.length - 1];
  return ordered.length > limit && last
    ? { tasks, next: { createdAt: last.createdAt, id: last.id } }
    : { tasks };
}

export type ReplaceOutcome = 'replaced' | 'conflict' | 'missing';

/**
 * Owner-scoped task persistence. Every method takes the owner first and there is no method that
 * reaches a task without its owner: another owner's task is simply not in the caller's keyspace.
 * Implementations enforce the task and variable limits themselves too (defence in depth).
 */
export interface TaskStore {
  /**
   * Inserts a new task for `owner`, atomically with the check of the owner's stored and
   * concurrent limits. Throws ResourceExhaustedError, and stores nothing, when either is reached.
   */
  insert(owner: OwnerId, task: Task): Promise<void>;

  get(owner: OwnerId, id: TaskId): Promise<Task | undefined>;

  /** Compare-and-set on `version`: swaps in `next` only if the stored task is `expectedVersion`. */
  replace(owner: OwnerId, next: Task, expectedVersion: number): Promise<ReplaceOutcome>;

  /** The owner's tasks in (createdAt, id) order, starting after `after`. */
  list(owner: OwnerId, after: TaskListPosition | undefined, limit: number): Promise<TaskListPage>;

  /**
   * Deletes every task whose ttl has passed at `now` and returns how many. The one method without
   * an owner: it is housekeeping for the sweeper, takes no id and hands back no task, so it can
   * reveal nothing. The store has no timers of its own; the composition root calls this.
   */
  cleanupExpired(now: number): Promise<number>;
}

export const TASK_STORE = Symbol('TaskStore');
