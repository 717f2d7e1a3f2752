import { inject, injectable } from 'inversify';
import { callTool, type Operation } from '../../../application/policy/access-policy.js';
import { TaskForbiddenError } from '../../../application/shared/errors.js';
import type { TaskTool } from '../../../application/ports/task-tool.js';
import { ToolRegistry } from '../../../application/services/tool-registry.js';
import type { RunCaller } from '../../../application/tool-kit/task-context.js';
import { CreateTask } from '../../../application/use-cases/create-task.js';
import { RunToolInline } from '../../../application/use-cases/run-tool-inline.js';
import { RunToolNow } from '../../../application/use-cases/run-tool-now.js';
import { InvalidRequestStateError } from '../../../application/shared/errors.js';
import type { JsonObject } from '../../../domain/index.js';
import { INBOUND_LIMITS, type InboundLimits } from '../inbound/inbound-limits.js';
import { isObject } from '../inbound/json-reader.js';
import { own } from '../inbound/request-meta.js';
import { invalidParams, typedRpcError } from '../json-rpc/error-table.js';
import { RPC_CODES } from '../json-rpc/rpc-codes.js';
import { RpcError } from '../json-rpc/rpc-error.js';
import { QuestionRelays, type QuestionRelay } from '../link/question-relay.js';
import { inputRequired } from '../presentation/input-required.js';
import { toTaskHandle } from '../presentation/task-handle.js';
import { presentOutcome } from '../presentation/task-outcome.js';
import { toWireTask } from '../presentation/wire-task.js';
import { TasklessCalls } from '../taskless/taskless-calls.js';
import {
  inlineDialogueFull,
  inlineNeedsElicitation,
  missingTasksExtension,
  NO_ELICITATION_DECLARED,
  NO_ELICITATION_ON_CALL,
} from './capability-errors.js';
import { FirstQuestion } from './first-question.js';
import type { McpMethod, MethodVersion, RawParams, Scope2025, Scope2026 } from './mcp-method.js';
import { answersIn } from './param-readers.js';

interface Call2025 {
  readonly name: string;
  readonly args: JsonObject;
  /** Present when the client asks for a task; its ttl is checked by CreateTask. */
  readonly task?: { readonly ttl?: number };
}

interface Call2026 {
  readonly name: string;
  readonly args: JsonObject;
  readonly inputResponses?: Readonly<Record<string, JsonObject>>;
  /** The state an inline run's previous round answered with (multi round-trip), echoed. */
  readonly requestState?: string;
}

/**
 * tools/call. 2025-11-25: with `params.task` the tool starts as a task and the call answers
 * CreateTaskResult at once; without, the call waits for the result, its questions going to the
 * client on the call's stream. 2026-07-28: a client that declares the tasks extension gets a task
 * handle for a task tool; otherwise an `optional` tool runs inline. A tool's first question is
 * settled within the call (multi round-trip) before anything is stored; an inline run's later
 * questions too, for a client that declared elicitation: each answer comes with a new call and
 * its requestState, and the run is replayed up to where it stopped. Under
 * TASK_MCP_TASKLESS_CLIENTS=handles a call without a task is TasklessCalls' to answer.
 */
@injectable()
export class ToolsCall implements McpMethod {
  readonly name = 'tools/call';
  readonly routingField = 'name';
  readonly v2025: MethodVersion<Call2025, Scope2025>;
  readonly v2026: MethodVersion<Call2026, Scope2026>;

  constructor(
    @inject(ToolRegistry) private readonly tools: ToolRegistry,
    @inject(CreateTask) private readonly createTask: CreateTask,
    @inject(RunToolNow) private readonly runToolNow: RunToolNow,
    @inject(QuestionRelays) private readonly relays: QuestionRelays,
    @inject(FirstQuestion) private readonly firstQuestion: FirstQuestion,
    @inject(INBOUND_LIMITS) limits: InboundLimits,
    @inject(RunToolInline) private readonly runToolInline: RunToolInline,
    @inject(TasklessCalls) private readonly taskless: TasklessCalls,
  ) {
    this.v2025 = { parse: read2025, serve: (call, scope) => this.serve2025(call, scope) };
    this.v2026 = {
      parse: (params) => read2026(params, limits),
      serve: (call, scope) => this.serve2026(call, scope),
    };
  }

  operation(params: RawParams): Operation {
    const tool = toolNamed(params);
    return this.taskless.operationOf(tool) ?? callTool(tool);
  }

  /** One task a call may start; none for the fallback's status tools, which only read. */
  creates(params: RawParams): number {
    return this.taskless.operationOf(toolNamed(params)) ? 0 : 1;
  }

  private async serve2025(call: Call2025, scope: Scope2025): Promise<JsonObject> {
    if (this.taskless.takes2025(call)) return this.taskless.serve2025(call, scope);
    const { principal, link, progressToken } = scope;
    const cannotAnswer = link.elicits === false ? NO_ELICITATION_DECLARED : undefined;
    if (call.task) {
      // An unknown tool is CreateTask's to refuse, after it has checked the caller's scopes.
      if (this.tools.has(call.name) && this.tools.get(call.name).taskSupport === 'forbidden') {
        throw new TaskForbiddenError(call.name);
      }
      // The token stays valid for the task's life: its progress outlives this request, so it goes
      // where the connection's own messages go (nowhere in stateless mode).
      const onProgress =
        progressToken === undefined ? undefined : link.progressAfterRequest(progressToken);
      const task = await this.createTask.run(principal, {
        toolName: call.name,
        arguments: call.args,
        ttl: call.task.ttl,
        caller: caller(onProgress, cannotAnswer),
      });
      link.follow(task);
      return { task: toWireTask(task) as unknown as JsonObject };
    }
    const onProgress =
      progressToken === undefined
        ? undefined
        : (step: object) => link.notify('notifications/progress', { progressToken, ...step });
    let relay: QuestionRelay | undefined;
    try {
      const outcome = await this.runToolNow.run(principal, call.name, call.args, {
        signal: scope.signal,
        onStart: (task) => {
          relay = this.relays.start(task, link, false);
        },
        caller: caller(onProgress, cannotAnswer),
      });
      return presentOutcome(outcome, false);
    } finally {
      relay?.stop();
    }
  }

