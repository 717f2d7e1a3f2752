import { inject, injectable } from 'inversify';
import type { Task } from '../../domain/index.js';
import type { Principal } from '../ports/identity-provider.js';
import { TaskIntake } from '../services/task-intake.js';
import { TaskRunner } from '../services/task-runner.js';
import { ToolCallPreparer, type ToolCall } from '../services/tool-call-preparer.js';
import { WorkAdmission } from '../services/work-admission.js';
import type { RunCaller } from '../tool-kit/task-context.js';

export interface CreateTaskRequest extends ToolCall {
  /** What the caller brings to the run: a progress listener, a first answer, its reach. */
  readonly caller?: RunCaller;
}

/**
 * Starts a tool as a task: checks the tool, its arguments and the ttl, takes a process slot if the
 * tool starts a process and the tool's lock if it declares one, stores the task within the owner's
 * limits, then runs the tool in the background. Nothing runs, nothing is stored and no slot or lock
 * is kept if any step fails, or once the server has begun to shut down.
 */
@injectable()
export class CreateTask {
  constructor(
    @inject(WorkAdmission) private readonly admission: WorkAdmission,
    @inject(ToolCallPreparer) private readonly preparer: ToolCallPreparer,
    @inject(TaskIntake) private readonly intake: TaskIntake,
    @inject(TaskRunner) private readonly runner: TaskRunner,
  ) {}

  async run(principal: Principal, request: CreateTaskRequest): Promise<Task> {
    this.admission.assertOpen();
    const call = this.preparer.prepare(principal, request);
    const hold = await this.intake.admit(call);
    const { task, tool, args } = call;
    this.runner.start(task, tool, args, [hold], request.caller);
    return task;
  }
}
