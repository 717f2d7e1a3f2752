import { inject, injectable } from 'inversify';
import type { z } from 'zod';
import type { Operation } from '../../../application/policy/access-policy.js';
import { AUDIT_LOG, type AuditLog } from '../../../application/ports/audit-log.js';
import type { Principal } from '../../../application/ports/identity-provider.js';
import { refuseArguments } from '../../../application/services/tool-call-preparer.js';
import { CancelTask } from '../../../application/use-cases/cancel-task.js';
import { GetTask } from '../../../application/use-cases/get-task.js';
import { ListTasks } from '../../../application/use-cases/list-tasks.js';
import type { JsonObject } from '../../../domain/index.js';
import { INBOUND_LIMITS, type InboundLimits } from '../inbound/inbound-limits.js';
import { presentOutcome } from '../presentation/task-outcome.js';
import { BoundedResultWait, type WaitingRequest } from './bounded-result-wait.js';
import { pageAnswer, stillWorkingAnswer, statusAnswer } from './handle-answers.js';
import {
  CancelInput,
  handleToolDefinitions,
  listInput,
  ResultInput,
  StatusInput,
  type HandleTool,
} from './handle-tool-definitions.js';
import { HANDLE_TOOLS, type HandleToolName } from './taskless-clients.js';

/**
 * Serves task_status, task_result, task_cancel and task_list: the caller's own tasks through the
 * use cases of tasks/get, tasks/result, tasks/cancel and tasks/list, which check the same scopes
 * and answer another owner's task exactly like an unknown one. Their errors are those methods'
 * errors; arguments their schemas refuse are refused like any tool's.
 */
@injectable()
export class HandleTools {
  readonly definitions: readonly HandleTool[];
  private readonly byName: ReadonlyMap<string, HandleTool>;
  private readonly listSchema: ReturnType<typeof listInput>;

  constructor(
    @inject(GetTask) private readonly getTask: GetTask,
    @inject(BoundedResultWait) private readonly resultWait: BoundedResultWait,
    @inject(CancelTask) private readonly cancelTask: CancelTask,
    @inject(ListTasks) private readonly listTasks: ListTasks,
    @inject(AUDIT_LOG) private readonly audit: AuditLog,
    @inject(INBOUND_LIMITS) limits: InboundLimits,
  ) {
    this.definitions = handleToolDefinitions(limits);
    this.byName = new Map(this.definitions.map((tool) => [tool.name, tool]));
    this.listSchema = listInput(limits);
  }

  /** Whether `name` is one of the four (looked up in a Map: `__proto__` is just a name). */
  has(name: string): name is HandleToolName {
    return this.byName.has(name);
  }

  /** The scoped operation a call of `name` asks for: its task method's, not a tools/call's. */
  operationOf(name: string): Operation | undefined {
    return this.byName.get(name)?.operation;
  }

  async serve(
    name: HandleToolName,
    args: JsonObject,
    principal: Principal,
    request: WaitingRequest,
  ): Promise<JsonObject> {
    switch (name) {
      case HANDLE_TOOLS.status: {
        const { taskId } = this.read(StatusInput, name, args, principal);
        const view = await this.getTask.run(principal, taskId);
        return statusAnswer(view.task, view.expired);
      }
      case HANDLE_TOOLS.result: {
        const { taskId, waitSeconds } = this.read(ResultInput, name, args, principal);
        const waited = await this.resultWait.run(principal, taskId, waitSeconds * 1000, request);
        // The tool's own result, as tasks/result answers it (a failed request: its error).
        if ('outcome' in waited) return presentOutcome(waited.outcome, true);
        return stillWorkingAnswer(waited.working);
      }
      case HANDLE_TOOLS.cancel: {
        const { taskId } = this.read(CancelInput, name, args, principal);
        return statusAnswer(await this.cancelTask.run(principal, taskId), false);
      }
      case HANDLE_TOOLS.list: {
        const { cursor } = this.read(this.listSchema, name, args, principal);
        return pageAnswer(await this.listTasks.run(principal, cursor));
      }
    }
  }

  private read<Schema extends z.ZodType>(
    schema: Schema,
    name: HandleToolName,
    args: JsonObject,
    principal: Principal,
  ): z.output<Schema> {
    const parsed = schema.safeParse(args);
    if (!parsed.success) refuseArguments(this.audit, principal, name, parsed.error.issues);
    return parsed.data;
  }
}
