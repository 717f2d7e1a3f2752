import { inject, injectable } from 'inversify';
import { READ_TASKS, type Operation } from '../../../application/policy/access-policy.js';
import { ListTasks } from '../../../application/use-cases/list-tasks.js';
import type { JsonObject } from '../../../domain/index.js';
import { INBOUND_LIMITS, type InboundLimits } from '../inbound/inbound-limits.js';
import { toWireTask } from '../presentation/wire-task.js';
import type { McpMethod, MethodVersion, Scope2025 } from './mcp-method.js';
import { optionalString } from './param-readers.js';

/**
 * tasks/list (2025-11-25 only; the tasks extension has none): the caller's own tasks, a page at a
 * time, with a cursor sealed for the caller alone.
 */
@injectable()
export class TasksList implements McpMethod {
  readonly name = 'tasks/list';
  readonly v2025: MethodVersion<string | undefined, Scope2025>;

  constructor(
    @inject(ListTasks) listTasks: ListTasks,
    @inject(INBOUND_LIMITS) limits: InboundLimits,
  ) {
    this.v2025 = {
      parse: (params) => optionalString(params, 'cursor', limits.maxCursorLength),
      async serve(cursor, { principal }): Promise<JsonObject> {
        const listing = await listTasks.run(principal, cursor);
        const tasks = listing.tasks.map(toWireTask) as unknown as JsonObject[];
        return listing.nextCursor ? { tasks, nextCursor: listing.nextCursor } : { tasks };
      },
    };
  }

  operation(): Operation {
    return READ_TASKS;
  }
}
