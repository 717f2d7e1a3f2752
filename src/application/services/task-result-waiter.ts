import { inject, injectable } from 'inversify';
import {
  isTerminal,
  TaskNotFoundError,
  type JsonValue,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../domain/index.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { TASK_EVENTS, type TaskEvents } from '../ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

export interface TaskOutcome {
  readonly task: Task;
  readonly result: JsonValue;
}

/**
 * Waits until an owner's task is terminal and hands back exactly what the tool returned. Shared by
 * tasks/result and by a plain tools/call that runs a task under the hood; authorizing the caller
 * is theirs to do. Task events wake it at once; a re-read every poll interval is the safety net for
 * an event that never arrives (one lost between replicas), at most one query per interval.
 */
@injectable()
export class TaskResultWaiter {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async wait(owner: OwnerId, id: TaskId, signal?: AbortSignal): Promise<TaskOutcome> {
    const first = await this.store.get(owner, id);
    if (!first) throw new TaskNotFoundError();
    if (isTerminal(first.status)) return outcomeOf(first);

    const terminal = await new Promise<Task>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      let settled = false;
      let cancelReread = (): void => undefined;
      const settle = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        unsubscribe();
        cancelReread();
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const onAbort = (): void => settle(() => reject(abortReason(signal)));
      // Subscribe before the second read so that a change in between cannot be missed.
      const unsubscribe = this.events.subscribe(owner, id, (task) => {
        if (isTerminal(task.status)) settle(() => resolve(task));
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      const reread = (): void => {
        this.store.get(owner, id).then(
          (current) => {
            if (!current) settle(() => reject(new TaskNotFoundError()));
            else if (isTerminal(current.status)) settle(() => resolve(current));
            else if (!settled) cancelReread = this.clock.setTimer(first.pollIntervalMs, reread);
          },
          (error: unknown) => settle(() => reject(error)),
        );
      };
      reread();
    });
    return outcomeOf(terminal);
  }
}

function outcomeOf(task: Task): TaskOutcome {
  if (task.result === undefined) {
    throw new Error('A terminal task has no result: the store lost it');
  }
  return { task, result: task.result };
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error('Request aborted');
}
