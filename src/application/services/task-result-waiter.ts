import { inject, injectable } from 'inversify';
import {
  isTerminal,
  TaskNotFoundError,
  type JsonValue,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../domain/index.js';
import { TASK_EVENTS, type TaskEvents } from '../ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

export interface TaskOutcome {
  readonly task: Task;
  readonly result: JsonValue;
}

/**
 * Waits until an owner's task is terminal and hands back exactly what the tool returned. Shared by
 * tasks/result and by a plain tools/call that runs a task under the hood; authorizing the caller
 * is theirs to do.
 */
@injectable()
export class TaskResultWaiter {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
  ) {}

  async wait(owner: OwnerId, id: TaskId, signal?: AbortSignal): Promise<TaskOutcome> {
    const first = await this.store.get(owner, id);
    if (!first) throw new TaskNotFoundError();
    if (isTerminal(first.status)) return outcomeOf(first);

    const terminal = await new Promise<Task>((resolve, reject) => {
      const stop = (): void => {
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = (): void => {
        stop();
        reject(abortReason(signal));
      };
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      // Subscribe before the second read so that a change in between cannot be missed.
      const unsubscribe = this.events.subscribe(owner, id, (task) => {
        if (!isTerminal(task.status)) return;
        stop();
        resolve(task);
      });
      signal?.addEventListener('abort', onAbort, { once: true });
      this.store.get(owner, id).then((current) => {
        if (!current) {
          stop();
          reject(new TaskNotFoundError());
        } else if (isTerminal(current.status)) {
          stop();
          resolve(current);
        }
      }, reject);
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
