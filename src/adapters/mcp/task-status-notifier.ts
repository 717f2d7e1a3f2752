import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { TaskEvents, Unsubscribe } from '../../application/ports/task-events.js';
import { isTerminal, type Task } from '../../domain/index.js';
import { toWireTask } from './wire-task.js';

/**
 * Sends notifications/tasks/status on one connection for the tasks created over it, whenever their
 * status or status message changes. Optional in the spec; clients keep polling regardless.
 */
export class TaskStatusNotifier {
  private readonly subscriptions = new Set<Unsubscribe>();

  constructor(
    private readonly server: Server,
    private readonly events: TaskEvents,
  ) {}

  watch(created: Task): void {
    let last = created;
    const unsubscribe = this.events.subscribe(created.owner, created.id, (task) => {
      if (task.status === last.status && task.statusMessage === last.statusMessage) return;
      last = task;
      if (isTerminal(task.status)) this.stop(unsubscribe);
      this.server
        .notification({ method: 'notifications/tasks/status', params: toWireTask(task) })
        .catch(() => this.stop(unsubscribe));
    });
    this.subscriptions.add(unsubscribe);
  }

  close(): void {
    for (const unsubscribe of this.subscriptions) unsubscribe();
    this.subscriptions.clear();
  }

  private stop(unsubscribe: Unsubscribe): void {
    unsubscribe();
    this.subscriptions.delete(unsubscribe);
  }
}
