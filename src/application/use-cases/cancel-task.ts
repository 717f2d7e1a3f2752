import { inject, injectable } from 'inversify';
import type { Task } from '../../domain/index.js';
import { AccessPolicy, CANCEL_TASKS } from '../policy/access-policy.js';
import type { Principal } from '../ports/identity-provider.js';
import { TaskCanceller } from '../services/task-canceller.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

/** tasks/cancel: stops the caller's task's work and answers with the task, now cancelled. */
@injectable()
export class CancelTask {
  constructor(
    @inject(TaskCanceller) private readonly canceller: TaskCanceller,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  async run(principal: Principal, rawTaskId: string): Promise<Task> {
    this.access.authorize(principal, CANCEL_TASKS);
    return this.canceller.cancel(principal.owner, parseTaskIdOrNotFound(rawTaskId));
  }
}
