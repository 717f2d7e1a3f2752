import { inject, injectable } from 'inversify';
import type { Operation } from '../../../application/policy/access-policy.js';
import { ToolRegistry } from '../../../application/services/tool-registry.js';
import { TaskForbiddenError } from '../../../application/shared/errors.js';
import { CreateTask } from '../../../application/use-cases/create-task.js';
import type { JsonObject } from '../../../domain/index.js';
import type { RequestMeta } from '../inbound/request-meta.js';
import { handleCannotAnswer, NO_ELICITATION_DECLARED } from '../methods/capability-errors.js';
import { FirstQuestion } from '../methods/first-question.js';
import type { Scope2025, Scope2026 } from '../methods/mcp-method.js';
import { startedAnswer } from './handle-answers.js';
import { HandleTools } from './handle-tools.js';
import { answersWithHandle, TASKLESS_CLIENTS, type TasklessClients } from './taskless-clients.js';

/** A tools/call as tools/call read it, on either version. */
export interface PlainCall {
  readonly name: string;
  readonly args: JsonObject;
  /** 2025-11-25: present when the client asks for a task. */
  readonly task?: object;
  /** 2026-07-28: answers to the tool's first question (multi round-trip). */
  readonly inputResponses?: Readonly<Record<string, JsonObject>>;
}

/**
 * The tools/call side of TASK_MCP_TASKLESS_CLIENTS=handles, for clients that cannot drive tasks.
 * A call is the fallback's when it names one of its four tools, or a task tool the client did not
 * ask to run as a task (2025-11-25: no `params.task`; 2026-07-28: the tasks extension undeclared):
 * the task starts as usual and the call answers its handle at once, an ordinary CallToolResult.
 * A client that asks for a task gets one, exactly as without the setting; under `off` nothing
 * here takes a call.
 */
@injectable()
export class TasklessCalls {
  private readonly on: boolean;

  constructor(
    @inject(TASKLESS_CLIENTS) mode: TasklessClients,
    @inject(ToolRegistry) private readonly tools: ToolRegistry,
    @inject(CreateTask) private readonly createTask: CreateTask,
    @inject(FirstQuestion) private readonly firstQuestion: FirstQuestion,
    @inject(HandleTools) private readonly handleTools: HandleTools,
  ) {
    this.on = mode === 'handles';
    if (!this.on) return;
    for (const { name } of handleTools.definitions) {
      if (tools.has(name)) {
        throw new Error(
          `TASK_MCP_TASKLESS_CLIENTS=handles adds a tool named '${name}', and this server already has one; rename that tool`,
        );
      }
    }
  }

  /** The operation a call of one of the four tools asks for (its task method's); else undefined. */
  operationOf(name: string): Operation | undefined {
    return this.on ? this.handleTools.operationOf(name) : undefined;
  }

  takes2025(call: PlainCall): boolean {
    if (!this.on) return false;
    return this.handleTools.has(call.name) || (!call.task && this.offersHandle(call.name));
  }

  takes2026(call: PlainCall, meta: RequestMeta): boolean {
    if (!this.on) return false;
    return this.handleTools.has(call.name) || (!meta.declaresTasks && this.offersHandle(call.name));
  }

  async serve2025(call: PlainCall, scope: Scope2025): Promise<JsonObject> {
    const { principal, link, signal } = scope;
    if (this.handleTools.has(call.name)) {
      if (call.task) throw new TaskForbiddenError(call.name);
      return this.handleTools.serve(call.name, call.args, principal, { signal, link });
    }
    // No progress and no status notifications follow: this request ends now, and the client asked
    // for no task to hear of. Its questions wait for task_result, unless it declared it takes none.
    const cannotAnswer = link.elicits === false ? NO_ELICITATION_DECLARED : undefined;
    const task = await this.createTask.run(principal, {
      toolName: call.name,
      arguments: call.args,
      ...(cannotAnswer ? { caller: { cannotAnswer } } : {}),
    });
    return startedAnswer(task);
  }

  async serve2026(call: PlainCall, scope: Scope2026): Promise<JsonObject> {
    const { principal, meta, signal } = scope;
    if (this.handleTools.has(call.name)) {
      return complete(await this.handleTools.serve(call.name, call.args, principal, { signal }));
    }
    const first = this.firstQuestion.settle(
      this.tools.get(call.name),
      call.args,
      meta,
      call.inputResponses,
    );
    if ('ask' in first) return first.ask;
    // Without the extension there is no tasks/update to answer a question in mid-run.
    const task = await this.createTask.run(principal, {
      toolName: call.name,
      arguments: call.args,
      caller: {
        cannotAnswer: handleCannotAnswer(call.name),
        ...(first.answer ? { firstAnswer: first.answer } : {}),
      },
    });
    return complete(startedAnswer(task));
  }

  /** Whether `name` is a tool of ours that answers a call without a task with a handle. */
  private offersHandle(name: string): boolean {
    return this.tools.has(name) && answersWithHandle(this.tools.get(name).taskSupport);
  }
}

/** A 2026-07-28 result says it is one. */
function complete(result: JsonObject): JsonObject {
  return { ...result, resultType: 'complete' };
}
