import { inject, injectable } from 'inversify';
import { finishTask, InvalidTransitionError, isTerminal, type Task } from '../../domain/index.js';
import { AccessPolicy, CANCEL_TASKS } from '../access-policy.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import type { Principal } from '../ports/identity-provider.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { errorResult, resultAsJson } from '../tool-result.js';
import { TaskRunner } from '../task-runner.js';
import { TaskUpdater } from '../task-updater.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

const CANCELLED_MESSAGE = 'The task was cancelled by request.';
const CANCELLED_RESULT = resultAsJson(errorResult(CANCELLED_MESSAGE));

/**
 * Moves the caller's task to cancelled (before answering, as the spec requires), then stops its
 * work. A task already terminal is refused and left exactly as it was.
 */
@injectable()
export class CancelTask {
  constructor(
    @inject(TaskUpdater) private readonly updater: TaskUpdater,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  async run(principal: Principal, rawTaskId: string): Promise<Task> {
    this.access.authorize(principal, CANCEL_TASKS);
    return this.runWithoutScopeCheck(principal, rawTaskId);
  }

  /** For a use case that has already authorized the caller for this task (RunToolNow). */
  async runWithoutScopeCheck(principal: Principal, rawTaskId: string): Promise<Task> {
    const id = parseTaskIdOrNotFound(rawTaskId);
    const cancelled = await this.updater.update(principal.owner, id, (task) => {
      if (isTerminal(task.status)) {
        throw new InvalidTransitionError(
          `Cannot cancel task: already in terminal status '${task.status}'`,
        );
      }
      return finishTask(task, 'cancelled', this.clock.now(), CANCELLED_RESULT, CANCELLED_MESSAGE);
    });
    this.runner.abort(principal.owner, id, 'cancelled');
    this.logger.info('task cancelled', { owner: principal.owner, task: id });
    return cancelled;
  }
}
