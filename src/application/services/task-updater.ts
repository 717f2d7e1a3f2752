import { inject, injectable } from 'inversify';
import { TaskNotFoundError, type OwnerId, type Task, type TaskId } from '../../domain/index.js';
import { TASK_EVENTS, type TaskEvents } from '../ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

const MAX_ATTEMPTS = 16;

/**
 * Read-modify-write of one task with compare-and-set, so concurrent writers (a finishing tool and
 * a cancel, say) never overwrite each other. Every change that lands is published.
 */
@injectable()
export class TaskUpdater {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
  ) {}

  /**
   * Applies `change` to the current task. `change` may throw a domain error to refuse, or return
   * undefined to leave the task as it is. Returns the task as stored afterwards.
   *
   * `likelyCurrent`, when the caller holds the task as it last wrote it, saves the first read: the
   * change is tried on it and swapped in by compare-and-set. If it was stale, or the change
   * refuses it, the usual read-modify-write decides on the stored task instead.
   */
  async update(
    owner: OwnerId,
    id: TaskId,
    change: (task: Task) => Task | undefined,
    likelyCurrent?: Task,
  ): Promise<Task> {
    if (likelyCurrent) {
      const landed = await this.tryOn(owner, likelyCurrent, change);
      if (landed) return landed;
    }
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.store.get(owner, id);
      if (!current) throw new TaskNotFoundError();
      const next = change(current);
      if (!next) return current;
      const outcome = await this.store.replace(owner, next, current.version);
      if (outcome === 'replaced') {
        this.events.publish(next);
        return next;
      }
      if (outcome === 'missing') throw new TaskNotFoundError();
    }
    throw new Error(`Task update lost ${MAX_ATTEMPTS} races in a row`);
  }

  /** One compare-and-set of `change` on `assumed`; undefined when that settled nothing. */
  private async tryOn(
    owner: OwnerId,
    assumed: Task,
    change: (task: Task) => Task | undefined,
  ): Promise<Task | undefined> {
    let next: Task | undefined;
    try {
      next = change(assumed);
    } catch {
      return undefined;
    }
    if (!next) return undefined;
    const outcome = await this.store.replace(owner, next, assumed.version);
    if (outcome === 'missing') throw new TaskNotFoundError();
    if (outcome !== 'replaced') return undefined;
    this.events.publish(next);
    return next;
  }
}
