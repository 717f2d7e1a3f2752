import { inject, injectable } from 'inversify';
import { isExpired, TaskNotFoundError, type Task } from '../../domain/index.js';
import { AccessPolicy, READ_TASKS } from '../policy/access-policy.js';
import { CLOCK, type Clock } from '../ports/clock.js';
import type { Principal } from '../ports/identity-provider.js';
import { TASK_STORE, type TaskStore } from '../ports/task-store.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

export interface TaskView {
  readonly task: Task;
  /** Past its ttl and awaiting cleanup. */
  readonly expired: boolean;
}

/** One of the caller's tasks. Another owner's task is indistinguishable from a missing one. */
@injectable()
export class GetTask {
  constructor(
    @inject(TASK_STORE) private readonly store: TaskStore,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  async run(principal: Principal, rawTaskId: string): Promise<TaskView> {
    this.access.authorize(principal, READ_TASKS);
    const task = await this.store.get(principal.owner, parseTaskIdOrNotFound(rawTaskId));
    if (!task) throw new TaskNotFoundError();
    return { task, expired: isExpired(task, this.clock.now()) };
  }
}
