import { inject, injectable } from 'inversify';
import {
  isTerminal,
  type JsonValue,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../domain/index.js';
import { TaskWatch } from './task-watch.js';

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
  constructor(@inject(TaskWatch) private readonly watch: TaskWatch) {}

  async wait(owner: OwnerId, id: TaskId, signal?: AbortSignal): Promise<TaskOutcome> {
    const terminal = await this.watch.until(
      owner,
      id,
      (task) => (isTerminal(task.status) ? task : undefined),
      signal,
    );
    return outcomeOf(terminal);
  }
}

function outcomeOf(task: Task): TaskOutcome {
  if (task.result === undefined) {
    throw new Error('A terminal task has no result: the store lost it');
  }
  return { task, result: task.result };
}