  private async serve2026(call: Call2026, scope: Scope2026): Promise<JsonObject> {
    if (this.taskless.takes2026(call, scope.meta)) return this.taskless.serve2026(call, scope);
    const { principal, meta } = scope;
    const tool = this.tools.get(call.name);
    const first = resumesInline(call, scope, tool)
      ? {}
      : this.firstQuestion.settle(tool, call.args, meta, call.inputResponses);
    if ('ask' in first) return first.ask;
    const firstAnswer = first.answer;
    if (meta.declaresTasks && tool.taskSupport !== 'forbidden') {
      // A client is shown only the input requests it declared it takes (2026-07-28 MRTR).
      const cannotAnswer = meta.elicits ? undefined : NO_ELICITATION_ON_CALL;
      const task = await this.createTask.run(principal, {
        toolName: call.name,
        arguments: call.args,
        caller: {
          ...(firstAnswer ? { firstAnswer } : {}),
          ...(cannotAnswer ? { cannotAnswer } : {}),
        },
      });
      return toTaskHandle(task);
    }
    if (tool.taskSupport === 'required') {
      throw missingTasksExtension(`Tool '${call.name}' runs only as a task`);
    }
    if (!meta.elicits) {
      const outcome = await this.runToolNow.run(principal, call.name, call.args, {
        signal: scope.signal,
        caller: {
          cannotAnswer: inlineNeedsElicitation(call.name),
          ...(firstAnswer ? { firstAnswer } : {}),
        },
      });
      return { ...presentOutcome(outcome, false), resultType: 'complete' };
    }
    const round = await this.runToolInline.run(principal, {
      toolName: call.name,
      arguments: call.args,
      signal: scope.signal,
      whenFull: inlineDialogueFull(call.name),
      ...(firstAnswer ? { firstAnswer } : {}),
      ...(call.requestState === undefined ? {} : { requestState: call.requestState }),
      ...(call.inputResponses ? { inputResponses: call.inputResponses } : {}),
    });
    if (round.kind === 'asks') {
      return inputRequired({ [round.key]: round.question }, round.requestState);
    }
    return { ...presentOutcome(round.outcome, false), resultType: 'complete' };
  }
}

function toolNamed(params: RawParams): string {
  const name = own(params, 'name');
  return typeof name === 'string' ? name : '';
}

/**
 * Whether the call is a later round of an inline dialogue (it runs without a task, for a client
 * that can be asked, and echoes a requestState): its first answer, if any, travels in the state.
 */
function resumesInline(call: Call2026, { meta }: Scope2026, tool: TaskTool): boolean {
  const inline = !meta.declaresTasks || tool.taskSupport === 'forbidden';
  return inline && meta.elicits && call.requestState !== undefined;
}

function caller(
  onProgress: RunCaller['onProgress'],
  cannotAnswer: RunCaller['cannotAnswer'],
): RunCaller {
  return { ...(onProgress ? { onProgress } : {}), ...(cannotAnswer ? { cannotAnswer } : {}) };
}

/** The SDK's own wording for a malformed 2025-11-25 tools/call, which clients already show. */
function refused2025(detail: string): never {
  throw new RpcError(RPC_CODES.invalidParams, `Invalid tools/call request: ${detail}`);
}

function read2025(params: RawParams): Call2025 {
  const name = own(params, 'name');
  if (typeof name !== 'string') refused2025('params.name must be a string');
  const args = own(params, 'arguments') ?? {};
  if (!isObject(args)) refused2025('params.arguments must be an object');
  const task = own(params, 'task');
  if (task === undefined) return { name, args: args as JsonObject };
  if (!isObject(task)) refused2025('params.task must be an object');
  const ttl = own(task, 'ttl');
  if (ttl !== undefined && typeof ttl !== 'number') refused2025('params.task.ttl must be a number');
  return { name, args: args as JsonObject, task: ttl === undefined ? {} : { ttl } };
}

function read2026(params: RawParams, limits: InboundLimits): Call2026 {
  const name = own(params, 'name');
  if (typeof name !== 'string') throw invalidParams('params.name must be a string');
  const args = own(params, 'arguments') ?? {};
  if (!isObject(args)) throw invalidParams('params.arguments must be an object');
  // A 2025-11-25 `task` hint is ignored: the extension is server-directed.
  const inputResponses = answersIn(params, limits.maxQuestionKeyLength, false);
  const requestState = own(params, 'requestState');
  if (requestState !== undefined && typeof requestState !== 'string') {
    throw invalidParams('params.requestState must be a string');
  }
  // Refused unread, and in the very words of every other state that will not do.
  if (typeof requestState === 'string' && requestState.length > limits.maxRequestStateLength) {
    throw typedRpcError(new InvalidRequestStateError());
  }
  return {
    name,
    args: args as JsonObject,
    ...(inputResponses ? { inputResponses } : {}),
    ...(requestState === undefined ? {} : { requestState }),
  };
}
