import { inject, injectable } from 'inversify';
import {
  pageOf,
  type ReplaceOutcome,
  type TaskListPage,
  type TaskListPosition,
  type TaskStore,
} from '../../application/ports/task-store.js';
import { TASK_POLICY, type TaskPolicy } from '../../application/policy/task-policy.js';
import {
  assertRoomForNewTask,
  assertVariablesWithinLimits,
  expiresAt,
  isTerminal,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../domain/index.js';

interface OwnerTasks {
  readonly tasks: Map<TaskId, Task>;
  /** Non-terminal tasks, kept as a count so the quota check is O(1). */
  active: number;
}

/**
 * Tasks in process memory, one map per owner: a lookup starts from the owner's own map, so another
 * owner's task is unreachable rather than filtered out. Every method is synchronous inside, which
 * makes check-and-insert atomic on Node's single thread.
 */
@injectable()
export class InMemoryTaskStore implements TaskStore {
  private readonly owners = new Map<OwnerId, OwnerTasks>();

  constructor(@inject(TASK_POLICY) private readonly policy: TaskPolicy) {}

  async insert(owner: OwnerId, task: Task): Promise<void> {
    assertOwnedBy(owner, task);
    assertVariablesWithinLimits(task.variables, this.policy.variables);
    const bucket = this.owners.get(owner) ?? { tasks: new Map<TaskId, Task>(), active: 0 };
    if (bucket.tasks.has(task.id)) throw new Error('Task id collision: refusing to overwrite');
    assertRoomForNewTask({ stored: bucket.tasks.size, active: bucket.active }, this.policy.limits);
    bucket.tasks.set(task.id, task);
    if (!isTerminal(task.status)) bucket.active++;
    this.owners.set(owner, bucket);
  }

  async get(owner: OwnerId, id: TaskId): Promise<Task | undefined> {
    return this.owners.get(owner)?.tasks.get(id);
  }

  async replace(owner: OwnerId, next: Task, expectedVersion: number): Promise<ReplaceOutcome> {
    assertOwnedBy(owner, next);
    const bucket = this.owners.get(owner);
    const current = bucket?.tasks.get(next.id);
    if (!bucket || !current) return 'missing';
    if (current.version !== expectedVersion || next.version <= current.version) return 'conflict';
    if (isTerminal(current.status)) return 'conflict';
    if (next.variables !== current.variables) {
      assertVariablesWithinLimits(next.variables, this.policy.variables);
    }
    bucket.tasks.set(next.id, next);
    if (isTerminal(next.status)) bucket.active--;
    return 'replaced';
  }

  async list(
    owner: OwnerId,
    after: TaskListPosition | undefined,
    limit: number,
  ): Promise<TaskListPage> {
    const bucket = this.owners.get(owner);
    if (!bucket) return { tasks: [] };
    const ordered = [...bucket.tasks.values()]
      .filter((task) => !after || comparePosition(task, after) > 0)
      .sort(comparePosition);
    return pageOf(ordered, limit);
  }

  async cleanupExpired(now: number): Promise<number> {
    let removed = 0;
    for (const [owner, bucket] of this.owners) {
      for (const [id, task] of bucket.tasks) {
        if (now < expiresAt(task)) continue;
        bucket.tasks.delete(id);
        if (!isTerminal(task.status)) bucket.active--;
        removed++;
      }
      if (bucket.tasks.size === 0) this.owners.delete(owner);
    }
    return removed;
  }
}

function assertOwnedBy(owner: OwnerId, task: Task): void {
  if (task.owner !== owner) throw new Error('A task can only be stored under its own owner');
}

function comparePosition(task: TaskListPosition, other: TaskListPosition): number {
  if (task.createdAt !== other.createdAt) return task.createdAt - other.createdAt;
  return task.id < other.id ? -1 : task.id > other.id ? 1 : 0;
}
