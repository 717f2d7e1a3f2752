import { inject, injectable } from 'inversify';
import { TaskNotFoundError, type OwnerId, type Task, type TaskId } from '../../domain/index.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { TASK_EVENTS, type TaskEvents } from '../ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';

/** What a watcher wants from a task: a value once the task shows it, undefined to keep waiting. */
export type TaskPick<Value> = (task: Task) => Value | undefined;

/**
 * Waits until one of an owner's tasks shows something (`pick` returns a value). Task events wake it
 * at once; a re-read every poll interval is the safety net for an event that never arrives (one
 * lost between replicas), at most one query per interval. Rejects with TaskNotFoundError if the
 * task is gone, and with the signal's reason once it aborts.
 */
@injectable()
export class TaskWatch {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
    @inject(CLOCK) private readonly clock: Clock,
  ) {}

  async until<Value>(
    owner: OwnerId,
    id: TaskId,
    pick: TaskPick<Value>,
    signal?: AbortSignal,
  ): Promise<Value> {
    const first = await this.store.get(owner, id);
    if (!first) throw new TaskNotFoundError();
    const found = pick(first);
    if (found !== undefined) return found;

    return new Promise<Value>((resolve, reject) => {
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
      const offer = (task: Task): boolean => {
        const value = pick(task);
        if (value === undefined) return false;
        settle(() => resolve(value));
        return true;
      };
      const onAbort = (): void => settle(() => reject(abortReason(signal)));
      // Subscribe before the second read so that a change in between cannot be missed.
      const unsubscribe = this.events.subscribe(owner, id, offer);
      signal?.addEventListener('abort', onAbort, { once: true });
      const reread = (): void => {
        this.store.get(owner, id).then(
          (current) => {
            if (!current) settle(() => reject(new TaskNotFoundError()));
            else if (!offer(current) && !settled) {
              cancelReread = this.clock.setTimer(first.pollIntervalMs, reread);
            }
          },
          (error: unknown) => settle(() => reject(error)),
        );
      };
      reread();
    });
  }
}

function abortReason(signal: AbortSignal | undefined): Error {
  return signal?.reason instanceof Error ? signal.reason : new Error('Request aborted');
}
