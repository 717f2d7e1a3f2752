import { inject, injectable } from 'inversify';
import type { JsonObject, Task } from '../../domain/index.js';
import { TaskRequiredError } from '../shared/errors.js';
import type { Principal } from '../ports/identity-provider.js';
import { TaskCanceller } from '../services/task-canceller.js';
import { TaskResultWaiter, type TaskOutcome } from '../services/task-result-waiter.js';
import { ToolRegistry } from '../services/tool-registry.js';
import type { RunCaller } from '../tool-kit/task-context.js';
import { CreateTask } from './create-task.js';

export interface RunNowOptions {
  /** Fires when the caller gives up: the task is cancelled. */
  readonly signal?: AbortSignal;
  /** Told the task once it is stored, so the caller's connection can carry what it asks. */
  readonly onStart?: (task: Task) => void;
  /** What the caller brings to the run: a progress listener, a first answer, its reach. */
  readonly caller?: RunCaller;
}

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
    @inject(TaskResultWaiter) private readonly waiter: TaskResultWaiter,
    @inject(TaskCanceller) private readonly canceller: TaskCanceller,
  ) {}

  async run(
    principal: Principal,
    toolName: string,
    args: JsonObject,
    options: RunNowOptions = {},
  ): Promise<TaskOutcome> {
    const { signal, onStart, caller } = options;
    if (this.tools.get(toolName).taskSupport === 'required') throw new TaskRequiredError(toolName);
    // CreateTask checks the caller's scopes for this tool; waiting on and stopping the task it
    // just started are part of the same call, so they need no other scope.
    const task = await this.createTask.run(principal, {
      toolName,
      arguments: args,
      ...(caller ? { caller } : {}),
    });
    onStart?.(task);
    try {
      return await this.waiter.wait(principal.owner, task.id, signal);
    } catch (error) {
      // The caller gave up (notifications/cancelled or a closed connection): stop the work too.
      if (signal?.aborted) {
        await this.canceller.cancel(principal.owner, task.id).catch(() => undefined);
      }
      throw error;
    }
  }
}
