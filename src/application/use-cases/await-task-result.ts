import { inject, injectable } from 'inversify';
import { isTerminal, TaskNotFoundError, type JsonValue, type Task } from '../../domain/index.js';
import { AccessPolicy, READ_TASKS } from '../access-policy.js';
import type { Principal } from '../ports/identity-provider.js';
import { TASK_EVENTS, type TaskEvents } from '../ports/task-events.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

export interface TaskOutcome {
  readonly task: Task;
  readonly result: JsonValue;
}

/** Blocks until the caller's task is terminal, then returns exactly what the tool returned. */
@injectable()
export class AwaitTaskResult {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(TASK_EVENTS) private readonly events: TaskEvents,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  async run(principal: Principal, rawTaskId: string, signal?: AbortSignal): Promise<TaskOutcome> {
    this.access.authorize(principal, READ_TASKS);
    return this.runWithoutScopeCheck(principal, rawTaskId, signal);
  }

  /** For a use case that has already authorized the caller for this task (RunToolNow). */
  async runWithoutScopeCheck(
    principal: Principal,
    rawTaskId: string,
    signal?: AbortSignal,
  ): Promise<TaskOutcome> {
    const id = parseTaskIdOrNotFound(rawTaskId);
    const owner = principal.owner;
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
