import { injectable } from 'inversify';
import type { TaskEvents, TaskListener, Unsubscribe } from '../../application/ports/task-events.js';
import type { OwnerId, Task, TaskId } from '../../domain/index.js';

/** Task change fan-out within one process, keyed by (owner, task) like the store. */
@injectable()
export class InProcessTaskEvents implements TaskEvents {
  private readonly listeners = new Map<string, Set<TaskListener>>();

  publish(task: Task): void {
    const listeners = this.listeners.get(keyOf(task.owner, task.id));
    if (!listeners) return;
    for (const listener of [...listeners]) listener(task);
  }

  /** Whether anybody in this process listens for that task. */
  isWatched(owner: OwnerId, id: TaskId): boolean {
    return this.listeners.has(keyOf(owner, id));
  }

  /** Every task somebody in this process listens for. */
  *watchedKeys(): Iterable<{ owner: OwnerId; id: TaskId }> {
    for (const key of [...this.listeners.keys()]) {
      const [owner, id] = key.split('\u0000') as [OwnerId, TaskId];
      yield { owner, id };
    }
  }

  subscribe(owner: OwnerId, id: TaskId, listener: TaskListener): Unsubscribe {
    const key = keyOf(owner, id);
    let listeners = this.listeners.get(key);
    if (!listeners) {
      listeners = new Set();
      this.listeners.set(key, listeners);
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(key) === listeners) this.listeners.delete(key);
    };
  }
}

function keyOf(owner: OwnerId, id: TaskId): string {
  return `${owner}\u0000${id}`;
}
