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
   */
  async update(
    owner: OwnerId,
    id: TaskId,
    change: (task: Task) => Task | undefined,
  ): Promise<Task> {
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
}
