import type { TaskEvents, Unsubscribe } from '../../../application/ports/task-events.js';
import { isTerminal, type Task } from '../../../domain/index.js';
import { notification, type OutboundMessage } from '../json-rpc/messages.js';
import { toWireTask } from '../presentation/wire-task.js';

/**
 * Sends notifications/tasks/status on one connection's own stream for the tasks it follows,
 * whenever their status or status message changes, until they end. Optional in the spec; clients
 * keep polling regardless.
 */
export class TaskStatusNotifier {
  private readonly subscriptions = new Set<Unsubscribe>();

  constructor(
    private readonly events: TaskEvents,
    private readonly send: (message: OutboundMessage) => void,
  ) {}

  follow(created: Task): void {
    let last = created;
    const unsubscribe = this.events.subscribe(created.owner, created.id, (task) => {
      if (task.status === last.status && task.statusMessage === last.statusMessage) return;
      last = task;
      if (isTerminal(task.status)) this.stop(unsubscribe);
      this.send(notification('notifications/tasks/status', toWireTask(task)));
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
