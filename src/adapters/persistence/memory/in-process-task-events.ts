import { injectable } from 'inversify';
import { taskKeyText, type TaskKey } from '../../../application/ports/task-leases.js';
import type {
  TaskEvents,
  TaskListener,
  Unsubscribe,
} from '../../../application/ports/task-events.js';
import type { OwnerId, Task, TaskId } from '../../../domain/index.js';

interface Watched {
  readonly key: TaskKey;
  readonly listeners: Set<TaskListener>;
}

/** Task change fan-out within one process, keyed by (owner, task) like the store. */
@injectable()
export class InProcessTaskEvents implements TaskEvents {
  private readonly watched = new Map<string, Watched>();

  publish(task: Task): void {
    const entry = this.watched.get(taskKeyText(task.owner, task.id));
    if (!entry) return;
    for (const listener of [...entry.listeners]) listener(task);
  }

  /** Whether anybody in this process listens for that task. */
  isWatched(owner: OwnerId, id: TaskId): boolean {
    return this.watched.has(taskKeyText(owner, id));
  }

  /** Every task somebody in this process listens for. */
  watchedKeys(): TaskKey[] {
    return [...this.watched.values()].map((entry) => entry.key);
  }

  subscribe(owner: OwnerId, id: TaskId, listener: TaskListener): Unsubscribe {
    const text = taskKeyText(owner, id);
    let entry = this.watched.get(text);
    if (!entry) {
      entry = { key: { owner, id }, listeners: new Set() };
      this.watched.set(text, entry);
    }
    const { listeners } = entry;
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.watched.get(text) === entry) this.watched.delete(text);
    };
  }
}
