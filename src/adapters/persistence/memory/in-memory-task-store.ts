import { inject, injectable } from 'inversify';
import {
  pageOf,
  type ReplaceOutcome,
  type TaskListPage,
  type TaskListPosition,
  type TaskStore,
} from '../../../application/ports/task-store.js';
import { OrderedIndex } from './ordered-index.js';
import { TASK_POLICY, type TaskPolicy } from '../../../application/policy/task-policy.js';
import {
  assertRoomForNewTask,
  assertVariablesWithinLimits,
  expiresAt,
  isTerminal,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../../domain/index.js';

interface OwnerTasks {
  readonly tasks: Map<TaskId, Task>;
  /** The same tasks in listing order, (createdAt, id): a page costs O(log n + page). */
  readonly order: OrderedIndex<Task, TaskListPosition>;
  /** Non-terminal tasks, kept as a count so the quota check is O(1). */
  active: number;
}

/**
 * Tasks in process memory, one map per owner: a lookup starts from the owner's own map, so another
 * owner's task is unreachable rather than filtered out. Every method is synchronous inside, which
 * makes check-and-insert atomic on Node's single thread.
 *
 * Two indexes keep listing and expiry off full scans: each owner's tasks in listing order, and all
 * tasks in expiry order (the sweeper takes expired ones from the front). Both hold the current
 * version of each task; neither order ever changes over a task's life (createdAt, id and ttl are
 * fixed), so a replace swaps the entry in place.
 */
@injectable()
export class InMemoryTaskStore implements TaskStore {
  private readonly owners = new Map<OwnerId, OwnerTasks>();
  private readonly expiry = new OrderedIndex<Task>(compareExpiry);

  constructor(@inject(TASK_POLICY) private readonly policy: TaskPolicy) {}

  async insert(owner: OwnerId, task: Task): Promise<void> {
    assertOwnedBy(owner, task);
    assertVariablesWithinLimits(task.variables, this.policy.variables);
    const bucket = this.owners.get(owner) ?? newBucket();
    if (bucket.tasks.has(task.id)) throw new Error('Task id collision: refusing to overwrite');
    assertRoomForNewTask({ stored: bucket.tasks.size, active: bucket.active }, this.policy.limits);
    bucket.tasks.set(task.id, task);
    bucket.order.insert(task);
    this.expiry.insert(task);
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
    bucket.order.insert(next);
    this.expiry.insert(next);
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
    // A position need not be a stored task: the one a cursor came from may have been cleaned up
    // since, and the next page still starts right after it.
    return pageOf(bucket.order.take(after, limit + 1), limit);
  }

  async cleanupExpired(now: number): Promise<number> {
    let removed = 0;
    let task = this.expiry.first();
    while (task && now >= expiresAt(task)) {
      this.expiry.shift();
      const bucket = this.owners.get(task.owner)!;
      bucket.tasks.delete(task.id);
      bucket.order.delete(task);
      if (!isTerminal(task.status)) bucket.active--;
      if (bucket.tasks.size === 0) this.owners.delete(task.owner);
      removed++;
      task = this.expiry.first();
    }
    return removed;
  }
}

function newBucket(): OwnerTasks {
  return {
    tasks: new Map<TaskId, Task>(),
    order: new OrderedIndex<Task, TaskListPosition>(comparePosition),
    active: 0,
  };
}

function assertOwnedBy(owner: OwnerId, task: Task): void {
  if (task.owner !== owner) throw new Error('A task can only be stored under its own owner');
}

function comparePosition(task: TaskListPosition, other: TaskListPosition): number {
  if (task.createdAt !== other.createdAt) return task.createdAt - other.createdAt;
  return compareText(task.id, other.id);
}

/** Expiry time first; owner and id make every task's key distinct. */
function compareExpiry(task: Task, other: Task): number {
  const byTime = expiresAt(task) - expiresAt(other);
  if (byTime !== 0) return byTime;
  return compareText(task.owner, other.owner) || compareText(task.id, other.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
