import { inject, injectable } from 'inversify';
import {
  finishTask,
  InvalidTransitionError,
  isTerminal,
  TaskNotFoundError,
  type Task,
} from '../../domain/index.js';
import { AccessPolicy, CANCEL_TASKS } from '../access-policy.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import type { Principal } from '../ports/identity-provider.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { errorResult, resultAsJson } from '../tool-result.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { TaskRunner, withNote } from '../task-runner.js';
import { TaskUpdater } from '../task-updater.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

const CANCELLED_MESSAGE = 'The task was cancelled by request.';

/**
 * Stops the caller's task's work (waiting briefly for it to wind down), then moves the task to
 * cancelled before answering, as the spec requires. The status message says what stopping did
 * when the tool reported it (a job names the process group it killed). A task already terminal is
 * refused and left exactly as it was.
 */
@injectable()
export class CancelTask {
  constructor(
    @inject(TaskUpdater) private readonly updater: TaskUpdater,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
    @inject(TASK_STORE) private readonly store: TaskStore,
  ) {}

  async run(principal: Principal, rawTaskId: string): Promise<Task> {
    this.access.authorize(principal, CANCEL_TASKS);
    return this.runWithoutScopeCheck(principal, rawTaskId);
  }

  /** For a use case that has already authorized the caller for this task (RunToolNow). */
  async runWithoutScopeCheck(principal: Principal, rawTaskId: string): Promise<Task> {
    const id = parseTaskIdOrNotFound(rawTaskId);
    refuseTerminal(await this.store.get(principal.owner, id));
    const note = await this.runner.stop(principal.owner, id, 'cancelled');
    const message = withNote(CANCELLED_MESSAGE, note);
    const cancelled = await this.updater.update(principal.owner, id, (task) => {
      refuseTerminal(task);
      return finishTask(task, 'cancelled', this.clock.now(), cancelledResult(message), message);
    });
    this.logger.info('task cancelled', { owner: principal.owner, task: id });
    return cancelled;
  }
}

function refuseTerminal(task: Task | undefined): asserts task is Task {
  if (!task) throw new TaskNotFoundError();
  if (isTerminal(task.status)) {
    throw new InvalidTransitionError(
      `Cannot cancel task: already in terminal status '${task.status}'`,
    );
  }
}

function cancelledResult(message: string): ReturnType<typeof resultAsJson> {
  return resultAsJson(errorResult(message));
}
