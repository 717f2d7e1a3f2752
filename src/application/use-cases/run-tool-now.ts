import { inject, injectable } from 'inversify';
import type { JsonObject } from '../../domain/index.js';
import { TaskRequiredError } from '../errors.js';
import type { Principal } from '../ports/identity-provider.js';
import { ToolRegistry } from '../tool-registry.js';
import { AwaitTaskResult, type TaskOutcome } from './await-task-result.js';
import { CancelTask } from './cancel-task.js';
import { CreateTask } from './create-task.js';

/**
 * A plain tools/call (no params.task) of an `optional` task tool. It runs through the same task
 * machinery, so limits, cancellation and expiry hold for it too, and the caller waits for the
 * result. A `required` tool refuses, as the spec demands.
 */
@injectable()
export class RunToolNow {
  constructor(
    @inject(ToolRegistry) private readonly tools: ToolRegistry,
    @inject(CreateTask) private readonly createTask: CreateTask,
    @inject(AwaitTaskResult) private readonly awaitResult: AwaitTaskResult,
    @inject(CancelTask) private readonly cancelTask: CancelTask,
  ) {}

  async run(
    principal: Principal,
    toolName: string,
    args: JsonObject,
    signal?: AbortSignal,
  ): Promise<TaskOutcome> {
    if (this.tools.get(toolName).taskSupport === 'required') throw new TaskRequiredError(toolName);
    // CreateTask checks the caller's scopes for this tool; waiting on and stopping the task it
    // just started are part of the same call, so they need no other scope.
    const task = await this.createTask.run(principal, { toolName, arguments: args });
    try {
      return await this.awaitResult.runWithoutScopeCheck(principal, task.id, signal);
    } catch (error) {
      // The caller gave up (notifications/cancelled or a closed connection): stop the work too.
      if (signal?.aborted) {
        await this.cancelTask.runWithoutScopeCheck(principal, task.id).catch(() => undefined);
      }
      throw error;
    }
  }
}
