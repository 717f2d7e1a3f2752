import { inject, injectable } from 'inversify';
import { AccessPolicy, READ_TASKS } from '../policy/access-policy.js';
import type { Principal } from '../ports/identity-provider.js';
import { TaskResultWaiter, type TaskOutcome } from '../services/task-result-waiter.js';
import { parseTaskIdOrNotFound } from './task-id-input.js';

/** tasks/result: blocks until the caller's task is terminal, then returns what the tool returned. */
@injectable()
export class AwaitTaskResult {
  constructor(
    @inject(TaskResultWaiter) private readonly waiter: TaskResultWaiter,
    @inject(AccessPolicy) private readonly access: AccessPolicy,
  ) {}

  async run(principal: Principal, rawTaskId: string, signal?: AbortSignal): Promise<TaskOutcome> {
    this.access.authorize(principal, READ_TASKS);
    return this.waiter.wait(principal.owner, parseTaskIdOrNotFound(rawTaskId), signal);
  }
}
