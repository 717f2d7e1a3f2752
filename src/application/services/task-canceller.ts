import { inject, injectable } from 'inversify';
import {
  finishTask,
  InvalidTransitionError,
  isTerminal,
  TaskNotFoundError,
  type OwnerId,
  type Task,
  type TaskId,
} from '../../domain/index.js';
import { AUDIT_LOG, type AuditLog } from '../ports/audit-log.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import { LOGGER, type Logger } from '../ports/logger.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { errorResult, resultAsJson } from '../tool-kit/tool-result.js';
import { TaskRunner, withNote } from './task-runner.js';
import { TaskUpdater } from './task-updater.js';

const CANCELLED_MESSAGE = 'The task was cancelled by request.';

/**
 * Stops an owner's task's work (waiting briefly for it to wind down), then moves the task to
 * cancelled, as the spec requires before the cancel is answered. The status message says what
 * stopping did when the tool reported it (a job names the process group it killed). A task already
 * terminal is refused and left exactly as it was. Shared by tasks/cancel and by a plain tools/call
 * whose caller gave up; authorizing the caller is theirs to do.
 */
@injectable()
export class TaskCanceller {
  constructor(
    @inject(TaskUpdater) private readonly updater: TaskUpdater,
    @inject(TaskRunner) private readonly runner: TaskRunner,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(LOGGER) private readonly logger: Logger,
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
  ) {}

  async cancel(owner: OwnerId, id: TaskId): Promise<Task> {
    refuseTerminal(await this.store.get(owner, id));
    const note = await this.runner.stop(owner, id, 'cancelled');
    const message = withNote(CANCELLED_MESSAGE, note);
    const result = resultAsJson(errorResult(message));
    const cancelled = await this.updater.update(owner, id, (task) => {
      refuseTerminal(task);
      return finishTask(task, 'cancelled', this.clock.now(), result, message);
    });
    this.logger.info('task cancelled', { owner, task: id });
    this.audit.record({
      event: 'task.cancelled',
      severity: 'info',
      owner,
      detail: { task: id, tool: cancelled.toolName },
    });
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
