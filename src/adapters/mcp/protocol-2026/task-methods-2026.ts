import { inject, injectable } from 'inversify';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { AnswerTaskInput } from '../../../application/use-cases/answer-task-input.js';
import { CancelTask } from '../../../application/use-cases/cancel-task.js';
import { GetTask } from '../../../application/use-cases/get-task.js';
import { InvalidTransitionError, type JsonObject } from '../../../domain/index.js';
import { parseParams, TaskIdParams } from '../request-params.js';
import { EXPIRED_META_KEY } from '../wire-task.js';
import { requireTasks } from './capability-errors.js';
import { toDetailedTask } from './detailed-task.js';
import { UpdateTaskParams } from './params.js';
import type { RequestMeta } from './request-meta.js';

const COMPLETE = Object.freeze({ resultType: 'complete' });

/** tasks/get, tasks/update and tasks/cancel of the tasks extension, for declaring clients only. */
@injectable()
export class TaskMethods2026 {
  constructor(
    @inject(GetTask) private readonly getTask: GetTask,
    @inject(CancelTask) private readonly cancelTask: CancelTask,
    @inject(AnswerTaskInput) private readonly answerInput: AnswerTaskInput,
  ) {}

  async get(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
  ): Promise<JsonObject> {
    requireTasks(meta, 'tasks/get');
    const { taskId } = parseParams(TaskIdParams, params);
    const view = await this.getTask.run(principal, taskId);
    const detailed = toDetailedTask(view.task);
    return view.expired ? { ...detailed, _meta: { [EXPIRED_META_KEY]: true } } : detailed;
  }

  async update(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
  ): Promise<JsonObject> {
    requireTasks(meta, 'tasks/update');
    const { taskId, inputResponses } = parseParams(UpdateTaskParams, params);
    await this.answerInput.run(principal, taskId, inputResponses as Record<string, JsonObject>);
    return { ...COMPLETE };
  }

  /** An acknowledgement, also for a task already ended: cancelling is a wish, not a query. */
  async cancel(
    params: Record<string, unknown>,
    meta: RequestMeta,
    principal: Principal,
  ): Promise<JsonObject> {
    requireTasks(meta, 'tasks/cancel');
    const { taskId } = parseParams(TaskIdParams, params);
    try {
      await this.cancelTask.run(principal, taskId);
    } catch (error) {
      if (!(error instanceof InvalidTransitionError)) throw error;
    }
    return { ...COMPLETE };
  }
}
