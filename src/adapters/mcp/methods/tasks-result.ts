import { inject, injectable } from 'inversify';
import { READ_TASKS, type Operation } from '../../../application/policy/access-policy.js';
import { AwaitTaskResult } from '../../../application/use-cases/await-task-result.js';
import { GetTask } from '../../../application/use-cases/get-task.js';
import type { JsonObject } from '../../../domain/index.js';
import { QuestionRelays } from '../link/question-relay.js';
import { presentOutcome } from '../presentation/task-outcome.js';
import type { McpMethod, MethodVersion, Scope2025 } from './mcp-method.js';
import { requiredString } from './param-readers.js';

/**
 * tasks/result (2025-11-25 only; the tasks extension inlines results in tasks/get): waits until
 * the caller's task ends and answers exactly what its request would have, with the related-task
 * _meta. While the caller waits, the task's questions go to it on this request's stream.
 */
@injectable()
export class TasksResult implements McpMethod {
  readonly name = 'tasks/result';
  readonly v2025: MethodVersion<string, Scope2025>;

  constructor(
    @inject(GetTask) getTask: GetTask,
    @inject(AwaitTaskResult) awaitResult: AwaitTaskResult,
    @inject(QuestionRelays) relays: QuestionRelays,
  ) {
    this.v2025 = {
      parse: (params) => requiredString(params, 'taskId'),
      async serve(taskId, { principal, link, signal }): Promise<JsonObject> {
        const { task } = await getTask.run(principal, taskId);
        const relay = relays.start(task, link, true);
        try {
          return presentOutcome(await awaitResult.run(principal, taskId, signal), true);
        } finally {
          relay.stop();
        }
      },
    };
  }

  operation(): Operation {
    return READ_TASKS;
  }
}
