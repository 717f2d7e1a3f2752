import { inject, injectable } from 'inversify';
import { READ_TASKS, type Operation } from '../../../application/policy/access-policy.js';
import { GetTask } from '../../../application/use-cases/get-task.js';
import type { JsonObject } from '../../../domain/index.js';
import { toDetailedTask } from '../presentation/task-handle.js';
import { EXPIRED_META_KEY, toWireTask } from '../presentation/wire-task.js';
import { requireTasksExtension } from './capability-errors.js';
import type { McpMethod, MethodVersion, RawParams, Scope2025, Scope2026 } from './mcp-method.js';
import { requiredString } from './param-readers.js';

const EXPIRED = Object.freeze({ [EXPIRED_META_KEY]: true });

/**
 * tasks/get: one of the caller's tasks. 2025-11-25 shows the task; 2026-07-28 (tasks extension)
 * shows it with its open questions, result or error inline. Another owner's task answers exactly
 * like one that never existed. A task past its ttl, until cleanup, is flagged in `_meta`.
 */
@injectable()
export class TasksGet implements McpMethod {
  readonly name = 'tasks/get';
  readonly routingField = 'taskId';
  readonly v2025: MethodVersion<string, Scope2025>;
  readonly v2026: MethodVersion<string, Scope2026>;

  constructor(@inject(GetTask) getTask: GetTask) {
    const taskIdOf = (params: RawParams): string => requiredString(params, 'taskId');
    this.v2025 = {
      parse: taskIdOf,
      async serve(taskId, { principal }) {
        const view = await getTask.run(principal, taskId);
        const wire = toWireTask(view.task) as unknown as JsonObject;
        return view.expired ? { ...wire, _meta: EXPIRED } : wire;
      },
    };
    this.v2026 = {
      parse: taskIdOf,
      async serve(taskId, { principal, meta }) {
        requireTasksExtension(meta, 'tasks/get');
        const view = await getTask.run(principal, taskId);
        const detailed = toDetailedTask(view.task);
        return view.expired ? { ...detailed, _meta: EXPIRED } : detailed;
      },
    };
  }

  operation(): Operation {
    return READ_TASKS;
  }
}
