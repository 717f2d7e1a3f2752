import { inject, injectable } from 'inversify';
import { CANCEL_TASKS, type Operation } from '../../../application/policy/access-policy.js';
import { CancelTask } from '../../../application/use-cases/cancel-task.js';
import { InvalidTransitionError, type JsonObject } from '../../../domain/index.js';
import { toWireTask } from '../presentation/wire-task.js';
import { requireTasksExtension } from './capability-errors.js';
import type { McpMethod, MethodVersion, RawParams, Scope2025, Scope2026 } from './mcp-method.js';
import { requiredString } from './param-readers.js';

const ACKNOWLEDGED = Object.freeze({ resultType: 'complete' });

/**
 * tasks/cancel: stops the caller's task and its work. 2025-11-25 answers the task, now cancelled
 * (a task already ended: -32602). The tasks extension acknowledges, also for a task already ended:
 * cancelling is a wish, not a query.
 */
@injectable()
export class TasksCancel implements McpMethod {
  readonly name = 'tasks/cancel';
  readonly routingField = 'taskId';
  readonly v2025: MethodVersion<string, Scope2025>;
  readonly v2026: MethodVersion<string, Scope2026>;

  constructor(@inject(CancelTask) cancelTask: CancelTask) {
    const taskIdOf = (params: RawParams): string => requiredString(params, 'taskId');
    this.v2025 = {
      parse: taskIdOf,
      async serve(taskId, { principal }) {
        return toWireTask(await cancelTask.run(principal, taskId)) as unknown as JsonObject;
      },
    };
    this.v2026 = {
      parse: taskIdOf,
      async serve(taskId, { principal, meta }) {
        requireTasksExtension(meta, 'tasks/cancel');
        try {
          await cancelTask.run(principal, taskId);
        } catch (error) {
          if (!(error instanceof InvalidTransitionError)) throw error;
        }
        return { ...ACKNOWLEDGED };
      },
    };
  }

  operation(): Operation {
    return CANCEL_TASKS;
  }
}
