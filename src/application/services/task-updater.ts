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
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // Only the first round may start from the caller's copy; a refusal on it is not trusted.
      const assumed = attempt === 0 ? likelyCurrent : undefined;
      const current = assumed ?? (await this.store.get(owner, id));
      if (!current) throw new TaskNotFoundError();
      let next: Task | undefined;
      try {
        next = change(current);
      } catch (refusal) {
        if (assumed) continue;
        throw refusal;
      }
      if (!next) {
        if (assumed) continue;
        return current;
      }
      const outcome = await this.store.replace(owner, next, current.version);
      if (outcome === 'replaced') {
        this.events.publish(next);
        return next;
      }
      if (outcome === 'missing') throw new TaskNotFoundError();
    }
    throw new Error(`Task update lost ${MAX_ATTEMPTS} races in a row`);
  }
}
