import { inject, injectable } from 'inversify';
import type {
  ReplaceOutcome,
  TaskListPage,
  TaskListPosition,
  TaskStore,
} from '../../application/ports/task-store.js';
import type { OwnerId, Task, TaskId } from '../../domain/index.js';
import { PrometheusMetrics } from './prometheus-metrics.js';

/** The task store itself, which the timed store wraps (TaskStore). */
export const STORE_OF_RECORD = Symbol('StoreOfRecord');

/** A TaskStore that times every call of the store it wraps into task_mcp_store_seconds. */
@injectable()
export class TimedTaskStore implements TaskStore {
  constructor(
    @inject(STORE_OF_RECORD) private readonly store: TaskStore,
    @inject(PrometheusMetrics) private readonly metrics: PrometheusMetrics,
  ) {}

  insert(owner: OwnerId, task: Task): Promise<void> {
    return this.timed('insert', () => this.store.insert(owner, task));
  }

  get(owner: OwnerId, id: TaskId): Promise<Task | undefined> {
    return this.timed('get', () => this.store.get(owner, id));
  }

  replace(owner: OwnerId, next: Task, expectedVersion: number): Promise<ReplaceOutcome> {
    return this.timed('replace', () => this.store.replace(owner, next, expectedVersion));
  }

  list(owner: OwnerId, after: TaskListPosition | undefined, limit: number): Promise<TaskListPage> {
    return this.timed('list', () => this.store.list(owner, after, limit));
  }

  cleanupExpired(now: number): Promise<number> {
    return this.timed('cleanup', () => this.store.cleanupExpired(now));
  }

  private timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const done = this.metrics.timeStore(operation);
    return call().finally(done);
  }
}
